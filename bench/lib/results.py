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
# The design's own floor (bench/floor/actor_floor.cpp), measured beside nginx for these.
ACTOR_FLOOR_SCENARIOS = ("get", "reject401")
# Targets other than the default reportd and the floors: what each one is (load table labels).
TARGETS = {
    "reportd-1conn": "max_open_conn = 1 (one store connection)",
    "reportd-no-idle": "baseline just before, no idle connections open",
    "reportd-limit64": "max_inflight_heavy = 64 (past the admission limit)",
    "actor-floor": "actor_floor: Beast + front actor + per-request actor, no work",
    "sqlite-1": "SQLite, 1 instance",
    "pg-1": "PostgreSQL, 1 instance",
    "pg-3": "PostgreSQL, 3 instances",
}
FLOORS = ("nginx", "actor-floor")


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
        **({"statuses": w["statuses"]} if "statuses" in w else {}),
        # BENCH_STATUS_LATENCY runs: latency of the 2xx and of the other answers, apart.
        **({f"{k}_{p}_ms": w[f"{k}_{p}_us"] / 1000 for k in ("ok", "non2xx") for p in ("p50", "p99", "max")}
           if "non2xx_timed" in w else {}),
        **({"ok_timed": w["ok_timed"], "non2xx_timed": w["non2xx_timed"]} if "non2xx_timed" in w else {}),
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
            a = find(rows, r["scenario"], r["concurrency"], "actor-floor")
            if a:
                r["actor_floor_rps"] = a["rps"]
                r["ratio_to_actor_floor"] = (r["rps"] / a["rps"]) if a["rps"] else None
    return rows, extras


def find(rows, scenario, conc, target="reportd"):
    return next((r for r in rows if r["scenario"] == scenario and r["concurrency"] == conc and r["target"] == target), None)


def target(name, measured, goal, met, miss_by):
    """met None: the figure ran but says nothing about the goal (shown as n/a)."""
    return {"target": name, "measured": measured, "goal": goal, "met": met, "missed_by": None if met else (miss_by or None)}


def ok_rps(r):
    """Answers per second that were the expected status (sends that were sent)."""
    return r["rps"] * (1 - r["unexpected_status"] / max(r["requests"], 1))


def short(ratio, goal, what):
    return f"{goal / ratio:.2f}× short of {goal} × {what}" if ratio else f"no answers (goal {goal} × {what})"


def light_path(out, name, r, nginx, floor, goal):
    """A light path at 64 (issue 13): req/s ≥ goal × nginx and p99 < 5 ms, shown beside
    nginx and the actor floor of the same run."""
    if not (r and nginx and nginx["rps"]):
        return
    x = r["rps"] / nginx["rps"]
    shown = f"{r['rps']:,.0f} req/s, p99 {r['p99_ms']:.2f} ms; {x:.2f} × nginx ({nginx['rps']:,.0f} req/s)"
    if floor and floor["rps"]:
        shown += f", {r['rps'] / floor['rps']:.2f} × actor-floor ({floor['rps']:,.0f} req/s, p99 {floor['p99_ms']:.2f} ms)"
    missed = ([short(x, goal, "nginx")] if x < goal else []) + \
             ([f"p99 {r['p99_ms'] / 5:.1f}× over 5 ms"] if r["p99_ms"] >= 5 else [])
    out.append(target(name, shown, f"≥ {goal} × nginx, p99 < 5 ms", not missed, "; ".join(missed)))


