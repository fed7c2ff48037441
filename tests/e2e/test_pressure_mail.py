"""Mail delivery under pressure, against real aiosmtpd servers on loopback that misbehave on
purpose (tests/e2e/smtp_server.py): a slow server never gets a message for a request already
answered 500; a message whose reply was lost is sent at most twice and said to be uncertain;
a refused recipient and a deferring server are answered 500 quoting the reply that failed."""
import datetime
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import simple_dashboard
from smtp_helpers import start_smtp


def smtp_settings(port, **extra):
    s = {"smtp.enabled": "true", "smtp.host": f"127.0.0.1:{port}",
         "smtp.from_address": "reports@example.com"}
    s.update(extra)
    return s


def light_dashboard():
    """One text panel: cheap to render, so the time goes to the mail hop."""
    return simple_dashboard("notes", "Notes", panels=[
        {"id": 1, "type": "text", "title": "Notes", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 4},
         "options": {"mode": "markdown", "content": "All systems nominal."}}])


def create_report(server, name, recipients, **extra):
    body = {"name": name, "subject": name, "recipients": recipients, "formats": ["pdf"],
            "dashboards": [{"dashboard": {"uid": "notes"}}], "schedule": {"frequency": "never"}}
    body.update(extra)
    r = server.post("/api/reports", body)
    assert r.status == 200, r
    return r.json()["id"]


def add_dashboard(server):
    assert server.post("/api/dashboards/db", {"dashboard": light_dashboard(), "overwrite": True}).status == 200


def send(server, rid):
    start = time.monotonic()
    r = server.post("/api/reports/email", {"id": str(rid), "useEmailsFromReport": True})
    return r, time.monotonic() - start


# Each case: the settings and how long a request may take at most (its deadline: the mail
# hop, or the request's whole deadline, plus the render before it and a little slack).
SLOW_CASES = {
    "short mail_timeout": ({"reporting.mail_timeout": "2s"}, 2 + 3),
    "short request_deadline": ({"reporting.mail_timeout": "30s", "reporting.request_deadline": "3s"}, 3 + 1),
}


@pytest.mark.parametrize("case", list(SLOW_CASES))
def test_slow_smtp_server_gets_no_message_for_a_request_answered_500(make_server, tmp_path, case):
    settings, deadline = SLOW_CASES[case]
    # The server answers a message to slow@... only after 5 s, longer than any request waits.
    with start_smtp(tmp_path, "slow", delay=5) as smtp:
        # One mailer worker: seven of the eight sends wait in its queue behind the first.
        server = make_server(smtp_settings(smtp.port, **{"reporting.mail_workers": "1", **settings}))
        add_dashboard(server)
        slow = create_report(server, "Slow", "slow@example.com")
        probe = create_report(server, "Probe", "fast@example.com")

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: send(server, slow), range(8)))
        for r, took in answers:
            assert r.status == 500, r
            assert "mail delivery" in r.json()["message"], r
            assert took < deadline, (took, r)
        seen_at_answers = smtp.seen()

        # The probe goes through the same single worker after every job queued before it:
        # once it is answered, the worker has dealt with all eight.
        r, _ = send(server, probe)
        assert r.status == 200, r
        [delivered] = smtp.wait_for(1)
        assert delivered.rcpt_tos == ["fast@example.com"]
        assert [m.rcpt_tos for m in smtp.messages()] == [["fast@example.com"]]
        # No slow message was even read after its request had been answered.
        assert smtp.seen() == seen_at_answers + 1


def test_server_dropping_the_connection_after_data_gets_the_message_at_most_twice(make_server, tmp_path):
    with start_smtp(tmp_path, "drop-after-data") as smtp:
        server = make_server(smtp_settings(smtp.port, **{"reporting.mail_timeout": "20s"}))
        add_dashboard(server)
        rid = create_report(server, "Dropped", "alice@example.com")
        r, took = send(server, rid)
        assert r.status == 500, r
        message = r.json()["message"]
        assert "delivery is uncertain" in message and "end of DATA" in message, message
        assert "(2 attempts)" in message, message
        assert 1 <= smtp.seen() <= 2
        assert took < 20  # not retried until the mail timeout


def rfc3339(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_scheduled_run_whose_reply_was_lost_is_not_retried_and_its_run_says_uncertain(make_server, tmp_path):
    with start_smtp(tmp_path, "drop-after-data") as smtp:
        server = make_server(smtp_settings(smtp.port, **{"reporting.mail_timeout": "20s"}))
        add_dashboard(server)
        due = int(time.time()) + 2
        rid = create_report(server, "Dropped nightly", "alice@example.com",
                            schedule={"frequency": "once", "startDate": rfc3339(due), "timeZone": "UTC"})
        end = time.monotonic() + 60
        while True:
            runs = server.get(f"/api/reports/{rid}/runs?status=failed").json()
            if runs or time.monotonic() > end:
                break
            time.sleep(0.1)
        [run] = runs
        assert "delivery is uncertain" in run["error"], run
        assert run["attempts"] == 1, run  # the scheduler does not send it blindly again
        assert 1 <= smtp.seen() <= 2


def test_refused_recipient_is_500_quoting_rcpt_reply(make_server, tmp_path):
    with start_smtp(tmp_path, "reject-rcpt") as smtp:
        server = make_server(smtp_settings(smtp.port, **{"reporting.mail_timeout": "20s"}))
        add_dashboard(server)
        rid = create_report(server, "Nobody", "nobody@example.com")
        r, _ = send(server, rid)
        assert r.status == 500, r
        message = r.json()["message"]
        assert "RCPT TO: 550 5.1.1 no such user" in message, message
        assert "nobody@example.com" in message, message
        assert "221" not in message, message  # QUIT's reply says nothing about the refusal
        assert smtp.seen() == 0


def test_deferring_server_is_500_after_bounded_retries_naming_the_reply(make_server, tmp_path):
    with start_smtp(tmp_path, "tempfail") as smtp:
        server = make_server(smtp_settings(smtp.port, **{"reporting.mail_timeout": "30s"}))
        add_dashboard(server)
        rid = create_report(server, "Deferred", "alice@example.com")
        r, took = send(server, rid)
        assert r.status == 500, r
        message = r.json()["message"]
        assert "451 4.3.0 try again later" in message and "end of DATA" in message, message
        assert "(3 attempts)" in message, message
        assert smtp.seen() == 3  # the first try and two retries
        assert took < 30  # answered after the retries, not at the mail timeout
        assert smtp.messages() == []
