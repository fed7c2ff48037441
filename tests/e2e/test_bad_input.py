"""Bad input gets the documented status and a message saying what is wrong, changes
nothing stored, and leaves the server serving."""
import socket

import pytest

from test_reports_api import create_dashboard, terraform_style_report


def assert_rejected(server, r, status=400, needle=None):
    assert r.status == status, r
    body = r.json()
    assert isinstance(body.get("message"), str) and body["message"], body
    if needle:
        assert needle.lower() in body["message"].lower(), body
    # still serving, and nothing was stored
    assert server.get("/api/health", token=None).status == 200
    assert server.get("/api/reports").json() == []


def with_changes(**changes):
    rep = terraform_style_report()
    for k, v in changes.items():
        if "." in k:
            outer, inner = k.split(".")
            rep[outer] = dict(rep[outer], **{inner: v})
        else:
            rep[k] = v
    return rep


@pytest.fixture
def srv(server):
    create_dashboard(server)
    return server


BAD_REPORTS = [
    ("name is a number", with_changes(name=42), "name"),
    ("dashboards not an array", with_changes(dashboards={"uid": "cpu"}), "dashboards"),
    ("scaleFactor string", with_changes(scaleFactor="big"), "scaleFactor"),
    ("scaleFactor off-step", with_changes(scaleFactor=110), "scaleFactor"),
    ("unknown frequency", with_changes(**{"schedule.frequency": "fortnightly"}), "frequency"),
    ("unknown layout", with_changes(**{"options.layout": "mosaic"}), "layout"),
    ("unknown orientation", with_changes(**{"options.orientation": "diagonal"}), "orientation"),
    ("unknown format", with_changes(formats=["pdf", "docx"]), "docx"),
    ("invalid time zone", with_changes(**{"schedule.timeZone": "Mars/Olympus"}), "Mars/Olympus"),
    ("invalid email", with_changes(recipients="not-an-address"), "not-an-address"),
    ("empty recipients", with_changes(recipients=""), "recipients"),
    ("invalid reply-to", with_changes(replyTo="nope"), "nope"),
    ("CR in name", with_changes(name="Weekly\r\nBcc: x@evil.com"), "name"),
    ("LF in subject", with_changes(subject="Hi\nBcc: x@evil.com"), "subject"),
    ("CRLF inside an address", with_changes(recipients="a@example.com\r\nBcc: x@evil.com"), None),
    ("missing name", with_changes(name=""), "name"),
    ("no dashboards", with_changes(dashboards=[]), "dashboard"),
    ("bad time range", with_changes(dashboards=[{"dashboard": {"uid": "cpu"},
                                                 "timeRange": {"from": "yesterday-ish", "to": "now"}}]),
     "yesterday-ish"),
]


@pytest.mark.parametrize("label,body,needle", BAD_REPORTS, ids=[b[0] for b in BAD_REPORTS])
def test_bad_report_bodies_are_400(srv, label, body, needle):
    assert_rejected(srv, srv.post("/api/reports", body), 400, needle)


def test_unknown_dashboard_is_404_and_nothing_stored(srv):
    r = srv.post("/api/reports", terraform_style_report(uid="does-not-exist"))
    assert_rejected(srv, r, 404, "does-not-exist")


@pytest.mark.parametrize("raw", [b'{"name": "x", ', b"{", b"[1,2", b"nonsense", b'{"name": "x"}}', b""])
def test_malformed_or_truncated_json_is_400(srv, raw):
    r = srv.post("/api/reports", raw)
    assert_rejected(srv, r, 400)


def test_json_without_json_content_type_is_400(srv):
    r = srv.post("/api/reports", terraform_style_report(), content_type="text/plain")
    assert_rejected(srv, r, 400, "json")
    r = srv.post("/api/reports", terraform_style_report(), content_type=None)
    assert_rejected(srv, r, 400, "content-type")


@pytest.mark.parametrize("rid", ["abc", "1.5", "-3", "0", "99999999999999999999999"])
def test_non_integer_id_is_400(srv, rid):
    r = srv.get(f"/api/reports/{rid}")
    assert r.status == 400, r
    assert "id" in r.json()["message"]


def test_unknown_id_is_404(srv):
    assert srv.get("/api/reports/4242").status == 404


def test_unknown_route_and_method(srv):
    r = srv.get("/api/nothing-here")
    assert r.status == 404 and r.json()["message"]
    r = srv.request("PATCH", "/api/reports/1")
    assert r.status in (404, 405) and r.json()["message"]
    assert srv.get("/api/health", token=None).status == 200


def test_send_body_errors(srv):
    rid = srv.post("/api/reports", terraform_style_report()).json()["id"]
    for body in ({"useEmailsFromReport": True}, {"id": str(rid)}, {"id": str(rid), "emails": "bad-address"},
                 {"id": "abc", "useEmailsFromReport": True}):
        r = srv.post("/api/reports/email", body)
        assert r.status == 400, (body, r)
    assert srv.post("/api/reports/email", {"id": "777", "useEmailsFromReport": True}).status == 404


