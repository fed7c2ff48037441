"""POST /api/reports/email end to end: a real SMTP server receives one message with the
right headers and attachments; the PDF, CSV and inline image are what a user expects."""
import csv
import io
import re
import socket
import time

import pytest

from pdf_tools import find_word, ink_ratio, pages_as_gray, pdfinfo, pdftotext, word_boxes
from smtp_helpers import start_smtp

TABLE_CSV = "host,region,cpu\nweb-1,eu,42.5\nweb-2,eu,37.1\ndb-1,us,71.9\n"


def quad_dashboard(title="Service health", first_title="Request rate"):
    """Four panels on a 2 x 2 grid: a line chart, a stat, a gauge and a table."""
    def panel(pid, ptype, ptitle, x, y, target, **extra):
        p = {"id": pid, "type": ptype, "title": ptitle, "gridPos": {"x": x, "y": y, "w": 12, "h": 9},
             "targets": [dict(target, refId="A")]}
        p.update(extra)
        return p
    walk = {"scenarioId": "random_walk", "seriesCount": 2}
    return {
        "uid": "health", "title": title, "schemaVersion": 39,
        "time": {"from": "now-6h", "to": "now"},
        "panels": [
            panel(1, "timeseries", first_title, 0, 0, walk),
            panel(2, "stat", "Availability", 12, 0, walk,
                  fieldConfig={"defaults": {"unit": "percent"}, "overrides": []}),
            panel(3, "gauge", "Saturation", 0, 9, {"scenarioId": "csv_metric_values", "stringInput": "20,50,70"},
                  fieldConfig={"defaults": {"min": 0, "max": 100}, "overrides": []}),
            panel(4, "table", "Hosts", 12, 9, {"scenarioId": "csv_content", "csvContent": TABLE_CSV}),
        ],
    }


def smtp_settings(port, **extra):
    s = {"smtp.host": f"127.0.0.1:{port}", "smtp.from_address": "reports@example.com",
         "smtp.from_name": "Acme Reports", "server.root_url": "http://reports.example.com"}
    s.update(extra)
    return s


def setup_report(server, **overrides):
    r = server.post("/api/dashboards/db", {"dashboard": quad_dashboard(), "overwrite": True})
    assert r.status == 200, r
    body = {
        "name": "Weekly health", "subject": "Health — week 48",
        "recipients": "alice@example.com, bob@example.com", "replyTo": "ops@example.com",
        "message": "Hello team,\nhere is the weekly health report.",
        "formats": ["pdf", "csv", "image"], "enableDashboardUrl": True,
        "schedule": {"frequency": "never", "timeZone": "Europe/Warsaw"},
        "options": {"orientation": "landscape", "layout": "grid"},
        "dashboards": [{"dashboard": {"uid": "health"},
                        "timeRange": {"from": "2026-11-20T00:00:00Z", "to": "2026-11-27T00:00:00Z"}}],
    }
    body.update(overrides)
    r = server.post("/api/reports", body)
    assert r.status == 200, r
    return r.json()["id"]


def attachments(msg):
    return {part.get_filename(): part for part in msg.iter_attachments() if part.get_filename()}


@pytest.fixture
def smtp(tmp_path):
    s = start_smtp(tmp_path, "accept")
    yield s
    s.stop()


