-- wrk script shared by every HTTP scenario. The request comes from the environment so one
-- script serves them all: BENCH_METHOD, BENCH_PATH, BENCH_AUTH (Authorization header value,
-- may be empty) and BENCH_BODY_FILE (optional, sent as application/json).
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

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  unexpected = 0
  first_bad = ""
end

function response(status, headers, body)
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
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
    odd = odd + t:get("unexpected")
    if sample == "" then sample = t:get("first_bad") end
  end
  local e = summary.errors
  sample = string.gsub(sample, '[%c"\\]', " ")  -- keep the JSON line valid
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,"unexpected":%d,"connect_errors":%d,' ..
    '"read_errors":%d,"write_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"mean_us":%.1f,"first_unexpected":"%s"}\n',
    summary.requests, summary.duration, summary.bytes, bad, odd, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, sample))
end
