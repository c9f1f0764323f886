#!/usr/bin/env bash
# Start-up benchmark of docs/benchmarks.md: how long the hello application of
# limiter4j-benchmarks-http takes from JVM launch to ready (Spring Boot's "process running for"),
# without limiter4j's auto-configuration, with it disabled, with it limiting in memory and on
# Redis, and with bucket4j-spring-boot-starter. Configurations take turns, run after run, and the
# table gives the median of each and its difference to the application without limiter4j.
# Needs redis-server and the application's jar (built when missing).
# Usage: limiter4j-benchmarks/startup-benchmark.sh [runs per configuration, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
jar=limiter4j-benchmarks-http/target/http-benchmark.jar
[ -f "$jar" ] || ./mvnw -q -pl limiter4j-benchmarks-http -am install -DskipTests

labels=(
  "without limiter4j (auto-configuration excluded)"
  "limiter4j disabled (ratelimit.enabled=false)"
  "limiter4j memory, 3 limits"
  "limiter4j Redis, 3 limits"
  "bucket4j memory, 3 limits"
)
arguments=(
  "--spring.profiles.active=default --spring.autoconfigure.exclude=io.github.limiter4j.spring.boot.RateLimitAutoConfiguration"
  "--spring.profiles.active=default"
  "--spring.profiles.active=limiter4j3"
  "--spring.profiles.active=limiter4j3,limiter4j-redis"
  "--spring.profiles.active=bucket4j3"
)

# shellcheck source=limiter4j-benchmarks/benchmark-servers.sh
source limiter4j-benchmarks/benchmark-servers.sh
redis_port=$(spare_port)
dir=$(mktemp -d)
trap 'stop_redis "$dir"' EXIT
start_redis "$redis_port" "$dir"

# start <index>: starts the application once and prints the seconds until it was ready.
start() {
  local port log
  port=$(spare_port)
  log="$dir/app.log"
  # shellcheck disable=SC2086 # the arguments are words on purpose
  java -Xms256m -Xmx512m -jar "$jar" ${arguments[$1]} --bench.port="$port" \
    --bench.redis-uri="redis://127.0.0.1:$redis_port" \
    --logging.level.io.github.limiter4j.benchmarks.http=info >"$log" 2>&1 &
  local pid=$!
  until grep -q "process running for" "$log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
  done
  # The application answers before it is stopped, so the configuration really worked.
  curl -sf "http://127.0.0.1:$port/hello" >/dev/null
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  sed -n 's/.*process running for \([0-9.]*\)).*/\1/p' "$log"
}

: >"$dir/results.txt"
for run in $(seq 1 "$runs"); do
  for i in "${!labels[@]}"; do
    echo "$i $(start "$i")" >>"$dir/results.txt"
  done
done

echo "$runs runs per configuration, $(nproc) cores, $(java -version 2>&1 | head -1)"
echo
echo "| application | start-up, median s | added to the application without limiter4j, s |"
echo "|---|---|---|"
median() {
  awk -v i="$1" '$1 == i { print $2 }' "$dir/results.txt" | sort -g \
    | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
base=$(median 0)
for i in "${!labels[@]}"; do
  m=$(median "$i")
  printf '| %s | %.2f | %+.2f |\n' "${labels[$i]}" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN { print a - b }')"
done
