"""The report-management API end to end: the payloads Grafana's clients send, read back
exactly as spec/API.md states, scoped per organisation and role."""
import re
from datetime import datetime

from conftest import simple_dashboard

RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")

REPORT_KEYS = {"id", "uid", "userId", "orgId", "name", "subject", "recipients", "replyTo", "message",
               "schedule", "options", "enableDashboardUrl", "enableCsv", "state", "formats",
               "scaleFactor", "dashboards", "created", "updated"}
SCHEDULE_KEYS = {"startDate", "endDate", "frequency", "intervalFrequency", "intervalAmount",
                 "workdaysOnly", "dayOfMonth", "timeZone"}
OPTIONS_KEYS = {"orientation", "layout", "timeRange", "pdfShowTemplateVariables", "pdfCombineOneFile"}


def create_dashboard(server, uid="cpu", title="CPU overview", token="__default__"):
    r = server.post("/api/dashboards/db", {"dashboard": simple_dashboard(uid, title), "overwrite": True},
                    token=token)
    assert r.status == 200, r
    return r.json()


def terraform_style_report(uid="cpu"):
    """What Grafana's Terraform provider sends (booleans omitted, variables as strings)."""
    return {
        "name": "Weekly CPU",
        "recipients": "ops@example.com; dev@example.com\nboss@example.com",
        "replyTo": "noreply@example.com",
        "message": "Hello,\nthe weekly report.",
        "schedule": {"frequency": "weekly", "startDate": "2026-12-01T09:30:00.000Z",
                     "timeZone": "Europe/Warsaw"},
        "options": {"orientation": "portrait", "layout": "simple"},
        "formats": ["pdf", "csv", "pdf"],
        "dashboards": [{"dashboard": {"uid": uid},
                        "timeRange": {"from": "now-7d", "to": "now"},
                        "reportVariables": {"host": "web-1", "dc": ["eu", "us"]}}],
    }


def test_full_crud_cycle_with_grafana_payloads(server):
    dash = create_dashboard(server)
    r = server.post("/api/reports", terraform_style_report())
    assert r.status == 200, r
    body = r.json()
    assert body["message"] == "Report created"
    rid = body["id"]
    assert isinstance(rid, int) and rid > 0

    got = server.get(f"/api/reports/{rid}")
    assert got.status == 200, got
    rep = got.json()
    assert set(rep) >= REPORT_KEYS
    assert set(rep["schedule"]) >= SCHEDULE_KEYS
    assert set(rep["options"]) >= OPTIONS_KEYS
    assert rep["id"] == rid and rep["orgId"] == 1
    assert rep["name"] == "Weekly CPU"
    assert rep["subject"] == ""
    assert rep["enableDashboardUrl"] is False and rep["enableCsv"] is False
    assert rep["formats"] == ["pdf", "csv"]
    assert rep["state"] == "scheduled"
    assert rep["options"]["orientation"] == "portrait" and rep["options"]["layout"] == "simple"
    assert rep["schedule"]["frequency"] == "weekly"
    assert rep["schedule"]["timeZone"] == "Europe/Warsaw"
    # 09:30Z on 1 Dec is 10:30 in Warsaw (CET, +01:00).
    assert rep["schedule"]["startDate"] == "2026-12-01T10:30:00+01:00"
    assert rep["schedule"]["endDate"] is None
    assert RFC3339.match(rep["created"]) and RFC3339.match(rep["updated"])
    assert rep["created"].endswith(("+01:00", "+02:00"))
    d = rep["dashboards"][0]
    assert d["dashboard"]["uid"] == "cpu"
    assert d["dashboard"]["name"] == "CPU overview"
    assert d["dashboard"]["id"] == dash["id"]
    assert d["timeRange"] == {"from": "now-7d", "to": "now"}
    assert d["reportVariables"] == {"host": ["web-1"], "dc": ["eu", "us"]}

    listed = server.get("/api/reports")
    assert listed.status == 200
    assert [x["id"] for x in listed.json()] == [rid]
    by_dash = server.get("/api/reports/dashboards/cpu")
    assert by_dash.status == 200 and [x["id"] for x in by_dash.json()] == [rid]
    assert server.get("/api/reports/dashboards/other").json() == []

    upd = terraform_style_report()
    upd["name"] = "Daily CPU"
    upd["schedule"] = {"frequency": "daily", "startDate": "2026-12-01T06:00:00Z", "timeZone": "GMT",
                       "workdaysOnly": True}
    upd["enableDashboardUrl"] = True
    upd["id"] = str(rid)  # some clients send the id as a string
    r = server.put(f"/api/reports/{rid}", upd)
    assert r.status == 200, r
    assert r.json() == {"message": "Report updated"}
    rep2 = server.get(f"/api/reports/{rid}").json()
    assert rep2["name"] == "Daily CPU" and rep2["enableDashboardUrl"] is True
    assert rep2["schedule"]["workdaysOnly"] is True
    assert rep2["schedule"]["startDate"] == "2026-12-01T06:00:00+00:00"
    # same creation instant, now shown in the report's new zone
    assert rep2["created"].endswith("+00:00")
    assert datetime.fromisoformat(rep2["created"]) == datetime.fromisoformat(rep["created"])
    assert rep2["uid"] == rep["uid"]

    r = server.delete(f"/api/reports/{rid}")
    assert r.status == 200 and r.json() == {"message": "Report config was removed"}
    assert server.get(f"/api/reports/{rid}").status == 404
    assert server.delete(f"/api/reports/{rid}").status == 404


