"""The shared Redis cache (config/cache.py): every alias goes there when REDIS_URL is set, and an outage
never breaks a page — pages answer as if there were no cache, the error is logged, and caching resumes
when Redis is back. Each test starts a redis-server of its own (tests/services.py) so it can stop it."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.test import override_settings

from config.cache import PROCESS_LOCAL, RENDERED, ResilientRedisCache, code_version, redis_caches
from tests.integration.test_application_pdf import APPLICANT, BANK, agent_in, make_application
from tests.services import ROOT, free_port, redis_server

pytestmark = pytest.mark.django_db

ANSWERS = "membership=jcci&industry=60&revenue=" + quote("1億")
FOUR = "".join(
    f"&plans={quote(p)}"
    for p in (
        "sompo-jcci-cyber:basic",
        "jcci-leak-liability:standard-B",
        "jcci-leak-liability:premium-B",
        "aig-personal-info:basic",
    )
)
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results", "HTTP_ACCEPT_ENCODING": "identity"}
RESILIENT = "config.cache.ResilientRedisCache"
LOGIN = "/agents/login/"


def on_redis(url: str, *, retry_after: float) -> dict:
    """The project's CACHES, every alias on the Redis at `url`."""
    moved = redis_caches(settings.CACHES, url)
    for config in moved.values():
        config["OPTIONS"]["retry_after"] = retry_after
    return moved


def stored(server) -> int:
    return redis.Redis.from_url(server.url).dbsize()


def cache_errors(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "config.cache" and r.levelno >= logging.ERROR]


# --- configuration ---------------------------------------------------------------------------------


def configured_caches(**env: str) -> dict:
    """settings.CACHES as production settings build them in a fresh process with `env`."""
    environ = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    environ.update(DJANGO_SETTINGS_MODULE="config.settings.production", DJANGO_SECRET_KEY="x" * 60, **env)
    code = "import json, django; django.setup(); from django.conf import settings; print(json.dumps(settings.CACHES))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_every_alias_goes_to_redis_when_redis_url_is_set():
    """Every alias, the counters' "default" included, and any alias added later: nothing counts or
    caches per process once REDIS_URL is set, but the rendered sections of one programme's result, which
    are keyed by what they show (the same entry on every server, never stale) and stay in each process."""
    local = configured_caches()
    assert set(local) >= {"default", "pages", "fragments", "pdfs", "sections"}
    assert {c["BACKEND"] for c in local.values()} == {"django.core.cache.backends.locmem.LocMemCache"}
    shared = configured_caches(REDIS_URL="redis://cache.internal:6379/2")
    assert set(shared) == set(local)
    assert PROCESS_LOCAL == {"sections"}
    assert shared["sections"] == local["sections"]
    for alias, config in shared.items():
        if alias in PROCESS_LOCAL:
            continue
        assert config["BACKEND"] == RESILIENT, alias
        assert config["LOCATION"] == "redis://cache.internal:6379/2"
        # one alias's keys never collide with another's; rendered HTML is also kept apart by the code's version
        expected = f"{alias}:{code_version()}" if alias in RENDERED else alias
        assert config["KEY_PREFIX"] == expected, alias
        assert "MAX_ENTRIES" not in config["OPTIONS"]  # in-memory options mean nothing to redis-py
        assert config["OPTIONS"]["socket_connect_timeout"] <= 1 and config["OPTIONS"]["socket_timeout"] <= 1


