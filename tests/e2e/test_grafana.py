"""reportd next to a Grafana ([grafana] url): dashboards reportd does not store are fetched from
Grafana when the report is rendered, and queries of datasources reportd does not provision go
through Grafana's POST /api/ds/query.

Grafana itself cannot be installed on these machines, so the tests start a stand-in
(grafana_standin.py) that answers Grafana's endpoints in Grafana's wire format, and answers
Prometheus-type queries by asking the REAL Prometheus the Prometheus tests start
(prometheus_helpers.py). Mail goes to a real SMTP server (smtp_helpers.py)."""
import json
import os
import re
import socket
import threading
import time
from urllib.parse import quote

import pytest

from grafana_standin import GrafanaStandIn, Recorder
from pdf_tools import pdftotext
from prometheus_helpers import mem_total_text, prometheus_stack  # noqa: F401  (the fixture)
from reportd_server import ReportdServer
from smtp_helpers import start_smtp

TOKEN = "glsa_standinTokenForTests0123456789_abcdef01"
GRAFANA_TIMEOUT_S = 3


def stat(pid, title, expr, y, unit="short", decimals=0):
    return {"id": pid, "type": "stat", "title": title,
            "datasource": {"type": "prometheus", "uid": "gf-prom"},
            "gridPos": {"h": 5, "w": 24, "x": 0, "y": y},
            "fieldConfig": {"defaults": {"unit": unit, "decimals": decimals,
                                         "color": {"mode": "thresholds"},
                                         "thresholds": {"mode": "absolute",
                                                        "steps": [{"color": "green", "value": None}]}},
                            "overrides": []},
            "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "colorMode": "value", "graphMode": "none", "textMode": "auto"},
            "targets": [{"refId": "A", "expr": expr, "instant": True,
                         "datasource": {"type": "prometheus", "uid": "gf-prom"}}]}


def grafana_dashboard(instance, uid="gf-node", title="Node from Grafana"):
    """A dashboard as Grafana stores it, on a Prometheus datasource reportd does not provision."""
    return {
        "uid": uid, "title": title, "schemaVersion": 39, "version": 3,
        "time": {"from": "now-5m", "to": "now"},
        "panels": [
            stat(1, "CPU Cores", f'count(count(node_cpu_seconds_total{{instance="{instance}"}}) by (cpu))', 0),
            stat(2, "RAM Total", f'node_memory_MemTotal_bytes{{instance="{instance}"}}', 5, "bytes", 1),
            stat(3, "Broken query", "sum(rate(node_cpu_seconds_total[5m])", 10),
        ],
    }


@pytest.fixture
def standin(prometheus_stack):  # noqa: F811
    g = GrafanaStandIn(prometheus_stack.url, TOKEN).start()
    g.add_dashboard(grafana_dashboard(prometheus_stack.instance))
    yield g
    g.stop()


@pytest.fixture
def smtp(tmp_path):
    s = start_smtp(tmp_path, "accept")
    yield s
    s.stop()


@pytest.fixture
def reportd(tmp_path, standin, smtp):
    token_file = tmp_path / "grafana-token"
    token_file.write_text(TOKEN + "\n")
    s = ReportdServer(tmp_path / "data", settings={
        "grafana.url": standin.url, "grafana.token": f"$__file{{{token_file}}}", "grafana.org_id": "1",
        "grafana.timeout": f"{GRAFANA_TIMEOUT_S}s",
        "smtp.host": f"127.0.0.1:{smtp.port}", "smtp.from_address": "reports@example.com",
        "server.root_url": "http://reports.example.com"}).start()
    yield s
    if s.alive():
        s.stop()


def create_report(server, uid):
    r = server.post("/api/reports", {
        "name": "From Grafana", "recipients": "alice@example.com", "formats": ["pdf"],
        "schedule": {"frequency": "never"}, "options": {"orientation": "landscape", "layout": "grid"},
        "dashboards": [{"dashboard": {"uid": uid}, "timeRange": {"from": "now-5m", "to": "now"}}]})
    assert r.status == 200, r
    return r.json()["id"]


