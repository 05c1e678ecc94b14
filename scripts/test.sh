#!/usr/bin/env bash
# `make test`: the whole suite on SQLite (unit, integration, browser tests; caches in each process's memory),
# then unit + integration + the several-servers tests again on a throwaway PostgreSQL with every cache on a
# throwaway Redis (scripts/with-throwaway-postgres.sh, scripts/with-throwaway-redis.sh): the deployment of
# several servers. Fails if either pass fails.
#   DATABASE_URL set   -> one pass, the whole suite, on that database (and a throwaway Redis unless
#                         REDIS_URL is set too; the several-servers tests need PostgreSQL)
#   TEST_POSTGRES=0    -> the SQLite pass only (a quick local run)
#   PYTEST_ARGS="..."  -> passed to both passes (e.g. "-x -k quote")
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
read -r -a ARGS <<<"${PYTEST_ARGS:-}"

# The tests of several servers (tests/multiserver) start gunicorn on the test database: PostgreSQL only.
bash scripts/install-system-deps.sh redis-server  # tests/integration/test_redis_cache.py starts its own

if [ -n "${DATABASE_URL:-}" ]; then
  echo "== DATABASE_URL is set: the whole suite on it"
  ONLY_PG=()
  [[ "$DATABASE_URL" == postgres* ]] || ONLY_PG=(--ignore=tests/multiserver)
  if [ -n "${REDIS_URL:-}" ]; then exec "$PY" -m pytest "${ONLY_PG[@]}" "${ARGS[@]}"; fi
  exec bash scripts/with-throwaway-redis.sh "$PY" -m pytest "${ONLY_PG[@]}" "${ARGS[@]}"
fi
unset REDIS_URL  # pass 1 is the one-process setup: caches in memory

# pytest exits 5 when nothing was selected: fine when PYTEST_ARGS narrowed the run, a failure otherwise.
ok() { [ "$1" -eq 0 ] || { [ "$1" -eq 5 ] && [ ${#ARGS[@]} -gt 0 ]; }; }

start=$SECONDS
echo "== pass 1/2: SQLite, the whole suite but the several-servers tests (PostgreSQL only)"
"$PY" -m pytest --ignore=tests/multiserver "${ARGS[@]}"
sqlite=$?
sqlite_time=$((SECONDS - start))

if [ "${TEST_POSTGRES:-1}" = "0" ]; then
  echo "== TEST_POSTGRES=0: PostgreSQL pass skipped"
  ok "$sqlite"
  exit $?
fi

start=$SECONDS
echo "== pass 2/2: PostgreSQL + Redis, unit + integration + several servers (browser tests and the bench smoke"
echo "   run in the SQLite pass only)"
bash scripts/with-throwaway-postgres.sh bash scripts/with-throwaway-redis.sh \
  "$PY" -m pytest --ignore=tests/e2e --ignore=tests/smoke "${ARGS[@]}"
pg=$?
pg_time=$((SECONDS - start))

word() { if ok "$1"; then echo passed; else echo "FAILED (exit $1)"; fi; }
echo "== SQLite pass: $(word $sqlite) in ${sqlite_time}s; PostgreSQL + Redis pass: $(word $pg) in ${pg_time}s"
ok "$sqlite" && ok "$pg"
