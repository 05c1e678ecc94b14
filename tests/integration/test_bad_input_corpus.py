"""A corpus of bad inputs sent to every form and API endpoint: never a 500, always a clear answer.

Forms answer with their page (the message beside the field, what was typed kept); the API answers 400 with
a Japanese message; nothing is half-saved.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest

from enrollment.models import Agency, Application

pytestmark = pytest.mark.django_db

BAD_VALUES = [
    "",
    " ",
    "abc",
    "-1",
    "0",
    "-300万",
    "1e9",
    "9" * 40,
    "9" * 400,
    "１０億億",
    "1.2.3",
    "NaN",
    "null",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "99999-01-01",
    "明日",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "' OR 1=1 --",
    '"; DROP TABLE comparisons_product; --',
    "../../etc/passwd",
    "%00",
    "\u0000",
    "💥",
    "ｱｲｳ",
    "一億円",
    "x" * 5000,
    "none:none",
    "silver-cyber:ZZ",
    "jcci",
    "A" * 3,
]
# Every value goes to the free-text and number fields; the choice fields get a shorter, still nasty list.
SHORT = [
    "",
    "abc",
    "-1",
    "9" * 400,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u0000",
    "💥",
    "x" * 5000,
    "silver-cyber:ZZ",
]
FREE_TEXT = {
    "revenue",
    "start",
    "industry_q",
    "persons",
    "investigation",
    "damages",
    "consolation",
    "liability",
    "costs",
    "plans",
    "applicant_name",
    "phone",
    "amounts",
    "facts",
}
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

PAGE_PARAMS = {
    "/compare/": [
        "membership",
        "organisation",
        "industry",
        "industry_q",
        "revenue",
        "rank",
        "handles",
        "start",
        "plans",
        "options",
        "diff",
        "security",
    ],
    "/simulate/": [
        "scenario",
        "discovered_by",
        "persons",
        "investigation",
        "damages",
        "consolation",
        "plans",
        "options",
        "loaded",
    ],
    "/compare/handout.pdf": ["scenario"],
}
API_GETS = {
    "/api/eligibility/": ["membership", "organisation", "industry", "revenue"],
    "/api/quote/": ["product", "plan", "rank", "industry", "revenue", "it_option", "liability", "costs"],
    "/api/schedule/": ["product", "start"],
}
TRIED: list[str] = []


def _values(param: str) -> list[str]:
    return BAD_VALUES if param in FREE_TEXT else SHORT


def _cases(table):
    return [
        (url, param, value) for url, params in table.items() for param in params for value in _values(param)
    ]


@pytest.mark.parametrize(("url", "param", "value"), _cases(PAGE_PARAMS))
def test_pages_never_fail(client, url, param, value):
    TRIED.append(url)
    response = client.get(f"{url}?{urlencode({param: value})}")
    assert response.status_code == 200
    if url.endswith(".pdf"):
        assert response.content[:4] == b"%PDF"
        return
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror" not in html


@pytest.mark.parametrize(("url", "param", "value"), _cases(API_GETS))
def test_api_never_fails(client, url, param, value):
    TRIED.append(url)
    base = {"product": "silver-cyber", "plan": "FII", "rank": "B", "start": "2026-06-15"}
    response = client.get(url, {**base, param: value})
    assert response.status_code in (200, 400)
    body = response.json()
    if response.status_code == 400:
        assert body["error"]["param"]
        assert JAPANESE.search(body["error"]["message"])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (f, v)
        for f in ("scenario", "facts", "amounts", "persons", "plans", "options", "discovered_by")
        for v in _values(f)
    ],
)
def test_simulate_api_never_fails(client, field, value):
    TRIED.append("/api/simulate/")
    body = {"scenario": "ddos", "plans": ["silver-cyber:FII"], field: value}
    response = client.post("/api/simulate/", data=json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert JAPANESE.search(response.json()["error"]["message"])


@pytest.mark.parametrize(
    ("field", "value"),
    [(f, v) for f in ("plan", "agency", "applicant_name", "contact_name", "phone") for v in _values(f)],
)
def test_member_request_never_fails_and_saves_nothing_partial(client, field, value):
    TRIED.append("/agents/request/")
    agency = Agency.objects.create(name="代理店", code="C1")
    data = {
        "plan": "silver-cyber:FII",
        "agency": agency.pk,
        "applicant_name": "テスト",
        "contact_name": "山田",
        "phone": "03-1234-5678",
        "consent": "on",
        field: value,
    }
    response = client.post("/agents/request/?membership=silver", data)
    assert response.status_code in (
        200,
        302,
    )  # 302: accepted, then the confirmation page (redirect after POST)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    created = Application.objects.count()
    assert created in (0, 1)
    if created:
        app = Application.objects.get()
        assert app.events.count() == 1 and app.plan.code == "FII"  # whole, never half-saved


def test_corpus_size():
    posts = sum(
        len(_values(f))
        for f in (
            "scenario",
            "facts",
            "amounts",
            "persons",
            "plans",
            "options",
            "discovered_by",
            "plan",
            "agency",
            "applicant_name",
            "contact_name",
            "phone",
        )
    )
    agent = len(AGENT_FIELDS) * len(SHORT) * 2 + len(SHORT) + 3
    cases = len(_cases(PAGE_PARAMS)) + len(_cases(API_GETS)) + posts + agent
    print(f"bad-input corpus: {len(BAD_VALUES)} distinct values, {cases} requests")
    assert len(BAD_VALUES) >= 30 and cases >= 300


AGENT_FIELDS = [
    "desired_start",
    "revenue",
    "applicant_kana",
    "corporate_number",
    "postal_code",
    "phone",
    "email",
    "bank_code",
    "branch_code",
    "account_number",
    "account_holder_kana",
    "version",
    "options",
    "liability_limit",
    "disclosure_0",
    "security_rate",
]


@pytest.fixture
def agent_and_application():
    from django.contrib.auth import get_user_model

    from enrollment.models import Agent

    from .test_enrollment_services import make_application

    agency = Agency.objects.create(name="代理店", code="AG")
    user = get_user_model().objects.create_user("corpus-agent", password="x")
    Agent.objects.create(user=user, agency=agency)
    return user, make_application(agency, actor=user, applicant_name="元の名前")


@pytest.mark.parametrize(("field", "value"), [(f, v) for f in AGENT_FIELDS for v in SHORT])
@pytest.mark.parametrize("endpoint", ["detail", "autosave"])
def test_agent_form_never_fails_and_never_half_saves(client, agent_and_application, endpoint, field, value):
    from django.urls import reverse

    TRIED.append(f"/agents/applications/…/{endpoint}")
    user, app = agent_and_application
    client.force_login(user)
    url = reverse(f"enrollment:application_{endpoint}", args=[app.public_id])
    before = (app.version, app.applicant_name)
    response = client.post(url, {"version": app.version, "applicant_name": "新しい名前", field: value})
    assert response.status_code in (200, 302, 409)  # 409: a tampered version is refused as a conflict
    html = response.content.decode()
    if response.status_code == 409:
        assert JAPANESE.search(html)
    assert "<script>alert(1)</script>" not in html
    app.refresh_from_db()
    if (app.version, app.applicant_name) != before:  # saved: then the whole form was valid, name included
        assert app.applicant_name == "新しい名前"
    elif response.status_code == 200 and endpoint == "detail":
        assert 'value="新しい名前"' in html  # nothing typed is lost


@pytest.mark.parametrize("value", SHORT + ["accepted", "submitted", "draft"])
def test_agent_transition_never_fails(client, agent_and_application, value):
    from django.urls import reverse

    user, app = agent_and_application
    client.force_login(user)
    url = reverse("enrollment:application_transition", args=[app.public_id])
    response = client.post(url, {"version": app.version, "to_status": value, "comment": value})
    assert response.status_code in (200, 302)
    app.refresh_from_db()
    assert app.status == "draft"  # incomplete or not allowed: never moved
