"""Login floods (issue 10, item 4).

A flood of wrong-password Basic logins from many connections and addresses is answered 401,
429 (too many failed logins, with Retry-After) or 503 (password checks busy, with
Retry-After) -- never 500 -- while a legitimate Basic login of another user and a Bearer
token keep working. Failed logins are limited per login and source: after N failures the
same login from the same address gets 429 without a password check, other addresses and
other logins do not, and after the window it works again.

The clients use several loopback source addresses (127.0.0.2, 127.0.0.3, ...: all of
127.0.0.0/8 is the loopback interface on Linux) so the per-address limits see distinct
sources."""
import base64
import http.client
import threading
import time
from concurrent.futures import ThreadPoolExecutor


FLOOD_REQUESTS = 1000
FLOOD_CONNECTIONS = 150
FLOOD_SOURCES = 50
REALISTIC_ITERATIONS = "600000"  # production's PBKDF2 cost: the flood is the point


def basic(login, password):
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


def get(server, authorization, source="127.0.0.1", path="/api/reports"):
    """One request on a new connection from `source`: (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120, source_address=(source, 0))
    try:
        conn.request("GET", path, headers={"Authorization": authorization})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


def create_user(server, login, password, iterations=None):
    settings = {"security.password_hash_iterations": str(iterations)} if iterations else None
    rc, _, err = server.admin("create-user", "--login", login, "--password", password,
                              "--org", "1", "--role", "Admin", settings=settings)
    assert rc == 0, err


def test_login_flood_leaves_legitimate_logins_working(make_server):
    # The auth hop may take two PBKDF2 runs at production cost on a busy 2-core machine
    # (the default 2 s is sized for a dedicated one); the flood is what is under test.
    server = make_server({"reporting.auth_timeout": "10s"})
    create_user(server, "alice", "alice-pw", REALISTIC_ITERATIONS)
    targets = [f"target{i}" for i in range(4)]
    for login in targets:
        create_user(server, login, "unknown-to-the-attacker", REALISTIC_ITERATIONS)

    statuses, missing_retry_after, sent = [], [], [0]
    lock = threading.Lock()
    flood_started = threading.Event()
    flood_done = threading.Event()

    def attacker(worker):
        source = f"127.0.0.{2 + worker % FLOOD_SOURCES}"
        while True:
            with lock:
                if sent[0] >= FLOOD_REQUESTS:
                    return
                i = sent[0]
                sent[0] += 1
            status, headers, _ = get(server, basic(targets[i % len(targets)], f"guess{i}"), source)
            with lock:
                statuses.append(status)
                if status in (429, 503) and "Retry-After" not in headers:
                    missing_retry_after.append(status)
                if len(statuses) >= 100:
                    flood_started.set()

    def flood():
        with ThreadPoolExecutor(FLOOD_CONNECTIONS) as pool:
            list(pool.map(attacker, range(FLOOD_CONNECTIONS)))
        flood_done.set()

    runner = threading.Thread(target=flood)
    runner.start()
    try:
        assert flood_started.wait(120), "the flood got no answers"
        legit_status, _, legit_body = get(server, basic("alice", "alice-pw"))
        legit_during_flood = not flood_done.is_set()
        token_status, _, token_body = get(server, f"Bearer {server.token}")
        token_during_flood = not flood_done.is_set()
    finally:
        runner.join()

    assert legit_status == 200, legit_body
    assert token_status == 200, token_body
    assert legit_during_flood and token_during_flood, "the flood was over before the legitimate requests"
    assert len(statuses) == FLOOD_REQUESTS
    assert set(statuses) <= {401, 429, 503}, sorted(set(statuses))
    assert 401 in statuses  # passwords were checked...
    assert 503 in statuses  # ...on a bounded pool: the rest was refused at once
    assert not missing_retry_after
    assert "authentication timed out" not in server.stdout() + server.stderr()
    # Still serving normally afterwards.
    assert get(server, basic("alice", "alice-pw"))[0] == 200


def test_failed_logins_are_limited_per_login_and_source_then_work_again(make_server):
    server = make_server({"security.login_max_failures": "3",
                          "security.login_failure_window": "3s"})
    create_user(server, "victim", "right")
    create_user(server, "bob", "bob-pw")
    attacker = "127.0.0.2"

    for i in range(3):
        status, _, body = get(server, basic("victim", f"wrong{i}"), attacker)
        assert status == 401, body
    # Refused without a check, even with the right password, saying when to come back.
    status, headers, body = get(server, basic("victim", "right"), attacker)
    assert status == 429, body
    assert b"too many failed logins for this user from your address" in body
    retry_after = int(headers["Retry-After"])
    assert 1 <= retry_after <= 3

    # The attacker cannot lock the victim out: the victim's own address still logs in, and
    # another user from the attacker's address is unaffected.
    assert get(server, basic("victim", "right"), "127.0.0.3")[0] == 200
    assert get(server, basic("bob", "bob-pw"), attacker)[0] == 200
    # A Bearer token from the attacker's address too.
    assert get(server, f"Bearer {server.token}", attacker)[0] == 200

    # After Retry-After (the limit's window share) the login works again from there.
    time.sleep(retry_after)  # the server said how long to wait; nothing to await instead
    deadline = time.time() + 10
    while True:
        status, headers, body = get(server, basic("victim", "right"), attacker)
        if status != 429 or time.time() > deadline:
            break
        time.sleep(min(0.2, float(headers.get("Retry-After", "1"))))
    assert status == 200, body
