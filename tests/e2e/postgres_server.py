"""A real PostgreSQL server for end-to-end tests (Debian's postgresql package).

initdb + pg_ctl in a temporary folder, listening on a free loopback port and a socket in that
folder. initdb refuses to run as root, so under root (CI) the server runs as user `nobody`
with a folder it owns; otherwise it runs as the current user. Host connections need the
password (scram-sha-256), so the URL a test hands to reportd carries real credentials.

    pg = PostgresServer().start()
    url = pg.create_database("reports_1")   # postgres://reportd:secret@127.0.0.1:PORT/reports_1
    ...
    pg.stop()
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("REPORTD_E2E_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "reportd"
PASSWORD = "e2e-secret"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(cmd):
    """The command, run as `nobody` when we are root (initdb and postgres refuse root)."""
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "nobody", "--", *cmd]
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *cmd]


class PostgresServer:
    def __init__(self, base_dir=None):
        self.base = Path(base_dir or tempfile.mkdtemp(prefix="reportd-pg-"))
        self.data = self.base / "data"
        self.socket_dir = self.base / "socket"
        self.log = self.base / "postgres.log"
        self.port = None
        self.running = False

    # --- process ---
    def start(self, timeout=60):
        self.base.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(exist_ok=True)
        pwfile = self.base / "pwfile"
        pwfile.write_text(PASSWORD + "\n")
        if os.geteuid() == 0:
            # nobody must own its folders and be able to reach them.
            os.chmod(self.base, 0o755)
            for p in (self.base, self.socket_dir, pwfile):
                shutil.chown(p, user="nobody")
        self._run([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                   "--pwfile", str(pwfile), "--auth-local=trust", "--auth-host=scram-sha-256",
                   "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        self.port = free_port()
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} "
                f"-c unix_socket_directories={self.socket_dir} -c fsync=off "
                f"-c max_connections=300")
        if os.geteuid() == 0:
            self.log.touch()
            shutil.chown(self.log, user="nobody")
        self._opts = opts
        self._pg_ctl_start(timeout)
        return self

    def _pg_ctl_start(self, timeout=60):
        self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                   "-o", self._opts, "-w", "-t", str(timeout), "start"])
        self.running = True

    def start_again(self, timeout=60):
        """Starts the stopped cluster again, same folder and port (the second half of a
        database server restart a test wants to observe in between)."""
        self._pg_ctl_start(timeout)

    def stop(self, mode="fast"):
        if not self.running:
            return
        self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"])
        self.running = False

    def restart(self):
        """Stops and starts the same cluster on the same port (a database server restart)."""
        self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "restart"])
        self.running = True

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)

    # --- databases ---
    def url(self, name):
        return f"postgres://{SUPERUSER}:{PASSWORD}@127.0.0.1:{self.port}/{name}"

    def create_database(self, name):
        """Creates an empty database and answers its postgres:// URL."""
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def psql(self, sql, database="postgres"):
        """Runs SQL over the socket as the superuser; answers stdout (unaligned, tuples only)."""
        cmd = [str(PG_BIN / "psql"), "-h", str(self.socket_dir), "-p", str(self.port),
               "-U", SUPERUSER, "-d", database, "-v", "ON_ERROR_STOP=1", "-Atq", "-c", sql]
        return self._run(cmd).stdout

    def _run(self, cmd):
        r = subprocess.run(_as_server_user(cmd), capture_output=True, text=True, timeout=120,
                           cwd=str(self.base))
        if r.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"{cmd[0]} failed ({r.returncode}): {r.stderr}{r.stdout}\n{log}")
        return r


if __name__ == "__main__":
    pg = PostgresServer().start()
    try:
        print(pg.create_database("smoke"))
        print(pg.psql("SELECT version()", "smoke"))
    finally:
        pg.cleanup()
