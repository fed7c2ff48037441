"""Status codes of the render endpoints as Grafana's spec lists them (issue 10, item 20).

Grafana's api-enterprise-spec.json gives GET /api/reports/render/pdfs 200 400 401 500 and
GET /api/reports/render/csvs 200 204 400 401 500: no 404. A generated client (grafana-openapi-
client-go) turns an unlisted status into an "unknown error" without the message, so a
dashboard the query names that the org does not have is a 400 that says which."""
from urllib.parse import quote

import pytest

from conftest import simple_dashboard

ENDPOINTS = ["/api/reports/render/pdfs", "/api/reports/render/csvs"]


def query(*uids):
    return "?dashboards=" + quote("[" + ",".join(f'{{"dashboard":{{"uid":"{u}"}}}}' for u in uids) + "]")


@pytest.fixture
def srv(server):
    assert server.post("/api/dashboards/db", {"dashboard": simple_dashboard(), "overwrite": True}).status == 200
    return server


@pytest.mark.parametrize("path", ENDPOINTS)
def test_unknown_dashboard_is_400_naming_it(srv, path):
    r = srv.get(path + query("nosuchdash"))
    assert r.status == 400, r
    assert "nosuchdash" in r.json()["message"] and "not found" in r.json()["message"]
    # One unknown among known ones is the same bad query.
    r = srv.get(path + query("cpu", "nosuchdash"))
    assert r.status == 400, r
    assert "nosuchdash" in r.json()["message"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_another_orgs_dashboard_is_400_like_an_unknown_one(srv, path):
    rc, org2, err = srv.admin("create-org", "--name", "Other")
    assert rc == 0, err
    other = srv.new_token(org=org2)
    assert srv.post("/api/dashboards/db", {"dashboard": simple_dashboard("theirs", "Theirs"), "overwrite": True},
                    token=other).status == 200
    r = srv.get(path + query("theirs"))
    assert r.status == 400, r
    assert "theirs" in r.json()["message"]
    # ... and the owner still renders it.
    assert srv.get(path + query("theirs"), token=other).status in (200, 204)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_documented_codes_for_bad_query_and_credentials(srv, path):
    assert srv.get(path).status == 400                        # no dashboards parameter
    assert srv.get(path + "?dashboards=%5Bnope").status == 400  # not JSON
    assert srv.get(path + query("cpu"), token=None).status == 401
    assert srv.get(path + query("cpu"), token="glsa_" + "x" * 32 + "_00000000").status == 401


def test_known_dashboard_renders_200_pdf_and_204_csv_without_tables(srv):
    r = srv.get(ENDPOINTS[0] + query("cpu"))
    assert r.status == 200, r
    assert r.headers["Content-Type"] == "application/pdf" and r.body.startswith(b"%PDF")
    r = srv.get(ENDPOINTS[1] + query("cpu"))  # a timeseries panel only: no table to export
    assert r.status == 204 and r.body == b"", r
