#!/usr/bin/env bash
# The Redis fault timeline of docs/reliability.md: three kitchensink applications on one Redis, one
# with swallow-errors, one with the in-memory fallback and one with neither, each under a bounded
# wrk load on GET /resource (5 a second per client) while Redis is paused (SIGSTOP) for 10 s,
# runs again, is stopped for 10 s and started again. Every response is logged with its second and
# latency; the table gives, per second and application, the 2xx, 429 and 5xx counts (a breach
# answered with kitchensink's JSON body counts as 429) and the slowest response, and whether the fallback application is limiting in memory (its health endpoint).
#
# Needs wrk and redis-server (installed with apt-get when missing) and the kitchensink jar (built
# when missing: mvn -pl examples/kitchensink -am install -DskipTests).
# Usage: limiter4j-benchmarks/redis-faults.sh [seconds in all, default 90]
# Environment: TIMEOUT (the storage timeout, default 300ms), RATE (requests a second per
# connection, default 50), CONNECTIONS (per application, default 4).
set -euo pipefail
cd "$(dirname "$0")/.."
total="${1:-90}"
timeout="${TIMEOUT:-300ms}"
rate="${RATE:-50}"
connections="${CONNECTIONS:-4}"
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-server; }
jar=examples/kitchensink/target/kitchensink.jar
[ -f "$jar" ] || mvn -q -pl examples/kitchensink -am install -DskipTests

# shellcheck source=limiter4j-benchmarks/benchmark-servers.sh
source limiter4j-benchmarks/benchmark-servers.sh
redis_port=$(spare_port)
dir=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  kill -CONT "$(cat "$dir/redis.pid" 2>/dev/null)" 2>/dev/null || true
  stop_redis "$dir"
}
trap cleanup EXIT
start_redis "$redis_port" "$dir"

