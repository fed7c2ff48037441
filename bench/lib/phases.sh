# Sourced by bench/run.sh after reportd is up and seeded: the scenarios of issue 5, in the
# order they run. Uses URL, AUTH, ID, GET, RPID, LEVELS, BENCH_WORK, BUILD_DIR from run.sh.

# Memory: RSS after 10k and after 100k requests (a round robin of the light paths). wrk runs
# for a fixed time, so it runs in 2 s slices, each told to stop at the next mark.
memory_phase() {
  step "memory: RSS after 10k and 100k requests"
  local total=0 slice mark slices=0
  for mark in 10000 100000; do
    while [ "$total" -lt "$mark" ] && [ "$slices" -lt 30 ]; do
      run_out "$BENCH_WORK/slice.out" env BENCH_PATH="/api/reports/$ID" BENCH_AUTH="$AUTH" \
        BENCH_LIMIT_PER_THREAD=$(((mark - total + 1) / 2)) \
        wrk -t2 -c64 -d2s -s "$BENCH_DIR/wrk/mixed.lua" "$URL"
      slice=$(grep '^WRKJSON' "$BENCH_WORK/slice.out" | cut -c9-)
      total=$((total + $(sed -E 's/.*"requests":([0-9]+).*/\1/' <<<"$slice")))
      slices=$((slices + 1))
    done
    record "{\"kind\":\"rss\",\"label\":\"after ${mark} requests\",\"requests\":$total,\"rss_kb\":$(rss_kb "$RPID" VmRSS)}"
  done
}

# nginx with one worker, answering reportd's bytes (scenario 1) and its rejections (2).
start_nginx() {
  local port
  port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$BENCH_WORK/nginx-body"
  nginx_conf "$BENCH_WORK" "$port" "$BENCH_WORK/get_body.json" "$ID"
  start_bg nginx "$BENCH_WORK/nginx.log" nginx -c "$BENCH_WORK/nginx.conf" -g 'daemon off;'
  NGINX_URL=http://127.0.0.1:$port
  local i
  for ((i = 0; i < 100; i++)); do
    NGINX_WORKER=$(pgrep -P "$LAST_PID" | head -1 || true)
    [ -n "$NGINX_WORKER" ] && curl -fs -o /dev/null "$NGINX_URL/api/reports/$ID" && return 0
    sleep 0.05
  done
  echo "nginx did not start" >&2
  cat "$BENCH_WORK/nginx-error.log" >&2
  return 1
}

# A second reportd on the same data folder with one store connection ([database]
# max_open_conn = 1, as REPORTD_DATABASE_MAX_OPEN_CONN=1: reads queue behind each other and
# behind writes on one thread, as before the reader pool); scenario 1 runs it beside the
# default pool at every level, so the report shows the pool's effect beside the old figure.
start_one_connection() {
  start_bg reportd-1conn "$BENCH_WORK/reportd-1conn.log" "$BIN" --data "$BENCH_WORK/data" --port 0 \
    --set server.http_addr=127.0.0.1 --set reporting.provision_demo=false \
    --set reporting.scheduler_enabled=false --set database.max_open_conn=1
  ONECONN_PID=$LAST_PID
  local port
  port=$(wait_for_line "$BENCH_WORK/reportd-1conn.log" 'reportd listening on http://' 30 | sed -E 's/.*:([0-9]+).*/\1/')
  ONECONN_URL=http://127.0.0.1:$port
}

# The design's own floor (bench/floor/actor_floor.cpp): Beast keep-alive connections whose
# every request goes to one front actor, which spawns a per-request supervisor that answers
# at once: reportd's hops with no work. 200 with reportd's GET bytes; 401 with reportd's
# 401 bytes for any other Authorization than reportd's token (as reportd's bad-token 401).
start_actor_floor() {
  curl -s -o "$BENCH_WORK/reject401_body.json" -H "Authorization: Bearer glsa_bad" "$URL/api/reports/$ID"
  start_bg actor-floor "$BENCH_WORK/actor-floor.log" "$BUILD_DIR/bench/actor_floor" \
    "$BENCH_WORK/get_body.json" "$BENCH_WORK/reject401_body.json" "$AUTH"
  FLOOR_PID=$LAST_PID
  FLOOR_URL=http://127.0.0.1:$(wait_for_line "$BENCH_WORK/actor-floor.log" '^PORT ' 10 | awk '{print $2}')
  curl -fs -o /dev/null -H "Authorization: $AUTH" "$FLOOR_URL/api/reports/$ID" ||
    { echo "actor_floor does not answer" >&2; return 1; }
}

scenario_get() {
  step "scenario 1: GET /api/reports/$ID (reader pool, and max_open_conn = 1), nginx and actor_floor with the same $(wc -c <"$BENCH_WORK/get_body.json") bytes"
  [ -n "${NGINX_URL:-}" ] || start_nginx
  [ -n "${FLOOR_URL:-}" ] || start_actor_floor
  start_one_connection
  local c
  for c in "${LEVELS[@]}"; do
    wrk_run get reportd "$c" "$URL" "$RPID" 5s "${GET[@]}"
    wrk_run get reportd-1conn "$c" "$ONECONN_URL" "$ONECONN_PID" 5s "${GET[@]}"
    wrk_run get nginx "$c" "$NGINX_URL" "$NGINX_WORKER" 5s BENCH_PATH="/api/reports/$ID"
    wrk_run get actor-floor "$c" "$FLOOR_URL" "$FLOOR_PID" 5s "${GET[@]}"
  done
  stop_pid "$ONECONN_PID"
}

