# Sourced by bench/run.sh: one wrk run, recorded with reportd's (or the floor's) memory.
# Needs: WRK_DURATION, RUNS (jsonl file), BENCH_DIR.

# wrk_run SCENARIO TARGET CONC URL PID TIMEOUT [VAR=value...]: one wrk run against URL at
# CONC connections; the VAR=value pairs (BENCH_METHOD, BENCH_PATH, BENCH_AUTH,
# BENCH_BODY_FILE, BENCH_EXPECT, BENCH_TARGETS) shape the request. PID is the server whose
# peak RSS over the run is recorded. WRK_THREADS (default 2, 1 below 2 connections) sets wrk's
# threads. Appends one JSON line to $RUNS.
wrk_run() {
  local scenario=$1 target=$2 conc=$3 url=$4 pid=$5 timeout=$6
  shift 6
  local threads=${WRK_THREADS:-2}
  [ "$conc" -lt "$threads" ] && threads=$conc
  reset_peak "$pid"
  local out=$BENCH_WORK/wrk.out
  run_out "$out" env "$@" wrk -t"$threads" -c"$conc" -d"${WRK_DURATION}s" --timeout "$timeout" \
    -s "$BENCH_DIR/wrk/report.lua" "$url" || { cat "$out" >&2; return 1; }
  local line
  line=$(grep -m1 '^WRKJSON ' "$out" | cut -c9-)
  [ -n "$line" ] || { echo "wrk printed no summary:" >&2; cat "$out" >&2; return 1; }
  local peak now
  peak=$(rss_kb "$pid" VmHWM)
  now=$(rss_kb "$pid" VmRSS)
  printf '{"scenario":"%s","target":"%s","concurrency":%d,"peak_rss_kb":%d,"rss_kb":%d,"wrk":%s}\n' \
    "$scenario" "$target" "$conc" "$peak" "$now" "$line" >>"$RUNS"
  /usr/bin/python3 -c 'import json,sys; w=json.loads(sys.argv[1]); print("  %-10s %-13s c=%-3s %8.0f req/s  p99 %6.1f ms  unexpected %d  socket %d" % (sys.argv[2], sys.argv[3], sys.argv[4], w["requests"]/(w["duration_us"]/1e6), w["p99_us"]/1000, w["unexpected"], w["connect_errors"]+w["read_errors"]+w["write_errors"]+w["timeouts"]))' \
    "$line" "$scenario" "$target" "$conc" >&2
}

# record JSON: appends a non-wrk measurement line to $RUNS.
record() { echo "$1" >>"$RUNS"; }

# nginx_conf DIR PORT BODY_FILE REPORT_ID: a one-worker nginx answering like reportd:
# the report's JSON at /api/reports/ID, 401 and 400 bodies like reportd's rejections.
nginx_conf() {
  local dir=$1 port=$2 body=$3 id=$4
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
user root;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 20000; }
http {
  access_log off;
  client_body_temp_path $dir/nginx-body;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  server {
    listen 127.0.0.1:$port;
    default_type application/json;
    location = /api/reports/$id { alias $body; }
    location = /reject401 { return 401 '{"message":"invalid API key"}'; }
    location = /reject400 { return 400 '{"message":"bad request data"}'; }
  }
}
CONF
}
