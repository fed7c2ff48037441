#!/usr/bin/python3
"""Writes the "Performance" section of README.md from one results folder: the exact command,
the targets, the load table and the plots. Replaces the section if it is there, appends it
otherwise. Usage: readme.py README.md RESULTS_DIR"""
import json
import sys
from pathlib import Path

from results import SCENARIOS
from results_tables import load_table, memory_lines, pool_lines, postgres_lines, render_table, target_lines

START, END = "<!-- bench:start -->", "<!-- bench:end -->"

# What the profile (perf with call graphs, GET and 401 at 64 connections, December 2026) says
# stands in the way of the request-rate targets; revise it with the next profile.
WHERE_THE_TIME_GOES = (
    "What stands in the way (per-thread CPU and context switches from /proc at 64 connections, December "
    "2026): nginx's rate varies from run to run with the machine (on 2026-12-04 it did half of the run "
    "before), so the ratios to `actor-floor` are the steadier figure. A GET costs about 59 µs of CPU: a "
    "third on the two Beast threads (parsing, writing, syscalls), over a third on the CAF workers (the "
    "per-request supervisor, the report's JSON through a boost::json tree), a fifth on the detached store "
    "readers, mostly being woken and going back to sleep, and a tenth on CAF's clock thread, woken when the "
    "store hop's request timeout is set and cancelled. A 401 no longer touches the clock "
    "(actors/quiet_clock.hpp: CAF woke it at every actor's end, once per request); two thirds of its cost "
    "is the Beast threads'. In the 2026-12-04 run the actor-floor still ran on CAF's stock clock, so ratios "
    "to it flatter reportd by about a tenth. Next: reads without the detached-reader hop, and one deadline "
    "per supervisor instead of a CAF timeout per hop. Past the admission limit, 256 clients that retry a "
    "503 at once keep about 192 requests queued in a CPU-bound process: by Little's law a 503 then waits "
    "192 ÷ the rate they are answered at (about 13,000/s, so about 15 ms), and the storm takes CPU from "
    "the admitted sends; clients that honour Retry-After do not meet it.")


def section(result, rel):
    lines = [START, "## Performance", "",
             "Measured by the bench suite (`bench/`), which builds reportd in Release, starts it with a fresh data",
             "folder and a local SMTP sink, seeds it, runs every scenario with wrk at 1, 16, 64 and 256 keep-alive",
             "connections beside a floor measured in the same run (nginx, raw SQLite, bare cairo, headless",
             "Chromium); then three reportd instances on one real PostgreSQL (sends spread over them, and a burst of",
             "reports due at the same second counted at the SMTP sink). It stops everything it started and writes",
             "`bench/results/<date>/` (results.md, results.json, PNG plots). It takes 6–7 minutes on 2 CPUs once",
             "reportd is built. To reproduce (root or sudo for apt-get):", "",
             "```sh", "bench/run.sh                        # BENCH_DURATION=10 for longer runs; see the script's header",
             "BENCH_ONLY=\"get postgres\" bench/run.sh  # only some scenarios", "```", "",
             f"Latest run: {result['date']}, commit {result['commit']}, {result['machine']['cpus']} CPUs shared with "
             f"wrk and the floors (full results: [`{rel}/results.md`]({rel}/results.md)).", "",
             "### Targets", ""] + target_lines(result)
    lines += ["", WHERE_THE_TIME_GOES]
    lines += ["", "### Load", ""] + load_table(result, SCENARIOS)
    pool = pool_lines(result)
    if pool:
        lines += ["", "### GET: reader pool vs one store connection", "",
                  "GET /api/reports/:id beside a second reportd on the same SQLite file with `[database] max_open_conn = 1`",
                  "(one connection, as before the reader pool):", ""] + pool
    pg = postgres_lines(result)
    if pg:
        lines += ["", "### Three instances on one PostgreSQL", ""] + pg
    lines += ["", "### Render only", ""] + render_table(result)
    lines += ["", "### Memory", ""] + memory_lines(result)
    lines += ["", f"![throughput]({rel}/throughput.png)", "", f"![latency]({rel}/latency.png)", END]
    return "\n".join(lines) + "\n"


def main():
    readme, results = Path(sys.argv[1]), Path(sys.argv[2])
    result = json.loads((results / "results.json").read_text())
    rel = results.resolve().relative_to(readme.resolve().parent).as_posix()
    text = readme.read_text()
    new = section(result, rel)
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + new + rest.split(END, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + new
    readme.write_text(text)


if __name__ == "__main__":
    main()
