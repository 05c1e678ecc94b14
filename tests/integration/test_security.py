"""Login throttling (django-axes), CSRF on every POST, sessions that end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import F
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

LOGIN = "/agents/login/"
PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_user(django_user_model):
    return django_user_model.objects.create_user("tanaka", password=PASSWORD)


def login(client, username="tanaka", password=PASSWORD, ip="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_url_is_the_enrollment_login():
    assert reverse("enrollment:login") == LOGIN


def test_throttling_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_six_wrong_passwords_lock_out_even_the_right_one(client, agent_user):
    statuses = [login(client, password=f"wrong-{i}").status_code for i in range(6)]
    assert statuses == [200, 200, 200, 200, 429, 429]  # the fifth failure locks

    response = login(client)
    assert response.status_code == 429
    assert not logged_in(client)
    html = response.content.decode()
    assert "ログインを一時的に停止しています" in html
    assert "パスワードの誤りが5回続いたため" in html
    assert "約15分後にもう一度お試しください" in html
    assert 'lang="ja"' in html


def _minutes_pass(minutes: int) -> None:
    """Age the recorded attempts, as if that much time had passed."""
    from axes.models import AccessAttempt, AccessAttemptExpiration

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))
    AccessAttemptExpiration.objects.update(expires_at=F("expires_at") - timedelta(minutes=minutes))


def test_lockout_ends_after_the_fifteen_minute_cool_off(client, agent_user):
    for i in range(5):
        login(client, password=f"wrong-{i}")
    _minutes_pass(14)
    assert login(client).status_code == 429  # still locked; the attempt restarts the cool-off
    _minutes_pass(14)
    assert login(client).status_code == 429
    _minutes_pass(16)
    response = login(client)
    assert response.status_code == 302
    assert logged_in(client)


def test_lockout_is_per_username_and_address(client, django_user_model, agent_user):
    django_user_model.objects.create_user("suzuki", password=PASSWORD)
    for i in range(6):
        login(client, password=f"wrong-{i}")
    assert login(Client()).status_code == 429
    # The same user from another address, and another user from the same address, still get in.
    assert login(Client(), ip="192.0.2.99").status_code == 302
    assert login(Client(), username="suzuki").status_code == 302


def test_four_failures_then_the_right_password_gets_in(client, agent_user):
    for i in range(4):
        assert login(client, password=f"wrong-{i}").status_code == 200
    response = login(client)
    assert response.status_code == 302
    assert logged_in(client)


def test_login_post_without_csrf_token_is_refused(agent_user):
    client = Client(enforce_csrf_checks=True)
    response = login(client)
    assert response.status_code == 403
    assert not logged_in(client)


def test_login_post_with_the_csrf_token_gets_in(agent_user):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    token = client.cookies["csrftoken"].value
    response = client.post(LOGIN, {"username": "tanaka", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_member_request_post_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/agents/request/?membership=jcci",
        {
            "plan": "sompo-jcci-cyber:basic",
            "applicant_name": "株式会社テスト",
            "contact_name": "山田",
            "phone": "03-1234-5678",
            "consent": "on",
        },
    )
    assert response.status_code == 403


def test_htmx_post_without_the_header_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/agents/request/", {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 403


def _views(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{entry.namespace}:" if entry.namespace else ""
            yield from _views(entry, prefix + ns)
        elif isinstance(entry, URLPattern):
            yield prefix + (entry.name or entry.lookup_str), entry.callback


def test_no_view_skips_csrf_but_the_stateless_simulate_api():
    """CSRF protection covers every POST; the one exemption is the public JSON simulator, which reads no
    session or cookie and changes nothing (a cross-site page gains nothing by posting to it)."""
    exempt = {name for name, view in _views(get_resolver()) if getattr(view, "csrf_exempt", False)}
    assert exempt == {"api:simulate"}


def test_sessions_last_eight_hours_and_end_with_the_browser(client, agent_user, monkeypatch):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert login(client).status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    key = cookie.value
    assert "_auth_user_id" in SessionStore(session_key=key).load()

    later = timezone.now() + timedelta(hours=8, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert SessionStore(session_key=key).load() == {}