def pdf_text_of(msg):
    [pdf] = [p for p in msg.iter_attachments() if (p.get_filename() or "").endswith(".pdf")]
    return " ".join(pdftotext(pdf.get_content()).split())


def render_local(server, dash):
    r = server.post("/api/dashboards/db", {"dashboard": dash, "overwrite": True})
    assert r.status == 200, r
    q = quote(json.dumps([{"dashboard": {"uid": dash["uid"]}}]), safe="")
    started = time.monotonic()
    r = server.get(f"/api/reports/render/pdfs?dashboards={q}")
    return r, time.monotonic() - started


def test_a_dashboard_only_in_grafana_is_sent_with_prometheus_numbers(reportd, standin, smtp):
    rid = create_report(reportd, "gf-node")
    r = reportd.post("/api/reports/email", {"id": rid, "useEmailsFromReport": True})
    assert r.status == 200, r
    [msg] = smtp.wait_for(1)
    text = pdf_text_of(msg)
    assert "Node from Grafana" in text, text
    # The real Prometheus' numbers, through the stand-in's frames.
    assert mem_total_text() in text, (mem_total_text(), text)
    assert int(re.search(r"CPU Cores (\d+)", text).group(1)) == os.cpu_count(), text
    # The per-query error from the answer's results.A.error shows on its panel.
    assert "Broken query" in text and "bad_data" in text and "parse error" in text, text
    # The dashboard came from Grafana's API, the queries in the frontend's request shape.
    assert ("GET", "/api/dashboards/uid/gf-node") in [(m, p) for m, p, _ in standin.seen]
    q = standin.queries[0]
    assert int(q["to"]) - int(q["from"]) == 5 * 60 * 1000
    [query] = q["queries"]
    assert query["datasource"] == {"type": "prometheus", "uid": "gf-prom"}
    assert query["refId"] == "A" and query["intervalMs"] > 0 and query["maxDataPoints"] > 0
    # Every request carried the configured token, read from its $__file{}.
    assert standin.seen and all(auth == f"Bearer {TOKEN}" for _, _, auth in standin.seen), standin.seen
    # The token is in no log line.
    assert TOKEN not in reportd.stdout() + reportd.stderr()


def test_the_email_links_a_grafana_dashboard_to_grafana_and_a_stored_one_to_reportd(reportd, standin, smtp):
    local = {"uid": "kept-here", "title": "Stored in reportd", "schemaVersion": 39,
             "panels": [{"id": 1, "type": "text", "title": "Note", "gridPos": {"h": 3, "w": 24, "x": 0, "y": 0},
                         "options": {"mode": "markdown", "content": "hello"}}]}
    r = reportd.post("/api/dashboards/db", {"dashboard": local, "overwrite": True})
    assert r.status == 200, r
    r = reportd.post("/api/reports", {
        "name": "Linked", "recipients": "alice@example.com", "formats": ["pdf"], "enableDashboardUrl": True,
        "schedule": {"frequency": "never"}, "options": {"orientation": "landscape", "layout": "grid"},
        "dashboards": [{"dashboard": {"uid": "gf-node"}, "timeRange": {"from": "now-5m", "to": "now"},
                        "reportVariables": {"job": ["node exporter"]}},
                       {"dashboard": {"uid": "kept-here"}, "timeRange": {"from": "now-1h", "to": "now"}}]})
    assert r.status == 200, r
    r = reportd.post("/api/reports/email", {"id": r.json()["id"], "useEmailsFromReport": True})
    assert r.status == 200, r
    [msg] = smtp.wait_for(1)
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    # The dashboard that exists only in Grafana links to the stand-in, with the report's range
    # and variables as Grafana's URL parameters.
    # [grafana] org_id = 1: the link opens the dashboard in that Grafana organisation.
    m = re.search(re.escape(standin.url) + r"/d/gf-node\?orgId=1&from=(\d+)&to=(\d+)&var-job=node%20exporter", text)
    assert m, text
    assert int(m.group(2)) - int(m.group(1)) == 5 * 60 * 1000
    assert f'href="{standin.url}/d/gf-node?orgId=1&amp;from=' in html or \
        f'href="{standin.url}/d/gf-node?orgId=1&from=' in html, html
    # The stored one still links to reportd's root_url.
    m = re.search(r"http://reports\.example\.com/d/kept-here\?from=(\d+)&to=(\d+)", text)
    assert m, text
    assert int(m.group(2)) - int(m.group(1)) == 60 * 60 * 1000
    assert "http://reports.example.com/d/gf-node" not in text + html


