#!/usr/bin/env bash
# HTTP benchmarks of docs/benchmarks.md: the hello application of limiter4j-benchmarks-http under
# wrk, with no limiter, limiter4j and bucket4j-spring-boot-starter, in memory and on Redis, one
# limit and three, all clients on one key and a key per client (1,000 keys), one after another in
# one run. Prints a Markdown table: requests/s, p50 and p99 latency, throughput against the run
# without a limiter, Redis commands per request (INFO commandstats, which counts the commands a
# script runs too) and Redis round trips per request (the commands clients sent, from MONITOR over
# 100 requests outside the load).
# Needs wrk (installed with apt-get when missing), redis-server, and the application's jar
# (built when missing: mvn -pl limiter4j-benchmarks-http -am install -DskipTests).
# Usage: limiter4j-benchmarks/http-benchmark.sh [seconds per measurement, default 15]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-15}"
connections="${CONNECTIONS:-64}"
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
jar=limiter4j-benchmarks-http/target/http-benchmark.jar
[ -f "$jar" ] || mvn -q -pl limiter4j-benchmarks-http -am install -DskipTests

spare_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
redis_port=$(spare_port)
app_port=$(spare_port)
dir=$(mktemp -d)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" \
  --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
}
trap cleanup EXIT
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.1; done

# A key per client: each request names one of 1,000 clients in X-Client.
cat > "$dir/clients.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, { ["X-Client"] = "client-" .. (n % 1000) })
end
LUA

# Converts wrk's latency (850.00us, 1.23ms, 1.05s) to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 } }'
}

redis_calls() {
  redis-cli -p "$redis_port" INFO commandstats \
    | awk -F'[:=,]' '/^cmdstat_/ && $1 != "cmdstat_info" && $1 != "cmdstat_config" { s += $3 } END { print s + 0 }'
}

# measure <label> <wrk arguments...>: prints one table row.
baseline=""
trips=""
measure() {
  local label="$1" keys="$2"
  shift 2
  redis-cli -p "$redis_port" CONFIG RESETSTAT >/dev/null
  local out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" "http://127.0.0.1:$app_port/hello")
  local rps requests p50 p99 non2xx calls ratio per
  rps=$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" { print $2 }')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")
  non2xx=$(echo "$out" | awk '/Non-2xx/ { print $NF }')
  calls=$(redis_calls)
  per=$(awk -v c="$calls" -v r="$requests" 'BEGIN { printf "%.2f", (r > 0 ? c / r : 0) }')
  if [ -z "$baseline" ]; then baseline="$rps"; fi
  ratio=$(awk -v a="$rps" -v b="$baseline" 'BEGIN { printf "%.2f", a / b }')
  echo "| $label | $keys | $rps | $p50 | $p99 | $ratio | $per | $trips | ${non2xx:-0} |"
}

# round_trips: the commands clients send per request, scripts' own commands left out.
round_trips() {
  timeout 20 redis-cli -p "$redis_port" MONITOR >"$dir/monitor.txt" &
  local monitor=$!
  sleep 0.5
  for i in $(seq 1 100); do
    curl -s -o /dev/null -H "X-Client: sample-$((i % 2))" "http://127.0.0.1:$app_port/hello"
  done
  sleep 0.5
  kill "$monitor" 2>/dev/null || true
  wait "$monitor" 2>/dev/null || true
  awk '/^[0-9.]+ \[[0-9]+ [0-9.]+:[0-9]+\]/ { n++ } END { printf "%.2f", n / 100 }' \
    "$dir/monitor.txt"
}

run() {
  local label="$1" profiles="$2"
  java -Xms256m -Xmx512m -jar "$jar" --spring.profiles.active="$profiles" --bench.port="$app_port" \
    --bench.redis-uri="redis://127.0.0.1:$redis_port" >"$dir/app.log" 2>&1 &
  app_pid=$!
  until curl -sf "http://127.0.0.1:$app_port/hello" >/dev/null 2>&1; do
    kill -0 "$app_pid" 2>/dev/null || { cat "$dir/app.log"; exit 1; }
    sleep 0.2
  done
  # Warm up the JIT on both request shapes before measuring.
  wrk -t2 -c"$connections" -d"${seconds}s" "http://127.0.0.1:$app_port/hello" >/dev/null
  wrk -t2 -c"$connections" -d5s -s "$dir/clients.lua" "http://127.0.0.1:$app_port/hello" >/dev/null
  trips=$(round_trips)
  measure "$label" "one"
  measure "$label" "1,000" -s "$dir/clients.lua"
  kill "$app_pid"
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
  redis-cli -p "$redis_port" FLUSHALL >/dev/null
}

echo "wrk -t2 -c$connections -d${seconds}s, $(nproc) cores, $(java -version 2>&1 | head -1)"
echo
echo "| limiter | keys | requests/s | p50 ms | p99 ms | vs none | Redis commands/request | Redis round trips/request | non-2xx |"
echo "|---|---|---|---|---|---|---|---|---|"
run "none" "default"
run "limiter4j memory, 1 limit" "limiter4j1"
run "limiter4j memory, 3 limits" "limiter4j3"
run "bucket4j memory, 1 limit" "bucket4j1"
run "bucket4j memory, 3 limits" "bucket4j3"
run "limiter4j Redis, 1 limit" "limiter4j1,limiter4j-redis"
run "limiter4j Redis, 3 limits" "limiter4j3,limiter4j-redis"
run "bucket4j Redis, 1 limit" "bucket4j1,bucket4j-redis"
run "bucket4j Redis, 3 limits" "bucket4j3,bucket4j-redis"