def test_send_with_report_recipients_delivers_one_complete_message(make_server, smtp):
    server = make_server(smtp_settings(smtp.port))
    rid = setup_report(server)
    r = server.post("/api/reports/email", {"id": str(rid), "useEmailsFromReport": True})
    assert r.status == 200, r
    assert r.json() == {"message": "Report was sent"}
    [msg] = smtp.wait_for(1)
    time.sleep(0.2)
    assert len(smtp.messages()) == 1
    assert sorted(msg.rcpt_tos) == ["alice@example.com", "bob@example.com"]
    assert msg.mail_from == "reports@example.com"
    assert msg["From"].addresses[0].display_name == "Acme Reports"
    assert msg["From"].addresses[0].addr_spec == "reports@example.com"
    assert {a.addr_spec for a in msg["To"].addresses} == {"alice@example.com", "bob@example.com"}
    assert msg["Reply-To"].addresses[0].addr_spec == "ops@example.com"
    assert str(msg["Subject"]) == "Health — week 48"
    assert msg["Message-ID"] and msg["Date"]

    files = attachments(msg)
    pdf = files["Weekly health.pdf"].get_content()
    assert files["Weekly health.pdf"].get_content_type() == "application/pdf"
    info = pdfinfo(pdf)
    assert info["Page size"].startswith("841.89 x 595.276") or "A4" in info["Page size"]

    text = pdftotext(pdf)
    for needle in ("Weekly health", "Service health", "Request rate", "Availability", "Saturation", "Hosts"):
        assert needle in text, (needle, text)
    # the time range in the report's zone: 20 Nov 00:00Z is 01:00 in Warsaw
    assert "2026-11-20 01:00" in text and "Europe/Warsaw" in text, text

    # Each panel's body, located from its title on the 2 x 2 grid, has ink: no blank panel.
    words = word_boxes(pdf)
    top_left, top_right = find_word(words, "Request"), find_word(words, "Availability")
    bottom_left = find_word(words, "Saturation")
    width = top_right[1] - top_left[1]
    height = bottom_left[2] - top_left[2]
    page = pages_as_gray(pdf)[0]
    for title in ("Request", "Availability", "Saturation", "Hosts"):
        _, x, y, _, y_title_end = find_word(words, title)
        body = (x + 0.1 * width, y_title_end + 0.02, x + 0.9 * width, y + 0.85 * height)
        assert ink_ratio(page, *body) > 0.003, (title, body)  # a blank body is 0

    csvs = [p for name, p in files.items() if name.endswith(".csv")]
    assert len(csvs) == 1
    rows = list(csv.reader(io.StringIO(csvs[0].get_content())))
    assert rows == [line.split(",") for line in TABLE_CSV.strip().split("\n")]

    html = msg.get_body(("html",)).get_content()
    images = [p for p in msg.walk() if p.get_content_type() == "image/png"]
    assert images, "an inline PNG of the dashboard"
    cid = images[0]["Content-ID"].strip("<>")
    assert f"cid:{cid}" in html
    assert "http://reports.example.com/d/health" in html
    assert "here is the weekly health report." in msg.get_body(("plain",)).get_content()


def test_send_with_emails_overrides_recipients(make_server, smtp):
    server = make_server(smtp_settings(smtp.port))
    rid = setup_report(server, formats=["pdf"])
    r = server.post("/api/reports/email", {"id": rid, "emails": "carol@example.com;dave@example.com"})
    assert r.status == 200, r
    [msg] = smtp.wait_for(1)
    assert sorted(msg.rcpt_tos) == ["carol@example.com", "dave@example.com"]
    assert list(attachments(msg)) == ["Weekly health.pdf"]


def test_test_email_sends_without_storing(make_server, smtp):
    server = make_server(smtp_settings(smtp.port))
    server.post("/api/dashboards/db", {"dashboard": quad_dashboard(), "overwrite": True})
    r = server.post("/api/reports/test-email", {
        "name": "Try me", "recipients": "eve@example.com", "formats": ["pdf"],
        "dashboards": [{"dashboard": {"uid": "health"}}]})
    assert r.status == 200, r
    assert r.json() == {"message": "Test email sent"}
    [msg] = smtp.wait_for(1)
    assert msg.rcpt_tos == ["eve@example.com"]
    assert server.get("/api/reports").json() == []


def test_cjk_panel_title_survives_into_the_pdf(server):
    dash = quad_dashboard(title="服务健康", first_title="请求速率 リクエスト")
    assert server.post("/api/dashboards/db", {"dashboard": dash, "overwrite": True}).status == 200
    q = '[{"dashboard":{"uid":"health"}}]'
    r = server.get("/api/reports/render/pdfs?dashboards=" + urlquote(q))
    assert r.status == 200, r
    assert r.headers["Content-Type"] == "application/pdf"
    text = pdftotext(r.body)
    assert "服务健康" in text and "请求速率 リクエスト" in text, text


