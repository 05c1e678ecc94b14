"""Several servers on one PostgreSQL and one Redis: two gunicorn instances (production settings, plain HTTP,
as config/settings/bench.py serves them) on the test database and the throwaway Redis of `make test`.

- An edit of the catalogue in the admin on one server is served by the other on its very next request,
  although that server had the old figure in its memory and in the shared page cache.
- A partial rendered by one server is served to the other from the shared page cache.
- The login throttle counts failures on both servers together.

Runs in `make test`'s PostgreSQL + Redis pass (the servers are other processes: they must see the test
database, which an in-memory SQLite test database is not).
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
import redis
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from comparisons.catalogue.models import PremiumRate
from tests.services import HOST, ROOT, gunicorn, http_get

pytestmark = pytest.mark.django_db(transaction=True)

SILVER = "/compare/?membership=silver&organisation=silver_center&rank=B"
HTMX = {"HX-Request": "true", "HX-Target": "results"}
PASSWORD = secrets.token_urlsafe(16)


class Browser:
    """Just enough of a browser for the admin: cookies kept, forms posted back with their CSRF token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep(self, headers) -> None:
        for name, value in headers:
            if name.lower() == "set-cookie":
                for key, morsel in SimpleCookie(value).items():
                    self.cookies[key] = morsel.value

    def request(self, method: str, path: str, body: dict | None = None, headers=None):
        import http.client

        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            data = urlencode(body, doseq=True) if body is not None else None
            extra = dict(headers or {})
            if data is not None:
                extra["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=data, headers=self._headers(extra))
            response = conn.getresponse()
            content = response.read().decode()
            self._keep(response.getheaders())
            return response.status, response.getheader("Location", ""), content
        finally:
            conn.close()

    def get(self, path: str, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path: str, body: dict):
        return self.request("POST", path, body=body)


class FormFields(HTMLParser):
    """The values a browser would submit from the page's form with id/action `action`."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_fields(html: str) -> dict[str, list[str]]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields


def database_url_of_the_test_database() -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Static files collected once, as production serves them (whitenoise's manifest)."""
    root = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DJANGO_SECRET_KEY": "x" * 60,
        "BENCH_STATIC_ROOT": str(root),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    return root


@pytest.fixture
def servers(static_root, tmp_path):
    """Two gunicorn instances on the test database and the shared Redis; yields their ports."""
    assert connection.vendor == "postgresql", "two servers share PostgreSQL: run through `make test`"
    assert os.environ.get("REDIS_URL"), "the servers share Redis: run through `make test`"
    call_command("load_catalogue", verbosity=0)  # transactional tests start from empty tables
    # hashed as production checks it (the test settings' fast MD5 hasher is not among production's)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        get_user_model().objects.create_superuser("chief", "chief@example.jp", PASSWORD)
    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",  # production settings on plain HTTP
        "DJANGO_SECRET_KEY": "s" * 60,  # the same on both, as behind one load balancer
        "DATABASE_URL": database_url_of_the_test_database(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "BENCH_STATIC_ROOT": str(static_root),
    }
    with gunicorn(env, workers=1, log_dir=tmp_path) as a, gunicorn(env, workers=2, log_dir=tmp_path) as b:
        yield a, b


def yen(amount: int) -> str:
    return f"{amount:,}円"


def test_an_admin_edit_on_one_server_is_served_by_the_other_on_its_next_request(servers):
    a, b = servers
    rate = PremiumRate.objects.get(plan__product__slug="silver-cyber", plan__code="GI", rank="B")
    old, new = rate.annual_premium, 98_765
    assert yen(old) == "81,330円"  # シルバー GI ランクB, the pamphlet's table
    # Both servers have built the catalogue and the partial is in the shared page cache.
    for port in (a, b, b, b):
        status, _headers, body = http_get(port, SILVER, HTMX)
        assert status == 200 and yen(old) in body.decode() and yen(new) not in body.decode()

    staff = Browser(a)
    staff.get("/admin/login/")
    status, location, _ = staff.post(
        "/admin/login/?next=/admin/",
        {"username": "chief", "password": PASSWORD, "csrfmiddlewaretoken": staff.cookies["csrftoken"]},
    )
    assert status == 302 and location == "/admin/", "the admin login failed"
    change = f"/admin/comparisons/premiumrate/{rate.pk}/change/"
    status, _, page = staff.get(change)
    assert status == 200
    fields = form_fields(page)
    assert fields["annual_premium"] == [str(old)]
    fields["annual_premium"] = [str(new)]
    fields["_save"] = ["保存"]
    status, location, body = staff.post(change, fields)
    assert status == 302, re.sub(r"\s+", " ", body)[:2000]

    # The other server's very next request, then the ones after (whichever of its workers answers).
    for port in (b, b, b, a):
        status, _headers, body = http_get(port, SILVER, HTMX)
        text = body.decode()
        assert status == 200 and yen(new) in text and yen(old) not in text, port
    status, _headers, body = http_get(b, "/products/silver-cyber/")
    assert status == 200 and yen(new) in body.decode()


def test_a_partial_rendered_by_one_server_is_served_by_the_other_from_the_shared_cache(servers):
    a, b = servers
    store = redis.Redis.from_url(os.environ["REDIS_URL"])
    path = "/compare/?membership=jcci&industry=60&revenue=87654321"
    status, _headers, first = http_get(a, path, HTMX)
    assert status == 200
    keys = set(store.keys("pages:*"))
    assert len(keys) == 1
    status, _headers, second = http_get(b, path, HTMX)
    assert status == 200 and second == first
    assert set(store.keys("pages:*")) == keys  # served from A's entry: nothing new was stored


def test_the_login_throttle_counts_failures_on_both_servers(servers):
    a, b = servers
    statuses = []
    for port in (a, b, a, b, a):  # five wrong passwords, spread over the two servers
        agent = Browser(port)
        agent.get("/agents/login/")
        status, _, _ = agent.post(
            "/agents/login/",
            {"username": "chief", "password": "wrong", "csrfmiddlewaretoken": agent.cookies["csrftoken"]},
        )
        statuses.append(status)
    assert statuses == [200, 200, 200, 200, 429]
    agent = Browser(b)
    agent.get("/agents/login/")
    status, _, _ = agent.post(
        "/agents/login/",
        {"username": "chief", "password": PASSWORD, "csrfmiddlewaretoken": agent.cookies["csrftoken"]},
    )
    assert status == 429  # locked out on the other server too, even with the right password


def test_the_member_request_limit_counts_posts_on_both_servers(servers):
    """django-ratelimit counts in the "ratelimit" alias, which REDIS_URL points at the shared Redis: the
    servers' default limit (settings.MEMBER_REQUEST_RATE, 5 an hour per address) holds across both."""
    from enrollment.models import Agency

    a, b = servers
    agency = Agency.objects.create(name="テスト代理店", code="T1", phone="03-1111-2222")
    query = "?membership=jcci&plans=sompo-jcci-cyber:basic"
    statuses = []
    for i, port in enumerate((a, b, a, b, a, b)):  # six businesses from one address, over the two servers
        member = Browser(port)
        status, _, html = member.get("/agents/request/" + query)
        assert status == 200
        fields = form_fields(html)
        fields.update(
            plan=["sompo-jcci-cyber:basic"], agency=[str(agency.pk)], applicant_name=[f"事業所{i}"],
            contact_name=["佐藤"], phone=["03-5555-6666"], consent=["on"],
        )  # fmt: skip
        status, _, _ = member.post("/agents/request/" + query, fields)
        statuses.append(status)
    assert statuses == [302, 302, 302, 302, 302, 429]
