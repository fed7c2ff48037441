"""Remote render and mail workers: a coordinator (reportd with [cluster] listen) and real
`reportd worker --join` processes on loopback, talking CAF's middleman protocol.

What a user notices: sends are rendered on the workers (each worker logs what it rendered),
every report arrives exactly once at the test's SMTP server, a worker killed mid-burst costs
no hung request and no duplicate mail, a wrong secret is refused, and a worker rejoins a
coordinator that restarted."""
import concurrent.futures
import os
import re
import signal
import socket
import subprocess
import time

import pytest

from conftest import simple_dashboard
from reportd_server import BINARY, ReportdServer
from smtp_helpers import start_smtp
from test_schedule import smtp_settings

SECRET = "e2e-cluster-secret"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Worker:
    """One `reportd worker --join` process; its output in <folder>/worker.log."""

    def __init__(self, folder, join_port, name, secret=SECRET, settings=None):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.log_path = folder / "worker.log"
        self.name = name
        sets = {"cluster.worker_name": name, "reporting.render_workers": "2", "reporting.mail_workers": "2",
                **(settings or {})}
        args = [str(BINARY), "--data", str(folder)]
        for k, v in sets.items():
            args += ["--set", f"{k}={v}"]
        args += ["worker", "--join", f"127.0.0.1:{join_port}"]
        self.out = open(self.log_path, "wb")
        self.proc = subprocess.Popen(args, stdout=self.out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env={**os.environ, "REPORTD_CLUSTER_SECRET": secret})

    def log(self):
        return self.log_path.read_text(errors="replace")

    def wait_for(self, text, count=1, timeout=30):
        end = time.monotonic() + timeout
        while self.log().count(text) < count:
            if self.proc.poll() is not None:
                raise AssertionError(f"worker {self.name} exited with {self.proc.returncode}: {self.log()}")
            if time.monotonic() > end:
                raise TimeoutError(f"worker {self.name}: {text!r} x{count} not seen in {timeout} s:\n{self.log()}")
            time.sleep(0.05)

    def rendered(self):
        return len(re.findall(r"rendered report '", self.log()))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.out.close()


@pytest.fixture
def cluster(tmp_path):
    """cluster(workers=2) -> (coordinator, [Worker], smtp): every part stopped afterwards."""
    parts = {"servers": [], "workers": [], "smtp": []}

    def make(workers=2, coordinator_settings=None):
        smtp = start_smtp(tmp_path, "accept")
        parts["smtp"].append(smtp)
        port = free_port()
        settings = {**smtp_settings(smtp.port), "cluster.listen": f"127.0.0.1:{port}",
                    "reporting.render_workers": "1", "reporting.mail_workers": "1",
                    "reporting.scheduler_enabled": "false", **(coordinator_settings or {})}
        coordinator = ReportdServer(tmp_path / "coordinator", settings=settings,
                                    env={"REPORTD_CLUSTER_SECRET": SECRET}).start()
        parts["servers"].append(coordinator)
        ws = []
        for i in range(workers):
            w = Worker(tmp_path / f"worker{i}", port, f"w{i}", settings=smtp_settings(smtp.port))
            parts["workers"].append(w)
            ws.append(w)
        for w in ws:
            w.wait_for("joined the coordinator")
        # The coordinator logs each join once its pools have the workers.
        end = time.monotonic() + 10
        while coordinator.stdout().count("cluster: worker '") < workers and time.monotonic() < end:
            time.sleep(0.05)
        return coordinator, ws, smtp, port

    yield make
    for w in parts["workers"]:
        w.stop()
    for s in parts["servers"]:
        if s.alive():
            s.stop()
    for s in parts["smtp"]:
        s.stop()


def make_reports(server, n, prefix):
    dash = simple_dashboard("burst", "Burst")
    assert server.post("/api/dashboards/db", {"dashboard": dash, "overwrite": True}).status == 200
    ids = []
    for i in range(n):
        r = server.post("/api/reports", {"name": f"{prefix} {i}", "subject": f"{prefix} {i}",
                                         "recipients": "alice@example.com", "formats": ["pdf"],
                                         "dashboards": [{"dashboard": {"uid": "burst"}}]})
        assert r.status == 200, r
        ids.append(r.json()["id"])
    return ids


def send_all(server, ids, timeout=90):
    def send(rid):
        started = time.monotonic()
        r = server.post("/api/reports/email", {"id": str(rid), "useEmailsFromReport": True}, timeout=timeout)
        return rid, r, time.monotonic() - started

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(ids)) as pool:
        return list(pool.map(send, ids))


def subjects(smtp):
    return [str(m["Subject"]) for m in smtp.messages()]


def test_sends_are_rendered_on_the_workers_and_arrive_once(cluster):
    coordinator, workers, smtp, _ = cluster(workers=2)
    ids = make_reports(coordinator, 16, "Cluster")
    results = send_all(coordinator, ids)
    assert [r.status for _, r, _ in results] == [200] * 16, [r for _, r, _ in results if r.status != 200]
    arrived = subjects(smtp)
    assert sorted(arrived) == sorted(f"Cluster {i}" for i in range(16))  # each once, none twice
    # Both workers took render jobs (the coordinator has one worker of its own beside their four).
    assert all(w.rendered() >= 1 for w in workers), [w.log() for w in workers]
    # What a worker sent carries the PDF it rendered, like a local one.
    for m in smtp.messages():
        pdfs = [p for p in m.iter_attachments() if p.get_content_type() == "application/pdf"]
        assert len(pdfs) == 1 and pdfs[0].get_content().startswith(b"%PDF")


