#!/usr/bin/env bash
# The Redis fault timelines of docs/reliability.md: three kitchensink applications on one Redis
# deployment, one with swallow-errors, one with the in-memory fallback and one with neither, each
# under a bounded wrk load on GET /resource (5 a second per client) while the deployment fails:
#   standalone  Redis is paused (SIGSTOP) for 10 s, runs again, is stopped for 10 s, started again;
#   sentinel    a master, a replica and three sentinels; the master is killed (SIGKILL) at 10 s and
#               started again at 40 s (the sentinels make it a replica of the promoted one);
#   cluster     three masters; the node holding the client's keys is stopped at 10 s and started
#               again at 30 s. Every response is logged with its second and
# latency; the table gives, per second and application, the 2xx, 429 and 5xx counts (a breach
# answered with kitchensink's JSON body counts as 429) and the slowest response, and whether the fallback application is limiting in memory (its health endpoint).
#
# Needs wrk and redis-server (installed with apt-get when missing) and the kitchensink jar (built
# when missing: ./mvnw -pl examples/kitchensink -am install -DskipTests).
# Usage: limiter4j-benchmarks/redis-faults.sh [standalone|sentinel|cluster] [seconds in all, default 90]
# Environment: TIMEOUT (the storage timeout, default 300ms), RATE (requests a second per
# connection, default 50), CONNECTIONS (per application, default 4).
set -euo pipefail
cd "$(dirname "$0")/.."
deployment="${1:-standalone}"
total="${2:-90}"
timeout="${TIMEOUT:-300ms}"
rate="${RATE:-50}"
connections="${CONNECTIONS:-4}"
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v redis-sentinel >/dev/null 2>&1 || {
  apt-get update -qq && apt-get install -y -qq redis-server redis-sentinel
}
jar=examples/kitchensink/target/kitchensink.jar
[ -f "$jar" ] || ./mvnw -q -pl examples/kitchensink -am install -DskipTests

