"""Start and drive the real reportd binary for end-to-end tests.

The server runs on an ephemeral port with a temporary data folder; its stdout and stderr go
to files in that folder so a test can read the first-start token and the log lines.

REPORTD_E2E_DATABASE=postgres runs every server on PostgreSQL instead of SQLite: one real
server (postgres_server.py) for the whole pytest run, one database per data folder (so a
restart, a kill -9 or `reportd admin` on that folder finds the same reports).
"""
import atexit
import hashlib
import http.client
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("REPORTD_BINARY", ROOT / "build" / "reportd"))
TOKEN_RE = re.compile(r"glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}")
# Settings only a test may use: PBKDF2 at 1,000 iterations keeps user creation and Basic
# logins fast (production's default is OWASP's 600,000).
TEST_ONLY_SETTINGS = {"security.password_hash_iterations": "1000"}
LISTEN_RE = re.compile(r"reportd listening on http://[^:]+:(\d+)\n")  # whole line: no partial port
E2E_DATABASE = os.environ.get("REPORTD_E2E_DATABASE", "sqlite3")
if E2E_DATABASE not in ("sqlite3", "postgres"):
    raise RuntimeError(f"REPORTD_E2E_DATABASE={E2E_DATABASE!r}: expected sqlite3 or postgres")
_postgres = None  # the run's PostgreSQL server, started on first use


def postgres_server():
    """The PostgreSQL server of this pytest run (started on first use, stopped at exit)."""
    global _postgres
    if _postgres is None:
        from postgres_server import PostgresServer
        _postgres = PostgresServer().start()
        atexit.register(_postgres.cleanup)
    return _postgres


def database_settings(data_dir):
    """[database] settings for a server on `data_dir`: none on SQLite (its file lives in the
    folder), else the URL of the folder's own PostgreSQL database, created on first use."""
    if E2E_DATABASE != "postgres":
        return {}
    marker = Path(data_dir) / ".e2e-postgres-url"
    if not marker.exists():
        name = "r_" + hashlib.sha1(str(Path(data_dir).resolve()).encode()).hexdigest()[:20]
        marker.write_text(postgres_server().create_database(name))
    return {"database.type": "postgres", "database.url": marker.read_text()}


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"<Response {self.status} {self.body[:200]!r}>"


class ReportdServer:
    def __init__(self, data_dir, settings=None, env=None):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.settings = dict(settings or {})
        self.env = dict(env or {})
        self.proc = None
        self.port = None
        self.token = None  # the first-start admin token, once seen
        self.starts = 0

    # --- process ---
    def start(self, timeout=60):
        self.starts += 1
        out = open(self.data_dir / f"stdout.{self.starts}.log", "wb")
        err = open(self.data_dir / f"stderr.{self.starts}.log", "wb")
        args = [str(BINARY), "--data", str(self.data_dir), "--port", "0"]
        sets = {"server.http_addr": "127.0.0.1", "security.auth_cache_ttl": "0s",
                "reporting.provision_demo": "false", **TEST_ONLY_SETTINGS,
                **database_settings(self.data_dir)}
        sets.update(self.settings)
        for k, v in sets.items():
            args += ["--set", f"{k}={v}"]
        env = dict(os.environ)
        env.update(self.env)
        self.proc = subprocess.Popen(args, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            text = self.stdout()
            m = LISTEN_RE.search(text)
            if m:
                self.port = int(m.group(1))
                t = TOKEN_RE.search(text)
                if t and self.token is None:
                    self.token = t.group(0)
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"reportd exited with {self.proc.returncode}: {self.stderr()}")
            time.sleep(0.02)
        self.proc.kill()  # never leave a half-started server behind
        self.proc.wait()
        self.proc = None
        raise RuntimeError("reportd did not start listening in time:\n" + self.stdout() + self.stderr())

    def stdout(self):
        p = self.data_dir / f"stdout.{self.starts}.log"
        return p.read_text(errors="replace") if p.exists() else ""

    def stderr(self):
        p = self.data_dir / f"stderr.{self.starts}.log"
        return p.read_text(errors="replace") if p.exists() else ""

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
            raise AssertionError("reportd did not stop within %ss of signal %s" % (timeout, sig))
        finally:
            self.proc = None
        return rc

    def kill9(self):
        return self.stop(signal.SIGKILL)

    def restart(self):
        self.stop()
        return self.start()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    # --- admin CLI on the same data folder ---
    def admin(self, *args, settings=None):
        own_database = {k: v for k, v in self.settings.items() if k.startswith("database.")}
        settings = {**TEST_ONLY_SETTINGS, **database_settings(self.data_dir), **own_database, **(settings or {})}
        sets = [x for k, v in settings.items() for x in ("--set", f"{k}={v}")]
        cmd = [str(BINARY), "--data", str(self.data_dir), *sets, "admin", *map(str, args)]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return r.returncode, r.stdout.strip(), r.stderr.strip()

    def new_token(self, org=1, role="Admin", name=None):
        name = name or f"sa-{org}-{role}-{time.time_ns()}"
        rc, out, err = self.admin("create-service-account", "--name", name, "--org", org, "--role", role)
        assert rc == 0, err
        rc, token, err = self.admin("create-token", "--service-account", out, "--name", "t")
        assert rc == 0, err
        return token

    # --- HTTP ---
    def request(self, method, path, body=None, token="__default__", headers=None,
                content_type="application/json", timeout=90):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        hdrs = dict(headers or {})
        if token == "__default__":
            token = self.token
        if token:
            hdrs.setdefault("Authorization", f"Bearer {token}")
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            if isinstance(data, str):
                data = data.encode()
            if content_type:
                hdrs.setdefault("Content-Type", content_type)
        try:
            conn.request(method, path, body=data, headers=hdrs)
            r = conn.getresponse()
            return Response(r.status, dict(r.getheaders()), r.read())
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)
