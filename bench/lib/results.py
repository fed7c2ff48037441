#!/usr/bin/python3
"""Turns the suite's raw measurements (runs.jsonl) into results.json, results.md and the
PNG plots. Usage: results.py OUT_DIR STAMP WRK_SECONDS CPUS IDLE_CONNECTIONS COMMIT"""
import json
import platform
import sys
from pathlib import Path

from results_tables import markdown
from results_plots import plots

SCENARIOS = {  # name: (what, floor target, how the floor is measured)
    "get": ("GET /api/reports/:id", "nginx", "nginx, 1 worker, same body bytes"),
    "reject401": ("401 (bad token)", "nginx", "nginx `return 401` with reportd's body"),
    "reject400": ("400 (malformed body)", "nginx", "nginx `return 400` with reportd's body"),
    "create": ("POST /api/reports", "sqlite", "sqlite3 CLI inserts, same schema and pragmas"),
    "send": ("POST /api/reports/email (6 panels, PDF, SMTP)", "render", "render-only × CPUs"),
    "idle": ("GET at 64 with idle keep-alive connections", "nginx64", "nginx at 64, no idle connections"),
}
# Targets other than the default reportd and the floors: what each one is (load table labels).
TARGETS = {
    "reportd-1conn": "max_open_conn = 1 (one store connection)",
    "sqlite-1": "SQLite, 1 instance",
    "pg-1": "PostgreSQL, 1 instance",
    "pg-3": "PostgreSQL, 3 instances",
}
FLOORS = ("nginx",)


def wrk_row(run):
    w = run["wrk"]
    seconds = w["duration_us"] / 1e6
    return {
        "scenario": run["scenario"], "target": run["target"], "concurrency": run["concurrency"],
        "requests": w["requests"], "rps": w["requests"] / seconds if seconds else 0.0,
        "p50_ms": w["p50_us"] / 1000, "p90_ms": w["p90_us"] / 1000, "p99_ms": w["p99_us"] / 1000,
        "max_ms": w["max_us"] / 1000, "unexpected_status": w["unexpected"], "non2xx": w["non2xx"],
        "socket_errors": {"connect": w["connect_errors"], "read": w["read_errors"],
                          "write": w["write_errors"], "timeout": w["timeouts"]},
        "first_unexpected": w.get("first_unexpected", ""),
        "peak_rss_mb": run["peak_rss_kb"] / 1024, "rss_mb": run["rss_kb"] / 1024,
        **({"per_target": w["per_target"]} if w.get("per_target") else {}),
    }


def floor_rps(rows, extras, scenario, conc, cpus):
    kind = SCENARIOS[scenario][1]
    if kind == "nginx":
        for r in rows:
            if r["target"] == "nginx" and r["scenario"] == scenario and r["concurrency"] == conc:
                return r["rps"]
    if kind == "nginx64":
        return floor_rps(rows, extras, "get", 64, cpus)
    if kind == "sqlite" and "create" in extras["floors"]:
        return extras["floors"]["create"]["per_second"]
    if kind == "render" and extras.get("render"):
        return extras["render"]["per_second"] * cpus
    return None


def collect(lines, cpus):
    rows, extras = [], {"floors": {}, "rss": [], "render": None, "counts": None, "idle": None, "smtp": None,
                        "postgres": None, "exactly_once": None}
    for run in lines:
        kind = run.get("kind")
        if "wrk" in run:
            rows.append(wrk_row(run))
        elif kind == "floor":
            extras["floors"][run["scenario"]] = run["result"]
        elif kind == "rss":
            extras["rss"].append({"label": run["label"], "requests": run.get("requests"), "rss_mb": run["rss_kb"] / 1024})
        elif kind == "render":
            extras["render"] = run["result"]
        elif kind == "render_counts":
            extras["counts"] = run["result"]
        elif kind == "idle":
            extras["idle"] = run
        elif kind == "smtp":
            extras["smtp"] = run["messages"]
        elif kind == "postgres":
            extras["postgres"] = run
        elif kind == "exactly_once":
            extras["exactly_once"] = run["result"]
    for r in rows:
        if r["target"] not in FLOORS:
            f = floor_rps(rows, extras, r["scenario"], r["concurrency"], cpus)
            r["floor_rps"] = f
            r["ratio_to_floor"] = (r["rps"] / f) if f else None
    return rows, extras


def find(rows, scenario, conc, target="reportd"):
    return next((r for r in rows if r["scenario"] == scenario and r["concurrency"] == conc and r["target"] == target), None)


def target(name, measured, goal, met, miss_by):
    return {"target": name, "measured": measured, "goal": goal, "met": met, "missed_by": None if met else miss_by}