def targets(rows, extras):
    """The Targets table of issue 13, each figure beside its floor from the same run; a
    figure whose scenario did not run has no row."""
    out = []
    light_path(out, "GET /api/reports/:id at 64", find(rows, "get", 64), find(rows, "get", 64, "nginx"),
               find(rows, "get", 64, "actor-floor"), 0.35)
    light_path(out, "401 for a bad token at 64", find(rows, "reject401", 64), find(rows, "reject401", 64, "nginx"),
               find(rows, "reject401", 64, "actor-floor"), 0.5)
    idle, beside, alone = extras["idle"], find(rows, "idle", 64), find(rows, "idle", 64, "reportd-no-idle")
    if beside and alone and ok_rps(alone):
        # Answers that were the expected 200: a 503 (over max_connections) is no GET served.
        x = ok_rps(beside) / ok_rps(alone)
        n = idle["connections"] if idle else "the"
        odd = f", {beside['unexpected_status']} answers not 200" if beside["unexpected_status"] else ""
        out.append(target(f"GET at 64 beside {n} idle keep-alive connections",
                          f"{ok_rps(beside):,.0f} req/s (p99 {beside['p99_ms']:.2f} ms{odd}) = {x:.2f} × without them "
                          f"({ok_rps(alone):,.0f} req/s, p99 {alone['p99_ms']:.2f} ms)",
                          "≥ 0.9 × the GET at 64 without them", x >= 0.9, short(x, 0.9, "without them")))
    if idle:
        mb = idle["peak_rss_kb"] / 1024
        each = (idle["rss_with_idle_kb"] - idle["rss_before_kb"]) / max(idle["opened"], 1)
        out.append(target(f"RSS with {idle['connections']} idle keep-alive connections",
                          f"{mb:.0f} MB peak on a fresh instance, ≈ {each:.1f} KB per idle connection "
                          f"({idle['still_open']} of them open at the end)", "< 100 MB", mb < 100,
                          f"{mb - 100:.0f} MB over"))
    s64, s256 = find(rows, "send", 64), find(rows, "send", 256)
    if s64 and s256:
        x = ok_rps(s256) / ok_rps(s64) if ok_rps(s64) else 0.0
        out.append(target("POST /api/reports/email at 256: sends/s", f"{ok_rps(s256):.1f}/s = {x:.2f} × "
                          f"{ok_rps(s64):.1f}/s at 64", "≥ 0.9 × the figure at 64", x >= 0.9,
                          short(x, 0.9, "the figure at 64")))
    sends = sorted((r for r in rows if r["scenario"] == "send" and r["target"] == "reportd"),
                   key=lambda r: r["concurrency"])
    if s256 and sends:
        # The 503s at 256; the admission adapts to the measured render time, so a short run
        # may refuse nothing there: then the highest level that did refuse, named as such.
        n503 = lambda r: r.get("statuses", {}).get("503", 0)  # noqa: E731
        limited = find(rows, "send", 256, "reportd-limit64")
        if limited and n503(limited):
            # The instance run for this row (the default limit is not reached at 256).
            r, where = limited, "max_inflight_heavy = 64, at 256: "
        else:
            r = s256 if n503(s256) else next((x for x in reversed(sends) if n503(x)), None)
            where = "" if r is s256 else f"none at 256; at {r['concurrency'] if r else 0}: "
        name = "past the admission limit at 256: 503 at once"
        if r is None:
            out.append(target(name, "no 503 at any level (limit not reached)", "503 p99 < 5 ms", None, ""))
        else:
            answers = sum(r["statuses"].values())
            where += f"{r['statuses'].get('200', 0)} sent, "
            shown = f"{where}{n503(r)} of {answers} answers 503 ({n503(r) / answers:.0%})"
            if "non2xx_timed" in r:
                # Timed per status class: the non-2xx answers (the 503s and any other).
                others = r["non2xx_timed"] - n503(r)
                shown += (f"; non-2xx p50 {r['non2xx_p50_ms']:.2f} ms, p99 {r['non2xx_p99_ms']:.2f} ms"
                          + (f" ({others} other non-2xx among them)" if others else ""))
                p99 = r["non2xx_p99_ms"]
                out.append(target(name, shown, "503 p99 < 5 ms", p99 < 5, f"p99 {p99 / 5:.1f}× over 5 ms"))
            else:
                shown += f"; all answers p50 {r['p50_ms']:.1f} ms (503s not timed apart)"
                out.append(target(name, shown, "503 p99 < 5 ms", None, ""))
    c64, sq = find(rows, "create", 64), extras["floors"].get("create")
    if c64 and sq and sq["per_second"]:
        x = ok_rps(c64) / sq["per_second"]
        out.append(target("POST /api/reports at 64", f"{ok_rps(c64):,.0f}/s (p99 {c64['p99_ms']:.2f} ms) = {x:.2f} × "
                          f"raw SQLite inserts ({sq['per_second']:,.0f}/s)", "≥ 0.5 × raw SQLite inserts", x >= 0.5,
                          short(x, 0.5, "raw SQLite")))
    eo = extras["exactly_once"]
    if eo:
        ok = eo["arrived"] == eo["reports"] and eo["duplicates"] == 0 and eo["reports_with_one_run"] == eo["reports"]
        took = f", all within {eo['all_after_due_s']:.1f} s of the due second" if eo["all_after_due_s"] is not None else ""
        out.append(target(f"{eo['reports']} reports due at once on {eo['instances']} instances (PostgreSQL)",
                          f"{eo['arrived']} arrived, {eo['duplicates']} duplicates, {eo['missing']} missing{took}",
                          f"{eo['reports']} once each", ok,
                          f"{eo['missing']} missing, {eo['duplicates']} duplicates"))
    r, fl = extras["render"], extras["floors"]
    if r and "render_chromium" in fl:
        x = fl["render_chromium"]["p50_ms"] / r["p50_ms"]
        out.append(target("render vs cold Chromium", f"{x:.0f}× faster", "≥ 100× faster", x >= 100, f"{100 / x:.1f}× short"))
    if r and "render_cairo" in fl:
        x = r["p50_ms"] / fl["render_cairo"]["p50_ms"]
        out.append(target("render vs bare cairo", f"{x:.1f}× the floor", "≤ 3×", x <= 3, f"{x / 3:.1f}× over"))
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