def test_a_query_variable_on_a_grafana_only_prometheus_resolves_through_grafana(reportd, standin,
                                                                            prometheus_stack, smtp):  # noqa: F811
    instance = prometheus_stack.instance
    dash = grafana_dashboard(instance, uid="gf-var", title="Per instance")
    ram = stat(1, "RAM on $instance", 'node_memory_MemTotal_bytes{instance="$instance"}', 0, "bytes", 1)
    dash["panels"] = [ram]
    # As Grafana 10 saves a Prometheus query variable; the saved value is one Prometheus does not
    # have, so the report shows the real instance only when the query went through Grafana.
    dash["templating"] = {"list": [{
        "name": "instance", "type": "query", "refresh": 2,
        "datasource": {"type": "prometheus", "uid": "gf-prom"},
        "query": {"query": "label_values(node_memory_MemTotal_bytes, instance)",
                  "refId": "PrometheusVariableQueryEditor-VariableQuery"},
        "current": {"text": "stale:9100", "value": "stale:9100"},
        "options": [{"text": "stale:9100", "value": "stale:9100", "selected": True}]}]}
    standin.add_dashboard(dash)
    rid = create_report(reportd, "gf-var")
    r = reportd.post("/api/reports/email", {"id": rid, "useEmailsFromReport": True})
    assert r.status == 200, r
    [msg] = smtp.wait_for(1)
    text = pdf_text_of(msg)
    assert f"RAM on {instance}" in text and "stale:9100" not in text, text
    assert mem_total_text() in text, (mem_total_text(), text)
    # Asked as Grafana's frontend asks: the datasource's resource API, over the report's range.
    [call] = [c for c in standin.resource_calls if "/api/v1/label/instance/values" in c]
    assert call.startswith("/api/datasources/uid/gf-prom/resources/api/v1/label/instance/values?"), call
    assert "match%5B%5D=node_memory_MemTotal_bytes" in call, call


def test_a_panels_targets_go_to_grafana_in_one_request(reportd, standin, prometheus_stack, smtp):  # noqa: F811
    instance = prometheus_stack.instance
    cores = f'count(count(node_cpu_seconds_total{{instance="{instance}"}}) by (cpu))'
    panel = stat(1, "Two targets", f"{cores} * 10 + 3", 0, "none")
    panel["targets"].append({"refId": "B", "expr": f"{cores} * 1000 + 7", "instant": True,
                             "datasource": {"type": "prometheus", "uid": "gf-prom"}})
    standin.add_dashboard({"uid": "gf-two", "title": "Two in one", "schemaVersion": 39,
                           "time": {"from": "now-5m", "to": "now"}, "panels": [panel]})
    rid = create_report(reportd, "gf-two")
    r = reportd.post("/api/reports/email", {"id": rid, "useEmailsFromReport": True})
    assert r.status == 200, r
    [msg] = smtp.wait_for(1)
    text = pdf_text_of(msg)
    n = os.cpu_count()
    assert str(n * 10 + 3) in text and str(n * 1000 + 7) in text, text
    # One /api/ds/query for the panel, its queries[] holding both targets, as Grafana's frontend sends.
    [q] = standin.queries
    assert [x["refId"] for x in q["queries"]] == ["A", "B"], q
    assert all(x["datasource"] == {"type": "prometheus", "uid": "gf-prom"} for x in q["queries"])


def test_a_dashboard_grafana_does_not_have_is_404_naming_it(reportd, standin):
    rid = create_report(reportd, "no-such-dash")
    r = reportd.post("/api/reports/email", {"id": rid, "useEmailsFromReport": True})
    assert r.status == 404, r
    assert "no-such-dash" in r.json()["message"], r


