"""The comparison page: answers in the URL → eligibility, prices, dates and the matrix."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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


@pytest.fixture
def today(monkeypatch):
    """Pin the JST date the page reads (timezone.localdate) so period and deadline answers stay true."""

    def pin(day: dt.date):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return pin


def text_of(html: str, section: str | None = None) -> str:
    """The results' text (summary, prices, dates, eligibility) with tags, the matrix and the pamphlet quotes
    (collapsed) removed; only the section headed by the id `section` when given ("h-dates" …)."""
    html = html.split('id="results"', 1)[-1]
    if section:
        html = re.search(rf'<section aria-labelledby="{section}".*?</section>', html, flags=re.S).group(0)
    html = re.sub(r'<section aria-labelledby="h-matrix".*?</section>', "", html, flags=re.S)
    html = re.sub(r'<details class="source">.*?</details>', "", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_jcci_restaurant(client, today):
    today(dt.date(2025, 1, 10))  # inside Sompo's pamphlet period (2025-03-01 … 2026-02-01 starts)
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
    assert "加入条件を満たす制度（3件）" in html
    assert "全国商工会議所の会員であることが必要です" not in html
    # Silver needs membership of the association
    assert "(公社)全国シルバー人材センター事業協会の会員であることが必要です" in html
    # Mitsui: 飲食業 5,000万円 set A (約3万円) is shown for reference only: 飲食業 is not the 飲食店 row's name
    assert "参考：パンフレットの保険料例（飲食業・売上高5,000万円・セットA）" in text_of(html)
    # Sompo schedule example: deadline 2/17 because 2/15–16 are a weekend, debit 5/7
    assert "2025年2月17日" in html and "2025年5月7日" in html
    assert 'value="5,000万円"' in html  # what was typed is kept
    assert "5,000万円（50,000,000円）として読みました" in html  # …and read back beside the field


def test_an_example_of_another_set_is_never_the_price_of_the_chosen_plan(client, today):
    # the issue: 「プレミアムプラン セットB：約3万円」 where 約3万円 is the 飲食業・セットA example
    today(dt.date(2026, 12, 1))
    html = text_of(
        get(
            client,
            {
                "membership": "jcci",
                "organisation": "company",
                "industry": "60",
                "revenue": "5,000万円",
                "plans": "jcci-leak-liability:premium-B",
            },
        )
    )
    assert (
        "プレミアムプラン セットB： 約3万円" not in html and "プレミアムプラン セットB：約3万円" not in html
    )
    assert "プレミアムプラン セットB： 同じ条件の保険料例はパンフレットにありません" in html or (
        "プレミアムプラン セットB： パンフレットの期間外" in html
    )
    assert "参考：パンフレットの保険料例（飲食業・売上高5,000万円・セットA）： 約3万円" in html
    assert "セット：例はセットA、お選びはプレミアムプラン セットB" in html


def test_an_out_of_date_pamphlet_shows_in_the_verdict(client, today):
    today(dt.date(2026, 12, 1))  # Sompo's pamphlet covers starts up to 2026-02-01; Mitsui's is 2019's
    page = get(client, {"membership": "jcci", "organisation": "company", "industry": "60", "revenue": "1億"})
    html = text_of(page, "h-eligibility")
    sompo = html.split("損保ジャパン サイバー", 1)[1][:400]
    assert "加入できます" not in sompo.split("制度の詳細")[0]
    assert "パンフレットの加入条件は満たしています（パンフレットは期間外）" in sompo
    assert "期間は過ぎています" in sompo
    # the earliest start is past the period: said, and marked 推定
    assert "2027年1月1日 【推定】 パンフレットの期間外" in sompo


def test_unknown_until_the_rule_has_its_answers(client, today):
    today(dt.date(2026, 12, 1))
    html = text_of(get(client, {"membership": "jcci"}))
    mitsui = html.split("商工会議所 情報漏えい賠償", 1)[1][:300]
    assert "？ まだ判定できません" in mitsui
    assert "判定には次の回答が必要です：事業の形態・年間売上高・業種" in mitsui


def test_silver_mid_term_joiner_is_told_to_ask_the_agent(client, today):
    today(dt.date(2026, 12, 1))
    html = text_of(
        get(
            client,
            {"membership": "silver", "organisation": "silver_center", "rank": "B", "start": "2027-01-04"},
        )
    )
    assert "ご注意：ご希望の開始日は中途加入です。中途加入の保険料は表にありません。" in html
    assert "全福サービス（03-3252-2012）" in html
    assert "年間保険料（確定額）" not in html
    # 1/3 (Sun) … 12/31 (Thu): counting 12/31 as 休祝日 is a reading, shown as one
    assert "2026年12月30日（水） 【推定】" in html
    assert "12月31日〜1月3日を休日として数えました" in html


def test_dates_outside_the_period_are_marked_estimated_or_not_made_up(client, today):
    today(dt.date(2026, 12, 1))
    html = text_of(get(client, {"membership": "jcci", "start": "2027-01-01"}), "h-dates")
    # Sompo: the monthly rule the pamphlet states, 推定
    assert "2026年12月15日（火） 【推定】" in html and "口座振替 2027年3月5日（金） 【推定】" in html
    # Mitsui: the 2019 table is not extended into a rule
    mitsui = html.split("商工会議所 情報漏えい賠償", 1)[1][:200]
    assert "パンフレットに記載がありません（代理店・保険会社にご確認ください）" in mitsui
    assert "2027年3月23日" not in html and "2026年10月31日" not in html


def test_finance_industry_cannot_take_it_option(client):
    html = get(client, {"membership": "jcci", "industry": "48", "handles": "it_services"})
    # 001: 「※48~54(金融・保険)、5G(信用保証協会)の場合、IT業務特約はセットいただけません。」
    assert (
        "リスク区分コード48の業種には「IT業務特約」を付けられません。IT業務に起因する事故は補償されません。"
        in html
    )
    assert "※48~54(金融・保険)、5G(信用保証協会)の場合、IT業務特約はセットいただけません。" in html


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
        ({"start": "1900-01-01"}, "start", "1949年から2099年までの日付"),  # the holiday calendar's years
        ({"start": "2100-01-01"}, "start", "1949年から2099年までの日付"),
        ({"revenue": "1,5億"}, "revenue", "カンマの位置"),
        ({"revenue": "1.000万"}, "revenue", "小数点か桁区切りか"),
        ({"revenue": "1,2,3,,"}, "revenue", "カンマの位置"),
        ({"revenue": "1億2000"}, "revenue", "1億2,000万円（120,000,000円）とも100,002,000円とも読めます"),
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
    assert "加入条件を満たす制度" in html
    # no figure read back for a refused amount
    assert html.split('id="revenue-readback">')[1].startswith("</span>")


@pytest.mark.parametrize(
    ("typed", "readback"),
    [
        ("1億2千万円", "1億2,000万円（120,000,000円）として読みました"),
        ("一億二千万円", "1億2,000万円（120,000,000円）として読みました"),
        ("三億", "3億円（300,000,000円）として読みました"),
        ("1千3百万", "1,300万円（13,000,000円）として読みました"),
        ("\\5,000万", "5,000万円（50,000,000円）として読みました"),
        ("1億円程度", "1億円（100,000,000円）として読みました"),
        ("\u200b１億２，０００万円", "1億2,000万円（120,000,000円）として読みました"),
    ],
)
def test_revenue_as_members_type_it_is_read_back(client, typed, readback):
    html = get(client, {"membership": "jcci", "revenue": typed})
    assert f'<span id="revenue-readback">{readback}</span>' in html
    assert "入力を確認してください" not in html


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
