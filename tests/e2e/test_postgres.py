"""Several reportd processes on one real PostgreSQL (Debian's postgresql, initdb'd by
postgres_server.py on a loopback port), and PostgreSQL going away under a running reportd.

These run in the PostgreSQL pass of the suite (REPORTD_E2E_DATABASE=postgres, the second pass
of scripts/test.sh); every other end-to-end test runs in that pass too, each server on its own
database."""
import collections
import re
import threading
import time

import pytest

from reportd_server import E2E_DATABASE, ReportdServer, postgres_server
from postgres_server import PostgresServer
from test_schedule import create_report, epoch, light_dashboard, smtp, smtp_settings  # noqa: F401 (fixture)

pytestmark = pytest.mark.skipif(E2E_DATABASE != "postgres",
                                reason="runs in the PostgreSQL pass (REPORTD_E2E_DATABASE=postgres)")

_databases = iter(range(1, 1_000_000))


def shared_database():
    """A new, empty database on the run's PostgreSQL server, for several instances to share."""
    return postgres_server().create_database(f"shared_{time.time_ns()}_{next(_databases)}")


def start_all(servers):
    """Starts the servers at the same time (their migrations race for the advisory lock)."""
    errors = []

    def start(s):
        try:
            s.start()
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=start, args=(s,)) for s in servers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return servers


@pytest.fixture
def instances(tmp_path):
    """instances(n, url, settings) -> n servers on the database at `url`, started at once."""
    started = []

    def make(n, url, settings=None):
        servers = [ReportdServer(tmp_path / f"instance{i}",
                                 settings={"database.type": "postgres", "database.url": url,
                                           "server.instance_id": f"instance-{i}", **(settings or {})})
                   for i in range(n)]
        started.extend(servers)
        return start_all(servers)

    yield make
    for s in started:
        if s.alive():
            s.stop()


def metric(server, name):
    text = server.get("/metrics", token=None).body.decode()
    m = re.search(rf"^{re.escape(name)} ([0-9.e+]+)$", text, re.M)
    return float(m.group(1)) if m else 0.0


def test_instances_started_at_once_migrate_once_and_share_everything(instances):
    url = shared_database()
    a, b = instances(2, url)
    token = a.token or b.token
    assert token, "neither instance announced the first-start token"
    assert not (a.token and b.token), "both instances created a first-start token"
    versions = postgres_server().psql("SELECT version FROM schema_migrations ORDER BY version",
                                      url.rsplit("/", 1)[1]).split()
    assert versions == [str(v) for v in range(1, len(versions) + 1)] and len(versions) >= 7

    # A dashboard and a report made through one are read, changed, sent and deleted through the other.
    assert a.post("/api/dashboards/db", {"dashboard": light_dashboard(), "overwrite": True},
                  token=token).status == 200
    r = a.post("/api/reports", {"name": "Shared", "subject": "Shared", "recipients": "ops@example.com",
                                "formats": ["pdf"], "dashboards": [{"dashboard": {"uid": "notes"}}],
                                "schedule": {"frequency": "never"}}, token=token)
    assert r.status == 200, r
    rid = r.json()["id"]
    got = b.get(f"/api/reports/{rid}", token=token)
    assert got.status == 200 and got.json()["name"] == "Shared"
    assert b.post("/api/reports/email", {"id": str(rid), "useEmailsFromReport": True},
                  token=token).status == 200
    assert len(list((b.data_dir / "outbox").glob("*.eml"))) == 1  # B rendered and spooled it

    # Settings saved through B are what A answers.
    settings = a.get("/api/reports/settings", token=token).json()
    settings["branding"]["emailFooterText"] = "Sent by the B instance"
    assert b.post("/api/reports/settings", settings, token=token).status == 200
    assert a.get("/api/reports/settings", token=token).json()["branding"]["emailFooterText"] == \
        "Sent by the B instance"

    # A token created through one instance authenticates on the other.
    new = b.new_token(role="Editor")
    assert a.get(f"/api/reports/{rid}", token=new).status == 200

    assert b.delete(f"/api/reports/{rid}", token=token).status == 200
    assert a.get(f"/api/reports/{rid}", token=token).status == 404


