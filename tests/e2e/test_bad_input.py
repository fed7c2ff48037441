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
