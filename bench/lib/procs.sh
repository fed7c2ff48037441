# Sourced by bench/run.sh: the processes the suite starts, and their cleanup.
# Every process started goes into BENCH_PIDS; cleanup stops them all (TERM, then KILL),
# on normal exit and on INT/TERM alike, then runs CLEANUP_HOOKS (commands for what is not a
# child of the suite, such as a daemonized PostgreSQL).

BENCH_PIDS=()
CLEANUP_HOOKS=()

# start_bg NAME LOGFILE CMD...: starts CMD in the background, remembers its pid in $LAST_PID.
start_bg() {
  local name=$1 log=$2
  shift 2
  "$@" >"$log" 2>&1 &
  LAST_PID=$!
  BENCH_PIDS+=("$LAST_PID")
  echo "  started $name (pid $LAST_PID)" >&2
}

# run_fg CMD...: runs CMD in the background and waits, so a signal interrupts the wait and
# the trap can stop CMD too (a foreground child would delay the trap until it exits).
run_fg() {
  "$@" &
  local pid=$!
  BENCH_PIDS+=("$pid")
  wait "$pid"
}

# run_out FILE CMD...: run_fg with stdout into FILE (a $(...) would run in a subshell whose
# child the trap cannot see, and bash would hold the trap until that child exits).
run_out() {
  local file=$1
  shift
  run_fg "$@" >"$file"
}

# wait_for_line FILE REGEX SECONDS: prints the first matching line, fails on timeout.
wait_for_line() {
  local file=$1 regex=$2 seconds=$3 i
  for ((i = 0; i < seconds * 20; i++)); do
    if grep -m1 -E "$regex" "$file" 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "timed out waiting for /$regex/ in $file:" >&2
  tail -20 "$file" >&2
  return 1
}

stop_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${BENCH_PIDS[@]}"; do stop_pid "$pid"; done
  wait 2>/dev/null || true
  local hook
  for hook in "${CLEANUP_HOOKS[@]}"; do "$hook" || true; done
  if [ -n "${BENCH_WORK:-}" ] && [ -z "${BENCH_KEEP_WORK:-}" ]; then rm -rf "$BENCH_WORK"; fi
  [ "$status" -ne 0 ] && echo "bench: stopped (status $status); every process it started is stopped" >&2
  exit "$status"
}

# rss_kb PID FIELD: VmRSS or VmHWM of PID in kB.
rss_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }

# reset_peak PID: restarts VmHWM from the current RSS (Linux >= 4.0), so each scenario
# reports its own peak.
reset_peak() { echo 5 >"/proc/$1/clear_refs" 2>/dev/null || true; }

# wait_quiet PID: waits (at most 30 s) until PID has used no CPU for half a second, so work
# left over from one scenario (sends still rendering) does not run into the next.
wait_quiet() {
  local pid=$1 i last now
  last=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  for ((i = 0; i < 60; i++)); do
    sleep 0.5
    now=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    [ "$now" -eq "$last" ] && return 0
    last=$now
  done
}