def test_a_worker_killed_mid_burst_costs_no_hang_and_no_duplicate(cluster):
    coordinator, workers, smtp, _ = cluster(workers=2)
    ids = make_reports(coordinator, 30, "Burst")
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        burst = pool.submit(send_all, coordinator, ids)
        workers[0].wait_for("rendered report '")  # it has jobs in hand
        workers[0].proc.kill()  # kill -9: the connection breaks mid-job
        results = burst.result(timeout=120)
    statuses = [r.status for _, r, _ in results]
    assert set(statuses) <= {200, 500}, statuses
    for _, r, took in results:
        assert took < 60  # the request deadline, never a hang
        if r.status == 500:
            assert r.json()["message"]  # says what happened
    arrived = subjects(smtp)
    assert len(arrived) == len(set(arrived)), "a report arrived twice"
    sent_ok = {f"Burst {ids.index(rid)}" for rid, r, _ in results if r.status == 200}
    assert sent_ok <= set(arrived)  # every 200 is a delivered mail
    # Renders in the dead worker's hands were done again elsewhere: the coordinator says so.
    log = coordinator.stdout()
    assert "worker 'w0/render-" in log and "went away" in log
    # Only mail in the dead worker's hands may fail: each of its two mail workers holds one at most.
    assert statuses.count(500) <= 2, statuses


def test_a_frozen_worker_is_given_up_and_its_renders_done_elsewhere(cluster):
    """SIGSTOP: the process holds its connection open and answers nothing, like a machine that
    vanished without closing it. A job sent to it meets silence: the coordinator gives the worker
    up after its connection timeout (10 s of no heartbeat) and renders its jobs again; once thawed,
    the worker joins again. (The first burst may be over before the stop lands, renders take a
    millisecond: a second burst, sent while it is frozen, is what must find it gone.)"""
    coordinator, [worker], smtp, _ = cluster(workers=1)
    ids = make_reports(coordinator, 15, "Frozen")
    late = make_reports(coordinator, 6, "Frozen late")
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        burst = pool.submit(send_all, coordinator, ids)
        worker.wait_for("rendered report '")
        os.kill(worker.proc.pid, signal.SIGSTOP)
        try:
            results = burst.result(timeout=120)
            results += send_all(coordinator, late)
        finally:
            os.kill(worker.proc.pid, signal.SIGCONT)
    statuses = [r.status for _, r, _ in results]
    # 503: admitted no more than the workers left can render in time (with Retry-After).
    assert set(statuses) <= {200, 500, 503}, statuses
    assert all(took < 60 for _, _, took in results)
    assert statuses.count(500) <= 2, statuses  # mail the frozen worker held (one per mail worker)
    end = time.monotonic() + 30
    while "worker 'w0/render-1' went away" not in coordinator.stdout():
        assert time.monotonic() < end, coordinator.stdout()[-3000:]
        time.sleep(0.1)
    worker.wait_for("joined the coordinator", count=2, timeout=30)
    time.sleep(1)  # what the thawed worker still held, it may finish now: never a second copy
    arrived = subjects(smtp)
    assert len(arrived) == len(set(arrived)), "a report arrived twice"
    names = {rid: f"Frozen {ids.index(rid)}" if rid in ids else f"Frozen late {late.index(rid)}" for rid in ids + late}
    assert {names[rid] for rid, r, _ in results if r.status == 200} <= set(arrived)


def test_a_worker_with_the_wrong_secret_is_refused(cluster, tmp_path):
    coordinator, _, _, port = cluster(workers=0)
    intruder = Worker(tmp_path / "intruder", port, "intruder", secret="not-the-secret")
    try:
        assert intruder.proc.wait(timeout=30) == 1
        assert "cluster secret does not match" in intruder.log()
    finally:
        intruder.stop()
    assert "refused worker 'intruder'" in coordinator.stdout()
    assert "cluster: worker 'intruder' joined" not in coordinator.stdout()


def test_a_worker_rejoins_a_coordinator_that_restarted(cluster):
    coordinator, [worker], smtp, _ = cluster(workers=1)
    coordinator.restart()  # the same [cluster] listen port
    worker.wait_for("joined the coordinator", count=2, timeout=30)
    ids = make_reports(coordinator, 6, "Again")
    results = send_all(coordinator, ids)
    assert [r.status for _, r, _ in results] == [200] * 6
    assert sorted(subjects(smtp)) == sorted(f"Again {i}" for i in range(6))


def test_listen_without_a_secret_stops_start_up(tmp_path):
    proc = subprocess.run([str(BINARY), "--data", str(tmp_path), "--port", "0",
                           "--set", f"cluster.listen=127.0.0.1:{free_port()}"],
                          capture_output=True, text=True, timeout=30,
                          env={k: v for k, v in os.environ.items() if k != "REPORTD_CLUSTER_SECRET"})
    assert proc.returncode == 2
    assert "[cluster] listen needs [cluster] secret" in proc.stderr
