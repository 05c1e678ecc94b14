"""Eligibility, pricing and matrix rules as tables of cases, run on the real catalogue's plain data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from comparisons.catalogue import selectors
from comparisons.domain import pricing
from comparisons.domain.eligibility import Answers, evaluate, search_industries
from comparisons.domain.matrix import Column, build_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def risk_table(db):
    return {r.code: r for r in selectors.risk_categories()}


ELIGIBILITY_CASES = [
    # (answers, slug, eligible, words in the reason)
    (
        Answers(membership="jcci", organisation="company", risk_code="60", revenue=50_000_000),
        "jcci-leak-liability",
        True,
        "",
    ),
    (
        Answers(membership="none", organisation="company", risk_code="60"),
        "jcci-leak-liability",
        False,
        "会員",
    ),
    (
        Answers(membership="jcci", organisation="public_body", risk_code="60"),
        "jcci-leak-liability",
        False,
        "官公庁",
    ),
    (
        Answers(membership="jcci", organisation="mutual_aid_ceremony", risk_code="83"),
        "jcci-leak-liability",
        False,
        "冠婚葬祭互助会",
    ),
    (
        Answers(membership="jcci", organisation="consumer_lender_unlisted", risk_code="51"),
        "jcci-leak-liability",
        False,
        "貸金業",
    ),
    (Answers(membership="jcci", risk_code="60", revenue=500_000_000_000), "jcci-leak-liability", True, ""),
    (
        Answers(membership="jcci", risk_code="60", revenue=500_000_000_001),
        "jcci-leak-liability",
        False,
        "5,000億",
    ),
    (Answers(membership="jcci", risk_code="none"), "jcci-leak-liability", False, "リスク区分"),
    (Answers(membership="jcci"), "sompo-jcci-cyber", True, ""),
    (Answers(membership="silver"), "sompo-jcci-cyber", False, "商工会議所"),
    (Answers(membership="silver"), "silver-cyber", True, ""),
    (Answers(membership="jcci"), "silver-cyber", False, "シルバー人材センター"),
    (Answers(membership="none", organisation="public_body"), "aig-personal-info", True, ""),
]


@pytest.mark.parametrize(("answers", "slug", "eligible", "words"), ELIGIBILITY_CASES)
def test_eligibility(catalogue, risk_table, answers, slug, eligible, words):
    result = evaluate(catalogue[slug], answers, risk_table=risk_table)
    assert result.eligible is eligible
    assert words in " ".join(result.reason_texts)
    for reason in result.reasons:
        assert reason.source and reason.source.quote


def test_unknown_answers_are_pending_not_refused(catalogue, risk_table):
    result = evaluate(catalogue["jcci-leak-liability"], Answers(), risk_table=risk_table)
    assert result.eligible
    assert set(result.pending) == {"会員かどうか", "年間売上高", "業種"}


@pytest.mark.parametrize(
    ("query", "code"),
    [("レストラン", "60"), ("飲食店", "60"), ("ソフトウェア", "22"), ("銀行", "48"), ("ｿﾌﾄｳｪｱ", "22")],
)
def test_industry_search(risk_table, query, code):
    assert code in [m.code for m in search_industries(list(risk_table.values()), query)]


SILVER_QUOTES = [("GI", "A", 141150), ("GIII", "C", 22950), ("FII", "B", 81190), ("FIII", "C", 25250)]


@pytest.mark.parametrize(("plan", "rank", "premium"), SILVER_QUOTES)
def test_silver_exact_premiums(catalogue, plan, rank, premium):
    q = pricing.quote(catalogue["silver-cyber"], plan_code=plan, rank=rank)
    assert (q.kind, q.annual_premium) == ("exact", premium)


MITSUI_EXAMPLES = [
    # (plan, revenue, it_option, expected example premium, its industry) from 001's 年間保険料例
    ("premium-D", 2_000_000_000, False, 190_000, "卸売業"),
    ("standard-D", 2_000_000_000, False, 140_000, "卸売業"),
    ("premium-C", 1_000_000_000, False, 90_000, "製造業"),
    ("standard-C", 1_000_000_000, False, 60_000, "製造業"),
    ("premium-B", 300_000_000, True, 840_000, "インターネットサービス業"),
    ("standard-B", 300_000_000, True, 810_000, "インターネットサービス業"),
    ("premium-A", 50_000_000, False, 30_000, "飲食業"),
    ("standard-A", 50_000_000, False, 30_000, "飲食業"),
]


@pytest.mark.parametrize(("plan", "revenue", "it", "premium", "industry"), MITSUI_EXAMPLES)
def test_mitsui_nearest_example(catalogue, plan, revenue, it, premium, industry):
    q = pricing.quote(catalogue["jcci-leak-liability"], plan_code=plan, revenue=revenue, it_option=it)
    assert q.kind == "example"
    assert (q.annual_premium, q.example.industry) == (premium, industry)
    assert any("団体割引20%" in n for n in q.notes)


def test_security_discount_what_if():
    # an example with the group discount in it, plus the maximum 60% security discount
    assert pricing.discounted(190_000, security_rate=Decimal("0.6")) == 76_000


@pytest.mark.parametrize(
    ("liability", "costs", "param"),
    [
        (100_000_000, 50_000_000, None),
        (100_000_000, 100_000_000, "costs"),
        (15_000_000, 1_000_000, "liability"),
        (1_000_000_000, 500_000_000, None),
        (1_000_000_000, 600_000_000, "costs"),
        (None, None, "liability"),
    ],
)
def test_mitsui_free_set_rules(catalogue, liability, costs, param):
    mitsui = catalogue["jcci-leak-liability"]
    if param is None:
        assert (
            pricing.quote(mitsui, plan_code="premium-E", liability=liability, costs=costs).kind == "example"
        )
    else:
        with pytest.raises(pricing.QuoteError) as exc:
            pricing.quote(mitsui, plan_code="premium-E", liability=liability, costs=costs)
        assert exc.value.param == param


@pytest.mark.parametrize("slug", ["sompo-jcci-cyber", "aig-personal-info"])
def test_quote_required(catalogue, slug):
    q = pricing.quote(catalogue[slug], plan_code="basic")
    assert q.kind == "quote_required" and q.annual_premium is None
    assert q.requirements


def test_matrix_marks_differences_and_options(catalogue):
    silver, sompo = catalogue["silver-cyber"], catalogue["sompo-jcci-cyber"]
    items = selectors.taxonomy_rows()
    cols = [
        Column(silver, silver.plan("GII")),
        Column(silver, silver.plan("FII")),
        Column(sompo, sompo.plan("basic"), options=("bi",)),
    ]
    matrix = build_matrix(cols, items=items, worries=("business_interruption",))
    rows = {r.item: r for g in matrix.groups for r in g.rows}
    assert rows["bi_lost_profit"].cells[2].status == "included"  # the option was added
    assert rows["bi_lost_profit"].cells[2].via_option
    assert rows["bi_lost_profit"].highlighted
    assert rows["liability_content"].differs  # 充実 covers it, 情報漏えい限定 does not
    same = build_matrix(cols[:2], items=items, differences_only=True)
    assert same.hidden_same_rows > 0
    assert all(r.differs for g in same.groups for r in g.rows)
