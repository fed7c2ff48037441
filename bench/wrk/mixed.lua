-- Memory phase: a round robin of the three light paths (a valid GET, a bad token, a
-- malformed body) so a leak on any of them shows as RSS growth. BENCH_AUTH, BENCH_PATH as
-- in report.lua; each thread stops after BENCH_LIMIT_PER_THREAD answers, so the phase can
-- read reportd's RSS after an exact number of requests.
local auth = os.getenv("BENCH_AUTH") or ""
local path = os.getenv("BENCH_PATH") or "/api/reports/1"
local limit = tonumber(os.getenv("BENCH_LIMIT_PER_THREAD") or "") or math.huge
local requests = {}
local sent, answered = 0, 0

function init(args)
  requests[1] = wrk.format("GET", path, {["Authorization"] = auth})
  requests[2] = wrk.format("GET", path, {["Authorization"] = "Bearer glsa_bad"})
  requests[3] = wrk.format("POST", "/api/reports",
    {["Authorization"] = auth, ["Content-Type"] = "application/json"}, "{\"name\": ")
end

function request()
  sent = sent + 1
  return requests[(sent % 3) + 1]
end

function response(status, headers, body)
  answered = answered + 1
  if answered >= limit then wrk.thread:stop() end
end

function done(summary, latency, requests)
  io.write(string.format('WRKJSON {"requests":%d,"read_errors":%d,"connect_errors":%d}\n',
    summary.requests, summary.errors.read, summary.errors.connect))
end
