#!/usr/bin/env bash
# The bench suite, in one command (see README.md, "Performance"):
#   bench/run.sh
# Builds reportd in Release (build-bench/), starts it with a fresh data folder and a local
# SMTP sink, seeds it, runs every scenario beside its floor, stops everything it started and
# writes bench/results/<UTC date-time>/ (results.md, results.json, PNG plots).
# Environment: BENCH_DURATION (seconds per wrk run, default 5), BENCH_LEVELS ("1 16 64 256"),
# BENCH_IDLE (idle connections, 10000), BENCH_BUILD_DIR (build-bench), JOBS (build jobs, 1),
# BENCH_SKIP_INSTALL=1 (no apt-get), BENCH_KEEP_WORK=1 (keep the temp folder),
# BENCH_UPDATE_README=1 (rewrite README.md's "Performance" section from this run),
# BENCH_ONLY="get postgres ..." (run only these of: memory get reject create send render idle
# postgres micro; default all), BENCH_PG_LEVELS ("3 48"), BENCH_PG_REPORTS (200), BENCH_PG_LEAD
# (10 s) for the PostgreSQL scenario (bench/lib/postgres.sh).
# Floors beside reportd: nginx (one worker, same bytes) for GET and the rejections, and
# actor-floor (bench/floor/actor_floor.cpp, target actor_floor): the design's own floor, a
# bare Beast keep-alive server whose requests take reportd's hops (connection strand -> one
# CAF front actor -> a per-request supervisor actor -> back to the strand) and do no work;
# scenarios 1 (get) and 2 (reject401) run it at every level. results.md's Targets table
# holds each figure beside its floor from the same run (issue 13).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH_DIR=$ROOT/bench
BUILD_DIR=$ROOT/${BENCH_BUILD_DIR:-build-bench}
WRK_DURATION=${BENCH_DURATION:-5}
read -r -a LEVELS <<<"${BENCH_LEVELS:-1 16 64 256}"
IDLE=${BENCH_IDLE:-10000}
PY=/usr/bin/python3
source "$BENCH_DIR/lib/procs.sh"
source "$BENCH_DIR/lib/scenarios.sh"
source "$BENCH_DIR/lib/postgres.sh"
ALL_SCENARIOS="memory get reject create send render idle postgres micro"
read -r -a ONLY <<<"${BENCH_ONLY:-$ALL_SCENARIOS}"
for s in "${ONLY[@]}"; do
  [[ " $ALL_SCENARIOS " == *" $s "* ]] || { echo "bench: BENCH_ONLY: unknown scenario '$s' (known: $ALL_SCENARIOS)" >&2; exit 2; }
done
# want NAME: whether this run includes scenario NAME.
want() { [[ " ${ONLY[*]} " == *" $1 "* ]]; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

STAMP=$(date -u +%Y-%m-%dT%H%MZ)
# What was measured: the commit, and whether the tree had uncommitted changes.
# (.bench-commit: written by whoever exported a commit to bench it outside a git checkout.)
if COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null); then
  git -C "$ROOT" diff --quiet HEAD -- . ':!bench' || COMMIT="$COMMIT+uncommitted changes"
else
  COMMIT=$(cut -c1-7 "$ROOT/.bench-commit" 2>/dev/null || echo unknown)
fi
OUT=$BENCH_DIR/results/$STAMP
BENCH_WORK=$(mktemp -d /tmp/reportd-bench.XXXXXX)
chmod 755 "$BENCH_WORK"  # nginx's worker reads the static body from here
RUNS=$BENCH_WORK/runs.jsonl
: >"$RUNS"
mkdir -p "$OUT"
started=$(date +%s)
step() { echo "[$(($(date +%s) - started))s] $*" >&2; }

step "packages"
[ -n "${BENCH_SKIP_INSTALL:-}" ] || "$BENCH_DIR/install-deps.sh"

step "build (Release, $BUILD_DIR)"
cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DREPORTD_BENCH=ON >/dev/null
cmake --build "$BUILD_DIR" -j "${JOBS:-1}" --target reportd bench_render cairo_floor bench_micro actor_floor
BIN=$BUILD_DIR/reportd

# The idle-connection scenario holds IDLE sockets on each side: raise the soft limit as far
# as the hard one allows (a container may forbid more).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((IDLE + 1000)) ]; then
  echo "bench: open-file limit $(ulimit -n) is too low for $IDLE idle connections" >&2
  exit 1
fi
ncpu=$(nproc)

step "SMTP sink"
start_bg smtp-sink "$BENCH_WORK/smtp.log" "$PY" "$BENCH_DIR/lib/smtp_sink.py" --port 0
SMTP_PID=$LAST_PID
SMTP_PORT=$(wait_for_line "$BENCH_WORK/smtp.log" '^PORT ' 10 | awk '{print $2}')

step "reportd (fresh data folder)"
start_bg reportd "$BENCH_WORK/reportd.log" "$BIN" --data "$BENCH_WORK/data" --port 0 \
  --set server.http_addr=127.0.0.1 --set reporting.provision_demo=false \
  --set smtp.host="127.0.0.1:$SMTP_PORT" --set smtp.startTLS_policy=none
RPID=$LAST_PID
PORT=$(wait_for_line "$BENCH_WORK/reportd.log" 'reportd listening on http://' 30 | sed -E 's/.*:([0-9]+).*/\1/')
TOKEN=$(grep -m1 -oE 'glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}' "$BENCH_WORK/reportd.log")
URL=http://127.0.0.1:$PORT
AUTH="Bearer $TOKEN"
record "{\"kind\":\"rss\",\"label\":\"after start\",\"rss_kb\":$(rss_kb "$RPID" VmRSS)}"

step "seed"
ID=$("$PY" "$BENCH_DIR/lib/seed.py" "$PORT" "$TOKEN" "$BENCH_WORK")
GET=(BENCH_PATH=/api/reports/$ID "BENCH_AUTH=$AUTH")

source "$BENCH_DIR/lib/phases.sh"
want memory && memory_phase
want get && scenario_get
want reject && scenario_reject
want create && scenario_create
want send && scenario_send
want render && scenario_render
want idle && scenario_idle
want postgres && scenario_postgres
want micro && micro_benchmarks

step "stopping reportd"
stop_pid "$RPID"
stop_pid "$SMTP_PID"
msgs=$(awk '/^MESSAGES/ {print $2}' "$BENCH_WORK/smtp.log")
record "{\"kind\":\"smtp\",\"messages\":${msgs:-0}}"

step "results"
cp "$RUNS" "$OUT/runs.jsonl"
"$PY" "$BENCH_DIR/lib/results.py" "$OUT" "$STAMP" "$WRK_DURATION" "$ncpu" "$IDLE" "$COMMIT"
[ -z "${BENCH_UPDATE_README:-}" ] || "$PY" "$BENCH_DIR/lib/readme.py" "$ROOT/README.md" "$OUT"
step "done: $OUT/results.md"