def test_oversized_body_is_400_and_connection_closes(srv):
    big = b'{"name": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
        head = (f"POST /api/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {srv.token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(big)}\r\n\r\n").encode()
        s.sendall(head)
        try:
            s.sendall(big)
        except OSError:
            pass  # the server may close before reading it all
        data = recv_all(s)
    assert data.startswith(b"HTTP/1.1 400"), data[:200]
    assert b"too large" in data
    assert srv.get("/api/reports").json() == []


def test_oversized_header_is_400_and_connection_closes(srv):
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
        s.sendall(b"GET /api/reports HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 9000 + b"\r\n\r\n")
        data = recv_all(s)
    assert data.startswith(b"HTTP/1.1 400"), data[:200]
    assert srv.get("/api/health", token=None).status == 200


def recv_all(s):
    chunks = []
    while True:
        try:
            c = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not c:
            break  # the server closed the connection
        chunks.append(c)
    return b"".join(chunks)


# --- render limits: a dashboard whose repeats expand past [reporting] max_panels_per_render ---

def custom_variable(name, n):
    values = ",".join(f"{name}{i}" for i in range(1, n + 1))
    return {"type": "custom", "name": name, "multi": True, "includeAll": True, "query": values,
            "current": {"value": ["$__all"], "text": ["All"]}}


def repeated_grid(uid, servers, pods):
    """A row repeated over $server holding a stat repeated over $pod: servers x (pods + 1) panels
    from a dashboard of a few KB."""
    return {
        "uid": uid, "title": "Fleet " + uid, "schemaVersion": 39,
        "panels": [
            {"id": 1, "type": "row", "title": "Server $server", "repeat": "server", "collapsed": False,
             "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "panels": []},
            {"id": 2, "type": "stat", "title": "$server / $pod", "repeat": "pod", "maxPerRow": 12,
             "gridPos": {"x": 0, "y": 1, "w": 2, "h": 3},
             "targets": [{"refId": "A", "scenarioId": "random_walk"}]},
        ],
        "templating": {"list": [custom_variable("server", servers), custom_variable("pod", pods)]},
    }


def render_pdf(server, uid):
    from urllib.parse import quote
    return server.get("/api/reports/render/pdfs?dashboards=" + quote(f'[{{"dashboard":{{"uid":"{uid}"}}}}]'))


def test_dashboard_expanding_past_the_panel_limit_is_400_naming_it(srv):
    r = srv.post("/api/dashboards/db", {"dashboard": repeated_grid("fleet", 250, 250), "overwrite": True})
    assert r.status == 200, r
    r = render_pdf(srv, "fleet")
    assert r.status == 400, r
    message = r.json()["message"]
    assert "more than 500 panels" in message and "$server x $pod" in message, message
    assert "[reporting] max_panels_per_render" in message, message
    # The workers are free again: a normal dashboard renders.
    r = render_pdf(srv, "cpu")
    assert r.status == 200, r
    assert r.headers["Content-Type"] == "application/pdf" and r.body.startswith(b"%PDF")


def test_the_panel_limit_comes_from_the_configuration(make_server):
    server = make_server({"reporting.max_panels_per_render": "20"})
    # 3 rows x (1 + 4 stats) = 15 panels: under the limit.
    assert server.post("/api/dashboards/db", {"dashboard": repeated_grid("small", 3, 4)}).status == 200
    # 4 rows x (1 + 5 stats) = 24 panels: over it.
    assert server.post("/api/dashboards/db", {"dashboard": repeated_grid("big", 4, 5)}).status == 200
    r = render_pdf(server, "big")
    assert r.status == 400, r
    assert "more than 20 panels" in r.json()["message"], r
    assert render_pdf(server, "small").status == 200


def test_email_of_a_dashboard_past_the_panel_limit_is_400_and_the_next_send_goes_out(make_server, tmp_path):
    from smtp_helpers import start_smtp
    smtp = start_smtp(tmp_path, "accept")
    try:
        server = make_server({"smtp.host": f"127.0.0.1:{smtp.port}", "smtp.from_address": "reports@example.com"})
        create_dashboard(server)
        assert server.post("/api/dashboards/db", {"dashboard": repeated_grid("fleet", 250, 250)}).status == 200
        ids = {}
        for name, uid in (("Fleet", "fleet"), ("CPU", "cpu")):
            r = server.post("/api/reports", {
                "name": name, "subject": name + " report", "recipients": "ops@example.com",
                "formats": ["pdf"], "schedule": {"frequency": "never"},
                "dashboards": [{"dashboard": {"uid": uid}}]})
            assert r.status == 200, r
            ids[name] = r.json()["id"]
        r = server.post("/api/reports/email", {"id": str(ids["Fleet"]), "useEmailsFromReport": True})
        assert r.status == 400, r
        assert "max_panels_per_render" in r.json()["message"], r
        r = server.post("/api/reports/email", {"id": str(ids["CPU"]), "useEmailsFromReport": True})
        assert r.status == 200, r
        [msg] = smtp.wait_for(1)
        assert msg["Subject"] == "CPU report"
    finally:
        smtp.stop()
