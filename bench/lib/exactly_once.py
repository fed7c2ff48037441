#!/usr/bin/python3
"""Exactly-once across instances: N reports (frequency once) due at the same second, created
round-robin through the instances (their schedulers all see every report within
[reporting] schedule_reload), then counted at the SMTP sink's subject log (smtp_sink.py --log).
Prints one JSON object: reports, arrived (distinct), duplicates, missing, seconds from the due
second to the first and to the last arrival, the messages each instance sent (its
reportd_scheduler_lag_seconds_count) and the succeeded runs the store holds for them.
Usage: exactly_once.py TOKEN SINK_LOG N LEAD_SECONDS PORT [PORT...]"""
import collections
import datetime
import http.client
import json
import re
import sys
import time

DASHBOARD = {  # one text panel: cheap to render, so the burst measures the schedulers, not the renderer
    "uid": "bench-burst", "title": "Bench burst", "schemaVersion": 39, "time": {"from": "now-6h", "to": "now"},
    "panels": [{"id": 1, "type": "text", "title": "Notes", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 4},
                "options": {"mode": "markdown", "content": "All systems nominal."}}]}


def call(port, token, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    r = conn.getresponse()
    payload = r.read()
    conn.close()
    if r.status != 200:
        raise SystemExit(f"exactly_once: {method} {path} on :{port} -> {r.status} {payload[:300]!r}")
    return payload


def rfc3339(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def sent_by(port):
    text = call(port, None, "GET", "/metrics").decode()
    m = re.search(r"^reportd_scheduler_lag_seconds_count ([0-9.e+]+)$", text, re.M)
    return int(float(m.group(1))) if m else 0


def arrivals(log, prefix):
    """(subject, time) of every message in the sink's log whose subject starts with prefix."""
    out = []
    with open(log, encoding="utf-8") as f:
        for line in f:
            t, _, subject = line.rstrip("\n").partition(" ")
            if subject.startswith(prefix):
                out.append((subject, float(t)))
    return out


def main():
    token, log, n, lead = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    ports = [int(p) for p in sys.argv[5:]]
    before = [sent_by(p) for p in ports]
    call(ports[0], token, "POST", "/api/dashboards/db", {"dashboard": DASHBOARD, "overwrite": True})
    prefix = f"Burst {int(time.time())}"
    due = int(time.time() + lead)
    ids = []
    for i in range(n):
        ids.append(json.loads(call(ports[i % len(ports)], token, "POST", "/api/reports", {
            "name": f"{prefix} {i:04d}", "subject": f"{prefix} {i:04d}", "recipients": "alice@example.com",
            "formats": ["pdf"], "dashboards": [{"dashboard": {"uid": DASHBOARD["uid"]}}],
            "schedule": {"frequency": "once", "startDate": rfc3339(due), "timeZone": "UTC"}}))["id"])
    created_ahead = due - time.time()
    if created_ahead < 1:
        raise SystemExit(f"exactly_once: creating {n} reports took longer than the {lead:.0f} s lead "
                         f"({-created_ahead:.1f} s late); raise BENCH_PG_LEAD")
    deadline = time.time() + lead + 180
    while time.time() < deadline:
        if len({s for s, _ in arrivals(log, prefix)}) >= n:
            break
        time.sleep(0.1)
    time.sleep(3.0)  # a duplicate would arrive about now
    got = arrivals(log, prefix)
    first = {}
    for s, t in got:
        first.setdefault(s, t)
    counts = collections.Counter(s for s, _ in got)
    succeeded = collections.Counter()  # the store's view: succeeded runs per report
    for i, rid in enumerate(ids):
        runs = json.loads(call(ports[i % len(ports)], token, "GET", f"/api/reports/{rid}/runs?perPage=1000"))
        succeeded[rid] = sum(1 for r in runs if r["status"] == "succeeded")
    print(json.dumps({
        "reports": n, "instances": len(ports), "arrived": len(counts), "messages": len(got),
        "duplicates": sum(c - 1 for c in counts.values()), "missing": n - len(counts),
        "created_ahead_s": round(created_ahead, 2),
        "first_after_due_s": round(min(first.values()) - due, 3) if first else None,
        "all_after_due_s": round(max(first.values()) - due, 3) if len(counts) >= n else None,
        "sent_by_instance": [sent_by(p) - b for p, b in zip(ports, before)],
        "succeeded_runs": sum(succeeded.values()),
        "reports_with_one_run": sum(1 for c in succeeded.values() if c == 1)}))


if __name__ == "__main__":
    main()
