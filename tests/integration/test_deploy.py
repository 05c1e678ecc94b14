"""Production settings: `manage.py check --deploy` is clean, responses carry the security headers and a
Content-Security-Policy the pages satisfy, cookies are secure, and the logs are JSON lines."""

from __future__ import annotations

import importlib
import json
import logging
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
HOST = "cyber.example.jp"
# What a production response depends on; storage, database, logging and hosts stay the test suite's.
PRODUCTION_KEYS = re.compile(
    r"^(DEBUG|SECURE_.*|SESSION_.*|CSRF_.*|X_FRAME_OPTIONS|CONTENT_SECURITY_POLICY|MIDDLEWARE)$"
)


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS=HOST,
    )
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr and "ERRORS" not in result.stderr, result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_logs_are_json_lines():
    """Django's own loggers print one JSON object per line under production settings."""
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.request').warning('Not Found: %s', '/x', extra={'status_code': 404})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    warning = next(e for e in entries if e["logger"] == "django.request")
    assert warning["level"] == "WARNING"
    assert warning["message"] == "Not Found: /x"
    assert warning["status_code"] == 404
    assert warning["time"].endswith("+00:00")


def test_json_formatter_keeps_exceptions_and_request():
    from config.jsonlog import JsonFormatter

    try:
        raise ValueError("壊れた")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "失敗 %s", ("a",), sys.exc_info()
        )

    class Req:
        method, path = "POST", "/agents/login/"

    record.request = Req()
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "失敗 a"
    assert "ValueError: 壊れた" in entry["exc"]
    assert (entry["method"], entry["path"]) == ("POST", "/agents/login/")


@pytest.fixture
def production(monkeypatch):
    """The test settings with every security-relevant value of config.settings.production."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
    for name in ("DJANGO_SECURE_SSL_REDIRECT", "DJANGO_HSTS_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    sys.modules.pop("config.settings.production", None)
    try:
        module = importlib.import_module("config.settings.production")
    finally:
        sys.modules.pop("config.settings.production", None)
    values = {k: getattr(module, k) for k in dir(module) if PRODUCTION_KEYS.match(k)}
    assert values["DEBUG"] is False and values["SECURE_SSL_REDIRECT"] is True
    with override_settings(**values):
        yield values


HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}  # what the TLS-terminating proxy sets


def csp(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


@pytest.mark.django_db
def test_security_headers_on_a_production_response(production):
    response = Client().get("/", **HTTPS)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert set(policy["img-src"]) == {"'self'", "data:"}
    assert "'unsafe-inline'" not in policy["style-src"] and "'unsafe-eval'" not in " ".join(
        sum(policy.values(), [])
    )


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(production):
    response = Client().get("/compare/")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/compare/"


@pytest.mark.django_db
def test_production_cookies_are_secure_and_end_with_the_session(production, django_user_model):
    django_user_model.objects.create_user("agent-prod", password="a-long-pass-phrase-1")
    client = Client()
    client.get(reverse("enrollment:login"), **HTTPS)
    assert client.cookies["csrftoken"]["secure"] is True
    response = client.post(
        reverse("enrollment:login"), {"username": "agent-prod", "password": "a-long-pass-phrase-1"}, **HTTPS
    )
    assert response.status_code == 302
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] is True and cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # gone when the browser closes
    assert client.session.get_expiry_age() == 8 * 60 * 60


class _InlineFinder(HTMLParser):
    """What a strict CSP would block: inline scripts and styles, event-handler and style attributes,
    scripts or styles from elsewhere than /static/."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name.startswith("on") or name == "style" or name == "hx-on" or name.startswith("hx-on:"):
                self.problems.append(f"<{tag} {name}=…>")
        if tag == "script" and not (attrs.get("src") or "").startswith("/static/"):
            self.problems.append(f"<script src={attrs.get('src')!r}>")
        if tag == "style":
            self.problems.append("<style>")
        if tag == "link" and attrs.get("rel") == "stylesheet" and not attrs["href"].startswith("/static/"):
            self.problems.append(f"<link href={attrs['href']!r}>")
        for name in ("hx-vals", "hx-vars"):
            if (attrs.get(name) or "").lstrip().startswith("js:"):
                self.problems.append(f"<{tag} {name}=js:…> (needs eval)")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, headers",
    [
        ("/", {}),
        ("/compare/?membership=jcci&industry=60&revenue=1億&plans=sompo-jcci-cyber:basic", {}),
        ("/compare/?membership=jcci&industry=60&revenue=1億", {"HTTP_HX_REQUEST": "true"}),
        ("/simulate/?scenario=ransomware&plans=silver-cyber:FII", {}),
        ("/products/silver-cyber/", {}),
        ("/agents/login/", {}),
        ("/agents/request/?membership=jcci", {}),
        ("/api/docs/", {}),
    ],
)
def test_pages_have_nothing_the_policy_would_block(production, url, headers):
    response = Client().get(url, **HTTPS, **headers)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
    finder = _InlineFinder()
    finder.feed(response.content.decode())
    assert finder.problems == []


def test_the_style_hash_matches_the_rule_the_vendored_htmx_injects():
    """htmx 2 adds one <style> to <head> (its indicator rule); the policy allows exactly that text. If htmx is
    upgraded and the rule changes, this fails rather than the browser quietly refusing the style."""
    import base64
    import hashlib

    source = (ROOT / "static/vendor/htmx/htmx.min.js").read_text()
    pieces = [
        "{opacity:0;visibility: hidden} ",
        "{opacity:1;visibility: visible;transition: opacity 200ms ease-in}",
    ]
    assert all(piece in source for piece in pieces)
    assert 'indicatorClass:"htmx-indicator",requestClass:"htmx-request"' in source
    rule = (
        ".htmx-indicator{opacity:0;visibility: hidden} "
        ".htmx-request .htmx-indicator, .htmx-request.htmx-indicator"
        "{opacity:1;visibility: visible;transition: opacity 200ms ease-in}"
    )
    digest = base64.b64encode(hashlib.sha256(rule.encode()).digest()).decode()
    assert django_settings.HTMX_INDICATOR_STYLE_HASH == f"'sha256-{digest}'"
    assert (
        django_settings.HTMX_INDICATOR_STYLE_HASH
        in django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
    )
