#!/usr/bin/python3
"""Prometheus scenario of the bench suite: starts a real Prometheus scraping a real node_exporter
(tests/e2e/prometheus_helpers.py, loopback ports, 1 s scrape), waits until data is stored, and runs
bench_prometheus: a dashboard of PANELS (default 30) panels rendered to PDF against it.
Usage: bench/prometheus.py BUILD_DIR [PANELS] [MIN_SECONDS] [MAX_CONCURRENT_QUERIES]"""
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from prometheus_helpers import PrometheusStack  # noqa: E402


def main():
    build = Path(sys.argv[1])
    panels = sys.argv[2] if len(sys.argv) > 2 else "30"
    seconds = sys.argv[3] if len(sys.argv) > 3 else "5"
    concurrent = sys.argv[4:5]  # jsonData.maxConcurrentQueries, default 8
    with tempfile.TemporaryDirectory() as d:
        stack = PrometheusStack(Path(d) / "prometheus").start()
        try:
            out = subprocess.run([str(build / "bench" / "bench_prometheus"), stack.url, panels,
                                  str(Path(d) / "out.pdf"), seconds, *concurrent], check=True, capture_output=True, text=True)
            sys.stdout.write(out.stdout)
            sys.stderr.write(out.stderr)
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
