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


def load_table(result, scenarios):
    lines = ["| scenario | conns | req/s | p50 ms | p90 ms | p99 ms | max ms | unexpected status | socket errors "
             "| peak RSS MB | floor req/s | × floor |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"]
    for r in result["runs"]:
        if r["target"] != "reportd":
            continue
        what = scenarios[r["scenario"]][0]
        lines.append(f"| {what} | {r['concurrency']} | {fmt(r['rps'], 0)} | {fmt(r['p50_ms'], 2)} | {fmt(r['p90_ms'], 2)} "
                     f"| {fmt(r['p99_ms'], 2)} | {fmt(r['max_ms'], 1)} | {r['unexpected_status']} | {socket_errors(r)} "
                     f"| {fmt(r['peak_rss_mb'])} | {fmt(r.get('floor_rps'), 0)} | {fmt(r.get('ratio_to_floor'), 2)} |")
    return lines


def floor_table(result):
    lines = ["| floor | conns | req/s | p50 ms | p99 ms | unexpected | socket errors |", "|---|---:|---:|---:|---:|---:|---|"]
    for r in result["runs"]:
        if r["target"] == "nginx":
            lines.append(f"| nginx for {r['scenario']} | {r['concurrency']} | {fmt(r['rps'], 0)} | {fmt(r['p50_ms'], 2)} "
                         f"| {fmt(r['p99_ms'], 2)} | {r['unexpected_status']} | {socket_errors(r)} |")
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


def target_lines(result):
    lines = ["| target | measured | goal | met | missed by |", "|---|---|---|---|---|"]
    for t in result["targets"]:
        lines.append(f"| {t['target']} | {t['measured']} | {t['goal']} | {'yes' if t['met'] else '**no**'} | {t['missed_by'] or ''} |")
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
            f"Emails the SMTP sink received: {result['smtp_messages_received']}.", "", "## Floors (nginx)", ""] + floor_table(result)
    create = result["floors"].get("create")
    if create:
        out += ["", f"SQLite floor: {fmt(create['per_second'], 0)} report inserts/s ({create['mean_ms']:.3f} ms each, "
                    f"one transaction per report)."]
    out += ["", "## Render only", ""] + render_table(result)
    out += ["", "## Memory", ""] + memory_lines(result)
    out += ["", "## Micro-benchmarks", ""] + micro_lines(result)
    out += ["", "![throughput](throughput.png)", "", "![latency](latency.png)", ""]
    return "\n".join(out)
