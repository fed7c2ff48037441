"""Report bodies as Grafana's clients send and read them (issue 10, items 11-14, 16-18):
client mistakes answered 400 naming the field, dates far from now kept exactly, DST rules
past 2037, null for unset dates, ids never reused, GET -> PUT round trips in derived states,
the pdf-tables formats and csvEncoding, and the legacy dashboardId-only body."""
import csv
import io
import re
from datetime import datetime, timedelta, timezone

import pytest

from pdf_tools import pdftotext
from smtp_helpers import start_smtp

TABLE_CSV = "host,region,cpu\nweb-1,eu,42.5\nweb-2,eu,37.1\ndb-1,us,71.9\n"


def table_dashboard(uid="hosts", rows=TABLE_CSV):
    return {
        "uid": uid, "title": "Host table", "schemaVersion": 39,
        "time": {"from": "now-6h", "to": "now"},
        "panels": [{"id": 1, "type": "table", "title": "Hosts", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
                    "targets": [{"refId": "A", "scenarioId": "csv_content", "csvContent": rows}]}],
    }


def save_dashboard(server, dashboard):
    r = server.post("/api/dashboards/db", {"dashboard": dashboard, "overwrite": True})
    assert r.status == 200, r
    return r.json()


def body(**overrides):
    b = {
        "name": "Wire report", "subject": "Wire", "recipients": "alice@example.com",
        "formats": ["pdf"], "schedule": {"frequency": "never", "timeZone": "Europe/Berlin"},
        "options": {"orientation": "landscape", "layout": "grid"},
        "dashboards": [{"dashboard": {"uid": "hosts"}}],
    }
    b.update(overrides)
    return b


@pytest.fixture
def wired(server):
    save_dashboard(server, table_dashboard())
    return server


def create(server, **overrides):
    r = server.post("/api/reports", body(**overrides))
    assert r.status == 200, r
    return r.json()["id"]


def refused(server, b):
    r = server.post("/api/reports", b)
    assert r.status == 400, r
    return r.json()["message"]


# --- item 11: client mistakes are 400 naming the field --------------------------------------

@pytest.mark.parametrize("rng, field", [
    ({"from": "now", "to": "now-1h"}, "options.timeRange.from"),
    ({"from": "now-1h", "to": "now-1h"}, "options.timeRange.from"),
    ({"from": "2024-01-02T00:00:00Z", "to": "2024-01-01T00:00:00Z"}, "options.timeRange.from"),
    ({"from": "now-999999999y", "to": "now"}, "options.timeRange.from"),
    ({"from": "now-7d", "to": "now+999999999M"}, "options.timeRange.to"),
])
def test_bad_time_range_is_400_naming_the_field(wired, rng, field):
    message = refused(wired, body(options={"timeRange": rng}))
    assert message.startswith(f"invalid {field} "), message
    # On update too, and the stored report is unchanged.
    rid = create(wired)
    r = wired.put(f"/api/reports/{rid}", body(dashboards=[{"dashboard": {"uid": "hosts"}, "timeRange": rng}]))
    assert r.status == 400, r
    assert r.json()["message"].startswith("invalid dashboards[0].timeRange."), r.json()
    assert wired.get(f"/api/reports/{rid}").json()["dashboards"][0]["timeRange"] == {"from": "", "to": ""}


def test_time_range_in_order_is_accepted(wired):
    rid = create(wired, options={"timeRange": {"from": "now-7d/d", "to": "now/d"}})
    assert wired.get(f"/api/reports/{rid}").json()["options"]["timeRange"] == {"from": "now-7d/d", "to": "now/d"}


@pytest.mark.parametrize("amount, accepted", [(1, True), (1000, True), (1001, False), (0, False),
                                               (2000000000, False)])
