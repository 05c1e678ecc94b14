"""Fixtures shared by the agents' tests: an agency, one of its agents, a staff user."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from enrollment.models import Agency, Agent


@pytest.fixture
def agency():
    return Agency.objects.create(name="テスト保険代理店", code="T1")


@pytest.fixture
def agent_user(agency):
    user = get_user_model().objects.create_user(
        "svc-agent", password="x", last_name="代理", first_name="太郎"
    )
    Agent.objects.create(user=user, agency=agency)
    return user


@pytest.fixture
def staff_user():
    return get_user_model().objects.create_user("svc-staff", password="x", is_staff=True)
