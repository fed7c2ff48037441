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
    "What stands in the way of the request-rate targets (perf, GET and 401 at 64 connections): the "
    "design's own floor (`actor-floor`: a bare Beast strand handing each request to a CAF actor that "
    "spawns a per-request actor, no work) reaches about half of nginx on 2 CPUs, so 0.35 × nginx asks a GET "
    "for 0.7 × that floor. Above it a GET costs about 58 µs of CPU and a 401 about 28 µs. A quarter of the "
    "samples are the kernel switching threads: a GET crosses from the Beast thread to a CAF worker, to a "
    "detached store reader and back, then to the connection's strand, and every CAF request timeout that "
    "is set and cancelled wakes CAF's clock thread. Then SQLite's read (two statements, each opening a WAL "
    "read transaction), the report's JSON built through a boost::json tree, and Beast serialising the answer. "
    "Answering cached reads without the store hop and keeping per-hop timeouts off CAF's clock thread are "
    "the next steps.")


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
