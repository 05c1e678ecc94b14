#!/usr/bin/env bash
# `make serve-prod`: production settings under gunicorn on http://$HOST:$PORT (127.0.0.1:8000).
# Secrets and hosts come from the environment (DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL,
# REDIS_URL, ...).
# Without DJANGO_SECRET_KEY this is a local trial: a throwaway key is generated (sessions end when the
# server stops) and the HTTPS redirect is off, since no TLS proxy sits in front; it says so.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=config.settings.production

if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  DJANGO_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
  export DJANGO_SECRET_KEY
  export DJANGO_SECURE_SSL_REDIRECT="${DJANGO_SECURE_SSL_REDIRECT:-0}"
  echo "serve-prod: DJANGO_SECRET_KEY is not set, so this is a LOCAL TRIAL: using a throwaway secret key"
  echo "            and DJANGO_SECURE_SSL_REDIRECT=$DJANGO_SECURE_SSL_REDIRECT (no HTTPS proxy in front)."
  echo "            For a real deployment set DJANGO_SECRET_KEY (and DJANGO_ALLOWED_HOSTS, DATABASE_URL)."
fi

if [ -n "${REDIS_URL:-}" ]; then
  # Every cache alias on that Redis, shared by every server (config/cache.py); an outage is survived.
  echo "serve-prod: caches on Redis (REDIS_URL), shared by every server on it"
  "$PY" -c 'import os, redis; redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=2).ping()' \
    || echo "serve-prod: WARNING: Redis does not answer; pages are served without the caches until it does"
else
  echo "serve-prod: caches in each worker's memory (set REDIS_URL to share them between servers)"
fi

"$PY" manage.py collectstatic --noinput --verbosity 0
"$PY" manage.py migrate --noinput
"$PY" manage.py load_catalogue
echo "serve-prod: gunicorn on http://${HOST:-127.0.0.1}:${PORT:-8000} (config/gunicorn.conf.py; JSON-lines logs)"
exec .venv/bin/gunicorn --config config/gunicorn.conf.py --bind "${HOST:-127.0.0.1}:${PORT:-8000}"