def test_interval_amount_is_bounded(wired, amount, accepted):
    b = body(schedule={"frequency": "custom", "intervalFrequency": "hours", "intervalAmount": amount,
                       "timeZone": "UTC"})
    r = wired.post("/api/reports", b)
    if accepted:
        assert r.status == 200, r
    else:
        assert r.status == 400, r
        assert "schedule.intervalAmount" in r.json()["message"]


def test_once_report_in_2300_reads_back_2300(wired):
    rid = create(wired, schedule={"frequency": "once", "startDate": "2300-01-01T10:00:00Z", "timeZone": "UTC"})
    got = wired.get(f"/api/reports/{rid}").json()["schedule"]
    assert got["startDate"] == "2300-01-01T10:00:00+00:00"
    runs = wired.get(f"/api/reports/{rid}/next-runs").json()["runs"]
    assert runs == ["2300-01-01T10:00:00+00:00"]
    # Before 1677 (the other end of nanoseconds) a date is kept as well.
    rid = create(wired, schedule={"frequency": "daily", "startDate": "1600-06-01T00:00:00Z",
                                  "endDate": "1600-06-02T00:00:00Z", "timeZone": "UTC"})
    assert wired.get(f"/api/reports/{rid}").json()["schedule"]["endDate"] == "1600-06-02T00:00:00+00:00"


def test_date_past_year_9999_is_400_naming_the_field(wired):
    message = refused(wired, body(schedule={"frequency": "once", "startDate": "10000-01-01T00:00:00Z"}))
    assert message.startswith("invalid schedule.startDate"), message


def test_dst_after_2037_is_applied(wired):
    # Berlin springs forward on Sunday 2040-03-25: a 09:00 daily report runs at 08:00 UTC
    # before and 07:00 UTC after (a tz file's table ends in 2037; its footer rule goes on).
    rid = create(wired, schedule={"frequency": "daily", "startDate": "2040-03-24T09:00:00+01:00",
                                  "timeZone": "Europe/Berlin"})
    runs = wired.get(f"/api/reports/{rid}/next-runs?count=3").json()["runs"]
    utc = [datetime.fromisoformat(t).astimezone(timezone.utc) for t in runs]
    assert [t.strftime("%Y-%m-%d %H:%M") for t in utc] == ["2040-03-24 08:00", "2040-03-25 07:00",
                                                          "2040-03-26 07:00"]
    assert runs[1] == "2040-03-25T09:00:00+02:00"


# --- item 12: NUL in name and subject ---------------------------------------------------------

@pytest.mark.parametrize("field", ["name", "subject"])
def test_nul_in_name_or_subject_is_400(wired, field):
    message = refused(wired, body(**{field: "Weekly\u0000ops"}))
    assert message == f"{field} must not contain NUL characters"
    rid = create(wired)
    r = wired.put(f"/api/reports/{rid}", body(**{field: "a\u0000b"}))
    assert r.status == 400 and field in r.json()["message"], r


# --- item 13: unset startDate is null, as the Go clients decode it ----------------------------

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def go_decode_time(value):
    """strfmt.DateTime / time.Time as grafana-openapi-client-go and grafana-api-golang-client
    read them: null is the zero value; a string must be RFC 3339 ("" fails to decode)."""
    if value is None:
        return None
    assert isinstance(value, str) and RFC3339.match(value), f"a Go client cannot decode {value!r}"
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_unset_start_date_is_null_and_decodes_as_go_clients_do(wired):
    rid = create(wired)
    for report in (wired.get(f"/api/reports/{rid}").json(), wired.get("/api/reports").json()[0]):
        schedule = report["schedule"]
        assert schedule["startDate"] is None
        assert schedule["endDate"] is None
        assert go_decode_time(schedule["startDate"]) is None
        go_decode_time(report["created"])
    rid = create(wired, schedule={"frequency": "daily", "startDate": "2030-05-01T06:00:00+02:00",
                                  "timeZone": "Europe/Berlin"})
    got = go_decode_time(wired.get(f"/api/reports/{rid}").json()["schedule"]["startDate"])
    assert got == datetime(2030, 5, 1, 4, 0, tzinfo=timezone.utc)


