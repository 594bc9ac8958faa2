-- scripts/bench/post-adjustments.lua — wrk script for POST .../inventory-adjustments (scripts/benchmark-api.sh).
--
-- Every request posts one RECEIPT of $BENCH_QUANTITY (default 0.25) $BENCH_UNIT (default KG) for a product id
-- picked at random from $BENCH_IDS_FILE (one id a line), with the bearer token from $BENCH_TOKEN.
-- Counts the requests it generates ("sent") so the caller can check that the server recorded at least wrk's
-- completed requests and at most the ones sent (the difference is what was in flight when wrk stopped).

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local ids = {}
local ids_file = os.getenv("BENCH_IDS_FILE") or error("BENCH_IDS_FILE is not set")
for line in io.lines(ids_file) do
  if line ~= "" then ids[#ids + 1] = line end
end
if #ids == 0 then error("no product ids in " .. ids_file) end

local quantity = os.getenv("BENCH_QUANTITY") or "0.25"
local unit = os.getenv("BENCH_UNIT") or "KG"
local body_format = '{"productId":"%s","quantity":' .. quantity .. ',"unit":"' .. unit .. '","adjustmentType":"RECEIPT"}'

sent = 0

function init(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
end

function request()
  sent = sent + 1
  return wrk.format(nil, nil, nil, string.format(body_format, ids[math.random(#ids)]))
end
