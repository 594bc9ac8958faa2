-- scripts/bench/report.lua — wrk script used for every benchmark target (scripts/benchmark-api.sh).
--
-- * Sends "Authorization: Bearer $BENCH_TOKEN" when that variable is set (the baseline runs without it).
-- * At the end prints one machine-readable line that benchmark-api.sh parses:
--     BENCH requests=N duration_us=N p50_us=N p99_us=N non2xx=N connect=N read=N write=N timeout=N sent=N bytes=N
--   "non2xx" is wrk's count of responses outside 2xx/3xx; "sent" is the number of requests a dynamic script
--   (post-adjustments.lua) generated, 0 for a static request.
-- Loaded by post-adjustments.lua too, which adds request() on top.

local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local sent = 0
  for _, t in ipairs(threads) do
    sent = sent + (tonumber(t:get("sent")) or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d sent=%d bytes=%d\n",
    summary.requests, summary.duration, math.floor(latency:percentile(50)), math.floor(latency:percentile(99)),
    e.status, e.connect, e.read, e.write, e.timeout, sent, summary.bytes))
end
