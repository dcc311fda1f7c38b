-- What the wrk scripts of tools/bench share, loaded by each with dofile: every thread is kept at setup so that
-- done() can sum the tables each thread's Lua state counted (statuses and the like), and report() prints the
-- machine-readable RESULT line and one STATUS line per status.

threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- name (a table each thread keeps: key -> count) -> that table summed over the threads
function summed(name)
  local total = {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get(name)) do
      total[key] = (total[key] or 0) + count
    end
  end
  return total
end

-- wrk's done() arguments -> the RESULT line and the STATUS lines (from every thread's `statuses`)
function report(summary, latency)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f p50=%.1f p90=%.1f p99=%.1f max=%.1f connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.connect, e.read, e.write, e.timeout))
  for status, count in pairs(summed("statuses")) do
    io.write(string.format("STATUS %d %d\n", status, count))
  end
end