# --- item 14: ids are never reused ------------------------------------------------------------

def test_report_ids_are_never_reused_even_after_a_restart(wired):
    first = create(wired, name="first")
    second = create(wired, name="second")
    assert wired.delete(f"/api/reports/{second}").status == 200
    third = create(wired, name="third")
    assert third > second
    # A stale client deleting the old id does not touch the new report.
    assert wired.delete(f"/api/reports/{second}").status == 404
    assert wired.get(f"/api/reports/{third}").json()["name"] == "third"
    assert wired.delete(f"/api/reports/{third}").status == 200
    wired.restart()
    fourth = create(wired, name="fourth")
    assert fourth > third
    assert wired.delete(f"/api/reports/{third}").status == 404
    assert [r["name"] for r in wired.get("/api/reports").json()] == ["first", "fourth"]
    assert first < second


def test_dashboard_ids_are_never_reused(wired):
    a = save_dashboard(wired, table_dashboard(uid="extra-a"))
    assert wired.delete("/api/dashboards/uid/extra-a").status == 200
    b = save_dashboard(wired, table_dashboard(uid="extra-b"))
    assert b["id"] > a["id"]


# --- item 16: GET -> PUT back in a derived state ----------------------------------------------

def test_not_scheduled_report_can_be_put_back_and_keeps_its_state(wired):
    rid = create(wired, state="paused")
    got = wired.get(f"/api/reports/{rid}").json()
    assert got["state"] == "not scheduled"
    got["name"] = "Renamed"
    r = wired.put(f"/api/reports/{rid}", got)
    assert r.status == 200, r
    # Stored state kept: scheduling it shows "paused", not "scheduled".
    again = wired.get(f"/api/reports/{rid}").json()
    assert again["name"] == "Renamed"
    again["schedule"] = {"frequency": "daily", "timeZone": "UTC"}
    assert wired.put(f"/api/reports/{rid}", again).status == 200
    assert wired.get(f"/api/reports/{rid}").json()["state"] == "paused"


def test_expired_report_can_be_put_back_and_keeps_its_state(wired):
    rid = create(wired, schedule={"frequency": "daily", "startDate": "2020-01-01T00:00:00Z",
                                  "endDate": "2020-02-01T00:00:00Z", "timeZone": "UTC"})
    got = wired.get(f"/api/reports/{rid}").json()
    assert got["state"] == "expired"
    got["subject"] = "Still expired"
    r = wired.put(f"/api/reports/{rid}", got)
    assert r.status == 200, r
    got = wired.get(f"/api/reports/{rid}").json()
    assert got["subject"] == "Still expired" and got["state"] == "expired"
    # Moving the end date on shows the stored state again: scheduled.
    got["schedule"]["endDate"] = None
    assert wired.put(f"/api/reports/{rid}", got).status == 200
    assert wired.get(f"/api/reports/{rid}").json()["state"] == "scheduled"


# --- item 18: the legacy dashboardId-only body ------------------------------------------------

def test_dashboard_id_only_body_is_resolved_to_the_dashboard(wired):
    saved = save_dashboard(wired, table_dashboard(uid="legacy"))
    b = body()
    del b["dashboards"]
    b["dashboardId"] = saved["id"]
    r = wired.post("/api/reports", b)
    assert r.status == 200, r
    got = wired.get(f"/api/reports/{r.json()['id']}").json()
    assert got["dashboards"][0]["dashboard"]["uid"] == "legacy"
    assert got["dashboards"][0]["dashboard"]["id"] == saved["id"]
    assert got["dashboards"][0]["dashboard"]["name"] == "Host table"
    b["dashboardId"] = saved["id"] + 1000
    r = wired.post("/api/reports", b)
    assert r.status == 404 and "dashboard with id" in r.json()["message"], r