@pytest.mark.parametrize("endpoint", ["pdfs", "csvs"])
def test_the_render_endpoints_answer_400_for_a_dashboard_grafana_does_not_have(reportd, standin, endpoint):
    # Grafana's spec gives the render endpoints 200/400/401/500 (and 204 for CSV), no 404:
    # a dashboard neither reportd nor Grafana has is a bad query, as one missing from the store is.
    q = quote(json.dumps([{"dashboard": {"uid": "no-such-dash"}}]), safe="")
    r = reportd.get(f"/api/reports/render/{endpoint}?dashboards={q}")
    assert r.status == 400, r
    assert "no-such-dash" in r.json()["message"] and "Grafana" in r.json()["message"], r
    assert ("GET", "/api/dashboards/uid/no-such-dash") in [(m, p) for m, p, _ in standin.seen]


def test_grafana_down_gives_panel_errors_and_500_only_for_its_dashboards(reportd, standin, prometheus_stack):  # noqa: F811
    rid = create_report(reportd, "gf-node")
    local = grafana_dashboard(prometheus_stack.instance, uid="local-copy", title="Stored in reportd")
    standin.stop()
    # A stored dashboard on Grafana's datasource: rendered, its panels say why there is no data.
    r, elapsed = render_local(reportd, local)
    assert r.status == 200, r
    text = " ".join(pdftotext(r.body).split())
    assert "Grafana at" in text and "unreachable: refused the connection" in text, text
    assert f"127.0.0.1:{standin.port}" in text  # the message names the Grafana
    assert elapsed < GRAFANA_TIMEOUT_S * 3 + 10, elapsed
    # A dashboard only Grafana has cannot be fetched: the send fails, naming Grafana.
    started = time.monotonic()
    r = reportd.post("/api/reports/email", {"id": rid, "useEmailsFromReport": True})
    assert r.status == 500, r
    assert "gf-node" in r.json()["message"] and "unreachable" in r.json()["message"], r
    assert time.monotonic() - started < GRAFANA_TIMEOUT_S * 3 + 10
    assert reportd.get("/api/health").status == 200


def test_a_hanging_grafana_times_out_on_the_panel(reportd, standin, prometheus_stack):  # noqa: F811
    standin.stall()
    local = grafana_dashboard(prometheus_stack.instance, uid="local-hang", title="Stored, Grafana hangs")
    r, elapsed = render_local(reportd, local)
    standin.release()
    assert r.status == 200, r
    text = " ".join(pdftotext(r.body).split())
    assert "Grafana at" in text and f"did not answer within {GRAFANA_TIMEOUT_S} s" in text, text
    assert elapsed < GRAFANA_TIMEOUT_S + 10, elapsed


def test_the_token_goes_only_to_the_configured_host(reportd, standin):
    elsewhere = Recorder()
    try:
        standin.redirect("moved", f"{elsewhere.url}/api/dashboards/uid/moved")
        rid = create_report(reportd, "moved")
        r = reportd.post("/api/reports/email", {"id": rid, "useEmailsFromReport": True})
        # The redirect is not followed: nothing reached the other port, least of all the token.
        assert r.status == 500, r
        assert "302" in r.json()["message"] and "redirect, not followed" in r.json()["message"], r
        assert not any(TOKEN in json.dumps(headers) for _, headers in elsewhere.seen), elsewhere.seen
        assert elsewhere.seen == []
        assert ("GET", "/api/dashboards/uid/moved", f"Bearer {TOKEN}") in standin.seen
    finally:
        elsewhere.stop()


def test_without_grafana_a_missing_dashboard_is_still_refused(tmp_path):
    s = ReportdServer(tmp_path / "alone").start()
    try:
        r = s.post("/api/reports", {
            "name": "x", "recipients": "a@example.com", "formats": ["pdf"], "schedule": {"frequency": "never"},
            "options": {"orientation": "landscape", "layout": "grid"},
            "dashboards": [{"dashboard": {"uid": "gf-node"}, "timeRange": {"from": "now-5m", "to": "now"}}]})
        assert r.status == 404, r
        assert "gf-node" in r.json()["message"]
        # The listing holds reportd's own dashboards, and nobody's reason for a missing Grafana.
        dash = {"uid": "alone-1", "title": "Alone", "panels": []}
        assert s.post("/api/dashboards/db", {"dashboard": dash}).status == 200
        r = s.get("/api/reports/dashboards")
        assert r.status == 200 and [d["uid"] for d in r.json()] == ["alone-1"], r
        assert "X-Reportd-Grafana-Error" not in r.headers
    finally:
        s.stop()


