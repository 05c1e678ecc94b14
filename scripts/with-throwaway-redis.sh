#!/usr/bin/env bash
# Run a command against a throwaway Redis, then stop it and remove its directory whatever happens:
#   scripts/with-throwaway-redis.sh .venv/bin/python -m pytest tests/integration
# Installs Debian's `redis-server` when missing, starts it on 127.0.0.1 only (port 56379, or the next free
# one), with nothing written to disk and a memory cap, and exports REDIS_URL=redis://127.0.0.1:PORT/0 for
# the command (config/settings/base.py then puts every cache alias on it).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh redis-server

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=${REDIS_TEST_PORT:-56379}
while port_in_use "$PORT"; do PORT=$((PORT + 1)); done

DIR=$(mktemp -d /tmp/cyber-redis.XXXXXX)
cleanup() {
  if [ -s "$DIR/redis.pid" ]; then
    kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true
    for _ in $(seq 50); do [ -e "$DIR/redis.pid" ] || break; sleep 0.1; done
  fi
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# No persistence (the data is thrown away), least-recently-used eviction past 256 MB, as in production.
redis-server --bind 127.0.0.1 --port "$PORT" --dir "$DIR" --save '' --appendonly no \
  --maxmemory 256mb --maxmemory-policy allkeys-lru \
  --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log"
for _ in $(seq 100); do
  redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
if ! redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1; then
  cat "$DIR/redis.log" >&2
  exit 1
fi

export REDIS_URL="redis://127.0.0.1:$PORT/0"
echo "throwaway Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$PORT ($DIR)"
"$@"
