# Starts moto servers on free loopback ports and stops them when the calling script exits.
# They run through moto_serial.py: one request at a time, so that conditional writes are atomic as in DynamoDB.
# Source it, then: moto_start VAR  → sets VAR to http://127.0.0.1:PORT once the server answers.

MOTO_PIDS=()

moto_stop_all() {
  local pid
  for pid in "${MOTO_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${MOTO_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  MOTO_PIDS=()
}

moto_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

moto_start() {
  local var=$1 port log pid attempt
  port=$(moto_free_port)
  log=$(mktemp -t moto.XXXXXX.log)
  python3 "$(dirname "${BASH_SOURCE[0]}")/moto_serial.py" 127.0.0.1 "$port" >"$log" 2>&1 &
  pid=$!
  MOTO_PIDS+=("$pid")
  for attempt in $(seq 1 100); do
    if curl -sf -o /dev/null "http://127.0.0.1:$port/moto-api/"; then
      printf -v "$var" '%s' "http://127.0.0.1:$port"
      export "${var?}"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "moto_server did not start on port $port:" >&2
  cat "$log" >&2
  return 1
}
