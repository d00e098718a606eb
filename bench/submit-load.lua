-- wrk script of bench/submit-load.sh: counts the answers that carry a JobId (or, for other actions, any 200),
-- keeps the JobIds so the script can look each one up in the database, and prints one summary line.
ids, ok, refused = {}, 0, 0 -- globals: thread:get reads them in done()
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
    local id = body:match('"JobId":"([%w%-]+)"')
    if id then ids[#ids + 1] = id end
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local answered, failed = 0, 0
  local out = os.getenv("WRK_IDS")
  local file = out and io.open(out, "w")
  for _, thread in ipairs(threads) do
    answered = answered + thread:get("ok")
    failed = failed + thread:get("refused")
    if file then
      local list = thread:get("ids")
      for i = 1, #list do file:write(list[i], "\n") end
    end
  end
  if file then file:close() end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f p50=%.2f p99=%.2f max=%.2f ok=%d refused=%d socket_errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, answered, failed, errors))
end