def test_three_instances_send_200_reports_due_at_once_exactly_once(instances, smtp):  # noqa: F811
    url = shared_database()
    servers = instances(3, url, {**smtp_settings(smtp.port), "reporting.schedule_reload": "1s"})
    token = next(s.token for s in servers if s.token)
    for s in servers:
        s.token = token
    assert servers[0].post("/api/dashboards/db", {"dashboard": light_dashboard(), "overwrite": True}).status == 200
    due = int(time.time()) + 12  # lead time to create 200 reports on a busy machine
    for i in range(200):  # spread over the three: each scheduler also sees the others' within 1 s
        create_report(servers[i % 3], f"Burst {i:03d}", due)
    assert time.time() < due - 2, "creating 200 reports took longer than the lead time"

    smtp.wait_for(200, timeout=180)
    time.sleep(2.0)  # a duplicate would arrive about now
    subjects = collections.Counter(str(m["Subject"]) for m in smtp.messages())
    assert len(subjects) == 200, f"{len(subjects)} distinct reports arrived"
    assert set(subjects.values()) == {1}, [s for s, n in subjects.items() if n > 1][:5]

    runs = servers[1].get("/api/reports/runs?status=succeeded&perPage=1000").json()
    assert len(runs) == 200
    assert len({r["reportId"] for r in runs}) == 200
    sent_by = [metric(s, "reportd_scheduler_lag_seconds_count") for s in servers]
    assert sum(sent_by) == 200, sent_by
    assert sum(1 for n in sent_by if n > 0) >= 2, f"one instance sent everything: {sent_by}"


def test_a_database_restart_gives_clear_errors_and_reportd_reconnects(tmp_path):
    pg = PostgresServer().start()  # its own server (this test stops it), in /tmp: the server user must reach it
    try:
        srv = ReportdServer(tmp_path / "data", settings={
            "database.type": "postgres", "database.url": pg.create_database("restart"),
            "reporting.provision_demo": "false"}).start()
        try:
            assert srv.post("/api/dashboards/db", {"dashboard": light_dashboard(), "overwrite": True}).status == 200
            rid = create_report(srv, "Before", int(time.time()) + 3600)
            assert srv.get(f"/api/reports/{rid}").status == 200

            pg.stop()
            for _ in range(3):  # every request answers at once with what is wrong, none hangs
                began = time.monotonic()
                r = srv.get("/api/reports")
                assert time.monotonic() - began < 15
                assert r.status in (500, 503), r
                assert r.json()["message"], r
            assert srv.get("/api/health", token=None).json()["database"] != "ok"

            pg.start_again()
            deadline = time.monotonic() + 30
            while srv.get("/api/reports").status != 200:
                assert time.monotonic() < deadline, "reportd did not reconnect to PostgreSQL"
                time.sleep(0.2)
            # Nothing was lost, and writes work again on the new sessions.
            got = srv.get(f"/api/reports/{rid}")
            assert got.status == 200 and got.json()["name"] == "Before", got
            rid2 = create_report(srv, "After", int(time.time()) + 3600)
            names = sorted(r["name"] for r in srv.get("/api/reports").json())
            assert names == ["After", "Before"] and rid2 != rid
        finally:
            srv.stop()
    finally:
        pg.cleanup()


def test_grafana_style_keys_reach_the_database_and_a_wrong_password_stops_start_up(tmp_path):
    pg = postgres_server()
    from postgres_server import PASSWORD, SUPERUSER
    name = f"keys_{time.time_ns()}"
    pg.create_database(name)
    keys = {"database.type": "postgres", "database.url": "", "database.host": f"127.0.0.1:{pg.port}",
            "database.name": name, "database.user": SUPERUSER}
    srv = ReportdServer(tmp_path / "ok", settings={**keys, "database.password": PASSWORD}).start()
    try:
        health = srv.get("/api/health", token=None).json()
        assert health["database"] == "ok" and health["databaseType"] == "postgres"
    finally:
        srv.stop()
    assert pg.psql("SELECT count(*) FROM reports", name).strip() == "0"  # reportd's schema is there

    bad = ReportdServer(tmp_path / "bad", settings={**keys, "database.password": "not-the-password"})
    with pytest.raises(RuntimeError) as refused:
        bad.start(timeout=30)
    message = str(refused.value)
    assert "password authentication failed" in message
    assert f"postgres://{SUPERUSER}@127.0.0.1:{pg.port}/{name}" in message
    assert "not-the-password" not in message


