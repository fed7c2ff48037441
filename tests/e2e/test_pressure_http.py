"""The HTTP front under pressure, against the real binary: SIGTERM with requests in flight,
a stdout reader that goes away, file descriptors running out, max_connections, control
characters in a logged path, Host header rules and chunked trailers.

The slow peer of the SIGTERM test is the real SMTP test server (aiosmtpd) in its "stall"
mode: it takes DATA and never answers, so sends stay in flight as long as the test wants.
"""
import concurrent.futures
import http.client
import os
import re
import resource
import signal
import socket
import subprocess
import time
from pathlib import Path

from conftest import simple_dashboard
from reportd_server import BINARY, LISTEN_RE, TEST_ONLY_SETTINGS, database_settings
from smtp_helpers import start_smtp


def base_args(data_dir, **settings):
    args = [str(BINARY), "--data", str(data_dir), "--port", "0"]
    sets = {"server.http_addr": "127.0.0.1", "reporting.provision_demo": "false", **TEST_ONLY_SETTINGS,
            **database_settings(data_dir)}
    sets.update(settings)
    for k, v in sets.items():
        args += ["--set", f"{k}={v}"]
    return args


def wait_until(predicate, timeout, what):
    """Polls `predicate` (an observable event) until true; fails naming `what`."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def raw_exchange(port, data, timeout=10):
    """Sends raw bytes, returns everything the server sends until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(raw):
    m = re.match(rb"HTTP/1\.[01] (\d{3}) ", raw)
    return int(m.group(1)) if m else None


def heavy_in_flight(server):
    text = server.get("/metrics", token=None).body.decode()
    m = re.search(r'^reportd_http_requests_in_flight\{class="heavy"\} (\d+)', text, re.M)
    return int(m.group(1)) if m else 0


# --- SIGTERM under load -------------------------------------------------------------------

