#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, then remove the cluster whatever happens:
#   scripts/with-throwaway-postgres.sh .venv/bin/python -m pytest tests/integration
# Installs Debian's `postgresql` when missing, runs initdb + pg_ctl as the `postgres` user (the server
# refuses root) in a fresh /tmp directory, listens on 127.0.0.1 only (port 55432, or the next free one;
# trust auth), and exports DATABASE_URL=postgres://postgres@127.0.0.1:PORT/postgres for the command.
# Durability is off (fsync, synchronous_commit): the data is thrown away anyway.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh postgresql

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" >&2
  exit 1
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=${PG_TEST_PORT:-55432}
while port_in_use "$PORT"; do PORT=$((PORT + 1)); done

DIR=$(mktemp -d /tmp/cyber-pg.XXXXXX)
AS=()
if [ "$(id -u)" -eq 0 ]; then
  AS=(runuser -u postgres --)
  chown postgres:postgres "$DIR"
fi

cleanup() {
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! "${AS[@]}" "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
  >"$DIR/initdb.log" 2>&1; then
  cat "$DIR/initdb.log" >&2
  exit 1
fi
if ! "${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start -o \
  "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  >/dev/null; then
  cat "$DIR/server.log" >&2
  exit 1
fi

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "throwaway PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT ($DIR)"
"$@"
