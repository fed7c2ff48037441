"""results.md: the tables a person reads (used by results.py)."""


def fmt(x, digits=1):
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def socket_errors(r):
    e = r["socket_errors"]
    total = sum(e.values())
    if not total:
        return "0"
    return f"{total} (" + ", ".join(f"{k} {v}" for k, v in e.items() if v) + ")"


INSTANCE_TARGETS = {"sqlite-1": ("SQLite", 1), "pg-1": ("PostgreSQL", 1), "pg-3": ("PostgreSQL", 3)}


def ok_rps(r):
    """Answers per second that were the expected status (sends that were sent)."""
    return r["rps"] * (1 - r["unexpected_status"] / max(r["requests"], 1))


def load_table(result, scenarios):
    """Every reportd run on SQLite (the default one, and max_open_conn = 1 beside it); the
    PostgreSQL runs have their own table (postgres_lines)."""
    labels = result.get("target_labels", {})
    lines = ["| scenario | conns | req/s | p50 ms | p90 ms | p99 ms | max ms | unexpected status | socket errors "
             "| peak RSS MB | floor req/s | × floor | actor-floor req/s | × actor-floor |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|"]
    for r in result["runs"]:
        if r["target"] in FLOOR_TARGETS or r["target"] in INSTANCE_TARGETS:
            continue
        what = scenarios[r["scenario"]][0]
        if r["target"] != "reportd":
            what += ", " + labels.get(r["target"], r["target"])
        lines.append(f"| {what} | {r['concurrency']} | {fmt(r['rps'], 0)} | {fmt(r['p50_ms'], 2)} | {fmt(r['p90_ms'], 2)} "
                     f"| {fmt(r['p99_ms'], 2)} | {fmt(r['max_ms'], 1)} | {r['unexpected_status']} | {socket_errors(r)} "
                     f"| {fmt(r['peak_rss_mb'])} | {fmt(r.get('floor_rps'), 0)} | {fmt(r.get('ratio_to_floor'), 2)} "
                     f"| {fmt(r.get('actor_floor_rps'), 0)} | {fmt(r.get('ratio_to_actor_floor'), 2)} |")
    return lines


def status_lines(result, scenarios):
    """Runs timed by status class (report.lua's BENCH_STATUS_LATENCY: one connection per wrk
    thread): the 2xx and the other answers apart, e.g. sends and the admission's 503s."""
    runs = [r for r in result["runs"] if "non2xx_timed" in r]
    if not runs:
        return []
    lines = ["| scenario | conns | answers by status | 2xx p50 ms | 2xx p99 ms | non-2xx p50 ms | non-2xx p99 ms "
             "| non-2xx max ms |", "|---|---:|---|---:|---:|---:|---:|---:|"]
    for r in runs:
        st = ", ".join(f"{k}: {v}" for k, v in sorted(r.get("statuses", {}).items()))
        none = r["non2xx_timed"] == 0
        what = scenarios[r["scenario"]][0]
        if r["target"] != "reportd":
            what += ", " + result.get("target_labels", {}).get(r["target"], r["target"])
        lines.append(f"| {what} | {r['concurrency']} | {st} | {fmt(r['ok_p50_ms'], 2)} "
                     f"| {fmt(r['ok_p99_ms'], 2)} | {'–' if none else fmt(r['non2xx_p50_ms'], 2)} "
                     f"| {'–' if none else fmt(r['non2xx_p99_ms'], 2)} | {'–' if none else fmt(r['non2xx_max_ms'], 1)} |")
    return lines


FLOOR_LABELS = {"nginx": "nginx", "actor-floor": "actor-floor (Beast + CAF hops, no work)"}
FLOOR_TARGETS = tuple(FLOOR_LABELS)


def floor_table(result):
    lines = ["| floor | conns | req/s | p50 ms | p99 ms | unexpected | socket errors | peak RSS MB |",
             "|---|---:|---:|---:|---:|---:|---|---:|"]
    for r in sorted((r for r in result["runs"] if r["target"] in FLOOR_TARGETS),
                    key=lambda r: (r["scenario"], r["target"] != "nginx", r["concurrency"])):
        lines.append(f"| {FLOOR_LABELS[r['target']]} for {r['scenario']} | {r['concurrency']} | {fmt(r['rps'], 0)} "
                     f"| {fmt(r['p50_ms'], 2)} | {fmt(r['p99_ms'], 2)} | {r['unexpected_status']} | {socket_errors(r)} "
                     f"| {fmt(r['peak_rss_mb'])} |")
    return lines