def test_pages_rendered_by_other_code_are_never_served(tmp_path, monkeypatch):
    """A rolling deploy puts two releases behind one Redis: the page and fragment caches' keys carry the
    code's version, which changes with any template, view or stylesheet and is the same for the same code
    (here a fresh process computed the same as this one, above); $APP_BUILD names a release instead."""
    assert RENDERED == {"pages", "fragments"}
    monkeypatch.delenv("APP_BUILD", raising=False)
    for folder, name, text in (("templates", "page.html", "<p>a</p>"), ("comparisons", "views.py", "x = 1")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text(text)
    first = code_version.__wrapped__(tmp_path)
    assert code_version.__wrapped__(tmp_path) == first and len(first) == 12
    (tmp_path / "templates" / "page.html").write_text("<p>b</p>")
    second = code_version.__wrapped__(tmp_path)
    assert second != first
    (tmp_path / "static" / "css").mkdir(parents=True)
    (tmp_path / "static" / "css" / "app.css").write_text("p { color: #000 }")
    assert code_version.__wrapped__(tmp_path) != second
    monkeypatch.setenv("APP_BUILD", "release-42")
    assert code_version.__wrapped__(tmp_path) == code_version.__wrapped__(tmp_path / "templates") != second
    moved = redis_caches({"pages": {"BACKEND": "x"}, "ratelimit": {"BACKEND": "y"}}, "redis://h:1/0")
    assert (
        moved["pages"]["KEY_PREFIX"] == f"pages:{code_version()}"
        and moved["ratelimit"]["KEY_PREFIX"] == "ratelimit"
    )


def test_redis_caches_keeps_timeouts_and_leaves_the_original_alone():
    original = {"a": {"BACKEND": "x", "TIMEOUT": 60, "OPTIONS": {"MAX_ENTRIES": 5}}, "b": {"BACKEND": "y"}}
    moved = redis_caches(original, "redis://h:1/0")
    assert moved["a"]["TIMEOUT"] == 60 and "TIMEOUT" not in moved["b"]
    assert original["a"]["OPTIONS"] == {"MAX_ENTRIES": 5} and original["b"] == {"BACKEND": "y"}


# --- the wrapper, against a port where nothing listens ------------------------------------------------


def closed_port_cache(retry_after: float) -> ResilientRedisCache:
    return ResilientRedisCache(
        f"redis://127.0.0.1:{free_port()}/0",
        {"KEY_PREFIX": "t", "OPTIONS": {"retry_after": retry_after, "socket_connect_timeout": 0.5}},
    )


def test_one_redis_client_serves_every_call_and_survives_a_restart():
    """The backend keeps one redis-py client per connection pool (Django makes one per call); the pool
    reconnects after Redis went away and came back."""
    with redis_server() as server:
        cache = ResilientRedisCache(server.url, {"KEY_PREFIX": "t", "OPTIONS": {"retry_after": 0}})
        client = cache._cache.get_client()
        assert cache._cache.get_client(write=True) is client
        cache.set("k", "v")
        assert cache.get("k") == "v"
        server.stop()
        assert cache.get("k") is None  # an outage: a miss, not an error
        server.start()
        cache.set("k", "w")
        assert cache.get("k") == "w" and cache._cache.get_client() is client


def test_djangos_own_redis_cache_raises_when_redis_is_down():
    """Why the wrapper exists: the plain backend turns an outage into an exception on every page."""
    from django.core.cache.backends.redis import RedisCache

    plain = RedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    with pytest.raises(redis.ConnectionError):
        plain.get("anything")


def test_when_redis_is_down_the_cache_answers_like_a_cache_that_keeps_nothing(caplog):
    cache = closed_port_cache(retry_after=0)
    with caplog.at_level(logging.ERROR, logger="config.cache"):
        assert cache.get("k") is None and cache.get("k", "fallback") == "fallback"
        assert cache.add("k", 1) is True  # as DummyCache: a counter starts afresh, a rate limit lets through
        assert cache.set("k", 1) is None
        with pytest.raises(ValueError):
            cache.incr("k")
        assert cache.get_many(["k", "j"]) == {}
        assert cache.has_key("k") is False and cache.delete("k") is False and cache.touch("k") is False
        assert cache.set_many({"k": 1}) == [] and cache.delete_many(["k"]) is None
        assert cache.get_or_set("k", 7) == 7
    errors = cache_errors(caplog)
    assert errors and "ConnectionError" in errors[0].getMessage()


def test_after_a_failure_redis_is_left_alone_for_retry_after_seconds(caplog, monkeypatch):
    cache = closed_port_cache(retry_after=60)
    with caplog.at_level(logging.ERROR, logger="config.cache"):
        for _ in range(20):
            assert cache.get("k") is None
    assert len(cache_errors(caplog)) == 1  # one connection attempt, one log line, not twenty
    clock = [cache._down_until + 1]  # the period is over: the next call tries Redis again
    monkeypatch.setattr("config.cache.time.monotonic", lambda: clock[0])
    with caplog.at_level(logging.ERROR, logger="config.cache"):
        cache.get("k")
    assert len(cache_errors(caplog)) == 2


# --- the site on a real Redis that goes down and comes back ----------------------------------------


@pytest.fixture
def agent_application():
    from enrollment.models import Agency

    agency = Agency.objects.create(name="停止試験保険代理店", code="R001", phone="03-0000-0000")
    agent = agent_in(agency, "redis-agent")
    application = make_application(
        agency,
        agent,
        slug="jcci-leak-liability",
        plan_code="standard-B",
        risk_code="60",
        revenue=50_000_000,
        membership="jcci",
        data={**APPLICANT, **BANK},
    )
    return agent, application


def visit_everything(client, agent, application, revenue: str) -> None:
    """What members and agents do, each answered with a 200 and the real content."""
    from django.urls import reverse

    pages = [
        ("/", {}, "サイバー保険"),
        (f"/compare/?{ANSWERS}", {}, "加入できる制度"),
        (f"/compare/?{ANSWERS}", HTMX, "結果を更新しました"),  # seen before: the page cache
        (f"/compare/?{ANSWERS}{FOUR}", HTMX, "補償の比較"),  # the matrix: the fragment cache
        (f"/compare/?membership=jcci&industry=60&revenue={revenue}{FOUR}", HTMX, "補償の比較"),
        ("/products/silver-cyber/", {}, "シルバー"),
        (f"/simulate/?{FOUR.lstrip('&')}", {}, "支払"),
        ("/api/products/", {}, "silver-cyber"),
    ]
    for path, headers, text in pages:
        response = client.get(path, **headers)
        assert response.status_code == 200, path
        assert text in response.content.decode(), path
    for path in (f"/compare/handout.pdf?{ANSWERS}{FOUR}", "/agents/forms/silver-cyber.pdf"):
        response = client.get(path)
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), path
    client.force_login(agent)
    response = client.get(reverse("enrollment:application_pdf", args=[application.public_id]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.logout()


def test_a_redis_outage_never_breaks_a_page_and_caching_resumes(client, agent_application, caplog):
    agent, application = agent_application
    with redis_server() as server, override_settings(CACHES=on_redis(server.url, retry_after=0)):
        visit_everything(client, agent, application, revenue="123456789")
        assert stored(server) > 0  # pages, fragments and PDFs went to Redis
        assert not cache_errors(caplog)

        server.stop()
        with caplog.at_level(logging.ERROR, logger="config.cache"):
            visit_everything(client, agent, application, revenue="223456789")
        errors = cache_errors(caplog)
        assert errors, "the outage must be logged"
        assert all("ConnectionError" in r.getMessage() for r in errors)

        # The login throttle keeps counting in the database: still enforced during the outage.
        user = agent_application[0]
        wrong = [client.post(LOGIN, {"username": user.username, "password": "wrong"}) for _ in range(5)]
        assert [r.status_code for r in wrong] == [200, 200, 200, 200, 429]  # the fifth locks out
        assert client.post(LOGIN, {"username": user.username, "password": "x"}).status_code == 429

        server.start()  # the same port: the next call tries again (retry_after=0 here)
        before = stored(server)
        response = client.get(f"/compare/?membership=jcci&industry=60&revenue=323456789{FOUR}", **HTMX)
        assert response.status_code == 200
        assert stored(server) > before
