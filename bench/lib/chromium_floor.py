#!/usr/bin/python3
"""The browser floor of the render scenario: headless Chromium printing, to PDF, a static
HTML page with the same six charts as the bench dashboard (inline SVG: a three-series time
series, a stat, a gauge, a bar gauge, a donut, a table), one cold Chromium process per
render with a new empty profile, started with the flags Grafana's image renderer uses.
Usage: chromium_floor.py WORK_DIR ITERATIONS COUNTS_JSON  -> one JSON timing line."""
import json
import math
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-pdf-header-footer"]


def timeseries(points):
    lines = []
    for s, color in enumerate(("#73bf69", "#f2cc0c", "#5794f2")):
        ys = [60 + 40 * math.sin(i / 7 + s) + 10 * math.cos(i / 3) for i in range(points)]
        pts = " ".join(f"{10 + 480 * i / (points - 1):.1f},{y + 20 * s:.1f}" for i, y in enumerate(ys))
        lines.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{pts}"/>')
    axes = "".join(f'<text x="0" y="{20 + 40 * i}" font-size="9">{100 - 25 * i} req/s</text>' for i in range(5))
    ticks = "".join(f'<text x="{40 + 75 * i}" y="195" font-size="9">{10 + i}:00</text>' for i in range(6))
    return f'<svg width="500" height="200">{axes}{ticks}{"".join(lines)}</svg>'


def panels(points):
    table = "".join(f"<tr><td>{h}</td><td>{r}</td><td>{c}</td><td>{m}</td></tr>" for h, r, c, m in
                    [("web-1", "eu", 42.5, 8192), ("web-2", "eu", 37.1, 8192),
                     ("db-1", "us", 71.9, 32768), ("cache-1", "apac", 12.3, 4096)])
    bars = "".join(f'<rect x="0" y="{10 + 35 * i}" width="{60 + 40 * i}" height="25" fill="#73bf69"/>'
                   f'<text x="250" y="{28 + 35 * i}" font-size="12">{40 + 10 * i}%</text>' for i in range(4))
    return [
        ("Requests per second", timeseries(points)),
        ("Error rate", '<svg width="240" height="200"><text x="40" y="110" font-size="48" fill="#73bf69">42.1%</text>'
                       '<polyline fill="#73bf6933" stroke="#73bf69" points="0,190 60,170 120,180 180,150 240,160 240,200 0,200"/></svg>'),
        ("CPU", '<svg width="240" height="200"><path d="M30,160 A90,90 0 1,1 210,160" fill="none" stroke="#ccc" stroke-width="20"/>'
                '<path d="M30,160 A90,90 0 0,1 170,60" fill="none" stroke="#f2cc0c" stroke-width="20"/>'
                '<text x="85" y="140" font-size="32">66%</text></svg>'),
        ("Disk usage", f'<svg width="320" height="200">{bars}</svg>'),
        ("Traffic by region", '<svg width="320" height="200"><circle cx="100" cy="100" r="70" fill="none" stroke="#73bf69" stroke-width="40" stroke-dasharray="233 440"/>'
                              '<circle cx="100" cy="100" r="70" fill="none" stroke="#f2cc0c" stroke-width="40" stroke-dasharray="146 440" stroke-dashoffset="-233"/>'
                              '<circle cx="100" cy="100" r="70" fill="none" stroke="#5794f2" stroke-width="40" stroke-dasharray="61 440" stroke-dashoffset="-379"/>'
                              '<text x="200" y="80">eu</text><text x="200" y="100">us</text><text x="200" y="120">apac</text></svg>'),
        ("Hosts", f"<table><tr><th>host</th><th>region</th><th>cpu</th><th>memory</th></tr>{table}</table>"),
    ]


def page(points):
    cells = "".join(f'<div class="p"><h3>{t}</h3>{body}</div>' for t, body in panels(points))
    return ("<!doctype html><html><head><meta charset='utf-8'><style>@page{size:A4 landscape;margin:1cm}"
            "body{font-family:sans-serif}h1{font-size:16px}.g{display:grid;grid-template-columns:1fr 1fr 1fr;gap:8px}"
            ".p{border:1px solid #ddd;padding:4px}h3{font-size:12px;margin:0}table{font-size:11px}</style></head>"
            f"<body><h1>Bench: six TestData panels</h1><div class='g'>{cells}</div></body></html>")


def render_once(html, work, i):
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=work))
    out = work / f"chromium-{i}.pdf"
    t0 = time.perf_counter()
    subprocess.run(["chromium", *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={out}",
                    html.as_uri()], capture_output=True, timeout=120, check=False)
    elapsed = (time.perf_counter() - t0) * 1000
    shutil.rmtree(profile, ignore_errors=True)
    if not out.exists() or out.stat().st_size == 0:
        raise SystemExit("chromium produced no PDF")
    return elapsed


def main():
    work, iterations = Path(sys.argv[1]), int(sys.argv[2])
    counts = json.loads(Path(sys.argv[3]).read_text())
    work.mkdir(parents=True, exist_ok=True)
    html = work / "six_panels.html"
    html.write_text(page(max(10, counts.get("segments_per_path", 100))))
    render_once(html, work, 0)  # first run pays page-cache misses for the binary; not counted
    ms = sorted(render_once(html, work, i) for i in range(1, iterations + 1))
    total_s = sum(ms) / 1000
    print(json.dumps({"name": "chromium_floor", "iterations": len(ms), "per_second": len(ms) / total_s,
                      "p50_ms": statistics.median(ms), "p90_ms": ms[min(len(ms) - 1, int(0.9 * len(ms)))],
                      "p99_ms": ms[-1], "max_ms": ms[-1]}))


if __name__ == "__main__":
    main()