def targets(rows, extras):
    out = []
    g, n = find(rows, "get", 64), find(rows, "get", 64, "nginx")
    if g and n:
        ratio = g["rps"] / n["rps"]
        out.append(target("GET report rps vs nginx at 64", f"{ratio:.2f} × nginx", "≥ 0.5 × nginx", ratio >= 0.5,
                          f"{0.5 / ratio:.1f}× too slow" if ratio else "no answers"))
        out.append(target("GET report p99 at 64", f"{g['p99_ms']:.2f} ms", "< 5 ms", g["p99_ms"] < 5,
                          f"{g['p99_ms'] / 5:.1f}× over"))
    one = find(rows, "get", 64, "reportd-1conn")
    if g and one and one["rps"]:
        gain = g["rps"] / one["rps"]
        out.append(target("GET at 64: reader pool vs one store connection", f"{gain:.2f}× ({g['rps']:,.0f} vs "
                          f"{one['rps']:,.0f} req/s; p99 {g['p99_ms']:.1f} vs {one['p99_ms']:.1f} ms)",
                          "> 1× (reads stop queueing on one thread)", gain > 1, "no gain"))
    eo = extras["exactly_once"]
    if eo:
        ok = eo["arrived"] == eo["reports"] and eo["duplicates"] == 0 and eo["reports_with_one_run"] == eo["reports"]
        took = f", all within {eo['all_after_due_s']:.1f} s of the due second" if eo["all_after_due_s"] is not None else ""
        out.append(target(f"{eo['reports']} reports due at once on {eo['instances']} instances (PostgreSQL)",
                          f"{eo['arrived']} arrived, {eo['duplicates']} duplicates, {eo['missing']} missing{took}",
                          f"{eo['reports']} once each", ok,
                          f"{eo['missing']} missing, {eo['duplicates']} duplicates"))
    s = find(rows, "send", 64)
    if s:
        ok_rps = s["rps"] * (1 - s["unexpected_status"] / max(s["requests"], 1))
        out.append(target("send reports/s at 64", f"{ok_rps:.1f}/s", "≥ 200/s", ok_rps >= 200,
                          f"{200 / ok_rps:.1f}× too slow" if ok_rps else "none sent"))
        out.append(target("send p99 at 64", f"{s['p99_ms']:.0f} ms", "< 250 ms", s["p99_ms"] < 250,
                          f"{s['p99_ms'] / 250:.1f}× over"))
    r, fl = extras["render"], extras["floors"]
    if r and "render_chromium" in fl:
        x = fl["render_chromium"]["p50_ms"] / r["p50_ms"]
        out.append(target("render vs cold Chromium", f"{x:.0f}× faster", "≥ 100× faster", x >= 100, f"{100 / x:.1f}× short"))
    if r and "render_cairo" in fl:
        x = r["p50_ms"] / fl["render_cairo"]["p50_ms"]
        out.append(target("render vs bare cairo", f"{x:.1f}× the floor", "≤ 3×", x <= 3, f"{x / 3:.1f}× over"))
    idle = extras["idle"]
    if idle:
        mb = idle["peak_rss_kb"] / 1024
        out.append(target(f"RSS with {idle['connections']} connections", f"{mb:.0f} MB", "< 200 MB", mb < 200,
                          f"{mb - 200:.0f} MB over"))
    by = {x["label"]: x for x in extras["rss"]}
    a, b = by.get("after 10000 requests"), by.get("after 100000 requests")
    if a and b:
        growth = b["rss_mb"] - a["rss_mb"]
        out.append(target("RSS growth 10k → 100k requests", f"{growth:+.1f} MB", "none (< 2 MB noise)", growth < 2,
                          f"{growth:.1f} MB growth"))
    return out


def main():
    out, stamp, seconds, cpus, idle = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    commit = sys.argv[6] if len(sys.argv) > 6 else "unknown"
    lines = [json.loads(x) for x in (out / "runs.jsonl").read_text().splitlines() if x.strip()]
    rows, extras = collect(lines, cpus)
    micro_path = out / "micro.json"
    micro = json.loads(micro_path.read_text())["benchmarks"] if micro_path.exists() else []
    result = {
        "date": stamp, "commit": commit, "machine": {"cpus": cpus, "kernel": platform.release(), "python": platform.python_version()},
        "wrk_seconds_per_run": seconds, "idle_connections": idle,
        "scenarios": {k: {"what": v[0], "floor": v[2]} for k, v in SCENARIOS.items()},
        "runs": rows, "render": extras["render"], "render_shape": extras["counts"], "floors": extras["floors"],
        "rss": extras["rss"], "idle": extras["idle"], "smtp_messages_received": extras["smtp"],
        "postgres": extras["postgres"], "exactly_once": extras["exactly_once"], "target_labels": TARGETS,
        "targets": targets(rows, extras),
        "micro": [{"name": m["name"], "real_ns": m["real_time"] * {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[m["time_unit"]]}
                  for m in micro if m.get("run_type", "iteration") == "iteration"],
    }
    (out / "results.json").write_text(json.dumps(result, indent=1))
    (out / "results.md").write_text(markdown(result, SCENARIOS))
    plots(result, SCENARIOS, out)
    (out / "runs.jsonl").unlink()


if __name__ == "__main__":
    main()