scenario_reject() {
  step "scenario 2: 401 (bad token) and 400 (malformed body), and nginx (and actor_floor for the 401) answering the same"
  [ -n "${NGINX_URL:-}" ] || start_nginx
  [ -n "${FLOOR_URL:-}" ] || start_actor_floor
  local c
  for c in "${LEVELS[@]}"; do
    wrk_run reject401 reportd "$c" "$URL" "$RPID" 5s BENCH_PATH="/api/reports/$ID" \
      "BENCH_AUTH=Bearer glsa_bad" BENCH_EXPECT=401
    wrk_run reject401 nginx "$c" "$NGINX_URL" "$NGINX_WORKER" 5s BENCH_PATH=/reject401 BENCH_EXPECT=401
    wrk_run reject401 actor-floor "$c" "$FLOOR_URL" "$FLOOR_PID" 5s BENCH_PATH="/api/reports/$ID" \
      "BENCH_AUTH=Bearer glsa_bad" BENCH_EXPECT=401
    wrk_run reject400 reportd "$c" "$URL" "$RPID" 5s BENCH_METHOD=POST BENCH_PATH=/api/reports \
      "BENCH_AUTH=$AUTH" BENCH_BODY_FILE="$BENCH_WORK/malformed_body.json" BENCH_EXPECT=400
    wrk_run reject400 nginx "$c" "$NGINX_URL" "$NGINX_WORKER" 5s BENCH_METHOD=POST BENCH_PATH=/reject400 \
      BENCH_BODY_FILE="$BENCH_WORK/malformed_body.json" BENCH_EXPECT=400
  done
}

scenario_create() {
  step "scenario 3: POST /api/reports, and raw SQLite inserts"
  local c
  for c in "${LEVELS[@]}"; do
    wrk_run create reportd "$c" "$URL" "$RPID" 10s BENCH_METHOD=POST BENCH_PATH=/api/reports \
      "BENCH_AUTH=$AUTH" BENCH_BODY_FILE="$BENCH_WORK/create_body.json"
  done
  run_out "$BENCH_WORK/sqlite.out" "$BENCH_DIR/lib/sqlite_floor.sh" "$BENCH_WORK/data/reportd.db" "$BENCH_WORK" 3000 "$ID"
  record "{\"kind\":\"floor\",\"scenario\":\"create\",\"result\":$(cat "$BENCH_WORK/sqlite.out")}"
}

scenario_send() {
  step "scenario 4: POST /api/reports/email (6 panels, PDF) to the SMTP sink"
  # One connection per wrk thread (-t = -c), so report.lua can pair each request with its
  # answer and time the 503s (past the admission limit) apart from the sends.
  local c
  for c in "${LEVELS[@]}"; do
    WRK_THREADS=$c wrk_run send reportd "$c" "$URL" "$RPID" 60s BENCH_METHOD=POST BENCH_PATH=/api/reports/email \
      "BENCH_AUTH=$AUTH" BENCH_BODY_FILE="$BENCH_WORK/send_body.json" BENCH_STATUS_LATENCY=1
    wait_quiet "$RPID"  # sends wrk gave up on are still rendering
  done
  send_past_the_limit
}

# Past the admission limit: the default limit (max_inflight_heavy = 256, and what 2 render
# workers finish inside render_timeout) is not reached by 256 connections, so a second reportd
# on the same data folder with [server] max_inflight_heavy = 64 takes the same sends at 256:
# about three quarters of the connections are over the limit at any moment and must be
# answered 503 with Retry-After at once (wrk retries at once, ignoring Retry-After, as a
# careless client would), while the admitted ones are still rendered and mailed.
send_past_the_limit() {
  start_bg reportd-limit64 "$BENCH_WORK/reportd-limit64.log" "$BIN" --data "$BENCH_WORK/data" --port 0 \
    --set server.http_addr=127.0.0.1 --set reporting.provision_demo=false \
    --set reporting.scheduler_enabled=false --set server.max_inflight_heavy=64 \
    --set smtp.host="127.0.0.1:$SMTP_PORT" --set smtp.startTLS_policy=none
  local pid=$LAST_PID port
  port=$(wait_for_line "$BENCH_WORK/reportd-limit64.log" 'reportd listening on http://' 30 | sed -E 's/.*:([0-9]+).*/\1/')
  WRK_THREADS=256 wrk_run send reportd-limit64 256 "http://127.0.0.1:$port" "$pid" 60s BENCH_METHOD=POST \
    BENCH_PATH=/api/reports/email "BENCH_AUTH=$AUTH" BENCH_BODY_FILE="$BENCH_WORK/send_body.json" BENCH_STATUS_LATENCY=1
  wait_quiet "$pid"
  stop_pid "$pid"
}

