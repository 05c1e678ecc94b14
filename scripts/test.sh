#!/usr/bin/env bash
# `make test`: the whole suite on SQLite (unit, integration, browser tests), then unit + integration again
# on a throwaway PostgreSQL (scripts/with-throwaway-postgres.sh). Fails if either pass fails.
#   DATABASE_URL set   -> one pass, the whole suite, on that database
#   TEST_POSTGRES=0    -> the SQLite pass only (a quick local run)
#   PYTEST_ARGS="..."  -> passed to both passes (e.g. "-x -k quote")
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
read -r -a ARGS <<<"${PYTEST_ARGS:-}"

if [ -n "${DATABASE_URL:-}" ]; then
  echo "== DATABASE_URL is set: the whole suite on it"
  exec "$PY" -m pytest "${ARGS[@]}"
fi

# pytest exits 5 when nothing was selected: fine when PYTEST_ARGS narrowed the run, a failure otherwise.
ok() { [ "$1" -eq 0 ] || { [ "$1" -eq 5 ] && [ ${#ARGS[@]} -gt 0 ]; }; }

start=$SECONDS
echo "== pass 1/2: SQLite, the whole suite"
"$PY" -m pytest "${ARGS[@]}"
sqlite=$?
sqlite_time=$((SECONDS - start))

if [ "${TEST_POSTGRES:-1}" = "0" ]; then
  echo "== TEST_POSTGRES=0: PostgreSQL pass skipped"
  ok "$sqlite"
  exit $?
fi

start=$SECONDS
echo "== pass 2/2: PostgreSQL, unit + integration (browser tests and the bench smoke run in the SQLite pass only)"
bash scripts/with-throwaway-postgres.sh "$PY" -m pytest --ignore=tests/e2e --ignore=tests/smoke "${ARGS[@]}"
pg=$?
pg_time=$((SECONDS - start))

word() { if ok "$1"; then echo passed; else echo "FAILED (exit $1)"; fi; }
echo "== SQLite pass: $(word $sqlite) in ${sqlite_time}s; PostgreSQL pass: $(word $pg) in ${pg_time}s"
ok "$sqlite" && ok "$pg"
