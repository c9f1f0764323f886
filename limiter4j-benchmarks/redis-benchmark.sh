#!/usr/bin/env bash
# Redis benchmarks of docs/benchmarks.md: starts a redis-server on a spare loopback port, runs
# RedisLimiterBenchmark (limiter4j's batch acquire beside Bucket4j on Lettuce, 1, 16 and 64
# threads), then redis-benchmark calling the same script with the same arguments as the ceiling,
# and stops the server. Needs benchmarks.jar (./mvnw install -DskipTests) and redis-server.
# Usage: limiter4j-benchmarks/redis-benchmark.sh [output directory]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/redis-bench}"
mkdir -p "$out"
# shellcheck source=limiter4j-benchmarks/benchmark-servers.sh
source limiter4j-benchmarks/benchmark-servers.sh
port=$(spare_port)
dir=$(mktemp -d)
trap 'stop_redis "$dir"' EXIT
start_redis "$port" "$dir"

jar=limiter4j-benchmarks/target/benchmarks.jar
for threads in 1 16 64; do
  java -Dlimiter4j.redis.uri="redis://127.0.0.1:$port" -jar "$jar" RedisLimiterBenchmark \
    -t "$threads" -rf json -rff "$out/redis-t$threads.json" | tail -8
done

# The ceiling: the same script, the same arguments, from redis-benchmark's C client.
script=limiter4j-redis/src/main/resources/io/github/limiter4j/redis/acquire.lua
sha=$(redis-cli -p "$port" SCRIPT LOAD "$(cat "$script")")
billion=1000000000
for limits in 1 3; do
  if [ "$limits" = 1 ]; then
    args=(1 "LIMITS:LIMITER/ceiling/endpoint/$billion/1/second" f "" a 1 $billion 1000 1 1)
  else
    args=(3 "LIMITS:LIMITER/ceiling/endpoint/$billion/1/second" "LIMITS:LIMITER/ceiling/endpoint/$billion/1/minute"
      "LIMITS:LIMITER/ceiling/endpoint/$billion/1/hour" f "" a 3
      $billion 1000 1 1 $billion 60000 1 1 $billion 3600000 1 1)
  fi
  for clients in 1 16 64; do
    rps=$(redis-benchmark -p "$port" -c "$clients" -n 200000 -q EVALSHA "$sha" "${args[@]}" \
      | tr '\r' '\n' | grep -oE '[0-9.]+ requests per second' | tail -1 | cut -d' ' -f1)
    echo "ceiling limits=$limits clients=$clients requests/s=$rps" | tee -a "$out/ceiling.txt"
  done
done
