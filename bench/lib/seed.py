#!/usr/bin/python3
"""Seeds a fresh reportd for the bench: the six-panel TestData dashboard, the fixture
dashboards, and a few reports; writes into OUT_DIR the files the scenarios need:
  report_id            id of the report the GET and send scenarios use
  get_body.json        reportd's answer to GET /api/reports/<id> (nginx serves the same bytes)
  create_body.json     the POST /api/reports body
  malformed_body.json  a body that is not JSON (the 400 path)
  send_body.json       the POST /api/reports/email body
Usage: seed.py PORT TOKEN OUT_DIR"""
import http.client
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
FIXTURES = BENCH.parent / "tests" / "fixtures" / "dashboards"


def call(port, token, method, path, body=None, check=True):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    r = conn.getresponse()
    payload = r.read()
    conn.close()
    if check and r.status != 200:
        raise SystemExit(f"seed: {method} {path} -> {r.status} {payload[:300]!r}")
    return payload


def main():
    port, token, out = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    six = json.loads((BENCH / "fixtures" / "six_panels.json").read_text())
    call(port, token, "POST", "/api/dashboards/db", {"dashboard": six, "overwrite": True})
    for f in sorted(FIXTURES.glob("*.json")):  # more rows in the dashboards table, as in real use
        call(port, token, "POST", "/api/dashboards/db", {"dashboard": json.loads(f.read_text()), "overwrite": True},
             check=False)
    create = json.loads((BENCH / "fixtures" / "report_create.json").read_text())
    ids = [json.loads(call(port, token, "POST", "/api/reports", create))["id"] for _ in range(20)]
    report_id = ids[0]
    (out / "report_id").write_text(str(report_id))
    (out / "get_body.json").write_bytes(call(port, token, "GET", f"/api/reports/{report_id}"))
    (out / "create_body.json").write_text(json.dumps(create))
    (out / "malformed_body.json").write_text('{"name": "Bench weekly", "recipients": ')
    (out / "send_body.json").write_text(json.dumps({"id": str(report_id), "useEmailsFromReport": True}))
    print(report_id)


if __name__ == "__main__":
    main()