def test_the_same_dashboard_created_through_two_instances_at_once_is_created_once(instances):
    a, b = instances(2, shared_database())
    token = a.token or b.token
    for i in range(20):
        dash = {**light_dashboard(uid=f"race-{i}"), "title": f"Race {i}"}
        statuses, bodies = [], []

        def create(server):
            r = server.post("/api/dashboards/db", {"dashboard": dash, "overwrite": False}, token=token)
            statuses.append(r.status)
            bodies.append(r.body)

        threads = [threading.Thread(target=create, args=(s,)) for s in (a, b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # One wins; the other hears "already exists" (400), whichever check or index caught it.
        assert sorted(statuses) == [200, 400], (statuses, bodies)
        assert b"already exists" in bodies[statuses.index(400)]


def test_runs_claimed_by_an_instance_killed_mid_send_are_sent_once_by_another_after_the_lease(
        instances, tmp_path, smtp):  # noqa: F811
    from smtp_helpers import start_smtp
    url = shared_database()
    stalled = start_smtp(tmp_path / "stall", "stall")  # the doomed instance's mail never completes
    try:
        # Short hops make the doomed instance's lease (the longest its run can take) ~30 s.
        hops = {"reporting.retry_count": "0", "reporting.store_timeout": "2s", "reporting.render_timeout": "5s",
                "reporting.mail_timeout": "20s", "reporting.schedule_reload": "1s"}
        doomed, = instances(1, url, {**hops, **smtp_settings(stalled.port)})
        token = doomed.token
        survivor = ReportdServer(tmp_path / "survivor", settings={
            "database.type": "postgres", "database.url": url, **hops, **smtp_settings(smtp.port)}).start()
        survivor.token = token
        try:
            assert doomed.post("/api/dashboards/db", {"dashboard": light_dashboard(), "overwrite": True}).status == 200
            due = int(time.time()) + 6
            for i in range(10):
                create_report(doomed, f"Lease {i}", due)
            db = url.rsplit("/", 1)[1]
            pg = postgres_server()

            def running():
                rows = pg.psql("SELECT report_id, lease_until FROM report_runs WHERE status = 'running'", db)
                return dict(tuple(map(int, line.split("|"))) for line in rows.split())

            deadline = time.monotonic() + 30
            while not running() and time.monotonic() < deadline:
                time.sleep(0.2)
            # The runs the doomed instance holds: still running, same lease, a second apart (the
            # survivor's own finish in milliseconds).
            first = running()
            time.sleep(1.5)
            held = {k: v for k, v in running().items() if first.get(k) == v}
            assert held, "the doomed instance claimed nothing"
            doomed.kill9()
            killed_at = time.time()

            smtp.wait_for(10, timeout=120)
            time.sleep(2.0)  # a duplicate would arrive about now
            subjects = collections.Counter(str(m["Subject"]) for m in smtp.messages())
            assert len(subjects) == 10 and set(subjects.values()) == {1}, subjects

            runs = survivor.get("/api/reports/runs?perPage=100").json()
            assert sorted(r["status"] for r in runs) == ["succeeded"] * 10, runs
            # Taken over only after the dead instance's lease, never before.
            started = {r["reportId"]: r["startedAt"] for r in runs}
            for report_id, lease_until in held.items():
                assert epoch(started[report_id]) >= lease_until, (report_id, started[report_id], lease_until)
            assert "taking it over" in survivor.stdout() + survivor.stderr()
            assert killed_at < max(held.values()), "the lease ran out before the kill; nothing was tested"
        finally:
            survivor.stop()
    finally:
        stalled.stop()
