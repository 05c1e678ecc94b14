"""A member hands a comparison to an agency: a draft application pre-filled from the comparison."""

from __future__ import annotations

import datetime as dt

import pytest

from enrollment.models import Agency, Application

pytestmark = pytest.mark.django_db
URL = "/agents/request/"
QUERY = (
    "membership=jcci&organisation=company&industry=60&revenue=5%2C000%E4%B8%87%E5%86%86&start=2026-12-01"
    "&plans=sompo-jcci-cyber:basic&plans=jcci-leak-liability:premium-C&options=sompo-jcci-cyber:bi"
)


@pytest.fixture
def agency():
    return Agency.objects.create(name="テスト代理店", code="T1", phone="03-1111-2222")


def post(client, chosen_agency, **overrides):
    data = {
        "plan": "sompo-jcci-cyber:basic",
        "agency": chosen_agency.pk,
        "applicant_name": "株式会社テスト食堂",
        "contact_name": "山田",
        "phone": "03-1234-5678",
        "consent": "on",
        **overrides,
    }
    return client.post(f"{URL}?{QUERY}", data)


def test_form_offers_the_compared_plans(client, agency):
    html = client.get(f"{URL}?{QUERY}").content.decode()
    assert "損保ジャパン サイバー 基本補償" in html and "プレミアムプラン セットC" in html
    assert "テスト代理店" in html
    assert "5,000万円" in html  # the comparison's revenue shown as passed on


def test_request_creates_a_prefilled_draft(client, agency):
    response = post(client, agency)
    assert response.status_code == 200
    app = Application.objects.get()
    assert app.status == "draft" and app.requested_by_member
    assert (app.product.slug, app.plan.code) == ("sompo-jcci-cyber", "basic")
    assert list(app.options.values_list("code", flat=True)) == ["bi"]
    assert (app.risk_code, app.revenue, app.desired_start) == ("60", 50_000_000, dt.date(2026, 12, 1))
    assert app.membership == "jcci" and app.agency == agency
    assert app.events.get().action == "created"
    assert app.reference in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"phone": "12"}, "電話番号"),
        ({"consent": ""}, "同意"),
        ({"agency": "999999"}, "代理店を選び直して"),
        ({"plan": "no:plan"}, "正しく選択"),
        ({"applicant_name": ""}, "必須"),
    ],
)
def test_bad_input_keeps_what_was_typed(client, agency, overrides, message):
    response = post(client, agency, **overrides)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "株式会社テスト食堂" in html or overrides.get("applicant_name") == ""
    assert not Application.objects.exists()


def test_compare_page_links_to_the_request(client):
    html = client.get(f"/compare/?{QUERY}").content.decode()
    assert "/agents/request/?" in html and "この内容で代理店に相談・申込" in html