def test_legacy_single_dashboard_shape_is_translated(server):
    dash = create_dashboard(server, uid="legacy", title="Legacy board")
    r = server.post("/api/reports", {
        "name": "Legacy", "recipients": "a@example.com", "dashboardId": dash["id"],
        "dashboardUid": "legacy", "templateVars": {"host": "db-1"},
        "options": {"timeRange": {"from": "now-24h", "to": "now"}},
        "schedule": {"frequency": "never"},
    })
    assert r.status == 200, r
    rep = server.get(f"/api/reports/{r.json()['id']}").json()
    assert len(rep["dashboards"]) == 1
    d = rep["dashboards"][0]
    assert d["dashboard"]["uid"] == "legacy" and d["dashboard"]["name"] == "Legacy board"
    assert d["reportVariables"] == {"host": ["db-1"]}
    assert d["timeRange"] == {"from": "now-24h", "to": "now"}
    assert rep["state"] == "not scheduled"


def test_defaults_when_fields_are_left_out(server):
    create_dashboard(server)
    r = server.post("/api/reports", {"name": "Minimal", "recipients": "a@example.com",
                                     "dashboards": [{"dashboard": {"uid": "cpu"}}]})
    assert r.status == 200, r
    rep = server.get(f"/api/reports/{r.json()['id']}").json()
    assert rep["formats"] == ["pdf"]
    assert rep["options"]["orientation"] == "landscape" and rep["options"]["layout"] == "grid"
    assert rep["scaleFactor"] in (0, 100)
    assert rep["schedule"]["timeZone"] == "GMT"
    assert rep["dashboards"][0]["timeRange"] == {"from": "", "to": ""}


def test_draft_needs_no_recipients_or_dashboards(server):
    r = server.post("/api/reports", {"name": "", "state": "draft"})
    assert r.status == 200, r
    rep = server.get(f"/api/reports/{r.json()['id']}").json()
    assert rep["state"] == "draft" and rep["dashboards"] == []