def render_table(result):
    r, fl, shape = result["render"], result["floors"], result["render_shape"] or {}
    lines = ["| renderer | renders | per second | p50 ms | p90 ms | p99 ms | max ms | p50 ÷ reportd's p50 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, x in (("reportd renderer (render::render, PDF)", r), ("floor: bare cairo, same paths and glyphs", fl.get("render_cairo")),
                    ("floor: headless Chromium, cold process per render", fl.get("render_chromium"))):
        if not x:
            continue
        speed = (x["p50_ms"] / r["p50_ms"]) if r else None
        lines.append(f"| {name} | {x['iterations']} | {fmt(x['per_second'], 2)} | {fmt(x['p50_ms'], 2)} | {fmt(x['p90_ms'], 2)} "
                     f"| {fmt(x['p99_ms'], 2)} | {fmt(x['max_ms'], 2)} | {fmt(speed, 2)} |")
    if shape:
        lines.append("")
        lines.append(f"The page reportd drew (counted from its PDF): {shape['paths']} painted paths of about "
                     f"{shape['segments_per_path']} segments, {shape['glyphs']} glyphs, "
                     f"{shape['width_pt']:.0f}×{shape['height_pt']:.0f} pt; the cairo floor draws as many.")
    return lines


def memory_lines(result):
    lines = ["| when | requests | reportd RSS MB |", "|---|---:|---:|"]
    for x in result["rss"]:
        lines.append(f"| {x['label']} | {x['requests'] if x['requests'] is not None else '–'} | {fmt(x['rss_mb'])} |")
    idle = result["idle"]
    if idle:
        lines += ["", f"Idle keep-alive connections: {idle['opened']} of {idle['connections']} opened, "
                      f"{idle['answered_2xx']} answered 2xx, {idle['still_open']} still open at the end, "
                      f"{idle['closed_by_server']} closed by the server, {idle['failed']} failed to connect. "
                      f"reportd RSS {fmt(idle['rss_before_kb'] / 1024)} MB before, {fmt(idle['rss_with_idle_kb'] / 1024)} MB "
                      f"with them open, peak {fmt(idle['peak_rss_kb'] / 1024)} MB while scenario 1 ran at 64 beside them."]
    return lines


def pool_lines(result):
    """GET with the reader pool beside the same GET on one store connection, per level."""
    by = {(r["target"], r["concurrency"]): r for r in result["runs"] if r["scenario"] == "get"}
    levels = sorted(c for t, c in by if t == "reportd-1conn")
    if not levels:
        return []
    lines = ["| conns | reader pool req/s | p99 ms | max_open_conn = 1 req/s | p99 ms | pool ÷ one connection |",
             "|---:|---:|---:|---:|---:|---:|"]
    for c in levels:
        pool, one = by.get(("reportd", c)), by[("reportd-1conn", c)]
        gain = pool["rps"] / one["rps"] if pool and one["rps"] else None
        lines.append(f"| {c} | {fmt(pool and pool['rps'], 0)} | {fmt(pool and pool['p99_ms'], 2)} | {fmt(one['rps'], 0)} "
                     f"| {fmt(one['p99_ms'], 2)} | {fmt(gain, 2)} |")
    return lines


def postgres_lines(result):
    """Three instances on one PostgreSQL: sends per second through one and spread over three,
    and the exactly-once burst."""
    pg, eo = result.get("postgres"), result.get("exactly_once")
    runs = [r for r in result["runs"] if r["target"] in INSTANCE_TARGETS]
    if not pg and not runs and not eo:
        return []
    lines = []
    if pg:
        rss = ", ".join(fmt(k / 1024) for k in pg["rss_kb"])
        lines += [f"PostgreSQL {pg['version']} (Debian's, initdb'd in a temporary folder, loopback TCP, fsync off) and "
                  f"{pg['instances']} reportd processes on one database, each with the default settings "
                  f"(max_open_conn = 5, 2 render workers) and `schedule_reload = 1s`; all of them, wrk and the SMTP "
                  f"sink share the machine's {result['machine']['cpus']} CPUs. RSS after start and seeding: {rss} MB.", ""]
    if runs:
        lines += ["POST /api/reports/email (6 panels, PDF, SMTP), one wrk with 3 threads at each level: the suite's "
                  "SQLite reportd, one PostgreSQL instance, then spread over the three (thread i on instance i).", "",
                  "| conns | store | instances | sends/s | p50 ms | p90 ms | p99 ms | max ms | unexpected status "
                  "| socket errors | answers per instance | × 1 PostgreSQL instance |",
                  "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|"]
        one = {r["concurrency"]: r for r in runs if r["target"] == "pg-1"}
        for r in runs:
            store, n = INSTANCE_TARGETS[r["target"]]
            base = one.get(r["concurrency"])
            gain = ok_rps(r) / ok_rps(base) if base and ok_rps(base) else None
            split = " / ".join(str(x) for x in r.get("per_target", [])) if n > 1 else "–"
            lines.append(f"| {r['concurrency']} | {store} | {n} | {fmt(ok_rps(r), 1)} | {fmt(r['p50_ms'], 2)} | {fmt(r['p90_ms'], 2)} "
                         f"| {fmt(r['p99_ms'], 2)} | {fmt(r['max_ms'], 1)} | {r['unexpected_status']} | {socket_errors(r)} "
                         f"| {split} | {fmt(gain, 2) if r['target'] != 'pg-1' else '–'} |")
    if eo:
        first = f"{eo['first_after_due_s']:.2f} s" if eo["first_after_due_s"] is not None else "–"
        last = f"{eo['all_after_due_s']:.2f} s" if eo["all_after_due_s"] is not None else "never (some missing)"
        lines += [""] if lines else []
        lines += [f"Exactly once: {eo['reports']} reports (frequency once) due at the same second, created round-robin "
                  f"through the {eo['instances']} instances {eo['created_ahead_s']:.1f} s ahead; every scheduler sees "
                  f"every report. At the SMTP sink: {eo['arrived']} distinct reports arrived in {eo['messages']} "
                  f"messages, **{eo['duplicates']} duplicates**, {eo['missing']} missing; the first {first} and the "
                  f"last {last} after the due second. Sent by instance: "
                  f"{' / '.join(str(x) for x in eo['sent_by_instance'])}. The store holds {eo['succeeded_runs']} "
                  f"succeeded runs for them ({eo['reports_with_one_run']} reports with exactly one)."]
    return lines


