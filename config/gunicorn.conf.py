"""Gunicorn settings for `make serve-prod` (and the benchmark). Overridable from the environment."""

import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a four-plan handout PDF takes one to two seconds
graceful_timeout = 20
# Recycle workers now and then so a slow leak (WeasyPrint, fonts) cannot grow without bound; seldom, since
# a new worker starts with empty page caches (comparisons/compare/page_cache.py, bounded in size anyway).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = 1000
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"

# Gunicorn's error and access logs as JSON lines, like Django's (config/jsonlog.py).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.jsonlog.JsonFormatter"}},
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
        "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
    "root": {"level": "INFO", "handlers": ["error_console"]},
}


def post_worker_init(worker):
    """The garbage collector tuned for serving pages (config/gctune.py)."""
    from config.gctune import tune

    tune()
