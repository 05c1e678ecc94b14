"""The shared cache: Django's own RedisCache, made safe for a Redis outage.

With `REDIS_URL` set (config/settings/base.py), every alias of `CACHES` but the per-process "sections"
(PROCESS_LOCAL below) goes to that Redis through `ResilientRedisCache`, so every server behind the load
balancer shares the page and fragment caches, the cached PDFs and every counter kept in a cache (the rate
limits of the public 相談 form count in the "ratelimit" alias).
Without it each process keeps its own in-memory caches (fine for one server).

Django's RedisCache raises on a connection error, which would turn a Redis outage into a 500 on every page
that reads a cache. `ResilientRedisCache` is the same backend with one difference: when Redis fails, the
call answers as Django's `DummyCache` would (a cache that keeps nothing: `get` gives the default, `add`
says it added, `set` and `delete` do nothing, `incr` raises ValueError as for a missing key), logs the
error on the "config.cache" logger, and leaves Redis alone for `retry_after` seconds (default 5, an
OPTIONS entry) so that a server that does not answer costs at most one connect timeout per process and
period, not one per call. Pages are then rendered afresh, and counters count nothing (a rate limit lets
requests through rather than refuse them) until Redis is back.

The login throttle (django-axes) keeps its counters in the database, not in a cache: shared by every server
already, and still enforced during a Redis outage.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from functools import cache
from pathlib import Path
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.autoreload import file_changed
from redis.exceptions import RedisError

logger = logging.getLogger("config.cache")

RETRY_AFTER = 5.0  # seconds a process leaves a failed Redis alone before trying again
# Fail fast: a Redis that does not answer must not hold a page for long (seconds).
SOCKET_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's RedisCacheClient with one redis-py client per connection pool, made on first use.

    Django makes a new `redis.Redis` for every call, and redis-py's constructor builds its table of ~170
    response callbacks each time: ~0.2 ms of a ~0.3 ms get on a local Redis, twice per new answer (the
    page cache's miss and its store). A `redis.Redis` over a pool is safe to share between threads; the
    pool (Django's, one per server) keeps the connections and reconnects after an outage as before."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # Django keeps its pools for the cache's life
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache that degrades to "no cache" (Django's DummyCache answers) when Redis fails.

    OPTIONS: `retry_after` (seconds, default 5) is read here; every other option goes to redis-py's
    connection pool as with RedisCache (e.g. `socket_timeout`).
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", RETRY_AFTER))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0
        self._alias = (params.get("KEY_PREFIX", "") or "default").split(":")[0]

    # --- the outage bookkeeping ---

    def _available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, exc: Exception) -> None:
        self._down_until = time.monotonic() + self.retry_after
        logger.error(
            "Redis cache %r failed on %s (%s: %s); serving without it for %.0f s",
            self._alias,
            operation,
            exc.__class__.__name__,
            exc,
            self.retry_after,
        )

    def _call(self, operation: str, fallback: Any, *args, **kwargs):
        if not self._available():
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as exc:
            self._failed(operation, exc)
            return fallback

    # --- the cache API, each with DummyCache's answer as the fallback ---

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._call("add", True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None) -> bool:
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None) -> dict:
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None) -> bool:
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None) -> int:
        missing = object()
        value = self._call("incr", missing, key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        return self._call("set_many", [], data, timeout, version)

    def delete_many(self, keys, version=None) -> None:
        self._call("delete_many", None, keys, version)

    def clear(self) -> bool:
        return self._call("clear", False)


# Aliases that hold HTML rendered by this code: with REDIS_URL their keys carry the code's version
# (code_version), so that servers running another release (a rolling deploy, or the hour after one) never
# serve each other's pages. The PDFs' keys are a hash of their HTML already; counters ("default",
# "ratelimit") must keep counting across a deploy, so they carry none.
RENDERED = frozenset({"pages", "fragments"})
# What the rendered HTML is a function of, besides the catalogue and the request: the project's Python,
# templates and the static files its pages link to (under the project's root).
CODE_DIRS = ("comparisons", "enrollment", "config", "templates", "static")
CODE_SUFFIXES = frozenset({".py", ".html", ".css", ".js", ".json"})
ROOT = Path(__file__).resolve().parent.parent


@cache
def code_version(root: Path = ROOT) -> str:
    """12 hex digits naming the code that renders the pages: $APP_BUILD when set (e.g. the release's git
    commit), else a SHA-256 of every file under CODE_DIRS of `root` with a suffix in CODE_SUFFIXES (path and
    content, in path order; read once per process: ~150 files, about 10 ms). Two servers running
    the same code give the same version; any change to a template, a view or a stylesheet another."""
    build = os.environ.get("APP_BUILD", "").strip()
    if build:
        return hashlib.sha256(build.encode()).hexdigest()[:12]
    digest = hashlib.sha256()
    files = sorted(
        path
        for folder in CODE_DIRS
        for path in (root / folder).rglob("*")
        if path.suffix in CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts
    )
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


# Aliases every process keeps in its own memory even with REDIS_URL: "sections" holds the results page's
# fragments under the catalogue's version and a digest of what they show, so an entry is the same on every
# server and never stale; a dozen lookups per answer in Redis (~0.1 ms each) would cost several times
# what they cost here.
PROCESS_LOCAL = frozenset({"sections"})


def redis_caches(caches: dict[str, dict], url: str) -> dict[str, dict]:
    """Every alias of `caches` (Django's CACHES) but those in PROCESS_LOCAL (left as they are) moved to the
    Redis at `url`, keeping its TIMEOUT.

    Each alias gets its own key prefix (the same key in two aliases never collides), and those in RENDERED
    the code's version too (f"{alias}:{code_version()}"); the in-memory
    options (MAX_ENTRIES, CULL_FREQUENCY) are dropped: Redis bounds its memory by `maxmemory` and the
    entries' timeouts. All aliases share the Redis database of `url`, so `clear()` on any alias empties
    them all (only the tests clear). Returns a new dict; `caches` is left as it was.
    """
    moved = {}
    for alias, config in caches.items():
        if alias in PROCESS_LOCAL:
            moved[alias] = config
            continue
        entry = {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"{alias}:{code_version()}" if alias in RENDERED else alias,
            "OPTIONS": dict(SOCKET_TIMEOUTS),
        }
        if "TIMEOUT" in config:
            entry["TIMEOUT"] = config["TIMEOUT"]
        moved[alias] = entry
    return moved


def forget_local_html(sender, file_path: Path, **kwargs) -> None:
    """Receiver of the development server's `file_changed` signal (django.utils.autoreload): when a file
    that is not Python changes (a template, a stylesheet), empty this process's in-memory caches, whose
    entries are keyed by the catalogue and the answers, not by the templates, and would otherwise serve
    the HTML rendered before the edit for up to an hour. A Python change restarts the process anyway; a
    cache in Redis is left alone (its keys carry the code's version as the process read it at start,
    `code_version`: restart the server there). Returns None, so it never decides whether the server
    reloads."""
    if Path(file_path).suffix == ".py":
        return
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    for alias in caches:
        if isinstance(caches[alias], LocMemCache):
            caches[alias].clear()


# Connected when the settings load (they import this module), in every process; the signal is only ever
# sent by the development server's autoreloader.
file_changed.connect(forget_local_html, dispatch_uid="config_cache_forget_local_html")