def test_orgs_are_isolated(server):
    rc, org2, err = server.admin("create-org", "--name", "Second org")
    assert rc == 0, err
    token2 = server.new_token(org=int(org2), role="Admin")
    create_dashboard(server)
    rid = server.post("/api/reports", terraform_style_report()).json()["id"]

    assert server.get(f"/api/reports/{rid}", token=token2).status == 404
    assert server.get("/api/reports", token=token2).json() == []
    assert server.put(f"/api/reports/{rid}", terraform_style_report(), token=token2).status in (404, 400)
    assert server.delete(f"/api/reports/{rid}", token=token2).status == 404
    assert server.post("/api/reports/email", {"id": str(rid), "useEmailsFromReport": True},
                       token=token2).status == 404
    # org 2 cannot use org 1's dashboard either
    r = server.post("/api/reports", terraform_style_report(), token=token2)
    assert r.status == 404 and "cpu" in r.json()["message"]
    assert server.get("/api/dashboards/uid/cpu", token=token2).status == 404
    # and the report is untouched for org 1
    assert server.get(f"/api/reports/{rid}").json()["name"] == "Weekly CPU"
    # a token of org 2 asking for org 1 explicitly is refused
    r = server.get("/api/reports", token=token2, headers={"X-Grafana-Org-Id": "1"})
    assert r.status == 401


def test_rbac_viewer_reads_but_cannot_create(server):
    create_dashboard(server)
    rid = server.post("/api/reports", terraform_style_report()).json()["id"]
    viewer = server.new_token(role="Viewer")
    assert server.get(f"/api/reports/{rid}", token=viewer).status == 200
    r = server.post("/api/reports", terraform_style_report(), token=viewer)
    assert r.status == 403
    body = r.json()
    assert re.match(r"^ACE\d+$", body["accessErrorId"])
    assert body["title"] == "Access denied"
    assert body["message"] == ("You'll need additional permissions to perform this action. "
                               "Permissions needed: reports:create")
    assert server.delete(f"/api/reports/{rid}", token=viewer).status == 403
    assert server.get("/api/reports/settings", token=viewer).status == 403
    editor = server.new_token(role="Editor")
    assert server.put(f"/api/reports/{rid}", terraform_style_report(), token=editor).status == 403
    assert len(server.get("/api/reports").json()) == 1


def test_basic_auth_users_and_org_header(server):
    rc, org2, _ = server.admin("create-org", "--name", "Other")
    rc, _, err = server.admin("create-user", "--login", "alice", "--password", "s3cret!", "--org", "1",
                              "--role", "Admin")
    assert rc == 0, err
    rc, _, err = server.admin("add-user-to-org", "--login", "alice", "--org", org2, "--role", "Viewer")
    assert rc == 0, err
    import base64
    good = "Basic " + base64.b64encode(b"alice:s3cret!").decode()
    bad = "Basic " + base64.b64encode(b"alice:wrong").decode()
    assert server.get("/api/reports", token=None, headers={"Authorization": good}).status == 200
    assert server.get("/api/reports", token=None, headers={"Authorization": bad}).status == 401
    r = server.post("/api/reports", {"name": "d", "state": "draft"}, token=None,
                    headers={"Authorization": good, "X-Grafana-Org-Id": org2})
    assert r.status == 403  # a Viewer in org 2
    r = server.post("/api/reports", {"name": "d", "state": "draft"}, token=None,
                    headers={"Authorization": good, "X-Grafana-Org-Id": "1"})
    assert r.status == 200


def test_tokens_missing_malformed_revoked_are_401(server):
    assert server.get("/api/reports", token=None).status == 401
    assert server.get("/api/reports", token="glsa_notatoken").status == 401
    tok = server.token
    flipped = tok[:-1] + ("0" if tok[-1] != "0" else "1")  # CRC no longer matches
    assert server.get("/api/reports", token=flipped).status == 401
    assert server.get("/api/reports", headers={"Authorization": "Token abc"}, token=None).status == 401
    extra = server.new_token(role="Admin")
    assert server.get("/api/reports", token=extra).status == 200
    rc, listing, _ = server.admin("list-tokens", "--org", "1")
    assert rc == 0
    token_id = [line.split("\t")[0] for line in listing.splitlines()][-1]
    rc, _, err = server.admin("revoke-token", "--id", token_id)
    assert rc == 0, err
    assert server.get("/api/reports", token=extra).status == 401
    assert server.get("/api/reports").status == 200


