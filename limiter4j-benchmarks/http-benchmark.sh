#!/usr/bin/env bash
# HTTP benchmarks of docs/benchmarks.md: the hello application of limiter4j-benchmarks-http under
# wrk, with no limiter, limiter4j and bucket4j-spring-boot-starter, in memory and on Redis, one
# limit and three, all clients on one key and a key per client (1,000 keys).
#
# The machine is shared, so configurations are not measured one after another: every application
# runs at once (an idle one costs nothing), and each round loads each of them in turn for a few
# seconds; a slow spell of the machine then hits every configuration of a round alike. The table
# gives medians over the rounds: requests/s, p50 and p99 latency, the application's CPU time per
# request, throughput against no limiter in the same round, Redis commands per request (INFO
# commandstats, which counts the commands a script runs too) and Redis round trips per request (the
# commands clients sent, from MONITOR over 100 requests outside the load).
# Needs wrk (installed with apt-get when missing), redis-server, and the application's jar
# (built when missing: ./mvnw -pl limiter4j-benchmarks-http -am install -DskipTests).
# Usage: limiter4j-benchmarks/http-benchmark.sh [rounds, default 5] [seconds per load, default 5]
# Environment: CONNECTIONS (default 64; 1 for latency without queueing), WARMUP (s, default 40).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
seconds="${2:-5}"
warmup="${WARMUP:-40}"
connections="${CONNECTIONS:-64}"
# wrk needs a connection per thread; CONNECTIONS=1 measures latency without queueing.
threads=$((connections < 2 ? connections : 2))
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
jar=limiter4j-benchmarks-http/target/http-benchmark.jar
[ -f "$jar" ] || ./mvnw -q -pl limiter4j-benchmarks-http -am install -DskipTests

labels=(
  "none"
  "limiter4j memory, 1 limit"
  "limiter4j memory, 3 limits"
  "bucket4j memory, 1 limit"
  "bucket4j memory, 3 limits"
  "limiter4j Redis, 1 limit"
  "limiter4j Redis, 3 limits"
  "bucket4j Redis, 1 limit"
  "bucket4j Redis, 3 limits"
)
profiles=(
  "default"
  "limiter4j1"
  "limiter4j3"
  "bucket4j1"
  "bucket4j3"
  "limiter4j1,limiter4j-redis"
  "limiter4j3,limiter4j-redis"
  "bucket4j1,bucket4j-redis"
  "bucket4j3,bucket4j-redis"
)

# shellcheck source=limiter4j-benchmarks/benchmark-servers.sh
source limiter4j-benchmarks/benchmark-servers.sh
redis_port=$(spare_port)
dir=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_redis "$dir"
}
trap cleanup EXIT
start_redis "$redis_port" "$dir"

# A key per client: each request names one of 1,000 clients in X-Client.
cat > "$dir/clients.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, { ["X-Client"] = "client-" .. (n % 1000) })
end
LUA

redis_calls() {
  redis-cli -p "$redis_port" INFO commandstats \
    | awk -F'[:=,]' '/^cmdstat_/ && $1 != "cmdstat_info" && $1 != "cmdstat_config" { s += $3 } END { print s + 0 }'
}

# CPU time the process has used, in clock ticks.
cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# round_trips <port>: the commands clients send per request, scripts' own commands left out.
round_trips() {
  timeout 20 redis-cli -p "$redis_port" MONITOR >"$dir/monitor.txt" &
  local monitor=$!
  sleep 0.5
  for i in $(seq 1 100); do
    curl -s -o /dev/null -H "X-Client: sample-$((i % 2))" "http://127.0.0.1:$1/hello"
  done
  sleep 0.5
  kill "$monitor" 2>/dev/null || true
  wait "$monitor" 2>/dev/null || true
  awk '/^[0-9.]+ \[[0-9]+ [0-9.]+:[0-9]+\]/ { n++ } END { printf "%.2f", n / 100 }' \
    "$dir/monitor.txt"
}