def test_render_csvs_zip_and_204_without_tables(server):
    import zipfile
    server.post("/api/dashboards/db", {"dashboard": quad_dashboard(), "overwrite": True})
    q = urlquote('[{"dashboard":{"uid":"health"}}]')
    r = server.get("/api/reports/render/csvs?dashboards=" + q)
    assert r.status == 200 and r.headers["Content-Type"] == "application/zip"
    z = zipfile.ZipFile(io.BytesIO(r.body))
    [name] = z.namelist()
    assert name.endswith(".csv")
    assert list(csv.reader(io.StringIO(z.read(name).decode()))) == [l.split(",") for l in TABLE_CSV.split()]
    no_table = quad_dashboard()
    no_table["uid"] = "notable"
    no_table["panels"] = no_table["panels"][:3]
    server.post("/api/dashboards/db", {"dashboard": no_table, "overwrite": True})
    r = server.get("/api/reports/render/csvs?dashboards=" + urlquote('[{"dashboard":{"uid":"notable"}}]'))
    assert r.status == 204 and r.body == b"" and "Content-Type" not in r.headers
    r = server.get("/api/reports/render/pdfs?dashboards=" + urlquote('[{"dashboard":{"uid":"missing"}}]'))
    assert r.status == 400 and "missing" in r.json()["message"]  # Grafana's spec: no 404 here
    assert server.get("/api/reports/render/pdfs").status == 400
    assert server.get("/api/reports/render/pdfs?dashboards=%5Bnope").status == 400


def test_spool_outbox_holds_a_valid_message_when_no_smtp(server):
    import email
    import email.policy
    rid = setup_report(server, formats=["pdf", "csv"])
    r = server.post("/api/reports/email", {"id": str(rid), "useEmailsFromReport": True})
    assert r.status == 200, r
    [eml] = list((server.data_dir / "outbox").glob("*.eml"))
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert {a.addr_spec for a in msg["To"].addresses} == {"alice@example.com", "bob@example.com"}
    assert "Weekly health.pdf" in attachments(msg)
    assert pdfinfo(attachments(msg)["Weekly health.pdf"].get_content())["Pages"] >= "1"
    assert not list((server.data_dir / "outbox").glob(".tmp*"))


# --- SMTP failures: each answers as documented, and the server keeps serving ---

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def send_and_time(server, rid):
    start = time.monotonic()
    r = server.post("/api/reports/email", {"id": str(rid), "useEmailsFromReport": True})
    return r, time.monotonic() - start


def assert_still_serving(server, rid):
    assert server.get(f"/api/reports/{rid}").status == 200
    assert server.get("/api/health", token=None).status == 200


def test_smtp_refusing_connections_is_500_naming_mail_delivery(make_server):
    server = make_server(smtp_settings(free_port(), **{"reporting.mail_timeout": "3s"}))
    rid = setup_report(server, formats=["pdf"])
    r, _ = send_and_time(server, rid)
    assert r.status == 500, r
    body = r.json()
    assert "mail delivery" in body["message"] and body["traceID"]
    assert_still_serving(server, rid)


def test_smtp_451_once_then_accepting_is_200_and_one_message(make_server, tmp_path):
    with start_smtp(tmp_path, "tempfail-once") as smtp:
        server = make_server(smtp_settings(smtp.port))
        rid = setup_report(server, formats=["pdf"])
        r, _ = send_and_time(server, rid)
        assert r.status == 200, r
        smtp.wait_for(1)
        time.sleep(0.3)
        assert len(smtp.messages()) == 1


def test_smtp_550_fails_at_once(make_server, tmp_path):
    with start_smtp(tmp_path, "reject") as smtp:
        server = make_server(smtp_settings(smtp.port, **{"reporting.mail_timeout": "20s"}))
        rid = setup_report(server, formats=["pdf"])
        r, took = send_and_time(server, rid)
        assert r.status == 500, r
        assert "550" in r.json()["message"] and "mail delivery" in r.json()["message"]
        assert took < 20  # permanent: not retried until the mail timeout
        assert smtp.messages() == []
        assert_still_serving(server, rid)


def test_smtp_stalling_past_the_mail_timeout_is_500_after_it(make_server, tmp_path):
    with start_smtp(tmp_path, "stall") as smtp:
        server = make_server(smtp_settings(smtp.port, **{"reporting.mail_timeout": "2s"}))
        rid = setup_report(server, formats=["pdf"])
        r, took = send_and_time(server, rid)
        assert r.status == 500, r
        assert "mail delivery" in r.json()["message"] and "timed out" in r.json()["message"]
        # It waited out the mail timeout, less the mailer's margin (a tenth, at most 250 ms) that
        # lets its answer arrive before the request gives up.
        assert took >= 1.8
        assert_still_serving(server, rid)


def urlquote(s):
    from urllib.parse import quote
    return quote(s, safe="")
