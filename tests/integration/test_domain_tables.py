"""Eligibility, pricing and matrix rules as tables of cases, run on the real catalogue's plain data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from comparisons.catalogue import selectors
from comparisons.domain import pricing
from comparisons.domain.eligibility import Answers, evaluate, search_industries
from comparisons.domain.matrix import Column, build_matrix

pytestmark = pytest.mark.django_db

MITSUI, SOMPO, SILVER, AIG = "jcci-leak-liability", "sompo-jcci-cyber", "silver-cyber", "aig-personal-info"


@pytest.fixture
def risk_table(db):
    return {r.code: r for r in selectors.risk_categories()}


D = dt.date
TODAY = D(2026, 12, 1)  # Silver's pamphlet (2026-04-01 – 2027-04-01) is current; Sompo's and Mitsui's are not
IN_2019 = {"today": D(2019, 3, 5), "start": D(2019, 6, 1)}  # a start inside Mitsui's 2019 programme year
CO = "company"

ELIGIBILITY_CASES = [
    # (answers, slug, state, words in the reasons / pending / questions)
    # 001: 「お申込人・記名被保険者が、商工会議所の会員である場合に限られます」, ①〜④ and the リスク区分表
    (Answers(membership="jcci", organisation=CO, risk_code="60", revenue=50_000_000), MITSUI, "eligible", ""),
    (Answers(membership="none", organisation=CO, risk_code="60"), MITSUI, "not_eligible", "会員"),
    (
        Answers(membership="jcci", organisation="public_body", risk_code="60"),
        MITSUI,
        "not_eligible",
        "官公庁",
    ),
    (
        Answers(membership="jcci", organisation="mutual_aid_ceremony", risk_code="83"),
        MITSUI,
        "not_eligible",
        "冠婚葬祭互助会",
    ),
    (
        Answers(membership="jcci", organisation="consumer_lender_unlisted", risk_code="51"),
        MITSUI,
        "not_eligible",
        "貸金業",
    ),
    # 「売上高が5,000億円を超える事業者」: 5,000億円 itself may join
    (
        Answers(membership="jcci", organisation=CO, risk_code="60", revenue=500_000_000_000),
        MITSUI,
        "eligible",
        "",
    ),
    (
        Answers(membership="jcci", organisation=CO, risk_code="60", revenue=500_000_000_001),
        MITSUI,
        "not_eligible",
        "5,000億",
    ),
    (Answers(membership="jcci", risk_code="none"), MITSUI, "not_eligible", "リスク区分"),
    # unknown while an answer a rule needs is missing, naming it
    (Answers(membership="jcci", risk_code="60", revenue=50_000_000), MITSUI, "unknown", "事業の形態"),
    (Answers(membership="jcci", organisation=CO, revenue=50_000_000), MITSUI, "unknown", "業種"),
    (Answers(membership="jcci", organisation=CO, risk_code="60"), MITSUI, "unknown", "年間売上高"),
    (Answers(organisation=CO, risk_code="60", revenue=50_000_000), MITSUI, "unknown", "会員かどうか"),
    # 000: 「ご加入対象者 全国商工会議所の会員」
    (Answers(membership="jcci"), SOMPO, "eligible", ""),
    (Answers(), SOMPO, "unknown", "会員かどうか"),
    (Answers(membership="silver"), SOMPO, "not_eligible", "商工会議所"),
    # 002: 「(公社)全国シルバー人材センター事業協会会員以外の方は、この保険に加入することができません」
    (Answers(membership="silver"), SILVER, "eligible", ""),
    (Answers(), SILVER, "unknown", "会員かどうか"),
    (Answers(membership="jcci"), SILVER, "not_eligible", "シルバー人材センター"),
    # a public body: only 001 says (no); 000, 002 and 003 do not say, so: unknown, with what to ask
    (
        Answers(membership="jcci", organisation="public_body"),
        SOMPO,
        "unknown",
        "官公庁・地方公共団体・独立行政法人",
    ),
    (Answers(membership="none", organisation="public_body"), AIG, "unknown", "代理店または保険会社にお尋ね"),
    (Answers(membership="none", organisation=CO), AIG, "eligible", ""),
    (Answers(), AIG, "eligible", ""),  # 003 states no condition of who may join
]


@pytest.mark.parametrize(("answers", "slug", "state", "words"), ELIGIBILITY_CASES)
def test_eligibility(catalogue, risk_table, answers, slug, state, words):
    result = evaluate(catalogue[slug], answers, risk_table=risk_table)
    assert result.state == state
    assert result.eligible is (state == "eligible")
    assert words in " ".join([*result.reason_texts, *result.pending, *result.questions])
    for reason in result.reasons:
        assert reason.source and reason.source.quote
    if state != "not_eligible":
        assert not result.reasons


def test_unknown_answers_are_pending_not_refused(catalogue, risk_table):
    result = evaluate(catalogue[MITSUI], Answers(), risk_table=risk_table)
    assert result.state == "unknown" and not result.eligible
    assert set(result.pending) == {"会員かどうか", "事業の形態", "年間売上高", "業種"}


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("レストラン", "60"),
        ("飲食店", "60"),
        ("れすとらん", "60"),  # hiragana
        ("ﾚｽﾄﾗﾝ", "60"),  # half-width katakana
        ("いんしょく", "60"),  # the reading of 飲食店 (pykakasi, at load time)
        ("インショク", "60"),
        ("ソフトウェア", "22"),
        ("ソフトウエア", "22"),  # the same word with a large エ
        ("ｿﾌﾄｳｪｱ", "22"),
        ("そふとうぇあ", "22"),
        ("銀行", "48"),
        ("ぎんこう", "48"),
        ("いんたーねっと", "26"),
        ("インタネット", "26"),  # without the long-vowel mark
        ("けんせつ", "14"),
        ("居酒屋", "60"),
        ("いざかや", "60"),  # the reading of a keyword
    ],
)
def test_industry_search(risk_table, query, code):
    assert code in [m.code for m in search_industries(list(risk_table.values()), query)]


def test_industry_search_ignores_empty_and_unrelated_words(risk_table):
    rows = list(risk_table.values())
    assert search_industries(rows, "") == []
    assert search_industries(rows, "　ー・") == []
    assert search_industries(rows, "xyzzy") == []


# --- prices -------------------------------------------------------------------------------------------
# 002 の保険料表（年間保険料、国庫補助ランクA・B・C）, every row:
SILVER_TABLE = [
    ("GI", "A", 141150), ("GI", "B", 81330), ("GI", "C", 29070),  # 「G I 2億円 … 141,150円 81,330円 29,070円」
    ("GII", "A", 128080), ("GII", "B", 73810), ("GII", "C", 26010),  # 「G II 1億円 … 128,080円 73,810円 26,010円」
    ("GIII", "A", 103610), ("GIII", "B", 59710), ("GIII", "C", 22950),  # 「G III 5千万円 … 103,610円 59,710円 22,950円」
    ("FI", "A", 155270), ("FI", "B", 89460), ("FI", "C", 31980),  # 「F I 2億円 … 155,270円 89,460円 31,980円」
    ("FII", "A", 140890), ("FII", "B", 81190), ("FII", "C", 28610),  # 「F II 1億円 … 140,890円 81,190円 28,610円」
    ("FIII", "A", 113970), ("FIII", "B", 65680), ("FIII", "C", 25250),  # 「F III 5千万円 … 113,970円 65,680円 25,250円」
]  # fmt: skip


@pytest.mark.parametrize(("plan", "rank", "premium"), SILVER_TABLE)
def test_silver_table_is_the_annual_premium(catalogue, plan, rank, premium):
    q = pricing.quote(catalogue[SILVER], plan_code=plan, rank=rank, today=TODAY)
    assert (q.kind, q.annual_premium, q.approximate) == ("exact", premium, False)
    assert "年間保険料" in q.notes[0]
    assert any("中途加入" in n for n in q.notes)  # 「中途加入保険料につきましては…ご照会ください」


@pytest.mark.parametrize(
    ("start", "kind"),
    [
        (D(2026, 4, 1), "exact"),  # the yearly start the table is for (募集締切日 2026年3月16日)
        (D(2026, 12, 15), "mid_term"),  # 「※中途加入も可能です」: its premium is not in the table
        (D(2027, 2, 1), "mid_term"),
        (D(2027, 4, 1), "outside_period"),  # the next programme year: no table for it in this pamphlet
    ],
)
def test_silver_figure_only_for_the_annual_join_in_its_year(catalogue, start, kind):
    q = pricing.quote(catalogue[SILVER], plan_code="FII", rank="B", start=start, today=D(2026, 3, 1))
    assert q.kind == kind
    if kind == "exact":
        assert q.annual_premium == 81190
        return
    assert q.annual_premium is None
    assert q.example.annual_premium == 81190 and q.example.rank == "B"  # shown for reference only
    assert q.example.differences
    if kind == "mid_term":
        assert "代理店" in q.example.differences[0]


def _mitsui(catalogue, risk_table, plan, *, code=None, revenue=None, it=False, when=IN_2019, **kwargs):
    return pricing.quote(
        catalogue[MITSUI],
        plan_code=plan,
        risk_code=code,
        revenue=revenue,
        it_option=it,
        risk_table=risk_table,
        **when,
        **kwargs,
    )


# 001 年間保険料例 (上段プレミアム・下段スタンダード, 団体割引20%のみ):
#   「卸売業 20億円 D 約19万円 約14万円」「製造業 10億円 C 約9万円 約6万円」
MITSUI_OWN_CASE = [
    ("premium-D", "34", 2_000_000_000, 190_000),  # 34 飲食料品卸売業: 大リスク区分 卸売業
    ("standard-D", "35", 2_000_000_000, 140_000),  # 35 その他の卸売業
    ("premium-C", "18", 1_000_000_000, 90_000),  # 18 製造業 その他
    ("standard-C", "16", 1_000_000_000, 60_000),  # 16 医薬品製造業: 大リスク区分 製造業
]


@pytest.mark.parametrize(("plan", "code", "revenue", "premium"), MITSUI_OWN_CASE)
def test_mitsui_example_of_exactly_the_members_case_is_its_price(
    catalogue, risk_table, plan, code, revenue, premium
):
    q = _mitsui(catalogue, risk_table, plan, code=code, revenue=revenue)
    assert (q.kind, q.annual_premium, q.approximate) == ("example", premium, True)
    assert q.example.differences == ()
    assert any("団体割引20%" in n for n in q.notes)


MITSUI_OTHER_CASES = [
    # (plan, code, revenue, IT, the example shown for reference, words of the differences)
    # the case: premium-D for a restaurant with 5,000万円 is not 「約3万円」 (飲食業・セットA)
    ("premium-D", "60", 50_000_000, False, ("飲食業", "premium-A", 30_000), ["セット", "業種"]),
    # a 10億円 restaurant: the nearest example is the 飲食業 one, and every difference is said
    (
        "premium-C",
        "60",
        1_000_000_000,
        False,
        ("飲食業", "premium-A", 30_000),
        ["セット", "業種", "年間売上高"],
    ),
    # 「飲食業 5,000万円 A」: 飲食業 is not a name in the リスク区分表 (60 is 「飲食店」)
    ("premium-A", "60", 50_000_000, False, ("飲食業", "premium-A", 30_000), ["業種"]),
    # 「インターネットサービス業 3億円 B 約84万円 約81万円」 with IT業務特約; 26 is 「インターネット付随サービス業」
    ("standard-B", "26", 300_000_000, True, ("インターネットサービス業", "standard-B", 810_000), ["業種"]),
    # the same industry and set with another revenue
    ("premium-C", "15", 3_000_000_000, False, ("製造業", "premium-C", 90_000), ["年間売上高"]),
    # IT業務特約 chosen: the only examples with it are インターネットサービス業's
    (
        "premium-C",
        "18",
        1_000_000_000,
        True,
        ("インターネットサービス業", "premium-B", 840_000),
        ["セット", "製造業（その他）"],
    ),
    # nothing answered: the example is shown, and that the member's industry and revenue are unknown
    ("premium-D", None, None, False, ("卸売業", "premium-D", 190_000), ["未回答"]),
]


@pytest.mark.parametrize(("plan", "code", "revenue", "it", "shown", "words"), MITSUI_OTHER_CASES)
def test_mitsui_example_of_another_case_is_only_a_reference(
    catalogue, risk_table, plan, code, revenue, it, shown, words
):
    q = _mitsui(catalogue, risk_table, plan, code=code, revenue=revenue, it=it)
    assert q.kind == "nearest_example" and q.annual_premium is None
    assert (q.example.industry, q.example.plan, q.example.annual_premium) == shown
    assert q.example.title.startswith(f"パンフレットの保険料例（{shown[0]}・売上高")
    for word in words:
        assert any(word in d for d in q.example.differences), (word, q.example.differences)


def test_mitsui_2019_example_is_not_todays_price(catalogue, risk_table):
    # 「製造業 10億円 C 約9万円」 is 2019's example: in 2026 it is shown for reference, never as the price
    q = _mitsui(catalogue, risk_table, "premium-C", code="18", revenue=1_000_000_000, when={"today": TODAY})
    assert (q.kind, q.annual_premium, q.example.annual_premium) == ("outside_period", None, 90_000)
    assert any("期間外" in d for d in q.example.differences)
    later = _mitsui(catalogue, risk_table, "premium-C", code="18", revenue=1_000_000_000,
                    when={"today": D(2019, 3, 5), "start": D(2021, 6, 1)})  # fmt: skip
    assert later.kind == "outside_period" and any("期間" in d for d in later.example.differences)


@pytest.mark.parametrize(
    ("plan", "code", "revenue", "it", "words"),
    [
        # 「※48~54(金融・保険)、5G(信用保証協会)の場合、IT業務特約はセットいただけません。」
        ("premium-B", "48", 300_000_000, True, "IT業務特約"),
        ("standard-B", "54", 300_000_000, True, "IT業務特約"),
        ("premium-B", "5G", 300_000_000, True, "IT業務特約"),
        # 「把握可能な最近の会計年度の売上高が5,000億円を超える事業者」 cannot join
        ("premium-D", "34", 600_000_000_000, False, "5,000億円"),
        # 「10ページのリスク区分表に該当区分がない事業者は対象となりません」
        ("premium-D", "none", 2_000_000_000, False, "リスク区分表"),
    ],
)
def test_no_figure_for_a_combination_the_pamphlet_refuses(
    catalogue, risk_table, plan, code, revenue, it, words
):
    q = _mitsui(catalogue, risk_table, plan, code=code, revenue=revenue, it=it)
    assert (q.kind, q.annual_premium, q.example) == ("not_available", None, None)
    assert any(words in r for r in q.reasons)
    assert q.sources


@pytest.mark.parametrize("plan", ["premium-E", "standard-E"])
def test_the_free_set_has_no_figure(catalogue, risk_table, plan):
    q = _mitsui(catalogue, risk_table, plan, code="18", revenue=1_000_000_000)
    assert (q.kind, q.annual_premium, q.example) == ("not_priced", None, None)
    limited = _mitsui(catalogue, risk_table, plan, liability=100_000_000, costs=50_000_000)
    assert limited.kind == "not_priced" and limited.annual_premium is None


def test_security_what_if_is_each_plans_own_figure(catalogue, risk_table):
    # 「団体割引20%+「割引確認シート」のご回答に応じ最大60%割引」: the examples already include the 20%
    rate = Decimal("0.6")
    premium = _mitsui(
        catalogue, risk_table, "premium-D", code="34", revenue=2_000_000_000, security_rate=rate
    )
    standard = _mitsui(
        catalogue, risk_table, "standard-D", code="34", revenue=2_000_000_000, security_rate=rate
    )
    assert premium.what_if.premium == 76_000  # 190,000 × (1 − 0.6)
    assert standard.what_if.premium == 56_000  # 140,000 × (1 − 0.6)
    assert not premium.what_if.of_example
    # a reference example of the same plan: the what-if says it is applied to the example
    other_revenue = _mitsui(
        catalogue, risk_table, "premium-D", code="34", revenue=3_000_000_000, security_rate=rate
    )
    assert other_revenue.annual_premium is None and other_revenue.what_if.of_example
    assert other_revenue.what_if.premium == 76_000
    # the reference is another set's example: no what-if for this plan
    other_set = _mitsui(
        catalogue, risk_table, "premium-B", code="34", revenue=2_000_000_000, security_rate=rate
    )
    assert other_set.example.plan != "premium-B" and other_set.what_if is None


def test_discount_wording_keeps_what_the_pamphlet_says(catalogue):
    sompo = pricing.security_discount(catalogue[SOMPO])
    # 000: 「最大 60%以上 割引」 — at least 60%, so 60% is not a ceiling
    assert sompo.rate == Decimal("0.6") and not sompo.is_ceiling and sompo.max_rate is None
    assert "60%以上" in sompo.wording
    mitsui = pricing.security_discount(catalogue[MITSUI])
    # 001: 「「割引確認シート」のご回答に応じ最大60%割引」
    assert mitsui.is_ceiling and mitsui.max_rate == Decimal("0.6")


def test_security_discount_what_if():
    # an example with the group discount in it, plus the maximum 60% security discount
    assert pricing.discounted(190_000, security_rate=Decimal("0.6")) == 76_000


@pytest.mark.parametrize(
    ("liability", "costs", "param"),
    [
        # 001 フリーセット: 賠償 1,000万〜5,000万 (1,000万単位)・1億〜10億 (1億単位); 費用 … ≤ 賠償の50%
        (100_000_000, 100_000_000, "costs"),
        (15_000_000, 1_000_000, "liability"),
        (1_000_000_000, 600_000_000, "costs"),
        (100_000_000, None, "costs"),
    ],
)
def test_mitsui_free_set_rules(catalogue, liability, costs, param):
    with pytest.raises(pricing.QuoteError) as exc:
        pricing.quote(catalogue[MITSUI], plan_code="premium-E", liability=liability, costs=costs, today=TODAY)
    assert exc.value.param == param


@pytest.mark.parametrize("slug", [SOMPO, AIG])
def test_quote_required(catalogue, slug):
    q = pricing.quote(catalogue[slug], plan_code="basic", today=TODAY)
    assert q.kind == "quote_required" and q.annual_premium is None and q.example is None
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