# shellcheck source=limiter4j-benchmarks/benchmark-servers.sh
source limiter4j-benchmarks/benchmark-servers.sh
dir=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pidfile in "$dir"/*/redis.pid; do
    [ -f "$pidfile" ] || continue
    kill -CONT "$(cat "$pidfile")" 2>/dev/null || true
    kill "$(cat "$pidfile")" 2>/dev/null || true
  done
}
trap cleanup EXIT

# server <name> <port> [redis-server options...]: a server in $dir/<name>.
server() { start_redis "$2" "$dir/$1" "${@:3}"; }
server_pid() { cat "$dir/$1/redis.pid"; }

case "$deployment" in
  standalone)
    port=$(spare_port)
    server redis "$port"
    storage_uri="redis://127.0.0.1:$port"
    ;;
  sentinel)
    master_port=$(spare_port)
    replica_port=$(spare_port)
    server master "$master_port"
    server replica "$replica_port" --replicaof 127.0.0.1 "$master_port"
    sentinels=()
    for n in 1 2 3; do
      sentinel_port=$(spare_port)
      mkdir -p "$dir/sentinel$n"
      cat >"$dir/sentinel$n/sentinel.conf" <<CONF
port $sentinel_port
bind 127.0.0.1
daemonize yes
pidfile $dir/sentinel$n/redis.pid
logfile $dir/sentinel$n/redis.log
dir $dir/sentinel$n
sentinel monitor mymaster 127.0.0.1 $master_port 2
sentinel down-after-milliseconds mymaster 1000
sentinel failover-timeout mymaster 5000
sentinel parallel-syncs mymaster 1
CONF
      redis-sentinel "$dir/sentinel$n/sentinel.conf"
      sentinels+=("127.0.0.1:$sentinel_port")
    done
    # A fail-over can promote the replica only once the sentinels know it.
    until redis-cli -p "${sentinels[0]#*:}" SENTINEL replicas mymaster 2>/dev/null |
      grep -q "$replica_port"; do sleep 0.2; done
    storage_uri="redis+sentinel://$(IFS=,; echo "${sentinels[*]}")/mymaster"
    ;;
  cluster)
    nodes=()
    for n in 0 1 2; do
      # A node's cluster bus listens 10,000 ports above it.
      until node_port=$(spare_port) && [ "$node_port" -le 55535 ]; do :; done
      server "node$n" "$node_port" --cluster-enabled yes --cluster-config-file nodes.conf \
        --cluster-node-timeout 2000 --cluster-require-full-coverage no
      nodes+=("127.0.0.1:$node_port")
    done
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >/dev/null
    for node in "${nodes[@]}"; do
      until redis-cli -p "${node#*:}" CLUSTER INFO | grep -q cluster_state:ok; do sleep 0.2; done
    done
    # Every key of the client (127.0.0.1) carries the hash tag {127.0.0.1}: one slot, one node.
    slot=$(redis-cli -p "${nodes[0]#*:}" CLUSTER KEYSLOT 127.0.0.1)
    for n in 0 1 2; do
      if redis-cli -p "${nodes[$n]#*:}" CLUSTER NODES | grep myself |
        awk -v s="$slot" '{ for (i = 9; i <= NF; i++) { split($i, r, "-"); if (s >= r[1] && s <= (r[2] == "" ? r[1] : r[2])) found = 1 } } END { exit !found }'; then
        victim=$n
      fi
    done
    storage_uri="redis+cluster://$(IFS=,; echo "${nodes[*]}")"
    ;;
  *)
    echo "usage: $0 [standalone|sentinel|cluster] [seconds]" >&2
    exit 2
    ;;
esac

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
  # would then refuse the client everywhere for the rest of the day. One start-up at a time: three
  # at once on two cores can miss the short storage timeout while connecting.
  java -Xmx256m -jar "$jar" --server.port="${ports[$i]}" \
    --ratelimit.storage-uri="$storage_uri?timeout=$timeout" \
    --ratelimit.key-prefix="${names[$i]}" --ratelimit.meta= "${options[$i]}" \
    --management.endpoint.health.show-details=always \
    >"$dir/app-${names[$i]}.log" 2>&1 &
  pids+=($!)
  until curl -s -o /dev/null "http://127.0.0.1:${ports[$i]}/resource"; do
    kill -0 "${pids[$i]}" 2>/dev/null || { cat "$dir/app-${names[$i]}.log"; exit 1; }
    sleep 0.2
  done
done
for i in "${!names[@]}"; do
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
events=()
event() { events+=("$(($(date +%s) - start)) $1"); }
case "$deployment" in
  standalone)
    at 10
    kill -STOP "$(server_pid redis)"
    event "Redis paused (SIGSTOP)"
    at 20
    kill -CONT "$(server_pid redis)"
    event "Redis resumed (SIGCONT)"
    at 30
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    event "Redis stopped (SHUTDOWN)"
    at 40
    server redis "$port"
    event "Redis started again"
    ;;
  sentinel)
    at 10
    kill -KILL "$(server_pid master)"
    event "master killed (SIGKILL)"
    until redis-cli -p "${sentinels[0]#*:}" SENTINEL get-master-addr-by-name mymaster |
      grep -q "$replica_port"; do sleep 0.2; done
    event "the sentinels name the replica master"
    at 40
    server master "$master_port"
    event "the old master started again (the sentinels make it a replica)"
    ;;
  cluster)
    at 10
    redis-cli -p "${nodes[$victim]#*:}" shutdown nosave >/dev/null 2>&1 || true
    event "node ${nodes[$victim]} (slot $slot, the client's keys) stopped"
    at 30
    server "node$victim" "${nodes[$victim]#*:}" --cluster-enabled yes \
      --cluster-config-file nodes.conf --cluster-node-timeout 2000 \
      --cluster-require-full-coverage no
    event "node ${nodes[$victim]} started again"
    ;;
esac
for pid in "${wrk_pids[@]}"; do wait "$pid" || true; done

echo "$deployment: kitchensink GET /resource (5/second per method), $connections connections × $rate requests/s per application, storage timeout $timeout, $(nproc) cores"
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
  grep -E ' (WARN|ERROR) ' "$dir/app-${names[$i]}.log" | cut -c1-400 | head -4 | sed 's/^/    /' || true
done
