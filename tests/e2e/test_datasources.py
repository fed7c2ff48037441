"""Provisioned datasources: Grafana's YAML files read at start, GET /api/datasources in Grafana's
shape (secrets never in a body), start-up refused on a broken file, and panels on sources that are
not configured say so readably in the PDF."""
import json
import re
from urllib.parse import quote

import pytest

from pdf_tools import pdftotext
from reportd_server import ReportdServer

PROM_PASSWORD = "pr0m-Passw0rd!"
HEADER_TOKEN = "tok-9c2f7e1b"

PROVISIONING = """apiVersion: 1
datasources:
  - name: Prometheus main
    type: prometheus
    uid: prom-main
    url: http://127.0.0.1:${PROM_PORT}
    access: proxy
    isDefault: true
    basicAuth: true
    basicAuthUser: reader
    jsonData:
      httpMethod: POST
      timeInterval: 15s
      tlsSkipVerify: true
      httpHeaderName1: Authorization
    secureJsonData:
      basicAuthPassword: $PROM_PASSWORD
      httpHeaderValue1: Bearer ${HEADER_TOKEN}
  - name: Synthetic
    type: testdata
    uid: td-uid
  - name: Logs
    type: loki
    uid: loki-uid
    url: http://127.0.0.1:3100
"""


def write_provisioning(folder, files):
    ds = folder / "datasources"
    ds.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (ds / name).write_text(text)
    return folder


@pytest.fixture
def provisioned(tmp_path):
    folder = write_provisioning(tmp_path / "grafana-provisioning", {"sources.yaml": PROVISIONING})
    s = ReportdServer(tmp_path / "data", settings={"paths.provisioning": str(folder)},
                      env={"PROM_PORT": "9090", "PROM_PASSWORD": PROM_PASSWORD,
                           "HEADER_TOKEN": HEADER_TOKEN}).start()
    yield s
    if s.alive():
        s.stop()


def assert_no_secret(body):
    text = body.decode()
    assert PROM_PASSWORD not in text and HEADER_TOKEN not in text


def test_api_lists_provisioned_datasources_in_grafanas_shape(provisioned):
    r = provisioned.get("/api/datasources")
    assert r.status == 200, r
    assert_no_secret(r.body)
    listed = r.json()
    assert [d["name"] for d in listed] == ["Prometheus main", "Synthetic", "Logs"]
    prom = listed[0]
    assert prom["id"] == 1 and prom["uid"] == "prom-main" and prom["orgId"] == 1
    assert prom["type"] == "prometheus" and prom["typeName"] == "Prometheus"
    assert prom["url"] == "http://127.0.0.1:9090"  # ${PROM_PORT} from the environment
    assert prom["access"] == "proxy" and prom["isDefault"] is True
    assert prom["basicAuth"] is True and prom["basicAuthUser"] == "reader"
    assert prom["jsonData"] == {"httpMethod": "POST", "timeInterval": "15s", "tlsSkipVerify": True,
                                "httpHeaderName1": "Authorization"}
    assert prom["secureJsonFields"] == {"basicAuthPassword": True, "httpHeaderValue1": True}
    assert prom["readOnly"] is True and prom["version"] == 1
    assert listed[1]["isDefault"] is False and listed[1]["secureJsonFields"] == {}


def test_api_one_datasource_by_uid_name_and_id(provisioned):
    r = provisioned.get("/api/datasources/uid/prom-main")
    assert r.status == 200, r
    assert_no_secret(r.body)
    one = r.json()
    assert one["name"] == "Prometheus main" and one["secureJsonFields"]["httpHeaderValue1"] is True
    assert "secureJsonData" not in one
    assert provisioned.get("/api/datasources/name/" + quote("Prometheus main")).json()["uid"] == "prom-main"
    assert provisioned.get("/api/datasources/2").json()["uid"] == "td-uid"
    missing = provisioned.get("/api/datasources/uid/no-such-uid")
    assert missing.status == 404 and "not found" in missing.json()["message"].lower()
    assert provisioned.get("/api/datasources/99").status == 404


def test_another_orgs_datasources_are_not_visible(provisioned):
    rc, org2, err = provisioned.admin("create-org", "--name", "Second org")
    assert rc == 0, err
    token2 = provisioned.new_token(org=int(org2), role="Admin")
    assert provisioned.get("/api/datasources", token=token2).json() == []
    assert provisioned.get("/api/datasources/uid/prom-main", token=token2).status == 404
    assert provisioned.get("/api/datasources/1", token=token2).status == 404
    viewer = provisioned.new_token(org=1, role="Viewer")
    assert provisioned.get("/api/datasources", token=viewer).status == 403


