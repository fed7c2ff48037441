"""Scheduled reports end to end: the real binary, a real (aiosmtpd) SMTP server, real time.

Schedules are seconds ahead so the suite stays fast; every test checks what a user sees:
the mail that arrived (exactly once), the run history, the report's state."""
import collections
import datetime
import os
import statistics
import time

import pytest

from conftest import simple_dashboard
from pdf_tools import pdftotext
from smtp_helpers import start_smtp


def smtp_settings(port, **extra):
    s = {"smtp.enabled": "true", "smtp.host": f"127.0.0.1:{port}",
         "smtp.from_address": "reports@example.com"}
    s.update(extra)
    return s


def rfc3339(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def light_dashboard(uid="notes"):
    """One text panel: cheap to render, so a burst measures the scheduler, not the renderer."""
    return simple_dashboard(uid, "Notes", panels=[
        {"id": 1, "type": "text", "title": "Notes", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 4},
         "options": {"mode": "markdown", "content": "All systems nominal."}}])


def create_report(server, name, start, frequency="once", zone="Europe/Warsaw", uid="notes", **extra):
    body = {"name": name, "subject": name, "recipients": "alice@example.com",
            "formats": ["pdf"], "dashboards": [{"dashboard": {"uid": uid}}],
            "schedule": {"frequency": frequency, "startDate": rfc3339(start), "timeZone": zone}}
    body.update(extra)
    r = server.post("/api/reports", body)
    assert r.status == 200, r
    return r.json()["id"]


def wait_for_runs(server, path, count, timeout=60):
    end = time.monotonic() + timeout
    while True:
        runs = server.get(path).json()
        if len(runs) >= count or time.monotonic() > end:
            return runs
        time.sleep(0.1)


def reschedule_before_due(server, rid, body, lead=2):
    """PUTs `body` with a start `lead` seconds ahead and makes sure it was answered before that
    time (a schedule saved after its time never sends it). On a machine too busy for the lead,
    tries again with a longer one. Returns the due time."""
    for attempt in range(4):
        due = int(time.time()) + lead * 2 ** attempt
        body["schedule"]["startDate"] = rfc3339(due)
        assert server.put(f"/api/reports/{rid}", body).status == 200
        if time.time() < due:  # answered before the due time, so saved before it
            return due
    raise AssertionError("the PUT never landed before its due time")


@pytest.fixture
def smtp(tmp_path):
    s = start_smtp(tmp_path, "accept")
    yield s
    s.stop()


def test_once_report_two_seconds_ahead_arrives_exactly_once(make_server, smtp):
    server = make_server(smtp_settings(smtp.port))
    assert server.post("/api/dashboards/db", {"dashboard": light_dashboard(), "overwrite": True}).status == 200
    due = int(time.time()) + 2
    rid = create_report(server, "Once in a while", due)
    assert server.get(f"/api/reports/{rid}").json()["state"] == "scheduled"

    [msg] = smtp.wait_for(1, timeout=30)
    assert msg.rcpt_tos == ["alice@example.com"]
    assert str(msg["Subject"]) == "Once in a while"
    assert time.time() >= due
    time.sleep(1.5)  # a duplicate would arrive right behind the first
    assert len(smtp.messages()) == 1

    [run] = wait_for_runs(server, f"/api/reports/{rid}/runs?status=succeeded", 1)
    assert epoch(run["scheduledAt"]) == due
    assert run["scheduledAt"].endswith(("+01:00", "+02:00"))  # in the report's zone
    assert run["recipients"] == "alice@example.com"
    assert run["attachmentBytes"] > 0 and run["error"] == ""
    assert run["failedPanels"] == 0 and run["panelErrors"] == []
    assert server.get(f"/api/reports/{rid}").json()["state"] == "expired"
    assert server.get(f"/api/reports/{rid}/next-runs").json() == {"runs": []}
    metrics = server.get("/metrics", token=None).body.decode()
    assert 'reportd_report_runs{status="succeeded"} 1' in metrics
    assert "reportd_scheduler_lag_seconds_count 1" in metrics