# One connection per wrk thread, so that a thread's last request() is the start of the response
# it gets next. Each response is written as "<epoch second> <status> <latency ms>".
cat >"$dir/timeline.lua" <<LUA
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_usec; } limiter4j_timeval;
  int gettimeofday(limiter4j_timeval *tv, void *tz);
]]
local tv = ffi.new("limiter4j_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
local out, started
function init(args)
  out = io.open(args[1] .. "-" .. id .. ".log", "w")
  out:setvbuf("line")
end
function delay()
  return 1000 / $rate
end
function request()
  started = now_ms()
  return wrk.format("GET", "/resource")
end
function response(status, headers, body)
  local t = now_ms()
  -- As Flask-Limiter's example, kitchensink answers a breach of /resource with 200 and a JSON body.
  if status == 200 and body and body:find('"limit"', 1, true) then
    status = 429
  end
  out:write(string.format("%d %d %.1f\n", math.floor(t / 1000), status, t - started))
end
LUA

names=(swallow fallback neither)
options=(
  "--ratelimit.swallow-errors=true"
  "--ratelimit.in-memory-fallback-enabled=true"
  "--ratelimit.swallow-errors=false"
)
ports=()
for i in "${!names[@]}"; do
  ports[$i]=$(spare_port)
  # Meta limits off: the load breaches 5/second all the time, and kitchensink's 2/day meta limit
  # would then refuse the client everywhere for the rest of the day.
  java -Xmx256m -jar "$jar" --server.port="${ports[$i]}" \
    --ratelimit.storage-uri="redis://127.0.0.1:$redis_port?timeout=$timeout" \
    --ratelimit.key-prefix="${names[$i]}" --ratelimit.meta= "${options[$i]}" \
    --management.endpoint.health.show-details=always \
    >"$dir/app-${names[$i]}.log" 2>&1 &
  pids+=($!)
done
for i in "${!names[@]}"; do
  until curl -s -o /dev/null "http://127.0.0.1:${ports[$i]}/resource"; do
    kill -0 "${pids[$i]}" 2>/dev/null || { cat "$dir/app-${names[$i]}.log"; exit 1; }
    sleep 0.2
  done
  wrk -t2 -c2 -d5s "http://127.0.0.1:${ports[$i]}/resource" >/dev/null # JIT warm-up
done

start=$(date +%s)
for i in "${!names[@]}"; do
  wrk -t"$connections" -c"$connections" -d"${total}s" --timeout 10s -s "$dir/timeline.lua" \
    "http://127.0.0.1:${ports[$i]}/resource" -- "$dir/${names[$i]}" >"$dir/wrk-${names[$i]}.txt" &
  pids+=($!)
done
wrk_pids=("${pids[@]: -3}")

# Whether the fallback application limits in memory, once a second.
(
  while sleep 1; do
    active=$(curl -s -m 2 "http://127.0.0.1:${ports[1]}/actuator/health" |
      grep -o '"fallbackActive":[a-z]*' | cut -d: -f2)
    echo "$(date +%s) ${active:-unknown}"
  done
) >"$dir/fallback.log" &
pids+=($!)

at() { sleep "$(($1 - ($(date +%s) - start)))" 2>/dev/null || true; }
redis_pid=$(cat "$dir/redis.pid")
events=()
at 10
kill -STOP "$redis_pid"
events+=("$(($(date +%s) - start)) Redis paused (SIGSTOP)")
at 20
kill -CONT "$redis_pid"
events+=("$(($(date +%s) - start)) Redis resumed (SIGCONT)")
at 30
redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
events+=("$(($(date +%s) - start)) Redis stopped (SHUTDOWN)")
at 40
start_redis "$redis_port" "$dir"
events+=("$(($(date +%s) - start)) Redis started again")
for pid in "${wrk_pids[@]}"; do wait "$pid" || true; done

echo "kitchensink GET /resource (5/second per method), $connections connections × $rate requests/s per application, storage timeout $timeout, $(nproc) cores"
echo
for event in "${events[@]}"; do echo "- at ${event%% *} s: ${event#* }"; done
echo
echo "| s | swallow-errors 2xx / 429 / 5xx | slowest ms | in-memory fallback 2xx / 429 / 5xx | slowest ms | limiting in memory | neither 2xx / 429 / 5xx | slowest ms |"
echo "|---|---|---|---|---|---|---|---|"
for i in "${!names[@]}"; do
  cat "$dir/${names[$i]}"-*.log | awk -v app="$i" -v t0="$start" \
    '{ print app, $1 - t0, $2, $3 }'
done | cat - <(awk -v t0="$start" '{ print "f", $1 - t0, $2 }' "$dir/fallback.log") | awk -v total="$total" '
  $1 == "f" { mem[$2] = $3; next }
  {
    s = $2
    if ($3 >= 200 && $3 < 300) ok[$1, s]++
    else if ($3 == 429) limited[$1, s]++
    else if ($3 >= 500) failed[$1, s]++
    if ($4 > slow[$1, s]) slow[$1, s] = $4
  }
  END {
    for (s = 0; s < total; s++) {
      line = "| " s
      for (a = 0; a < 3; a++) {
        line = line sprintf(" | %d / %d / %d | %.0f", ok[a, s], limited[a, s], failed[a, s], slow[a, s])
        if (a == 1) line = line " | " (s in mem ? mem[s] : "")
      }
      print line " |"
    }
  }'
echo
for i in "${!names[@]}"; do
  echo "${names[$i]}: $(grep -E 'requests in|Socket errors|Non-2xx' "$dir/wrk-${names[$i]}.txt" | tr -s ' ' | paste -sd ';' -)"
done
echo
for i in "${!names[@]}"; do
  echo "${names[$i]}, first warnings and errors logged:"
  grep -E ' (WARN|ERROR) ' "$dir/app-${names[$i]}.log" | cut -c1-400 | head -4 | sed 's/^/    /'
done