# --- item 17: pdf-tables, pdf-tables-appendix, csvEncoding ------------------------------------

def smtp_settings(port):
    return {"smtp.host": f"127.0.0.1:{port}", "smtp.from_address": "reports@example.com"}


@pytest.fixture
def smtp(tmp_path):
    s = start_smtp(tmp_path, "accept")
    yield s
    s.stop()


def attachments(msg):
    return {part.get_filename(): part.get_payload(decode=True) for part in msg.iter_attachments()
            if part.get_filename()}


def send_and_receive(make_server, smtp, rows=TABLE_CSV, **overrides):
    server = make_server(smtp_settings(smtp.port))
    save_dashboard(server, table_dashboard(rows=rows))
    rid = create(server, **overrides)
    r = server.post("/api/reports/email", {"id": rid, "useEmailsFromReport": True})
    assert r.status == 200, r
    [msg] = smtp.wait_for(1)
    return server, rid, attachments(msg)


def test_pdf_tables_formats_round_trip_and_send_the_table_data(make_server, smtp):
    # 120 rows: the table panel in the report shows a few, the tables PDF every one.
    rows = "host,cpu\n" + "".join(f"host-{i:03d},{i * 1.5}\n" for i in range(120))
    server, rid, files = send_and_receive(make_server, smtp, rows=rows,
                                          formats=["pdf", "pdf-tables", "pdf-tables-appendix"])
    assert server.get(f"/api/reports/{rid}").json()["formats"] == ["pdf", "pdf-tables", "pdf-tables-appendix"]
    pdfs = {name: data for name, data in files.items() if name.endswith(".pdf")}
    assert len(pdfs) == 2, list(files)
    [tables_name] = [n for n in pdfs if "tables" in n]
    [report_name] = [n for n in pdfs if n != tables_name]
    tables_text = pdftotext(pdfs[tables_name])
    for i in (0, 57, 119):
        assert f"host-{i:03d}" in tables_text
        assert f"{i * 1.5:g}" in tables_text
    # The appendix: the report PDF holds the same rows after its dashboard pages.
    report_text = pdftotext(pdfs[report_name])
    assert "host-119" in report_text and "178.5" in report_text
    assert "Host table - Hosts" in report_text


def test_pdf_tables_alone_adds_no_appendix(make_server, smtp):
    rows = "host,cpu\n" + "".join(f"host-{i:03d},{i}\n" for i in range(80))
    _, _, files = send_and_receive(make_server, smtp, rows=rows, formats=["pdf", "pdf-tables"])
    pdfs = {name: data for name, data in files.items() if name.endswith(".pdf")}
    assert len(pdfs) == 2
    [report_name] = [n for n in pdfs if "tables" not in n]
    assert "host-079" not in pdftotext(pdfs[report_name])


@pytest.mark.parametrize("encoding, prefix", [("utf-8-bom", b"\xef\xbb\xbf"), ("utf-16le", b"\xff\xfe"),
                                              ("utf-8", b"host")])
def test_csv_encoding_round_trips_and_is_honoured(make_server, smtp, encoding, prefix):
    server, rid, files = send_and_receive(make_server, smtp, formats=["csv"], options={"csvEncoding": encoding})
    assert server.get(f"/api/reports/{rid}").json()["options"]["csvEncoding"] == encoding
    [data] = [d for n, d in files.items() if n.endswith(".csv")]
    assert data.startswith(prefix)
    text = data.decode({"utf-8-bom": "utf-8-sig", "utf-16le": "utf-16"}.get(encoding, "utf-8"))
    assert list(csv.reader(io.StringIO(text)))[1] == ["web-1", "eu", "42.5"]


def test_unknown_csv_encoding_is_400(wired):
    assert refused(wired, body(options={"csvEncoding": "latin1"})).startswith("invalid options.csvEncoding")
