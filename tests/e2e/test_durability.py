"""Nothing acknowledged is lost: across restarts, kill -9, and SIGTERM under load."""
import re
import signal
import threading
import time

from conftest import fixture_dashboard
from test_reports_api import create_dashboard, terraform_style_report


def heavy_in_flight(server):
    text = server.get("/metrics", token=None).body.decode()
    m = re.search(r'^reportd_http_requests_in_flight\{class="heavy"\} (\d+)$', text, re.M)
    return int(m.group(1)) if m else 0


def wait_until(condition, timeout=30.0):
    """Polls `condition` (an observable state of the server) until it holds or `timeout` passes."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.02)
    return True


def test_reports_persist_across_restart(server):
    create_dashboard(server)
    rid = server.post("/api/reports", terraform_style_report()).json()["id"]
    before = server.get(f"/api/reports/{rid}").json()
    assert server.stop() == 0
    server.start()
    assert server.get(f"/api/reports/{rid}").json() == before
    # the first-start token is not re-issued, and still works
    assert "shown only this once" not in server.stdout()


def test_kill_9_right_after_create_loses_nothing(server):
    create_dashboard(server)
    ids = []
    for i in range(20):
        body = terraform_style_report()
        body["name"] = f"report {i}"
        r = server.post("/api/reports", body)
        assert r.status == 200
        ids.append(r.json()["id"])
    server.kill9()
    server.start()
    names = {x["id"]: x["name"] for x in server.get("/api/reports").json()}
    assert names == {rid: f"report {i}" for i, rid in enumerate(ids)}


def test_sigterm_answers_every_request_in_flight(make_server):
    server = make_server({"reporting.render_workers": "1", "reporting.mail_workers": "1"})
    # The largest fixture (29 panels) on one render worker: 50 sends queue for seconds,
    # so the signal lands while most of them are in flight.
    dash = fixture_dashboard("timeseries.json")
    dash.pop("id", None)
    assert server.post("/api/dashboards/db", {"dashboard": dash, "overwrite": True}).status == 200
    rid = server.post("/api/reports", terraform_style_report(uid=dash["uid"])).json()["id"]
    # One send first: admission learns how long a render takes (until then it assumes an
    # eighth of the render timeout per job and would refuse most of a cold burst with 503).
    assert server.post("/api/reports/email", {"id": str(rid), "emails": "warm@example.com"}).status == 200
    results = [None] * 50
    started = threading.Barrier(51)

    def send(i):
        started.wait()
        try:
            r = server.post("/api/reports/email", {"id": str(rid), "emails": f"user{i}@example.com"})
            results[i] = r.status
        except Exception as e:  # a dropped connection is a failure of this test
            results[i] = repr(e)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    started.wait()
    # The signal goes once every request has reached the server: each is then either in
    # flight (the server's own gauge) or answered.
    assert wait_until(lambda: heavy_in_flight(server) + sum(r is not None for r in results) == 50), \
        "the 50 sends never all reached the server"
    rc = server.stop(signal.SIGTERM, timeout=60)
    for t in threads:
        t.join(60)
    assert rc == 0
    assert results == [200] * 50, results
    # the signal did arrive while requests were in flight, and the server drained them
    drained = re.search(r"draining (\d+) requests in flight", server.stdout())
    assert drained and int(drained.group(1)) > 0, server.stdout()[-2000:]
    outbox = list((server.data_dir / "outbox").glob("*.eml"))
    assert len(outbox) == 51  # the warm-up send and the 50
