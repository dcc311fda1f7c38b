-- wrk script of ./holdfast bench-e2e --soak: a mixed sale at a fixed rate. Run with one connection per thread
-- (wrk -tN -cN), so that each thread's Lua state sees its own connection's answers in order and can follow up on
-- them: every reserve of one ticket that is answered 201 is followed by a purchase (4 in 10), a cancel (3 in 10)
-- or nothing, so that the hold expires (3 in 10). Every request waits for its outcome (Prefer: wait=30).
--
-- The rate is open-loop per connection: its requests are scheduled every HOLDFAST_SOAK_PERIOD_MS, from a start
-- spread over one period, and a request whose time has passed goes at once; a connection that fell more than a
-- second behind (a slow answer) skips the missed slots instead of bursting. wrk's latency is from send to answer.
--
-- The environment names the events (HOLDFAST_BENCH_EVENT, comma-separated, taken in turn), the file of user tokens
-- (HOLDFAST_BENCH_TOKENS, one per line) and the period. done() prints machine-readable RESULT, STATUS and MIX lines,
-- and BOUGHT: the purchases answered 200.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } holdfast_timeval;
  int gettimeofday(holdfast_timeval *tv, void *tz);
]]
local clock = ffi.new("holdfast_timeval")

local function now_ms()
  ffi.C.gettimeofday(clock, nil)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_usec) / 1000
end

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "results.lua")

function init(args)
  local tokens = {}
  for line in io.lines(os.getenv("HOLDFAST_BENCH_TOKENS")) do
    tokens[#tokens + 1] = line
  end
  -- one buyer per connection, the connections spread over the buyers
  token = tokens[id % #tokens + 1]
  local events = {}
  for event in string.gmatch(os.getenv("HOLDFAST_BENCH_EVENT"), "[^,]+") do
    events[#events + 1] = event
  end
  reserve_path = "/api/events/" .. events[id % #events + 1] .. "/reservations"
  period = tonumber(os.getenv("HOLDFAST_SOAK_PERIOD_MS"))
  next_at = now_ms() + period * ((id * 0.618034) % 1)
  statuses = {}
  mix = { reserve = 0, purchase = 0, cancel = 0, expire = 0 }
  reserved = 0
  bought = { yes = 0 }
  follow_up = nil
end

function delay()
  local now = now_ms()
  next_at = next_at + period
  if next_at < now - 1000 then
    next_at = now
  end
  return math.max(0, next_at - now)
end

local headers = {
  ["Content-Type"] = "application/json",
  ["Prefer"] = "wait=30",
}

function request()
  headers["Authorization"] = "Bearer " .. token
  local next = follow_up
  follow_up = nil
  if next == nil then
    mix.reserve = mix.reserve + 1
    return wrk.format("POST", reserve_path, headers, '{"quantity":1}')
  end
  mix[next.action] = mix[next.action] + 1
  if next.action == "purchase" then
    return wrk.format("POST", "/api/reservations/" .. next.id .. "/purchase", headers,
      '{"paymentReference":"soak"}')
  end
  return wrk.format("DELETE", "/api/reservations/" .. next.id, headers, nil)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 200 and string.find(body, '"status":"purchased"', 1, true) then
    bought.yes = bought.yes + 1
  end
  if status ~= 201 then
    return
  end
  reserved = reserved + 1
  local choice = reserved % 10
  if choice < 4 then
    follow_up = { action = "purchase" }
  elseif choice < 7 then
    follow_up = { action = "cancel" }
  else
    mix.expire = mix.expire + 1
    return
  end
  follow_up.id = string.match(body, '"id":"([%x%-]+)"')
  if follow_up.id == nil then
    follow_up = nil
  end
end

function done(summary, latency, requests)
  report(summary, latency)
  for action, count in pairs(summed("mix")) do
    io.write(string.format("MIX %s %d\n", action, count))
  end
  io.write(string.format("BOUGHT yes %d\n", summed("bought").yes or 0))
end