def listing(server, query=""):
    r = server.get("/api/reports/dashboards" + query)
    assert r.status == 200, r
    return r, {d["uid"]: d for d in r.json()}


def test_the_dashboard_listing_unites_reportd_and_grafana(reportd, standin, prometheus_stack):  # noqa: F811
    standin.add_dashboard({"uid": "gf-ops", "title": "Ops board", "tags": ["ops"], "folder": True, "panels": []})
    # The same uid stored in reportd too: with dashboards = both the stored copy is the one a report
    # renders, so it is the one listed.
    for dash in (grafana_dashboard(prometheus_stack.instance, uid="gf-node", title="Stored node copy"),
                 {"uid": "only-here", "title": "Stored only", "tags": ["local"], "panels": []}):
        assert reportd.post("/api/dashboards/db", {"dashboard": dash, "overwrite": True}).status == 200
    r, by_uid = listing(reportd)
    assert "X-Reportd-Grafana-Error" not in r.headers
    assert [d["title"] for d in r.json()] == ["Ops board", "Stored node copy", "Stored only"]
    assert by_uid["gf-node"]["origin"] == "reportd"
    assert by_uid["only-here"] == {"uid": "only-here", "title": "Stored only", "tags": ["local"], "folderTitle": "",
                                   "url": "", "origin": "reportd"}
    assert by_uid["gf-ops"] == {"uid": "gf-ops", "title": "Ops board", "tags": ["ops"], "folderTitle": "Operations",
                                "url": f"{standin.url}/d/gf-ops/ops-board", "origin": "grafana"}
    # Grafana was asked for dashboards only (no folders), with the token.
    asked = [p for m, p, auth in standin.seen if p.startswith("/api/search")]
    assert asked and all("type=dash-db" in p for p in asked), asked
    assert all(auth == f"Bearer {TOKEN}" for _, p, auth in standin.seen if p.startswith("/api/search"))

    # A title search goes to both sides; limit bounds the union.
    r, by_uid = listing(reportd, "?query=NODE")
    assert list(by_uid) == ["gf-node"], r.json()
    assert any("query=NODE" in p for _, p, _ in standin.seen)
    r, _ = listing(reportd, "?limit=1")
    assert [d["uid"] for d in r.json()] == ["gf-ops"]
    for bad in ("?limit=0", "?limit=5001", "?limit=many"):
        r = reportd.get("/api/reports/dashboards" + bad)
        assert r.status == 400 and "limit" in r.json()["message"], r


def test_the_listing_with_grafana_down_is_reportds_own_with_the_reason(reportd, standin):
    dash = {"uid": "only-here", "title": "Stored only", "panels": []}
    assert reportd.post("/api/dashboards/db", {"dashboard": dash, "overwrite": True}).status == 200
    standin.stop()
    r, by_uid = listing(reportd)
    assert list(by_uid) == ["only-here"]
    why = r.headers.get("X-Reportd-Grafana-Error", "")
    assert "Grafana at" in why and "unreachable" in why, r.headers


def test_with_dashboards_from_grafana_first_its_copy_is_listed(tmp_path, standin, prometheus_stack):  # noqa: F811
    s = ReportdServer(tmp_path / "gfirst", settings={
        "grafana.url": standin.url, "grafana.token": TOKEN, "grafana.dashboards": "grafana"}).start()
    try:
        stored = grafana_dashboard(prometheus_stack.instance, uid="gf-node", title="Stored node copy")
        assert s.post("/api/dashboards/db", {"dashboard": stored, "overwrite": True}).status == 200
        _, by_uid = listing(s)
        assert by_uid["gf-node"]["origin"] == "grafana"
        assert by_uid["gf-node"]["title"] == "Node from Grafana"
    finally:
        s.stop()