def test_a_report_with_a_failed_panel_is_still_sent_and_its_run_says_why(make_server, smtp):
    # No datasource is provisioned, so the panel asking Prometheus "nope" cannot be drawn.
    dash = simple_dashboard("half", "Half broken", panels=[
        {"id": 1, "type": "text", "title": "Notes", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 4},
         "options": {"mode": "markdown", "content": "All systems nominal."}},
        {"id": 3, "type": "timeseries", "title": "Requests", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
         "datasource": {"type": "prometheus", "uid": "nope"},
         "targets": [{"refId": "A", "expr": "up", "datasource": {"type": "prometheus", "uid": "nope"}}]}])
    server = make_server(smtp_settings(smtp.port))
    assert server.post("/api/dashboards/db", {"dashboard": dash, "overwrite": True}).status == 200
    rid = create_report(server, "Half broken", int(time.time()) + 2, uid="half")

    [msg] = smtp.wait_for(1, timeout=30)
    [pdf] = [p for p in msg.iter_attachments() if p.get_filename() == "Half broken.pdf"]
    text = " ".join(pdftotext(pdf.get_content()).split())
    assert "All systems nominal." in text
    assert "nope" in text and "not configured" in text  # the reason is on the panel too

    [run] = wait_for_runs(server, f"/api/reports/{rid}/runs?status=succeeded", 1)
    assert run["error"] == "" and run["attachmentBytes"] > 0
    assert run["failedPanels"] == 1
    [why] = run["panelErrors"]
    assert why.startswith("panel 'Requests' (id 3): ")
    assert "datasource nope (prometheus) is not configured" in why
    [listed] = server.get("/api/reports/runs?status=succeeded").json()
    assert listed["failedPanels"] == 1 and listed["panelErrors"] == [why]
    assert "1 panel(s) failed" in server.stderr() + server.stdout()


def test_report_due_while_stopped_is_sent_once_after_restart(make_server, smtp):
    server = make_server(smtp_settings(smtp.port))
    assert server.post("/api/dashboards/db", {"dashboard": light_dashboard(), "overwrite": True}).status == 200
    due = int(time.time()) + 4
    rid = create_report(server, "Daily while down", due, frequency="daily")
    server.stop()
    time.sleep(max(0, due + 1 - time.time()))
    assert smtp.messages() == []

    server.start()
    [msg] = smtp.wait_for(1, timeout=30)
    assert str(msg["Subject"]) == "Daily while down"
    [run] = wait_for_runs(server, f"/api/reports/{rid}/runs?status=succeeded", 1)
    assert epoch(run["scheduledAt"]) == due
    # The claim survives another restart: nothing is sent twice.
    server.restart()
    time.sleep(1.5)
    assert len(smtp.messages()) == 1
    assert len(server.get(f"/api/reports/{rid}/runs").json()) == 1
    # Tomorrow's run is planned at the same wall-clock time.
    [nxt] = server.get(f"/api/reports/{rid}/next-runs?count=1").json()["runs"]
    assert epoch(nxt) == due + 86400


def test_a_run_missed_beyond_the_grace_window_is_recorded_as_skipped(make_server, smtp):
    server = make_server(smtp_settings(smtp.port, **{"reporting.missed_run_grace": "1s"}))
    assert server.post("/api/dashboards/db", {"dashboard": light_dashboard(), "overwrite": True}).status == 200
    due = int(time.time()) + 2
    rid = create_report(server, "Missed", due)
    server.stop()
    time.sleep(max(0, due + 3 - time.time()))
    server.start()
    [run] = wait_for_runs(server, f"/api/reports/{rid}/runs", 1)
    assert run["status"] == "skipped"
    assert "missed" in run["error"]
    assert server.get("/api/reports/runs?status=skipped").json()[0]["reportId"] == rid
    time.sleep(0.5)
    assert smtp.messages() == []


