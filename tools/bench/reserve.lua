-- wrk script of ./holdfast bench-e2e: every request reserves one ticket of one hot event for one of the buyers
-- (round robin over the token file), waiting for the outcome in the response (Prefer: wait=30), as a flash-sale
-- client would. The environment names the event (HOLDFAST_BENCH_EVENT; several, comma-separated, are taken in
-- turn) and the file of user tokens
-- (HOLDFAST_BENCH_TOKENS, one per line); HOLDFAST_BENCH_SECTIONS, when set, names the sections (comma-separated) that
-- the requests take in turn, for an event of several seated sections. done() prints machine-readable RESULT and
-- STATUS lines.

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "results.lua")

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("HOLDFAST_BENCH_TOKENS")) do
    tokens[#tokens + 1] = line
  end
  paths = {}
  for event in string.gmatch(os.getenv("HOLDFAST_BENCH_EVENT"), "[^,]+") do
    paths[#paths + 1] = "/api/events/" .. event .. "/reservations"
  end
  bodies = {}
  for section in string.gmatch(os.getenv("HOLDFAST_BENCH_SECTIONS") or "", "[^,]+") do
    bodies[#bodies + 1] = '{"quantity":1,"section":"' .. section .. '"}'
  end
  if #bodies == 0 then
    bodies[1] = '{"quantity":1}'
  end
  statuses = {}
  sent = 0
end

function request()
  sent = sent + 1
  local token = tokens[((sent * 7919) + id) % #tokens + 1]
  return wrk.format("POST", paths[(sent * 31 + id) % #paths + 1], {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Prefer"] = "wait=30",
  }, bodies[sent % #bodies + 1])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  report(summary, latency)
end
