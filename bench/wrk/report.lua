-- wrk script shared by every HTTP scenario. The request comes from the environment so one
-- script serves them all: BENCH_METHOD, BENCH_PATH, BENCH_AUTH (Authorization header value,
-- may be empty) and BENCH_BODY_FILE (optional, sent as application/json).
-- BENCH_TARGETS ("127.0.0.1:PORT 127.0.0.1:PORT ..."), when set, spreads wrk's threads over
-- those servers round-robin (thread i talks to target i mod n, so -t should be a multiple of
-- n and -c a multiple of -t) and the summary adds the answers each target gave.
-- done() prints one line "WRKJSON {...}" with non-2xx answers counted apart from socket
-- errors: a keep-alive bug shows up as socket errors, an overload as non-2xx, and the
-- answers counted by status ("statuses": {"200": n, "503": m, ...}).
-- BENCH_STATUS_LATENCY=1 also times each answer by its status class: wrk's own histogram
-- mixes every answer, and its response() hook is told no latency, so request() notes the
-- monotonic clock and response() reads it again. That pairs request and answer only when
-- each wrk thread has ONE connection (-t equal to -c: keep-alive, no pipelining, so the
-- thread's request() and response() alternate); the caller must run wrk so. The summary
-- then adds "non2xx_p50_us"/"non2xx_p99_us"/"non2xx_max_us" and the same for 2xx
-- ("ok_p50_us", ...), from log buckets 2 % wide (each percentile is its bucket's top).

wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.path = os.getenv("BENCH_PATH") or "/"
local auth = os.getenv("BENCH_AUTH") or ""
if auth ~= "" then wrk.headers["Authorization"] = auth end
local body_file = os.getenv("BENCH_BODY_FILE") or ""
if body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
end

local expect = tonumber(os.getenv("BENCH_EXPECT") or "")
local timed = os.getenv("BENCH_STATUS_LATENCY") == "1"
local now_us
if timed then
  local ffi = require("ffi")  -- wrk embeds LuaJIT
  ffi.cdef[[
    struct bench_timespec { long tv_sec; long tv_nsec; };
    int clock_gettime(int clk_id, struct bench_timespec *tp);
  ]]
  local ts = ffi.new("struct bench_timespec")
  now_us = function()
    ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
  end
end
local BUCKETS_PER_E = 50  -- bucket i holds latencies in [e^(i/50), e^((i+1)/50)) µs: 2 % wide
local function bucket(us) return math.floor(math.log(math.max(us, 1)) * BUCKETS_PER_E) end
local threads = {}
local targets = {}
for t in string.gmatch(os.getenv("BENCH_TARGETS") or "", "%S+") do
  local host, port = string.match(t, "^(.+):(%d+)$")
  table.insert(targets, wrk.lookup(host, port)[1])
end

function setup(thread)
  table.insert(threads, thread)
  if #targets > 0 then
    local i = (#threads - 1) % #targets + 1
    thread.addr = targets[i]
    thread:set("target", i)
  end
end

function init(args)
  non2xx = 0
  unexpected = 0
  first_bad = ""
  answers = 0
  statuses = {}  -- status code (string) -> answers
  ok_hist, bad_hist = {}, {}  -- bucket -> answers (BENCH_STATUS_LATENCY only)
  sent_at = nil
end

-- Defined only when timing (wrk asks whether a global request() exists, once, and then
-- calls it for every request instead of sending fixed bytes).
if timed then
  local req
  function request()
    req = req or wrk.format()
    sent_at = now_us()
    return req
  end
end

function response(status, headers, body)
  answers = answers + 1
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if sent_at then
    local h = (status >= 200 and status <= 299) and ok_hist or bad_hist
    local b = bucket(now_us() - sent_at)
    h[b] = (h[b] or 0) + 1
    sent_at = nil
  end
  local is2xx = status >= 200 and status <= 299
  if not is2xx then non2xx = non2xx + 1 end
  local ok = (expect == nil and is2xx) or status == expect
  if not ok then
    unexpected = unexpected + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 120) end
  end
end

local function merge(into, from)
  for k, v in pairs(from or {}) do into[k] = (into[k] or 0) + v end
end

-- '"NAME_p50_us":..,"NAME_p99_us":..,"NAME_max_us":..,"NAME_timed":n' from merged buckets.
local function percentiles(name, hist)
  local keys, total = {}, 0
  for b, n in pairs(hist) do table.insert(keys, b); total = total + n end
  table.sort(keys)
  local function top(b) return math.floor(math.exp((b + 1) / BUCKETS_PER_E)) end
  local function at(p)
    if total == 0 then return 0 end
    local seen, want = 0, math.ceil(total * p / 100)
    for _, b in ipairs(keys) do
      seen = seen + hist[b]
      if seen >= want then return top(b) end
    end
    return top(keys[#keys])
  end
  return string.format(',"%s_p50_us":%d,"%s_p99_us":%d,"%s_max_us":%d,"%s_timed":%d', name, at(50), name, at(99),
    name, total > 0 and top(keys[#keys]) or 0, name, total)
end

function done(summary, latency, requests)
  local bad, odd, sample = 0, 0, ""
  local per_target = {}
  local statuses, ok_hist, bad_hist = {}, {}, {}
  for i = 1, #targets do per_target[i] = 0 end
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
    odd = odd + t:get("unexpected")
    if sample == "" then sample = t:get("first_bad") end
    local i = t:get("target")
    if i then per_target[i] = per_target[i] + t:get("answers") end
    merge(statuses, t:get("statuses"))
    merge(ok_hist, t:get("ok_hist"))
    merge(bad_hist, t:get("bad_hist"))
  end
  local codes = {}
  for k, v in pairs(statuses) do table.insert(codes, string.format('"%s":%d', k, v)) end
  table.sort(codes)
  local extra = ',"statuses":{' .. table.concat(codes, ",") .. '}'
  if timed then extra = extra .. percentiles("ok", ok_hist) .. percentiles("non2xx", bad_hist) end
  local e = summary.errors
  sample = string.gsub(sample, '[%c"\\]', " ")  -- keep the JSON line valid
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,"unexpected":%d,"connect_errors":%d,' ..
    '"read_errors":%d,"write_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"mean_us":%.1f,"first_unexpected":"%s","per_target":[%s]%s}\n',
    summary.requests, summary.duration, summary.bytes, bad, odd, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, sample, table.concat(per_target, ","), extra))
end