def test_paused_report_does_not_run_and_resuming_takes_effect_at_once(make_server, smtp):
    server = make_server(smtp_settings(smtp.port))
    assert server.post("/api/dashboards/db", {"dashboard": light_dashboard(), "overwrite": True}).status == 200
    due = int(time.time()) + 2
    rid = create_report(server, "Paused", due, state="paused")
    time.sleep(max(0, due + 1.5 - time.time()))
    assert smtp.messages() == []
    body = server.get(f"/api/reports/{rid}").json()
    body["state"] = "scheduled"
    reschedule_before_due(server, rid, body)
    [msg] = smtp.wait_for(1, timeout=30)
    assert str(msg["Subject"]) == "Paused"


def test_schedule_preview_and_run_history_follow_org_rules(server):
    r = server.post("/api/reports/next-runs", {
        "schedule": {"frequency": "daily", "startDate": "2024-03-30T02:30:00+01:00", "timeZone": "Europe/Warsaw"},
        "from": "2024-03-30T00:00:00Z", "count": 3})
    assert r.status == 200, r
    assert r.json() == {"runs": ["2024-03-30T02:30:00+01:00", "2024-03-31T03:00:00+02:00",
                                 "2024-04-01T02:30:00+02:00"]}
    bad = server.post("/api/reports/next-runs", {"schedule": {"frequency": "sometimes"}})
    assert bad.status == 400
    assert server.post("/api/reports/next-runs", {"schedule": {"frequency": "daily"}}, token=None).status == 401

    assert server.post("/api/dashboards/db", {"dashboard": light_dashboard(), "overwrite": True}).status == 200
    rid = create_report(server, "Later", int(time.time()) + 86400 * 30, frequency="weekly")
    runs = server.get(f"/api/reports/{rid}/next-runs?count=2").json()["runs"]
    assert epoch(runs[1]) - epoch(runs[0]) == 7 * 86400
    assert server.get(f"/api/reports/{rid}/runs").json() == []
    rc, _, err = server.admin("create-org", "--name", "Other")
    assert rc == 0, err
    other = server.new_token(org=2)
    assert server.get(f"/api/reports/{rid}/runs", token=other).status == 404
    assert server.get(f"/api/reports/{rid}/next-runs", token=other).status == 404
    assert server.get("/api/reports/runs?status=failed", token=other).json() == []
    assert server.get("/api/reports/runs?status=sometimes").status == 400


def test_200_reports_due_at_the_same_second_all_arrive_once(make_server, smtp):
    server = make_server(smtp_settings(smtp.port))
    assert server.post("/api/dashboards/db", {"dashboard": light_dashboard(), "overwrite": True}).status == 200
    due = int(time.time()) + 8  # lead time to create 200 reports on a busy CI machine
    for i in range(200):
        create_report(server, f"Burst {i:03d}", due)
    assert time.time() < due, "creating 200 reports took longer than the lead time"

    msgs = smtp.wait_for(200, timeout=120)
    time.sleep(1.0)
    msgs = smtp.messages()
    subjects = collections.Counter(str(m["Subject"]) for m in msgs)
    assert len(subjects) == 200 and set(subjects.values()) == {1}
    runs = wait_for_runs(server, "/api/reports/runs?status=succeeded&perPage=1000", 200)
    assert len(runs) == 200
    assert server.get("/api/reports/runs?status=failed").json() == []

    # Scheduler lag: due time -> message accepted by the SMTP server (file written).
    lags = sorted(os.path.getmtime(p) - due for p in smtp.maildir.glob("*.eml"))
    print(f"\nscheduler lag for 200 reports: min {lags[0]:.3f} s, median {statistics.median(lags):.3f} s, "
          f"max {lags[-1]:.3f} s")
