# What the benchmarks of tools/bench share (sourced, not run): the API and the database of the running stack, the
# buyers, and the CPU time and metrics of the stack's processes. Needs RUN (./holdfast's run directory), API (the
# gateway's base URL), ADMIN (the admin token) and WORK (a scratch directory) set by the caller.

TICK=$(getconf CLK_TCK)

# --- the database, for pgbench, psql and the checks: jdbc:postgresql://host:port/db
url=${HOLDFAST_DB_URL:-jdbc:postgresql://127.0.0.1:5432/holdfast}
hostport=${url#jdbc:postgresql://}; hostport=${hostport%%/*}
DB=${url##*/}; DB=${DB%%\?*}
export PGHOST=${hostport%%:*} PGPORT=${hostport##*:} PGUSER=${HOLDFAST_DB_USER:-postgres} PGDATABASE=$DB
[[ $PGPORT == "$PGHOST" ]] && PGPORT=5432
export PGPASSWORD=${HOLDFAST_DB_PASSWORD:-}

post() { # path body -> body (fails on a non-2xx)
  curl -sS --fail-with-body -X POST "$API$1" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$2"
}
json_field() { # name -> value of the first "name": in stdin (numbers only)
  grep -o "\"$1\":[0-9]*" | head -1 | cut -d: -f2
}

create_buyers() { # count -> their tokens in $WORK/tokens, one per line; FIRST_USER and LAST_USER their ids
  local i created id
  echo "creating $1 buyers ..."
  : >"$WORK/tokens"
  FIRST_USER=""
  for ((i = 0; i < $1; i++)); do
    created=$(post /api/users "{\"name\":\"bench-$i\"}")
    id=$(json_field id <<<"$created")
    [[ -n $FIRST_USER ]] || FIRST_USER=$id
    LAST_USER=$id
    grep -o '"token":"[^"]*"' <<<"$created" | cut -d'"' -f4 >>"$WORK/tokens"
  done
}

# --- CPU time (clock ticks) of the processes of the stack
pid_file() { [[ -f "$RUN/$1.pid" ]] && cat "$RUN/$1.pid" || true; }
service_pids() { # service (api-gateway, reservation-worker, expiry-worker) -> the pids of its instances
  local name
  for name in "$RUN/$1"*.pid; do [[ -e $name ]] && echo "$(<"$name")"; done
  return 0
}
service_ports() { # service -> the HTTP ports of its instances
  local name
  for name in "$RUN/$1"*.port; do [[ -e $name ]] && echo "$(<"$name")"; done
  return 0
}
ticks_of_pids() { # pids... -> utime + stime summed
  local total=0 pid stat
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] || continue
    stat=$(<"/proc/$pid/stat") || continue
    stat=${stat##*) }   # the fields after the command name, which may hold spaces
    set -- $stat
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}
jit_ticks_of_pids() { # pids... -> utime + stime of their JIT compiler threads (HotSpot's "C1/C2 CompilerThre…")
  local total=0 pid task comm stat
  for pid in "$@"; do
    for task in /proc/"$pid"/task/*; do
      comm=$(cat "$task/comm" 2>/dev/null) || continue
      [[ $comm == C[12]\ * ]] || continue
      stat=$(cat "$task/stat" 2>/dev/null) || continue
      stat=${stat##*) }
      set -- $stat
      total=$((total + ${12} + ${13}))
    done
  done
  echo "$total"
}
postgres_pids() { pgrep -x postgres || pgrep -f '^postgres' || true; }
snapshot() { # -> "gateway worker kafka postgres expiry"
  echo "$(ticks_of_pids $(service_pids api-gateway)) $(ticks_of_pids $(service_pids reservation-worker))" \
    "$(ticks_of_pids $(pid_file kafka)) $(ticks_of_pids $(postgres_pids)) $(ticks_of_pids $(service_pids expiry-worker))"
}

machine_ticks() { # -> "busy all kernel steal": the clock ticks of every core since boot: busy (not idle, not iowait),
  # in all (user to steal; the guest fields that follow are counted in user and nice already), interrupts and softirqs
  # (the kernel's work counted to no process, such as the loopback's packets), and steal (taken by the host)
  awk '$1 == "cpu" {all = 0; for (i = 2; i <= 9; i++) all += $i; print all - $5 - $6, all, $7 + $8, $9; exit}' /proc/stat
}

# --- metrics (Prometheus text) of every instance of the services
scrape() { # services... -> the Prometheus text of each of their instances, one after the other
  local service port
  for service in "$@"; do
    for port in $(service_ports "$service"); do
      curl -sS --max-time 10 -H 'Accept: text/plain' "http://127.0.0.1:$port/actuator/prometheus" \
        || echo "bench: no metrics from $service on :$port" >&2
    done
  done
}
metric_sum() { # service awk-regex-of-the-series -> the sum of the matching samples over its instances (0 when none)
  scrape "$1" | awk -v re="$2" '$0 !~ /^#/ && $1 ~ re {sum += $NF} END {printf "%.0f\n", sum}'
}

# --- the warm-up of a benchmark: load until the JIT compilers have settled
# The JIT compilers of the gateway and the worker were still busy for a minute under load (async-profiler put 50-70 %
# of their CPU in C2 during the measured run after a 15 s warm-up; 2026-12-01), and the same code measured 1,700/s
# after 15 s and 4,500/s after 60 s: a warm-up shorter than this measures the compiler. On a slower machine they were
# still busy after 60 s (a third of the gateway's CPU through the measured run, 2026-12-02), so the warm-up goes on, in
# rounds of WARMUP_ROUND seconds, until they took under JIT_SETTLED % of the gateways' and workers' CPU in a round,
# or its longest in all has passed. Each round scrapes the metrics before and after its load, as the measured runs
# do: the first scrape under load made the gateway's C2 recompile ~90 methods (Spring MVC's dispatch among them, which
# had seen only the API's handlers) at the start of the measured run, 16-24 % of the gateway's and worker's CPU in it
# after a warm-up whose last round showed 2-3 % (-XX:+PrintCompilation, 2026-12-02).
WARMUP_ROUND=20
JIT_SETTLED=5
warm_up() { # least most load: runs `load SECONDS` for least seconds, then in rounds until the compilers settled
  local least=$1 most=$2 load=$3 pids warmed jit0 all0 jit1 all1 share
  pids=$(service_pids api-gateway; service_pids reservation-worker)
  warmed=0
  while :; do
    local seconds=$((warmed == 0 ? least : WARMUP_ROUND))
    scrape api-gateway reservation-worker >/dev/null
    jit0=$(jit_ticks_of_pids $pids); all0=$(ticks_of_pids $pids)
    "$load" "$seconds"
    jit1=$(jit_ticks_of_pids $pids); all1=$(ticks_of_pids $pids)
    scrape api-gateway reservation-worker >/dev/null
    warmed=$((warmed + seconds))
    share=$(( (jit1 - jit0) * 100 / (all1 > all0 ? all1 - all0 : 1) ))
    if ((share < JIT_SETTLED || warmed + WARMUP_ROUND > most)); then
      echo "warm-up: $warmed s; the JIT compilers took $share % of the gateways' and workers' CPU in its last round"
      return
    fi
    echo "warm-up: the JIT compilers took $share % of the gateways' and workers' CPU; $WARMUP_ROUND s more ..."
  done
}
