"""A member hands a comparison to an agency: a draft application pre-filled from the comparison."""

from __future__ import annotations

import datetime as dt
import re

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
    response = post(client, agency, token="0b9a7f6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b")
    assert (
        response.status_code == 302 and response["Location"] == "/agents/request/done/"
    )  # redirect after POST
    response = client.get(response["Location"])
    app = Application.objects.get()
    assert app.status == "draft" and app.requested_by_member
    assert (app.product.slug, app.plan.code) == ("sompo-jcci-cyber", "basic")
    assert list(app.options.values_list("code", flat=True)) == ["bi"]
    assert (app.risk_code, app.revenue, app.desired_start) == ("60", 50_000_000, dt.date(2026, 12, 1))
    assert app.membership == "jcci" and app.agency == agency
    assert app.events.get().action == "created"
    assert app.reference in response.content.decode()
    # the member's contact reaches the agent, in its own fields
    assert (app.member_contact_name, app.member_contact_phone) == ("山田", "03-1234-5678")
    # reloading the confirmation creates nothing
    assert client.get("/agents/request/done/").status_code == 200
    assert Application.objects.count() == 1


def test_the_same_form_sent_twice_makes_one_draft(client, agency):
    token = "0b9a7f6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
    assert post(client, agency, token=token).status_code == 302
    again = post(client, agency, token=token, applicant_name="別の名前")
    assert again.status_code == 409
    first = Application.objects.get()
    assert "受付済み" in again.content.decode() and first.reference in again.content.decode()


def test_the_same_business_asking_again_while_its_draft_is_open_is_refused(client, agency):
    assert post(client, agency).status_code == 302
    again = post(client, agency)  # a new form (no token): same business, agency, plan and phone
    assert again.status_code == 409 and Application.objects.count() == 1
    assert (
        post(client, agency, plan="jcci-leak-liability:premium-C").status_code == 302
    )  # another plan is fine


def test_the_form_is_rate_limited_per_address(client, agency, settings):
    settings.MEMBER_REQUEST_RATE = "3/h"
    statuses = [post(client, agency, applicant_name=f"事業所{i}").status_code for i in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Application.objects.count() == 3
    html = post(client, agency, applicant_name="事業所9").content.decode()
    assert "しばらく" in html and 'value="事業所9"' in html  # says so, and keeps what was typed
    # another address is not limited
    response = client.post(
        f"{URL}?{QUERY}",
        {
            "plan": "sompo-jcci-cyber:basic",
            "agency": agency.pk,
            "applicant_name": "別の事業所",
            "contact_name": "佐藤",
            "phone": "03-5555-6666",
            "consent": "on",
        },
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 302


def test_the_done_page_needs_the_session_that_made_the_request(client):
    assert client.get("/agents/request/done/").status_code == 404


def test_foreign_phone_keeps_its_country_code_and_emoji_is_refused(client, agency):
    assert post(client, agency, phone="+1 202 555 0143").status_code == 302
    assert Application.objects.get().member_contact_phone == "+1 202-555-0143"
    html = post(client, agency, applicant_name="寿司😀処", phone="03-1234-5678").content.decode()
    assert "絵文字「😀」は使えません" in html


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


def test_only_posts_that_would_create_a_draft_count_against_the_limit(client, agency, settings):
    """Finding 9: an office address (商工会議所, センター) is shared: typos and refused duplicates must not use
    up its limit. Five invalid posts and three duplicates, then the limit of 2 still allows two drafts."""
    settings.MEMBER_REQUEST_RATE = "2/h"
    for _ in range(5):
        assert post(client, agency, consent="").status_code == 200  # consent unticked: the form says so
    assert post(client, agency, applicant_name="最初の事業所").status_code == 302
    for _ in range(3):
        assert post(client, agency, applicant_name="最初の事業所").status_code == 409  # duplicate
    assert post(client, agency, applicant_name="二番目の事業所").status_code == 302
    limited = post(client, agency, applicant_name="三番目の事業所")
    assert limited.status_code == 429 and Application.objects.count() == 2
    html = limited.content.decode()
    minutes = int(re.search(r"約(\d+)分後", html).group(1))
    assert 1 <= minutes <= 60  # the window is an hour: how long to wait, in words
    assert "03-1111-2222" in html and "テスト代理店" in html  # the agency's phone as the alternative
    assert 'value="三番目の事業所"' in html  # the input kept


@pytest.mark.parametrize(
    "first, again",
    [
        ("有限会社 相談テスト", "有限会社相談テスト"),
        ("有限会社相談テスト", "有限会社\u3000相談テスト"),  # a full-width space
        ("株式会社ＡＢＣ商事", "株式会社ABC商事"),  # full-width letters (NFKC)
        ("ｶﾌﾞｼｷｶﾞｲｼｬ テスト", "カブシキガイシャテスト"),  # half-width katakana (NFKC)
    ],
)
def test_the_duplicate_check_compares_names_normalised(client, agency, first, again):
    assert post(client, agency, applicant_name=first).status_code == 302
    assert post(client, agency, applicant_name=again).status_code == 409
    assert Application.objects.count() == 1