# load <index> <keys> <round>: one measurement, appended to results.txt as
# "index|keys|round|requests/s|p50 ms|p99 ms|cpu-us/request|redis-commands/request|non-2xx".
load() {
  local index="$1" keys="$2" round="$3" port="${ports[$1]}" pid="${pids[$1]}"
  local script=()
  [ "$keys" = "1,000" ] && script=(-s "$dir/clients.lua")
  redis-cli -p "$redis_port" CONFIG RESETSTAT >/dev/null
  local before after out
  before=$(cpu_ticks "$pid")
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "${script[@]}" "http://127.0.0.1:$port/hello")
  after=$(cpu_ticks "$pid")
  local calls
  calls=$(redis_calls)
  echo "$out" | awk -v i="$index" -v k="$keys" -v r="$round" -v calls="$calls" \
    -v ticks="$((after - before))" -v hz="$(getconf CLK_TCK)" '
    # wrk writes latencies as 850.00us, 1.23ms or 1.05s.
    function ms(v) {
      if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
      if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
      sub(/s$/, "", v); return v * 1000
    }
    /^Requests\/sec:/ { rps = $2 }
    /requests in/ { n = $1 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s|%s|%s|%s|%.3f|%.3f|%.1f|%.2f|%d\n", i, k, r, rps, p50, p99,
            ticks * 1e6 / hz / n, calls / n, bad }' >>"$dir/results.txt"
}

# Starts every application, one at a time so that start-ups do not compete.
ports=()
for i in "${!profiles[@]}"; do
  ports[$i]=$(spare_port)
  java -Xms256m -Xmx512m -jar "$jar" --spring.profiles.active="${profiles[$i]}" \
    --bench.port="${ports[$i]}" --bench.redis-uri="redis://127.0.0.1:$redis_port" \
    >"$dir/app-$i.log" 2>&1 &
  pids[$i]=$!
  until curl -sf "http://127.0.0.1:${ports[$i]}/hello" >/dev/null 2>&1; do
    kill -0 "${pids[$i]}" 2>/dev/null || { cat "$dir/app-$i.log"; exit 1; }
    sleep 0.2
  done
done

# Warms the JIT of each on both request shapes; then the round trips, outside any load.
trips=()
for i in "${!profiles[@]}"; do
  wrk -t"$threads" -c"$connections" -d"${warmup}s" "http://127.0.0.1:${ports[$i]}/hello" >/dev/null
  wrk -t"$threads" -c"$connections" -d10s -s "$dir/clients.lua" "http://127.0.0.1:${ports[$i]}/hello" >/dev/null
  trips[$i]=$(round_trips "${ports[$i]}")
done

: >"$dir/results.txt"
for round in $(seq 1 "$rounds"); do
  for keys in one 1,000; do
    for i in "${!profiles[@]}"; do
      load "$i" "$keys" "$round"
    done
  done
done

echo "wrk -t$threads -c$connections, $rounds rounds of ${seconds}s per configuration, $(nproc) cores, $(java -version 2>&1 | head -1)"
echo
echo "| limiter | keys | requests/s | p50 ms | p99 ms | CPU µs/request | vs none | Redis commands/request | Redis round trips/request | non-2xx |"
echo "|---|---|---|---|---|---|---|---|---|---|"
# median <column>: the median of a column of $rows.
median() {
  echo "$rows" | awk -v c="$1" '{ print $c }' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
for keys in one 1,000; do
  for i in "${!profiles[@]}"; do
    # Per round: this configuration's figures and the ratio to no limiter in the same round.
    rows=$(awk -F'|' -v i="$i" -v k="$keys" '
      $2 == k && $1 == 0 { base[$3] = $4 }
      $2 == k && $1 == i { row[$3] = $0 }
      END { for (r in row) { split(row[r], f, "|"); print f[4], f[5], f[6], f[7], f[4] / base[r], f[8], f[9] } }' \
      "$dir/results.txt")
    rps=$(median 1)
    p50=$(median 2)
    p99=$(median 3)
    cpu=$(median 4)
    ratio=$(median 5)
    commands=$(median 6)
    bad=$(echo "$rows" | awk '{ s += $7 } END { print s + 0 }')
    printf '| %s | %s | %.0f | %s | %s | %s | %.2f | %s | %s | %s |\n' "${labels[$i]}" "$keys" \
      "$rps" "$p50" "$p99" "$cpu" "$ratio" "$commands" "${trips[$i]}" "$bad"
  done
done