def target_lines(result):
    lines = ["| target | measured | goal | met | missed by |", "|---|---|---|---|---|"]
    for t in result["targets"]:
        met = "n/a" if t["met"] is None else "yes" if t["met"] else "**no**"
        lines.append(f"| {t['target']} | {t['measured']} | {t['goal']} | {met} | {t['missed_by'] or ''} |")
    return lines


def micro_lines(result):
    lines = ["| micro-benchmark | time per call |", "|---|---:|"]
    for m in result["micro"]:
        ns = m["real_ns"]
        shown = f"{ns / 1e6:.2f} ms" if ns >= 1e6 else f"{ns / 1e3:.2f} µs" if ns >= 1e3 else f"{ns:.0f} ns"
        lines.append(f"| {m['name']} | {shown} |")
    return lines


def markdown(result, scenarios):
    m = result["machine"]
    out = [f"# reportd bench, {result['date']}", "",
           f"reportd commit {result['commit']}, Release build. {m['cpus']} CPUs, Linux {m['kernel']}; wrk {result['wrk_seconds_per_run']} s per run, keep-alive, "
           "all traffic on 127.0.0.1 (wrk shares the CPUs with the server). Ratios are to the floor measured in the same run.",
           "", "## Targets", ""] + target_lines(result)
    out += ["", "## Load (reportd)", ""] + load_table(result, scenarios)
    out += ["", "Floors: " + "; ".join(f"{v[0]} — {v[2]}" for v in scenarios.values()) + ".",
            "“unexpected status” counts answers other than the scenario's expected one (2xx; 401; 400), e.g. 503 when overloaded.",
            f"Emails the SMTP sink received: {result['smtp_messages_received']}."]
    status = status_lines(result, scenarios)
    if status:
        out += ["", "Answers timed by status (one connection per wrk thread, each request paired with its answer):",
                ""] + status
    out += ["", "## Floors (nginx, actor-floor)", "",
            "actor-floor (bench/floor/actor_floor.cpp): reportd's design with no work — Beast keep-alive "
            "connections on 2 io threads, each request sent to one front actor that spawns a monitored "
            "per-request actor, which answers reportd's bytes at once, says done and quits; the answer is "
            "posted back to the connection's strand.", ""] + floor_table(result)
    create = result["floors"].get("create")
    if create:
        out += ["", f"SQLite floor: {fmt(create['per_second'], 0)} report inserts/s ({create['mean_ms']:.3f} ms each, "
                    f"one transaction per report)."]
    pool = pool_lines(result)
    if pool:
        out += ["", "## GET: reader pool vs one store connection", "",
                "The same GET /api/reports/:id against a second reportd on the same SQLite file with "
                "`[database] max_open_conn = 1` (one connection, as before the reader pool), run beside the "
                "default (1 writer + 4 readers) at each level.", ""] + pool
    pg = postgres_lines(result)
    if pg:
        out += ["", "## Three instances on one PostgreSQL", ""] + pg
    if result["render"]:
        out += ["", "## Render only", ""] + render_table(result)
    out += ["", "## Memory", ""] + memory_lines(result)
    if result["micro"]:
        out += ["", "## Micro-benchmarks", ""] + micro_lines(result)
    out += ["", "![throughput](throughput.png)", "", "![latency](latency.png)", ""]
    return "\n".join(out)
