# Shared by the benchmark scripts (sourced, not run): a spare loopback port and a throw-away
# redis-server in a directory of its own.

# Prints a free TCP port on the loopback interface.
spare_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_redis <port> <directory>: starts a redis-server without persistence and waits for it.
start_redis() {
  redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --dir "$2" \
    --daemonize yes --pidfile "$2/redis.pid" --logfile "$2/redis.log"
  until redis-cli -p "$1" ping >/dev/null 2>&1; do sleep 0.1; done
}

# stop_redis <directory>: stops the server start_redis started there.
stop_redis() {
  kill "$(cat "$1/redis.pid")" 2>/dev/null || true
}
