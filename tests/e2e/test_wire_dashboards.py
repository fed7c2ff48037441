"""The dashboard endpoints as Grafana's Go clients read them (issue 10, item 15).

grafana-openapi-client-go decodes GET /api/dashboards/uid/:uid into DashboardFullWithMeta,
whose meta.created / meta.updated / meta.expires are strfmt.DateTime: RFC 3339 strings (an
epoch number fails the decoding, and Terraform's grafana_dashboard with it). The answer of
POST /api/dashboards/db is PostDashboardOKBody, whose id, uid, url, status, version and
title are required. Each answer here is decoded the way those clients decode it."""
import re
import time
from datetime import datetime, timezone

from conftest import simple_dashboard

# The layouts strfmt.DateTime accepts for an RFC 3339 date-time (seconds, optional fraction,
# Z or a numeric offset).
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

# DashboardMeta's scalar keys and their JSON types (Grafana's api-enterprise-spec.json).
META_TYPES = {"type": str, "slug": str, "url": str, "version": int, "created": str, "updated": str,
              "expires": str, "canSave": bool, "canEdit": bool, "canDelete": bool, "canAdmin": bool,
              "canStar": bool, "isStarred": bool, "isSnapshot": bool, "isFolder": bool, "hasAcl": bool,
              "provisioned": bool, "provisionedExternalId": str, "publicDashboardEnabled": bool,
              "folderId": int, "folderUid": str, "folderTitle": str, "folderUrl": str}


def decode_date_time(text):
    """What strfmt.DateTime.UnmarshalJSON does: a string in RFC 3339, else an error."""
    assert isinstance(text, str), f"date-time is {type(text).__name__} {text!r}, not an RFC 3339 string"
    assert RFC3339.match(text), text
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def decode_post_dashboard_ok_body(body):
    """PostDashboardOKBody.Validate: the required keys present with their types."""
    for key, kind in {"id": int, "uid": str, "url": str, "status": str, "version": int, "title": str}.items():
        assert key in body, f"{key} in body is required"
        assert isinstance(body[key], kind) and not isinstance(body[key], bool), (key, body[key])
    return body


def test_post_dashboard_answer_is_a_valid_post_dashboard_ok_body(server):
    r = server.post("/api/dashboards/db",
                    {"dashboard": simple_dashboard("net", "Network traffic"), "overwrite": False})
    assert r.status == 200, r
    body = decode_post_dashboard_ok_body(r.json())
    assert body["title"] == "Network traffic"
    assert body["uid"] == "net"
    assert body["status"] == "success"
    assert body["version"] == 1
    assert body["url"] == "/d/net/network-traffic"
    assert body["slug"] == "network-traffic"

    again = decode_post_dashboard_ok_body(server.post(
        "/api/dashboards/db", {"dashboard": simple_dashboard("net", "Network (renamed)"), "overwrite": True}).json())
    assert again["id"] == body["id"]
    assert again["version"] == 2
    assert again["title"] == "Network (renamed)"


def test_get_dashboard_meta_dates_decode_as_rfc3339(server):
    before = int(time.time())
    r = server.post("/api/dashboards/db", {"dashboard": simple_dashboard(), "overwrite": True})
    assert r.status == 200, r
    after = int(time.time()) + 1

    got = server.get("/api/dashboards/uid/cpu")
    assert got.status == 200, got
    full = got.json()
    assert full["dashboard"]["uid"] == "cpu" and full["dashboard"]["title"] == "CPU overview"
    meta = full["meta"]
    for key, kind in META_TYPES.items():
        assert key in meta, key
        assert isinstance(meta[key], kind) and (kind is bool or not isinstance(meta[key], bool)), (key, meta[key])
    created = decode_date_time(meta["created"])
    updated = decode_date_time(meta["updated"])
    decode_date_time(meta["expires"])
    assert before <= created.timestamp() <= after
    assert updated == created
    assert created.tzinfo is not None and created.utcoffset().total_seconds() == 0
    assert meta["version"] == 1 and meta["url"] == "/d/cpu/cpu-overview" and meta["slug"] == "cpu-overview"
    assert meta["type"] == "db" and meta["isFolder"] is False

    # An overwrite moves `updated` (not `created`) and the version.
    while int(time.time()) < after:  # the next whole second, so the two dates can differ
        time.sleep(0.05)
    r = server.post("/api/dashboards/db", {"dashboard": simple_dashboard(title="CPU v2"), "overwrite": True})
    assert r.status == 200, r
    meta2 = server.get("/api/dashboards/uid/cpu").json()["meta"]
    assert decode_date_time(meta2["created"]) == created
    assert decode_date_time(meta2["updated"]) > created
    assert meta2["version"] == 2


def test_meta_permissions_follow_the_callers_role(server):
    assert server.post("/api/dashboards/db", {"dashboard": simple_dashboard(), "overwrite": True}).status == 200
    admin = server.get("/api/dashboards/uid/cpu").json()["meta"]
    assert admin["canSave"] and admin["canEdit"] and admin["canDelete"] and admin["canAdmin"]
    viewer = server.new_token(role="Viewer")
    meta = server.get("/api/dashboards/uid/cpu", token=viewer).json()["meta"]
    assert not meta["canSave"] and not meta["canEdit"] and not meta["canDelete"] and not meta["canAdmin"]
    decode_date_time(meta["created"])
