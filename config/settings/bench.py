"""`make bench` (bench/run.py): production settings, served by gunicorn on plain HTTP at 127.0.0.1 (so
no HTTPS redirect), plus the bare baseline view of bench/urls.py, static files collected into the
benchmark's own directory, and quiet logs."""

import os
from pathlib import Path

from .production import *  # noqa: F403
from .production import CACHES, LOGGING, STATIC_ROOT

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT))
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}

if os.environ.get("BENCH_NO_CACHE") == "1":  # the benchmark's comparison run: every partial rendered in full
    CACHES = {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in CACHES}
