"""Reports on live Prometheus data: a node_exporter dashboard (Grafana's export format) rendered
against a real Prometheus scraping a real node_exporter on this machine. The numbers in the PDF are
the machine's own (CPU count, memory total from /proc/meminfo in Grafana's IEC bytes formatting),
the query variables resolve with no variable given and follow reportVariables, a PromQL error shows
on its panel while the others draw, and a stopped Prometheus gives readable panel errors in time."""
import copy
import json
import os
import re
import signal
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from pdf_tools import pdftotext
from prometheus_helpers import mem_total_text, prometheus_stack  # noqa: F401  (the fixture)
from reportd_server import ReportdServer

DASHBOARD = Path(__file__).resolve().parents[1] / "fixtures" / "dashboards" / "prometheus" / "node-exporter-small.json"


def provisioning(folder, url, query_timeout="10s"):
    (folder / "datasources").mkdir(parents=True, exist_ok=True)
    (folder / "datasources" / "prometheus.yaml").write_text(
        "apiVersion: 1\n"
        "datasources:\n"
        "  - name: Local Prometheus\n"
        "    type: prometheus\n"
        "    uid: local-prom\n"
        f"    url: {url}\n"
        "    isDefault: true\n"
        "    jsonData:\n"
        "      timeInterval: 1s\n"
        f"      queryTimeout: {query_timeout}\n")
    return folder


@pytest.fixture
def reportd(tmp_path, prometheus_stack):  # noqa: F811
    folder = provisioning(tmp_path / "provisioning", prometheus_stack.url)
    s = ReportdServer(tmp_path / "data", settings={"paths.provisioning": str(folder)}).start()
    yield s
    if s.alive():
        s.stop()


def dashboard():
    d = json.loads(DASHBOARD.read_text())
    d.pop("id", None)
    return d


def render(server, dash, variables=None, extra=""):
    r = server.post("/api/dashboards/db", {"dashboard": dash, "overwrite": True})
    assert r.status == 200, r
    ref = {"dashboard": {"uid": dash["uid"]}}
    if variables:
        ref["reportVariables"] = variables
    q = quote(json.dumps([ref]), safe="")
    r = server.get(f"/api/reports/render/pdfs?dashboards={q}&pdfShowTemplateVariables=true{extra}")
    assert r.status == 200, r
    return " ".join(pdftotext(r.body).split())


def only_panels(dash, *titles):
    d = copy.deepcopy(dash)
    d["panels"] = [p for p in d["panels"] if p["title"] in titles]
    return d


def test_node_dashboard_shows_this_machine(reportd, prometheus_stack):  # noqa: F811
    dash = dashboard()
    text = render(reportd, dash)
    assert "Node Exporter (small)" in text
    assert "is not configured" not in text and "failed" not in text, text
    # RAM Total: node_exporter's MemTotal is /proc/meminfo's, in Grafana's formatting.
    assert mem_total_text() in text, (mem_total_text(), text)
    # The CPU count alone on a page: the stat's value follows its title.
    cpu = render(reportd, only_panels(dash, "CPU Cores") | {"uid": "cpu-only", "title": "Cores only"})
    assert re.search(r"CPU Cores (\d+)", cpu), cpu
    assert int(re.search(r"CPU Cores (\d+)", cpu).group(1)) == os.cpu_count()
    # No variable given: job is the first of label_values(up, job), instance the first (sorted) host.
    assert "node" in text
    assert prometheus_stack.instance in text
    assert prometheus_stack.second_instance not in text


def test_report_variables_choose_the_instance(reportd, prometheus_stack):  # noqa: F811
    dash = only_panels(dashboard(), "Memory by instance", "RAM Total")
    text = render(reportd, dash, {"instance": [prometheus_stack.second_instance]})
    # The table lists the chosen instance's series only; the header shows the choice.
    assert prometheus_stack.second_instance in text, text
    assert prometheus_stack.instance not in text, text
    assert mem_total_text() in text


def test_promql_error_shows_on_its_panel_while_others_draw(reportd):
    dash = dashboard()
    dash["panels"].append({
        "id": 9, "type": "stat", "title": "Broken query",
        "datasource": {"type": "prometheus", "uid": "${ds_prometheus}"},
        "gridPos": {"h": 4, "w": 6, "x": 0, "y": 16},
        "targets": [{"refId": "A", "expr": "sum(rate(node_cpu_seconds_total[5m])", "instant": True}]})
    text = render(reportd, dash)
    assert "Broken query" in text
    # Prometheus' own message: a parse error of type bad_data.
    assert "bad_data" in text and "parse error" in text, text
    assert mem_total_text() in text


def test_stopped_prometheus_gives_readable_errors_in_time(reportd, prometheus_stack):  # noqa: F811
    dash = only_panels(dashboard(), "RAM Total", "CPU Cores")
    assert mem_total_text() in render(reportd, dash)
    prometheus_stack.stop_prometheus()
    started = time.monotonic()
    text = render(reportd, dash)
    elapsed = time.monotonic() - started
    assert "refused the connection" in text, text
    assert f"127.0.0.1:{prometheus_stack.port}" in text  # the message names the server
    assert elapsed < 30, elapsed
    # The server keeps serving.
    assert reportd.get("/api/health").status == 200
    assert mem_total_text() not in text


def test_a_hanging_prometheus_times_out_on_the_panel(tmp_path, prometheus_stack):  # noqa: F811
    """SIGSTOP: Prometheus' socket still accepts, nothing answers; queryTimeout (2 s) ends each query."""
    folder = provisioning(tmp_path / "provisioning-2s", prometheus_stack.url, query_timeout="2s")
    server = ReportdServer(tmp_path / "data-2s", settings={"paths.provisioning": str(folder)}).start()
    try:
        dash = only_panels(dashboard(), "RAM Total", "CPU Cores")
        dash["templating"]["list"] = dash["templating"]["list"][:1]  # no variable queries: only the panels wait
        prometheus_stack.prometheus.send_signal(signal.SIGSTOP)
        try:
            started = time.monotonic()
            text = render(server, dash)
            elapsed = time.monotonic() - started
        finally:
            prometheus_stack.prometheus.send_signal(signal.SIGCONT)
        assert "did not answer within 2 s" in text, text
        assert elapsed < 10, elapsed  # bounded by queryTimeout, not by how long Prometheus hangs
        assert server.get("/api/health").status == 200
    finally:
        server.stop()