def test_legacy_api_key(server):
    rc, key, err = server.admin("create-api-key", "--name", "ci", "--role", "Admin")
    assert rc == 0, err
    assert key.startswith("eyJrIjoi")
    assert server.get("/api/reports", token=key).status == 200


def test_settings_round_trip(server):
    r = server.get("/api/reports/settings")
    assert r.status == 200
    s = r.json()
    for k in ("id", "userId", "orgId", "branding", "pdfTheme", "embeddedImageTheme",
              "pdfHeaderEnabled", "pdfDashboardTitleEnabled", "pdfTimeRangeEnabled"):
        assert k in s
    new = {"branding": {"reportLogoUrl": "", "emailLogoUrl": "", "emailFooterMode": "sent-by",
                        "emailFooterText": "Acme", "emailFooterLink": "https://acme.example"},
           "pdfTheme": "dark", "embeddedImageTheme": "light", "pdfHeaderEnabled": True}
    r = server.post("/api/reports/settings", new)
    assert r.status == 200 and r.json() == {"message": "Report settings saved"}
    s = server.get("/api/reports/settings").json()
    assert s["pdfTheme"] == "dark" and s["branding"]["emailFooterText"] == "Acme"
    assert s["pdfDashboardTitleEnabled"] is True  # a missing key keeps its stored value (the default)
    bad = dict(new, branding={"emailFooterMode": "sent-by", "emailFooterText": ""})
    assert server.post("/api/reports/settings", bad).status == 400
    assert server.get("/api/reports/settings").json()["branding"]["emailFooterText"] == "Acme"


def test_dashboards_endpoints(server):
    r = server.post("/api/dashboards/db", {"dashboard": simple_dashboard("d1", "First"), "overwrite": False})
    assert r.status == 200, r
    body = r.json()
    assert body["uid"] == "d1" and body["status"] == "success" and body["version"] >= 1
    assert body["url"].startswith("/d/d1")
    again = server.post("/api/dashboards/db", {"dashboard": simple_dashboard("d1", "First"), "overwrite": False})
    assert again.status == 400
    over = server.post("/api/dashboards/db", {"dashboard": simple_dashboard("d1", "First v2"), "overwrite": True})
    assert over.status == 200 and over.json()["version"] > body["version"]
    got = server.get("/api/dashboards/uid/d1")
    assert got.status == 200
    assert got.json()["dashboard"]["title"] == "First v2"
    assert "meta" in got.json()
    assert server.delete("/api/dashboards/uid/d1").status == 200
    assert server.get("/api/dashboards/uid/d1").status == 404


def test_health_needs_no_auth(server):
    r = server.get("/api/health", token=None)
    assert r.status == 200
    assert r.json()["database"] == "ok" and r.json()["version"]


def test_metrics_count_requests_by_route_and_status(server):
    create_dashboard(server)
    rid = server.post("/api/reports", terraform_style_report()).json()["id"]
    for _ in range(3):
        assert server.get(f"/api/reports/{rid}").status == 200
    assert server.get("/api/reports/999").status == 404
    r = server.get("/metrics", token=None)
    assert r.status == 200 and r.headers["Content-Type"].startswith("text/plain")
    text = r.body.decode()
    assert 'reportd_http_requests_total{route="GET /api/reports/:id",status="200"} 3' in text
    assert 'reportd_http_requests_total{route="GET /api/reports/:id",status="404"} 1' in text
    assert 'reportd_http_request_duration_seconds_count{route="GET /api/reports/:id"} 4' in text
    assert 'reportd_http_requests_in_flight{class="light"} 1' in text  # this very request
    assert "reportd_report_runs" in text
