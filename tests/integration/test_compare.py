"""The comparison page: answers in the URL → eligibility, prices, dates and the matrix."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db
URL = "/compare/"


def get(client, params=None, **headers):
    response = client.get(URL, params or {}, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_empty_form_invites_answers(client):
    html = get(client)
    assert "左の質問に答えてください" in html
    assert 'name="membership"' in html


def test_jcci_restaurant(client):
    html = get(
        client,
        {
            "membership": "jcci",
            "organisation": "company",
            "industry": "60",
            "revenue": "5,000万円",
            "start": "2025-03-01",
        },
    )
    assert "加入できる制度（3件）" in html
    assert "全国商工会議所の会員であることが必要です" not in html
    # Silver needs membership of the association
    assert "(公社)全国シルバー人材センター事業協会の会員であることが必要です" in html
    # Mitsui: the nearest worked example is 飲食業 5,000万円 set A (約3万円)
    assert "約3万円" in html
    # Sompo schedule example: deadline 2/17 because 2/15–16 are a weekend, debit 5/7
    assert "2025年2月17日" in html and "2025年5月7日" in html
    assert 'value="5,000万円"' in html  # what was typed is kept


def test_silver_rank_b_premiums(client):
    html = get(client, {"membership": "silver", "organisation": "silver_center", "rank": "B"})
    assert "81,190円" in html and "73,810円" in html
    assert "ランクBの年間保険料" in html


def test_public_body_cannot_join_mitsui(client):
    html = get(client, {"membership": "jcci", "organisation": "public_body", "industry": "60"})
    assert "官公庁" in html
    assert re.search(r"商工会議所 情報漏えい賠償.*?加入できません", html, re.S)


def test_finance_industry_cannot_take_it_option(client):
    html = get(client, {"membership": "jcci", "industry": "48", "handles": "it_services"})
    assert "IT業務特約" in html and "付帯できません" in html


def test_inferred_risk_code_is_flagged(client):
    html = get(client, {"membership": "jcci", "industry": "29"})
    assert "推定したもの" in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"revenue": "たくさん"}, "revenue", "数字で入力"),
        ({"revenue": "-300万"}, "revenue", "0円以上"),
        ({"revenue": "0"}, "revenue", "1円以上"),
        ({"revenue": "9" * 40}, "revenue", "大きすぎます"),
        ({"revenue": "9" * 41}, "revenue", "文字以下"),
        ({"start": "2026-02-30"}, "start", "正しい年月日"),
        ({"start": "1900-01-01"}, "start", "2000年から2100年"),
        ({"membership": "yakuza"}, "membership", "正しく選択"),
        ({"industry": "ZZ"}, "industry", "正しく選択"),
        ({"rank": "Z"}, "rank", "正しく選択"),
        (
            {
                "plans": [
                    "silver-cyber:GI",
                    "silver-cyber:GII",
                    "silver-cyber:GIII",
                    "silver-cyber:FI",
                    "silver-cyber:FII",
                ]
            },
            "plans",
            "4つまで",
        ),
        ({"plans": "no-such:plan"}, "plans", "正しく選択"),
        ({"security": "99"}, "security", "正しく選択"),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_kept(client, params, field, message):
    html = get(client, {"membership": "jcci", **params})
    assert message in html
    assert f'id="error_1_id_{field}"' in html or f"id_{field}" in html
    assert "入力を確認してください" in html
    # the rest of the answers still drive a result
    assert "加入できる制度" in html


def test_typed_revenue_is_kept_when_invalid(client):
    html = get(client, {"revenue": "１億２千万"})
    assert 'value="１億２千万"' in html


def test_full_width_revenue_is_accepted(client):
    html = get(client, {"membership": "jcci", "revenue": "６０００億円"})
    assert "売上高" in html and "6,000億円" in html  # the revenue ceiling reason names the amount


def test_htmx_request_gets_only_the_partial(client):
    html = get(client, {"membership": "jcci"}, HTTP_HX_REQUEST="true")
    assert "<html" not in html
    assert 'id="compare"' in html


def test_htmx_history_restore_gets_the_full_page(client):
    html = get(client, {"membership": "jcci"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in html


def test_chosen_plans_and_option_in_matrix(client):
    html = get(
        client,
        {
            "membership": "jcci",
            "plans": ["sompo-jcci-cyber:basic", "silver-cyber:FII"],
            "options": "sompo-jcci-cyber:bi",
        },
    )
    assert "充実プラン II型" in html
    assert "を付帯）" in html  # the BI option turns the optional cell into cover


def test_differences_only_hides_equal_rows(client):
    params = {"membership": "silver", "plans": ["silver-cyber:FI", "silver-cyber:FII"]}
    full = get(client, params)
    diff = get(client, {**params, "diff": "on"})
    assert diff.count("<tr") < full.count("<tr")
    assert "違いのない" in diff


def test_worries_are_highlighted(client):
    html = get(client, {"membership": "jcci", "handles": "business_interruption"})
    assert 'class="is-worry' in html


@pytest.mark.parametrize("n", [1, 2, 4])
def test_matrix_query_count_is_constant(client, n):
    get(client, {"membership": "jcci"})  # the process builds its catalogue once; measure afterwards
    plans = ["silver-cyber:FI", "silver-cyber:FII", "jcci-leak-liability:premium-C", "sompo-jcci-cyber:basic"]
    with CaptureQueriesContext(connection) as one:
        get(client, {"membership": "jcci", "plans": plans[:1]})
    with CaptureQueriesContext(connection) as many:
        get(client, {"membership": "jcci", "plans": plans[:n]})
    assert len(many) == len(one)
    assert len(many) < 25


def test_each_cells_sources_say_which_row_and_plan_they_belong_to(client):
    """Screen readers list many 「条件と出典」 buttons: each names its row and column."""
    html = get(
        client,
        {"membership": "jcci", "plans": ["jcci-leak-liability:standard-B", "sompo-jcci-cyber:basic"]},
    )
    assert '<span class="visually-hidden">（）</span>' not in html
    assert (
        '条件と出典<span class="visually-hidden">（サイバー攻撃による賠償責任・損保ジャパン サイバー 基本補償）'
        in html
    )


def test_the_matrix_shows_what_a_rider_changes(client):
    """AIG's サイバー攻撃対応費用倍額支払特約 doubles the rider's limit: the matrix shows 3,000万円, as the
    simulator pays (「サイバー攻撃対応費用特約の支払限度額を倍額（3,000万円）とします。」)."""
    params = {"membership": "jcci", "plans": ["aig-personal-info:basic"]}
    base = get(client, {**params, "options": ["aig-personal-info:cyber_response"]})
    doubled = get(
        client,
        {**params, "options": ["aig-personal-info:cyber_response", "aig-personal-info:cyber_double"]},
    )
    assert "限度額 <strong>1,500万円</strong>" in base and "（サイバー攻撃対応費用倍額支払特約で" not in base
    assert "限度額 <strong>3,000万円</strong>" in doubled
    assert "（サイバー攻撃対応費用倍額支払特約で支払限度額3,000万円）" in doubled


def test_a_rider_without_its_cover_changes_nothing_and_a_shared_limit_stays_shared(client):
    params = {"membership": "jcci", "plans": ["aig-personal-info:basic"]}
    alone = get(client, {**params, "options": ["aig-personal-info:cyber_double"]})
    assert (
        "（サイバー攻撃対応費用倍額支払特約で"
        not in alone.split('data-item="cost_cyber_investigation"')[1].split("</tr>")[0]
    )
    both = get(
        client,
        {**params, "options": ["aig-personal-info:cyber_response", "aig-personal-info:cyber_double"]},
    )
    row = both.split('data-item="cost_damage_prevention"')[1].split("</tr>")[0]
    assert "（サイバー攻撃対応費用倍額支払特約で共用の支払限度額3,000万円）" in row
    assert "限度額 <strong>" not in row  # a 内枠 of the shared limit, not a limit of its own
