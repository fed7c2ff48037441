# Sourced by bench/run.sh: scenario 7, three reportd instances on one PostgreSQL (issue 12).
# A real PostgreSQL 15 (bench/lib/pg_server.py: initdb + pg_ctl under $BENCH_WORK/pg, a loopback
# port, `nobody` under root), three reportd on one database, their own SMTP sink logging each
# message's subject. Measures:
#   send   POST /api/reports/email at each of PG_LEVELS connections, one wrk with 3 threads:
#          the suite's SQLite reportd (sqlite-1, the same request at the same level just
#          before), one instance on PostgreSQL (pg-1), and spread over the three (pg-3, thread
#          i on instance i);
#   burst  PG_REPORTS reports due at the same second, created round-robin through the three:
#          arrived, duplicates, missing, seconds from the due second until all arrived.
# Uses BIN, PY, BENCH_DIR, BENCH_WORK, URL, AUTH, RPID from run.sh; BENCH_PG_LEVELS ("3 48", each rounded down to
# a multiple of 3), BENCH_PG_REPORTS (200), BENCH_PG_LEAD (seconds from creating the first
# report to their due second, 10).
read -r -a PG_LEVELS <<<"${BENCH_PG_LEVELS:-3 48}"
PG_REPORTS=${BENCH_PG_REPORTS:-200}
PG_LEAD=${BENCH_PG_LEAD:-10}
PG_DIR=

# Run by cleanup (CLEANUP_HOOKS) and at the end of the scenario: pg_ctl stop. The postmaster is
# pg_ctl's daemon, not a child of the suite, so stop_pid cannot reach it.
stop_postgres() {
  [ -n "$PG_DIR" ] || return 0
  "$PY" "$BENCH_DIR/lib/pg_server.py" stop "$PG_DIR" >&2 || true
  PG_DIR=
}
CLEANUP_HOOKS+=(stop_postgres)

scenario_postgres() {
  step "scenario 7: three reportd instances on one PostgreSQL (sends at ${PG_LEVELS[*]} connections; $PG_REPORTS reports due at once)"
  PG_DIR=$BENCH_WORK/pg
  run_out "$BENCH_WORK/pg.out" "$PY" "$BENCH_DIR/lib/pg_server.py" start "$PG_DIR" reportd_bench
  local url version
  url=$(awk '/^URL / {print $2}' "$BENCH_WORK/pg.out")
  version=$(awk '/^VERSION / {print $2}' "$BENCH_WORK/pg.out")
  echo "  PostgreSQL $version at ${url##*@}" >&2

  local log=$BENCH_WORK/pg-subjects.log sink_port
  : >"$log"
  start_bg smtp-sink-pg "$BENCH_WORK/smtp-pg.log" "$PY" "$BENCH_DIR/lib/smtp_sink.py" --port 0 --log "$log"
  local sink_pid=$LAST_PID
  sink_port=$(wait_for_line "$BENCH_WORK/smtp-pg.log" '^PORT ' 10 | awk '{print $2}')

  # One at a time: the first migrates the empty database and prints the first-start token.
  local i ports=() pids=() targets=()
  for i in 1 2 3; do
    start_bg "reportd-pg$i" "$BENCH_WORK/reportd-pg$i.log" "$BIN" --data "$BENCH_WORK/data-pg$i" --port 0 \
      --set server.http_addr=127.0.0.1 --set reporting.provision_demo=false \
      --set database.type=postgres --set database.url="$url" --set server.instance_id="bench-$i" \
      --set reporting.schedule_reload=1s \
      --set smtp.host="127.0.0.1:$sink_port" --set smtp.startTLS_policy=none
    pids+=("$LAST_PID")
    ports+=("$(wait_for_line "$BENCH_WORK/reportd-pg$i.log" 'reportd listening on http://' 60 | sed -E 's/.*:([0-9]+).*/\1/')")
    targets+=("127.0.0.1:${ports[-1]}")
  done
  local token
  token=$(grep -m1 -ohE 'glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}' "$BENCH_WORK/reportd-pg1.log")
  "$PY" "$BENCH_DIR/lib/seed.py" "${ports[0]}" "$token" "$BENCH_WORK/seed-pg" >/dev/null
  record "{\"kind\":\"postgres\",\"version\":\"$version\",\"instances\":3,\"rss_kb\":[$(rss_kb "${pids[0]}" VmRSS),$(rss_kb "${pids[1]}" VmRSS),$(rss_kb "${pids[2]}" VmRSS)]}"

  local c send=(BENCH_METHOD=POST BENCH_PATH=/api/reports/email "BENCH_AUTH=Bearer $token"
    "BENCH_BODY_FILE=$BENCH_WORK/seed-pg/send_body.json")
  for c in "${PG_LEVELS[@]}"; do
    c=$((c / 3 * 3))
    [ "$c" -ge 3 ] || c=3
    WRK_THREADS=3 wrk_run send sqlite-1 "$c" "$URL" "$RPID" 60s BENCH_METHOD=POST BENCH_PATH=/api/reports/email \
      "BENCH_AUTH=$AUTH" "BENCH_BODY_FILE=$BENCH_WORK/send_body.json"
    wait_quiet "$RPID"
    WRK_THREADS=3 wrk_run send pg-1 "$c" "http://${targets[0]}" "${pids[0]}" 60s "${send[@]}" \
      "BENCH_TARGETS=${targets[0]}"
    wait_quiet "${pids[0]}"
    WRK_THREADS=3 wrk_run send pg-3 "$c" "http://${targets[0]}" "${pids[0]}" 60s "${send[@]}" \
      "BENCH_TARGETS=${targets[*]}"
    for i in "${pids[@]}"; do wait_quiet "$i"; done
  done

  step "scenario 7b: $PG_REPORTS reports due at the same second on the three instances"
  run_out "$BENCH_WORK/burst.out" "$PY" "$BENCH_DIR/lib/exactly_once.py" "$token" "$log" "$PG_REPORTS" "$PG_LEAD" "${ports[@]}"
  record "{\"kind\":\"exactly_once\",\"result\":$(cat "$BENCH_WORK/burst.out")}"
  "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); print("  %d reports: %d arrived, %d duplicates, %d missing; all within %s s of the due second; sent by instance %s" % (r["reports"], r["arrived"], r["duplicates"], r["missing"], r["all_after_due_s"], r["sent_by_instance"]))' \
    "$BENCH_WORK/burst.out" >&2

  for i in "${pids[@]}"; do stop_pid "$i"; done
  stop_pid "$sink_pid"
  stop_postgres
}