def send_and_wait(port, token, report_id):
    """One client on its own connection: (status, Retry-After) or ("no answer", error)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", "/api/reports/email", body=f'{{"id": "{report_id}", "emails": "a@example.com"}}',
                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        return r.status, r.getheader("Retry-After")
    except (OSError, http.client.HTTPException) as e:
        return "no answer", repr(e)
    finally:
        conn.close()


def test_sigterm_with_120_sends_in_flight_answers_every_connection_and_exits_in_time(make_server, tmp_path):
    smtp = start_smtp(tmp_path, "stall")
    try:
        drain_s = 3
        server = make_server({"smtp.enabled": "true", "smtp.host": f"127.0.0.1:{smtp.port}",
                              "smtp.startTLS_policy": "none", "server.drain_timeout": f"{drain_s}s",
                              "reporting.retry_count": "0",
                              # Admission sizes the heavy queue by the render workers: enough
                              # of them that all 120 sends are admitted and wait on the SMTP.
                              "reporting.render_workers": "24"})
        assert server.post("/api/dashboards/db", {"dashboard": simple_dashboard(), "overwrite": True}).status == 200
        r = server.post("/api/reports", {
            "name": "Stalled", "recipients": "a@example.com", "formats": ["pdf"],
            "schedule": {"frequency": "never"}, "dashboards": [{"dashboard": {"uid": "cpu"}}]})
        assert r.status == 200, r
        report_id = r.json()["id"]

        clients = 120
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=clients)
        futures = [pool.submit(send_and_wait, server.port, server.token, report_id) for _ in range(clients)]
        # Every send has reached the server: admitted (in flight) or already answered.
        wait_until(lambda: heavy_in_flight(server) + sum(f.done() for f in futures) >= clients, 60,
                   "all sends to arrive")
        in_flight_at_signal = heavy_in_flight(server)
        started = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        server.proc.wait(timeout=drain_s + 15)
        exit_after = time.monotonic() - started
        results = [f.result(timeout=30) for f in futures]
        pool.shutdown()
        server.proc = None
    finally:
        smtp.stop()

    unanswered = [r for r in results if r[0] == "no answer"]
    print(f"in flight at SIGTERM {in_flight_at_signal}; answers "
          f"{ {str(k): sum(1 for s, _ in results if s == k) for k in {s for s, _ in results}} }; "
          f"exit {exit_after:.1f} s after SIGTERM")
    assert unanswered == [], f"{len(unanswered)} of {clients} got no HTTP answer: {unanswered[:3]}"
    assert {s for s, _ in results} <= {200, 503}, results
    assert all(retry for s, retry in results if s == 503), "a 503 without Retry-After"
    assert in_flight_at_signal > 0
    assert sum(1 for s, _ in results if s == 503) >= in_flight_at_signal
    # Within the drain timeout and a few seconds, though the mail workers are still blocked
    # on the stalled SMTP server (mail_timeout 60 s).
    assert exit_after < drain_s + 6, f"exited {exit_after:.1f} s after SIGTERM"
    log = server.stdout()
    assert re.search(r"drain timeout: answered 503 to \d+ requests still in flight", log), log[-2000:]


def test_idle_keep_alive_connection_is_closed_at_sigterm_and_exit_is_prompt(make_server):
    server = make_server()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("GET", "/api/health")
    assert conn.getresponse().read() and True
    started = time.monotonic()
    server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(timeout=20) == 0
    server.proc = None
    assert time.monotonic() - started < 5  # not held for the 75 s idle timeout
    conn.close()


# --- stdout reader gone (reportd | head -1) ----------------------------------------------

def test_serving_goes_on_when_the_stdout_reader_has_gone(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    err = open(data / "stderr.log", "wb")
    proc = subprocess.Popen(base_args(data), stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
    try:
        port = None
        for line in proc.stdout:  # the log and the banner, up to the "listening" line
            m = LISTEN_RE.search(line.decode(errors="replace"))
            if m:
                port = int(m.group(1))
                break
        assert port, "no listening line"
        proc.stdout.close()  # like `head -1` exiting: every later write to stdout fails with EPIPE
        for i in range(20):  # each request writes a log line to stdout
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/api/health")
            r = conn.getresponse()
            assert r.status == 200, f"request {i}: {r.status}"
            r.read()
            conn.close()
        assert proc.poll() is None, f"reportd exited with {proc.returncode}"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        err.close()


# --- file descriptors running out ---------------------------------------------------------

def test_descriptor_exhaustion_is_logged_once_and_serving_resumes(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    limit = 128

    def low_fd_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

    out = open(data / "stdout.log", "wb")
    proc = subprocess.Popen(base_args(data), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            preexec_fn=low_fd_limit)
    log = lambda: (data / "stdout.log").read_text(errors="replace")  # noqa: E731
    held = []
    try:
        port = int(wait_until(lambda: LISTEN_RE.search(log()), 60, "listening").group(1))
        open_fds = len(os.listdir(f"/proc/{proc.pid}/fd"))
        # More connections than descriptors are left: the last ones wait in the backlog.
        for _ in range(limit - open_fds + 20):
            held.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        wait_until(lambda: "cannot accept connections" in log(), 30, "the EMFILE line")
        cpu_before = sum(int(x) for x in Path(f"/proc/{proc.pid}/stat").read_text().split()[13:15])
        time.sleep(1.0)  # a window of time in which a spinning accept loop would log or burn CPU
        cpu_ticks = sum(int(x) for x in Path(f"/proc/{proc.pid}/stat").read_text().split()[13:15]) - cpu_before
        assert log().count("cannot accept connections") == 1, log()[-3000:]
        assert "Too many open files" in log()
        for s in held:
            s.close()
        held = []

        def served():
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", "/api/health")
                return conn.getresponse().status == 200
            except OSError:
                return False

        assert wait_until(served, 30, "a request served after the held connections closed")
        # Said once accepting has gone on for a second with no refusal: closing the held
        # connections frees descriptors one by one, and the backlog takes each at once.
        wait_until(lambda: "accepting connections again" in log(), 10, "the line that says it is over")
        assert log().count("cannot accept connections") == 1, log()[-3000:]
        assert log().count("accepting connections again") == 1, log()[-3000:]
        # Informational: a retry every 100 ms costs next to nothing (a spin costs ~100 ticks/s).
        print(f"CPU during 1 s of exhaustion: {cpu_ticks} ticks")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        for s in held:
            s.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        out.close()


# --- max_connections ----------------------------------------------------------------------

def test_connections_past_max_connections_are_answered_503_and_closed(make_server):
    server = make_server({"server.max_connections": "4"})
    held = []
    for _ in range(4):  # admitted: each has been served once and stays open (keep-alive)
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        c.request("GET", "/api/health")
        r = c.getresponse()
        assert r.status == 200
        r.read()
        held.append(c)
    raw = raw_exchange(server.port, b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status_of(raw) == 503, raw[:300]
    assert b"\r\nRetry-After: " in raw
    assert b"too many open connections (limit 4)" in raw
    held.pop().close()

    def served():
        return status_of(raw_exchange(server.port, b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")) == 200

    assert wait_until(served, 10, "a free connection slot")
    for c in held:
        c.close()


# --- control characters in a logged path --------------------------------------------------

def test_control_characters_in_the_path_are_escaped_in_the_log(make_server):
    server = make_server({"server.router_logging": "true"})  # a line for every request
    r = server.get("/api/reports/1%0Aid=forged%20GET%20admin%1B%5B31m")
    assert r.status == 400, r  # an id that is not a number, answered through the logged path
    log = wait_until(lambda: "/api/reports/1" in server.stdout() and server.stdout(), 10, "the request's log line")
    line = next(l for l in log.splitlines() if "/api/reports/1" in l)
    assert "/api/reports/1\\x0aid=forged GET admin\\x1b[31m" in line, line
    assert "\x1b" not in log.split("listening", 1)[-1]
    assert not any(l.startswith("id=forged") for l in log.splitlines())


def test_requests_are_logged_only_with_router_logging(make_server):
    quiet = make_server(name="quiet")  # the default, as Grafana's: no line per request
    assert quiet.get("/api/reports/424242").status == 404
    loud = make_server({"server.router_logging": "true"}, name="loud")
    assert loud.get("/api/reports/424242").status == 404
    wait_until(lambda: "/api/reports/424242" in loud.stdout(), 10, "the request's log line with router_logging")
    assert "/api/reports/424242" not in quiet.stdout()
    assert quiet.get("/api/health").status == 200  # still serving; the metrics count every request
    assert 'route="GET /api/reports/:id",status="404"} 1' in quiet.get("/metrics", token=None).body.decode()


# --- Host header (RFC 9112 3.2) -----------------------------------------------------------

def test_http11_without_host_is_400(server):
    raw = raw_exchange(server.port, b"GET /api/health HTTP/1.1\r\n\r\n")
    assert status_of(raw) == 400, raw[:300]
    assert b"without a Host header" in raw


def test_two_host_headers_are_400(server):
    raw = raw_exchange(server.port, b"GET /api/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
    assert status_of(raw) == 400, raw[:300]
    assert b"more than one Host header" in raw


def test_http10_without_host_is_served(server):
    raw = raw_exchange(server.port, b"GET /api/health HTTP/1.0\r\n\r\n")
    assert status_of(raw) == 200, raw[:300]


# --- chunked trailers count against max_header_bytes --------------------------------------

def chunked_post(trailer_lines):
    head = b"GET /api/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    body = b"2\r\n{}\r\n0\r\n" + b"".join(b"X-Trailer-%d: %s\r\n" % (i, b"t" * 100) for i in range(trailer_lines))
    return head + body + b"\r\n"


def test_oversized_chunked_trailers_are_refused(server):
    raw = raw_exchange(server.port, chunked_post(200))  # ~23 KB of trailers, limit 8 KB
    assert status_of(raw) == 400, raw[:300]
    assert b"too large" in raw
    assert server.get("/api/health", token=None).status == 200


def test_small_chunked_trailers_pass_the_limit(server):
    raw = raw_exchange(server.port, chunked_post(2))
    assert b"too large" not in raw, raw[:300]
    assert status_of(raw) == 200, raw[:300]