def test_start_up_logs_what_was_loaded_and_lists_unknown_types(provisioned):
    log = provisioned.stdout() + provisioned.stderr()
    assert "Prometheus main" in log and "Synthetic" in log
    unknown = [line for line in log.splitlines() if "cannot query" in line]
    assert unknown and "loki" in unknown[0] and "Logs" in unknown[0]
    assert PROM_PASSWORD not in log and HEADER_TOKEN not in log


def test_a_broken_file_stops_start_up_naming_file_and_line(tmp_path):
    data = tmp_path / "data"
    # the default folder: <data>/provisioning
    write_provisioning(data / "provisioning", {
        "a-good.yaml": "apiVersion: 1\ndatasources:\n  - {name: A, type: testdata}\n",
        "b-broken.yaml": "apiVersion: 1\ndatasources:\n  - name: B\n    type: prometheus\n   url: [oops\n",
    })
    s = ReportdServer(data)
    with pytest.raises(RuntimeError):
        s.start(timeout=30)
    assert s.proc.returncode not in (0, None)
    err = s.stderr()
    assert str(data / "provisioning" / "datasources" / "b-broken.yaml") in err, err
    assert re.search(r"line \d+", err), err


def test_two_defaults_stop_start_up_naming_both(tmp_path):
    data = tmp_path / "data"
    write_provisioning(data / "provisioning", {
        "one.yaml": "apiVersion: 1\ndatasources:\n  - {name: First, type: testdata, isDefault: true}\n",
        "two.yaml": "apiVersion: 1\ndatasources:\n  - {name: Second, type: testdata, isDefault: true}\n",
    })
    s = ReportdServer(data)
    with pytest.raises(RuntimeError):
        s.start(timeout=30)
    assert s.proc.returncode not in (0, None)
    assert '"First"' in s.stderr() and '"Second"' in s.stderr()


def render_text(server, dashboard):
    r = server.post("/api/dashboards/db", {"dashboard": dashboard, "overwrite": True})
    assert r.status == 200, r
    q = quote(json.dumps([{"dashboard": {"uid": dashboard["uid"]}}]), safe="")
    r = server.get(f"/api/reports/render/pdfs?dashboards={q}")
    assert r.status == 200, r
    return " ".join(pdftotext(r.body).split())


def panel(pid, title, datasource, x=0, y=0, targets=None):
    p = {"id": pid, "type": "stat", "title": title, "gridPos": {"x": x, "y": y, "w": 12, "h": 6},
         "targets": targets or [{"refId": "A", "scenarioId": "csv_metric_values", "stringInput": "7,4321"}]}
    if datasource is not None:
        p["datasource"] = datasource
    return p


def test_panels_on_unconfigured_sources_say_so_readably(provisioned):
    text = render_text(provisioned, {
        "uid": "ds-notes", "title": "Datasource notes", "schemaVersion": 39,
        "templating": {"list": [{"name": "ds", "type": "datasource", "query": "testdata",
                                 "current": {"text": "Synthetic", "value": "td-uid"}}]},
        "panels": [
            panel(1, "Gone", {"type": "prometheus", "uid": "P1809F7CD0C75ACF3"}),
            panel(2, "By old name", "MySQL production", x=12),
            panel(3, "Unknown variable", {"type": "prometheus", "uid": "${DS_NOWHERE}"}, y=6),
            panel(4, "Loki", {"type": "loki", "uid": "loki-uid"}, x=12, y=6),
            panel(5, "Through variable", {"type": "testdata", "uid": "${ds}"}, y=12),
        ]})
    assert "datasource P1809F7CD0C75ACF3 (prometheus) is not configured" in text, text
    assert "datasource MySQL production is not configured" in text, text
    assert "${DS_NOWHERE}" in text, text
    assert "datasource Logs (type loki) is not supported by reportd" in text, text
    assert "{}" not in text
    # the datasource variable picked the provisioned TestData: its number is drawn
    assert "4321" in text


def test_without_provisioning_testdata_is_the_default(server):
    assert server.get("/api/datasources").json() == []
    text = render_text(server, {
        "uid": "plain", "title": "Plain TestData", "schemaVersion": 39,
        "panels": [panel(1, "Default source", None,
                         targets=[{"refId": "A", "scenarioId": "csv_metric_values", "stringInput": "3,8642"}])]})
    assert "is not configured" not in text
    assert "8642" in text
