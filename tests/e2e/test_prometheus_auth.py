"""How reportd reaches a Prometheus that wants more than plain HTTP, configured as in Grafana's
provisioning: HTTPS with a self-signed certificate trusted through tlsAuthWithCACert/tlsCACert or
tlsSkipVerify, basic auth, a custom header (httpHeaderName1/httpHeaderValue1) carrying the
credentials, and httpMethod GET. The peer is a real Prometheus with its own --web.config.file
(TLS and bcrypt basic-auth users). Wrong settings give readable panel errors."""
import base64
import json
import textwrap
from urllib.parse import quote

import pytest

from pdf_tools import pdftotext
from prometheus_helpers import secured_prometheus  # noqa: F401  (the fixture)
from reportd_server import ReportdServer
from test_prometheus import mem_total_text


def sources(stack):
    ca = textwrap.indent(stack.ca_pem, " " * 8)
    basic = base64.b64encode(f"{stack.user}:{stack.password}".encode()).decode()
    common = f"    url: {stack.url}\n    type: prometheus\n"
    return ("apiVersion: 1\ndatasources:\n"
            f"  - name: Trusted CA\n    uid: trusted\n{common}"
            f"    basicAuth: true\n    basicAuthUser: {stack.user}\n"
            "    jsonData:\n      tlsAuthWithCACert: true\n"
            f"    secureJsonData:\n      basicAuthPassword: {stack.password}\n      tlsCACert: |\n{ca}"
            f"  - name: Header auth\n    uid: header\n{common}"
            "    jsonData:\n      tlsSkipVerify: true\n      httpHeaderName1: Authorization\n"
            f"    secureJsonData:\n      httpHeaderValue1: Basic {basic}\n"
            f"  - name: With GET\n    uid: get\n{common}"
            f"    basicAuth: true\n    basicAuthUser: {stack.user}\n"
            "    jsonData:\n      httpMethod: GET\n      tlsSkipVerify: true\n"
            f"    secureJsonData:\n      basicAuthPassword: {stack.password}\n"
            f"  - name: Untrusted\n    uid: untrusted\n{common}"
            f"    basicAuth: true\n    basicAuthUser: {stack.user}\n"
            f"    secureJsonData:\n      basicAuthPassword: {stack.password}\n"
            f"  - name: Wrong password\n    uid: wrong\n{common}"
            f"    basicAuth: true\n    basicAuthUser: {stack.user}\n"
            "    jsonData:\n      tlsSkipVerify: true\n"
            "    secureJsonData:\n      basicAuthPassword: not-the-password\n")


@pytest.fixture
def reportd(tmp_path, secured_prometheus):  # noqa: F811
    folder = tmp_path / "provisioning"
    (folder / "datasources").mkdir(parents=True)
    (folder / "datasources" / "secured.yaml").write_text(sources(secured_prometheus))
    s = ReportdServer(tmp_path / "data", settings={"paths.provisioning": str(folder)}).start()
    yield s
    if s.alive():
        s.stop()


def render_memory(server, uid):
    dash = {"uid": f"mem-{uid}", "title": f"Memory via {uid}", "schemaVersion": 38,
            "time": {"from": "now-5m", "to": "now"},
            "panels": [{"id": 1, "type": "stat", "title": "RAM Total",
                        "datasource": {"type": "prometheus", "uid": uid},
                        "gridPos": {"x": 0, "y": 0, "w": 24, "h": 6},
                        "fieldConfig": {"defaults": {"unit": "bytes", "decimals": 1}, "overrides": []},
                        "targets": [{"refId": "A", "expr": "max(node_memory_MemTotal_bytes)", "instant": True}]}]}
    r = server.post("/api/dashboards/db", {"dashboard": dash, "overwrite": True})
    assert r.status == 200, r
    q = quote(json.dumps([{"dashboard": {"uid": dash["uid"]}}]), safe="")
    r = server.get(f"/api/reports/render/pdfs?dashboards={q}")
    assert r.status == 200, r
    return " ".join(pdftotext(r.body).split())


@pytest.mark.parametrize("uid", ["trusted", "header", "get"])
def test_configured_access_reads_the_data(reportd, uid):
    text = render_memory(reportd, uid)
    assert mem_total_text() in text, text
    assert "failed" not in text, text


def test_an_untrusted_certificate_is_a_tls_error_on_the_panel(reportd):
    text = render_memory(reportd, "untrusted")
    assert "TLS failed" in text, text
    assert mem_total_text() not in text


def test_a_wrong_password_shows_prometheus_refusal(reportd):
    text = render_memory(reportd, "wrong")
    assert "HTTP 401" in text, text
    assert mem_total_text() not in text
