"""Render work under pressure: a dashboard that expands past the render caps is refused at once
(and leaves the workers free), and a burst of heavy requests larger than the render workers
can finish inside the render timeout is answered 200 or 503 with Retry-After, never a late
timeout, while light requests keep being served."""
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

from conftest import simple_dashboard
from pdf_tools import pdfinfo, pdftotext


def custom_variable(name, n):
    values = ",".join(str(i) for i in range(1, n + 1))
    return {"type": "custom", "name": name, "multi": True, "includeAll": True, "query": values,
            "current": {"value": ["$__all"], "text": ["All"]}}


def render_bomb(uid, rows, per_row):
    """A row repeated over $server holding a stat repeated over $pod: rows x (per_row + 1)
    panels from a dashboard of a few KB."""
    return {
        "uid": uid, "title": "Bomb " + uid, "schemaVersion": 39,
        "panels": [
            {"id": 1, "type": "row", "title": "Server $server", "repeat": "server", "collapsed": False,
             "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "panels": []},
            {"id": 2, "type": "stat", "title": "$server / $pod", "repeat": "pod", "maxPerRow": 12,
             "gridPos": {"x": 0, "y": 1, "w": 2, "h": 3},
             "targets": [{"refId": "A", "scenarioId": "random_walk"}]},
        ],
        "templating": {"list": [custom_variable("server", rows), custom_variable("pod", per_row)]},
    }


def render_path(uid):
    return "/api/reports/render/pdfs?dashboards=" + quote(f'[{{"dashboard":{{"uid":"{uid}"}}}}]')


def tall_dashboard(uid, panels):
    """Panels a page tall each, stacked: one PDF page per panel."""
    return simple_dashboard(uid, "Tall " + uid, [
        {"id": i + 1, "type": "timeseries", "title": f"Tall {i + 1}",
         "gridPos": {"x": 0, "y": 40 * i, "w": 24, "h": 40},
         "targets": [{"refId": "A", "scenarioId": "random_walk"}]} for i in range(panels)])


def test_render_bomb_is_400_naming_the_limit_and_the_next_send_is_served(server):
    bomb = render_bomb("bomb", 250, 249)  # 250 rows x (1 + 249 stats) = 62,500 panels
    assert len(json.dumps(bomb)) < 4096
    assert server.post("/api/dashboards/db", {"dashboard": bomb}).status == 200
    assert server.post("/api/dashboards/db", {"dashboard": simple_dashboard()}).status == 200
    for _ in range(2):  # twice, as the attacker did: neither keeps a worker
        r = server.get(render_path("bomb"))
        assert r.status == 400, r
        message = r.json()["message"]
        assert "more than 500 panels" in message and "[reporting] max_panels_per_render" in message, message
    r = server.get(render_path("cpu"))
    assert r.status == 200, r
    assert "CPU usage" in pdftotext(r.body)


def test_a_pdf_past_the_page_limit_is_400_naming_it(make_server):
    server = make_server({"reporting.max_pages_per_render": "3"})
    assert server.post("/api/dashboards/db", {"dashboard": tall_dashboard("five", 5)}).status == 200
    assert server.post("/api/dashboards/db", {"dashboard": tall_dashboard("three", 3)}).status == 200
    r = server.get(render_path("five"))
    assert r.status == 400, r
    message = r.json()["message"]
    assert "5 pages" in message and "[reporting] max_pages_per_render" in message, message
    r = server.get(render_path("three"))
    assert r.status == 200, r
    assert pdfinfo(r.body)["Pages"] == "3"
    assert "Tall 1" in pdftotext(r.body)


def heavy_in_flight(server):
    for line in server.get("/metrics").body.decode().splitlines():
        if line.startswith('reportd_http_requests_in_flight{class="heavy"}'):
            return int(float(line.split()[-1]))
    raise AssertionError("no heavy in-flight gauge in /metrics")


def test_a_burst_of_heavy_requests_gets_200_or_503_and_light_requests_are_served(make_server):
    render_timeout_s, deadline_s = 3, 6
    server = make_server({"reporting.render_workers": "2", "reporting.render_timeout": f"{render_timeout_s}s",
                          "reporting.request_deadline": f"{deadline_s}s"})
    panels = [{"id": i + 1, "type": "timeseries", "title": f"Series {i + 1}",
               "gridPos": {"x": (i % 2) * 12, "y": (i // 2) * 8, "w": 12, "h": 8},
               "targets": [{"refId": "A", "scenarioId": "random_walk", "seriesCount": 4}]} for i in range(8)]
    assert server.post("/api/dashboards/db",
                       {"dashboard": simple_dashboard("busy", "Busy", panels)}).status == 200
    path = render_path("busy")
    burst = 400
    start = threading.Barrier(burst + 1)
    in_flight = threading.Event()

    def send(_):
        start.wait()
        sent = time.monotonic()
        r = server.get(path, timeout=60)
        return r, time.monotonic() - sent

    with ThreadPoolExecutor(max_workers=burst) as pool:
        futures = [pool.submit(send, i) for i in range(burst)]
        start.wait()
        # During the burst (heavy requests admitted and unanswered) light requests are served,
        # and a wrong token is still told 401.
        for _ in range(200):
            if heavy_in_flight(server) > 0:
                in_flight.set()
                break
        assert in_flight.is_set(), "the burst never had a heavy request in flight"
        light = server.get("/api/reports")
        assert light.status == 200, light
        wrong = server.get("/api/reports", token="glsa_wrong")
        assert wrong.status == 401, wrong
        results = [f.result() for f in futures]

    statuses = {}
    for r, took in results:
        statuses[r.status] = statuses.get(r.status, 0) + 1
        assert r.status in (200, 503), r
        # Nobody is kept waiting past the request's deadline for an answer.
        assert took < deadline_s, (r, took)
        if r.status == 503:
            retry = r.headers.get("Retry-After", "")
            assert retry.isdigit() and int(retry) >= 1, r.headers
            assert "overloaded" in r.json()["message"], r
        else:
            assert r.body.startswith(b"%PDF")
    assert statuses.get(200, 0) >= 2 and statuses.get(503, 0) >= 1, statuses
    # Right after the burst a send is served at once, not after a backlog.
    r = server.get(path)
    assert r.status == 200, r