def test_org_map_gives_each_reportd_org_its_own_grafana_org(tmp_path, standin):
    # [grafana] org_map: org 1 reads Grafana org 1, org 2 Grafana org 7, any other org no Grafana.
    s = ReportdServer(tmp_path / "orgmap", settings={
        "grafana.url": standin.url, "grafana.token": TOKEN, "grafana.org_map": "1:1, 2:7"}).start()
    try:
        tokens = {1: s.token}
        for org in (2, 3):
            rc, out, err = s.admin("create-org", "--name", f"Org {org}")
            assert rc == 0 and int(out) == org, err
            tokens[org] = s.new_token(org=org, role="Admin")
        for org, grafana_org in ((1, "1"), (2, "7")):
            del standin.org_ids[:]
            r = s.get("/api/reports/dashboards", token=tokens[org])
            assert r.status == 200 and [d["uid"] for d in r.json()] == ["gf-node"], r
            assert [o for p, o in standin.org_ids if p.startswith("/api/search")] == [grafana_org]
        # Org 3 reads no Grafana: its listing is its own, and a Grafana-only uid is unknown to it.
        del standin.org_ids[:]
        r = s.get("/api/reports/dashboards", token=tokens[3])
        assert r.status == 200 and r.json() == [] and "X-Reportd-Grafana-Error" not in r.headers, r
        r = s.post("/api/reports/test-email", {
            "name": "x", "recipients": "a@example.com", "formats": ["pdf"],
            "dashboards": [{"dashboard": {"uid": "gf-node"}}]}, token=tokens[3])
        assert r.status == 404 and "gf-node" in r.json()["message"], r
        assert standin.org_ids == []
    finally:
        s.stop()


def test_a_send_whose_client_gave_up_while_queued_is_not_rendered(tmp_path, standin, smtp, prometheus_stack):  # noqa: F811
    """One render worker, held by a render whose queries hang (the stand-in stalls them); a
    second send queues behind it and its client closes the connection. That send is dropped
    when the worker reaches it: no render, no mail, counted as 499 (client closed request)."""
    token_file = tmp_path / "grafana-token"
    token_file.write_text(TOKEN + "\n")
    s = ReportdServer(tmp_path / "one-worker", settings={
        "grafana.url": standin.url, "grafana.token": f"$__file{{{token_file}}}", "grafana.org_id": "1",
        "grafana.timeout": f"{GRAFANA_TIMEOUT_S}s", "reporting.render_workers": "1",
        "smtp.host": f"127.0.0.1:{smtp.port}", "smtp.from_address": "reports@example.com"}).start()
    try:
        held = grafana_dashboard(prometheus_stack.instance, uid="held", title="Held by a hanging Grafana")
        assert s.post("/api/dashboards/db", {"dashboard": held, "overwrite": True}).status == 200
        rid = create_report(s, "held")
        standin.stall()
        first = {}
        t = threading.Thread(target=lambda: first.update(r=s.post("/api/reports/email",
                                                                  {"id": rid, "useEmailsFromReport": True})))
        t.start()
        deadline = time.monotonic() + 10
        while not standin.queries and time.monotonic() < deadline:
            time.sleep(0.02)
        assert standin.queries, "the first render never queried"
        body = json.dumps({"id": rid, "useEmailsFromReport": True}).encode()
        with socket.create_connection(("127.0.0.1", s.port), timeout=5) as sock:
            sock.sendall(b"POST /api/reports/email HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.token.encode() +
                         b"\r\nContent-Type: application/json\r\nContent-Length: " + str(len(body)).encode() +
                         b"\r\n\r\n" + body)
            time.sleep(0.3)  # queued behind the held render; then the client gives up
        standin.release()
        t.join(60)
        assert first["r"].status == 200, first["r"]
        smtp.wait_for(1)
        deadline = time.monotonic() + 10
        metrics = ""
        while 'status="499"' not in metrics and time.monotonic() < deadline:
            metrics = s.get("/metrics", token=None).body.decode()
            time.sleep(0.1)
        assert 'reportd_http_requests_total{route="POST /api/reports/email",status="499"} 1' in metrics, metrics
        assert "client closed the connection while it was queued" in s.stdout() + s.stderr()
        time.sleep(0.5)
        assert len(smtp.messages()) == 1  # the abandoned send mailed nothing
    finally:
        standin.release()
        s.stop()
