-- wrk script shared by every HTTP scenario. The request comes from the environment so one
-- script serves them all: BENCH_METHOD, BENCH_PATH, BENCH_AUTH (Authorization header value,
-- may be empty) and BENCH_BODY_FILE (optional, sent as application/json).
-- BENCH_TARGETS ("127.0.0.1:PORT 127.0.0.1:PORT ..."), when set, spreads wrk's threads over
-- those servers round-robin (thread i talks to target i mod n, so -t should be a multiple of
-- n and -c a multiple of -t) and the summary adds the answers each target gave.
-- done() prints one line "WRKJSON {...}" with non-2xx answers counted apart from socket
-- errors: a keep-alive bug shows up as socket errors, an overload as non-2xx.

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
end

function response(status, headers, body)
  answers = answers + 1
  local is2xx = status >= 200 and status <= 299
  if not is2xx then non2xx = non2xx + 1 end
  local ok = (expect == nil and is2xx) or status == expect
  if not ok then
    unexpected = unexpected + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 120) end
  end
end

function done(summary, latency, requests)
  local bad, odd, sample = 0, 0, ""
  local per_target = {}
  for i = 1, #targets do per_target[i] = 0 end
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
    odd = odd + t:get("unexpected")
    if sample == "" then sample = t:get("first_bad") end
    local i = t:get("target")
    if i then per_target[i] = per_target[i] + t:get("answers") end
  end
  local e = summary.errors
  sample = string.gsub(sample, '[%c"\\]', " ")  -- keep the JSON line valid
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,"unexpected":%d,"connect_errors":%d,' ..
    '"read_errors":%d,"write_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"mean_us":%.1f,"first_unexpected":"%s","per_target":[%s]}\n',
    summary.requests, summary.duration, summary.bytes, bad, odd, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, sample, table.concat(per_target, ",")))
end
