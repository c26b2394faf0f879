-- wrk script for bench/run.py, configured through environment variables (every wrk thread
-- runs its own Lua state, and each reads them):
--   BENCH_METHOD   GET (default) or POST
--   BENCH_PATH     the request path, or
--   BENCH_PATHS    a file of paths, one per line; each request picks one at random
--   BENCH_BODY     request body; every "{n}" becomes a number unique to this request
--   BENCH_DEVKEY, BENCH_SESSION   the devKey and sessionId headers (sent when set)
-- done() prints one line, "BENCH_JSON {...}", that bench/run.py parses.

local method = os.getenv("BENCH_METHOD") or "GET"
local body_template = os.getenv("BENCH_BODY")
local paths = {}
local counter = 0
local headers = {}

local thread_no = 0
local threads = {}

function setup(thread)
  thread_no = thread_no + 1
  thread:set("tid", thread_no)
  table.insert(threads, thread)
end

function init(args)
  local file = os.getenv("BENCH_PATHS")
  if file then
    for line in io.lines(file) do
      if line ~= "" then table.insert(paths, line) end
    end
  else
    table.insert(paths, os.getenv("BENCH_PATH") or "/")
  end
  local dev_key = os.getenv("BENCH_DEVKEY")
  local session = os.getenv("BENCH_SESSION")
  if dev_key then headers["devKey"] = dev_key end
  if session then headers["sessionId"] = session end
  if body_template then headers["Content-Type"] = "application/json" end
  math.randomseed(os.time() + (tid or 0) * 7919)
end

function request()
  local path = paths[math.random(#paths)]
  local body = nil
  if body_template then
    counter = counter + 1
    local n = string.format("%d%09d", tid or 0, counter)
    body = string.gsub(body_template, "{n}", n)
  end
  return wrk.format(method, path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"mean_us":%.1f,"max_us":%d,"errors_status":%d,"errors_connect":%d,"errors_read":%d,' ..
    '"errors_write":%d,"errors_timeout":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
