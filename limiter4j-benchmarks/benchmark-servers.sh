# Shared by the benchmark scripts (sourced, not run): a spare loopback port and a throw-away
# redis-server in a directory of its own.

# Prints a free TCP port on the loopback interface.
spare_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_redis <port> <directory> [redis-server options...]: starts a redis-server without
# persistence in the directory (made if missing) and waits for it; exits with its log if it does
# not answer within 10 s.
start_redis() {
  mkdir -p "$2"
  redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --dir "$2" \
    --daemonize yes --pidfile "$2/redis.pid" --logfile "$2/redis.log" "${@:3}"
  local tries=0
  until redis-cli -p "$1" ping >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -lt 100 ] || { cat "$2/redis.log"; exit 1; }
    sleep 0.1
  done
}

# stop_redis <directory>: stops the server start_redis started there.
stop_redis() {
  kill "$(cat "$1/redis.pid")" 2>/dev/null || true
}
