#!/usr/bin/python3
"""A real PostgreSQL for the bench's several-instances scenario, through the e2e suite's helper
(tests/e2e/postgres_server.py: Debian's postgresql 15, initdb + pg_ctl in a folder, a loopback
port, run as `nobody` under root; no pytest needed).
  pg_server.py start DIR DATABASE   initdb's DIR, starts the server, creates DATABASE and
                                    prints "URL postgres://...", "VERSION 15.x" and "PID n"
                                    (the postmaster)
  pg_server.py stop DIR             stops the server started in DIR (fast shutdown); no-op if none
REPORTD_E2E_PG_BIN overrides /usr/lib/postgresql/15/bin."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "e2e"))
from postgres_server import PostgresServer  # noqa: E402


def main():
    cmd, base = sys.argv[1], Path(sys.argv[2])
    pg = PostgresServer(base)
    if cmd == "start":
        pg.start()
        print("URL", pg.create_database(sys.argv[3]), flush=True)
        print("VERSION", pg.psql("SHOW server_version").split()[0], flush=True)
        print("PID", (pg.data / "postmaster.pid").read_text().split()[0], flush=True)
    elif cmd == "stop":
        if (pg.data / "postmaster.pid").exists():
            pg.running = True
            pg.stop()
    else:
        raise SystemExit(f"pg_server.py: unknown command {cmd!r}")


if __name__ == "__main__":
    main()