scenario_render() {
  step "scenario 5: render only (reportd's renderer, bare cairo, cold headless Chromium)"
  local dash=$BENCH_DIR/fixtures/six_panels.json w=$BENCH_WORK shape
  run_out "$w/render.out" "$BUILD_DIR/bench/bench_render" "$dash" "$w/render.pdf" 3
  record "{\"kind\":\"render\",\"result\":$(cat "$w/render.out")}"
  "$PY" "$BENCH_DIR/lib/pdf_counts.py" "$w/render.pdf" >"$w/counts.json"
  record "{\"kind\":\"render_counts\",\"result\":$(cat "$w/counts.json")}"
  read -r -a shape < <("$PY" -c 'import json,sys; c=json.load(open(sys.argv[1])); print(c["paths"], c["segments_per_path"], c["glyphs"], c["width_pt"], c["height_pt"])' "$w/counts.json")
  run_out "$w/cairo.out" "$BUILD_DIR/bench/cairo_floor" "${shape[@]}" 3
  record "{\"kind\":\"floor\",\"scenario\":\"render_cairo\",\"result\":$(cat "$w/cairo.out")}"
  run_out "$w/chromium.out" "$PY" "$BENCH_DIR/lib/chromium_floor.py" "$w/chromium" "${BENCH_CHROMIUM_RUNS:-5}" "$w/counts.json"
  record "{\"kind\":\"floor\",\"scenario\":\"render_chromium\",\"result\":$(cat "$w/chromium.out")}"
}

# A fresh reportd on the same data folder for scenario 6, so its RSS is what the idle
# connections and the GET load cost, not what earlier scenarios (renders) left in the heap;
# [server] max_connections at twice IDLE: the 64 measured connections are not the ones over
# the limit (answered 503 at once), and the idle ones stay below three quarters of it, where
# reportd would start closing idle connections after 5 s to keep room (a crowd).
start_idle_instance() {
  start_bg reportd-idle "$BENCH_WORK/reportd-idle.log" "$BIN" --data "$BENCH_WORK/data" --port 0 \
    --set server.http_addr=127.0.0.1 --set reporting.provision_demo=false \
    --set reporting.scheduler_enabled=false --set server.max_connections=$((IDLE * 2))
  IDLE_PID=$LAST_PID
  IDLE_PORT=$(wait_for_line "$BENCH_WORK/reportd-idle.log" 'reportd listening on http://' 30 | sed -E 's/.*:([0-9]+).*/\1/')
  IDLE_URL=http://127.0.0.1:$IDLE_PORT
}

scenario_idle() {
  step "scenario 6: $IDLE idle keep-alive connections while scenario 1 runs at 64 (a fresh instance)"
  start_idle_instance
  local started
  started=$(rss_kb "$IDLE_PID" VmRSS)
  # The same GET at 64 just before, without them: the figure the idle run is held to.
  wrk_run idle reportd-no-idle 64 "$IDLE_URL" "$IDLE_PID" 5s "${GET[@]}"
  reset_peak "$IDLE_PID"
  local before ready held
  before=$(rss_kb "$IDLE_PID" VmRSS)
  start_bg idle-connections "$BENCH_WORK/idle.log" "$PY" "$BENCH_DIR/lib/idle_conns.py" \
    --port "$IDLE_PORT" --count "$IDLE" --path "/api/reports/$ID" --auth "$AUTH"
  local idle_pid=$LAST_PID
  ready=$(wait_for_line "$BENCH_WORK/idle.log" '^READY' 120)
  local with_idle
  with_idle=$(rss_kb "$IDLE_PID" VmRSS)
  wrk_run idle reportd 64 "$IDLE_URL" "$IDLE_PID" 5s "${GET[@]}"
  stop_pid "$idle_pid"
  held=$(grep -m1 '^HELD' "$BENCH_WORK/idle.log" || echo "HELD 0 0 0")
  record "{\"kind\":\"idle\",\"connections\":$IDLE,\"opened\":$(awk '{print $2}' <<<"$ready"),\"answered_2xx\":$(awk '{print $3}' <<<"$ready"),\"still_open\":$(awk '{print $2}' <<<"$held"),\"closed_by_server\":$(awk '{print $3}' <<<"$held"),\"failed\":$(awk '{print $4}' <<<"$held"),\"rss_started_kb\":$started,\"rss_before_kb\":$before,\"rss_with_idle_kb\":$with_idle,\"peak_rss_kb\":$(rss_kb "$IDLE_PID" VmHWM)}"
  stop_pid "$IDLE_PID"
}

micro_benchmarks() {
  step "micro-benchmarks (Google Benchmark)"
  run_fg "$BUILD_DIR/bench/bench_micro" --benchmark_min_time=0.2 --benchmark_format=json \
    --benchmark_out="$BENCH_WORK/micro.json" --benchmark_out_format=json >/dev/null 2>"$BENCH_WORK/micro.err" ||
    { cat "$BENCH_WORK/micro.err" >&2; return 1; }
  cp "$BENCH_WORK/micro.json" "$OUT/micro.json"
}
