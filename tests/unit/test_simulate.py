"""The payout arithmetic and the terms engine's rules on small hand-made plans: each rule in isolation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from comparisons.domain import terms
from comparisons.domain.matrix import Column
from comparisons.domain.payout import Incident, simulate_plan
from comparisons.domain.types import Condition, CoverageCell, OptionInfo, PlanInfo, ProductInfo


def cell(item, status="included", **kw) -> CoverageCell:
    group = (
        "liability"
        if item.startswith("liability")
        else "costs"
        if item.startswith("cost")
        else "business_interruption"
        if item.startswith("bi_")
        else "conditions"
    )
    kw.setdefault("triggers", ("leak", "leak_fear"))
    if "paid_share" in kw and kw["paid_share"] is not None:
        kw["paid_share"] = Decimal(str(kw["paid_share"]))
    return CoverageCell(item=item, label=item, group=group, own_name="", status=status, **kw)


JAPAN = Condition("territory", {"claims": "japan", "abroad": "no"}, "日本国内に限ります。")
WORLD = Condition("territory", {"claims": "worldwide", "abroad": "yes", "except_countries": ["US"]}, "全世界")


def column(cells, *, territory=JAPAN, options=(), relation="separate_capped", product_options=()) -> Column:
    plan = PlanInfo(
        code="p",
        name="テスト",
        family="f",
        family_name="f",
        level="",
        description="",
        territory="",
        free_set=None,
        cells={c.item: c for c in cells},
        conditions=(territory,),
    )
    product = ProductInfo(
        slug="t",
        name="t",
        short_name="t",
        kind="group",
        summary="",
        insurers=(),
        eligible_members="",
        policyholder="",
        valid_from=None,
        valid_to=None,
        period_text="",
        premium_kind="exact",
        premium_basis="",
        cost_limit_relation=relation,
        cost_limit_relation_text="",
        plans=(plan,),
        options=tuple(product_options),
        notes=(),
        eligibility=(),
        schedule=(),
        premium_rates=(),
        premium_examples=(),
    )
    return Column(product=product, plan=plan, options=options)


LEAK = frozenset({"leak"})


def run(cells, amounts, facts=LEAK, discovered_by="self", persons=0, incident=None, **col):
    c = column(cells, **col)
    incident = incident or Incident(
        events=facts, discovered_by=discovered_by, amounts=amounts, persons=persons
    )
    return simulate_plan(c, incident, cost_limit_relation=c.product.cost_limit_relation)


@pytest.mark.parametrize(
    ("cells", "amounts", "paid"),
    [
        # full amount within the limit
        ([cell("cost_legal", limit=10_000_000)], {"legal": 1_000_000}, 1_000_000),
        # the line's limit
        ([cell("cost_legal", limit=500_000)], {"legal": 1_000_000}, 500_000),
        # a sublimit inside the limit
        (
            [cell("cost_system_restoration", limit=30_000_000, sublimit=10_000_000)],
            {"restoration": 15_000_000},
            10_000_000,
        ),
        # coinsurance after the deductible: (5,000,000 − 100,000) × 90%
        (
            [
                cell(
                    "cost_cyber_investigation",
                    limit=10_000_000,
                    paid_share=0.9,
                    deductible=100_000,
                    triggers=("attack_suspected",),
                ),
                cell("cost_forensic", status="not_covered"),
            ],
            {"investigation": 5_000_000},
            4_410_000,
        ),
    ],
)
def test_line_rules(cells, amounts, paid):
    facts = frozenset({"leak", "attack_suspected"})
    assert run(cells, amounts, facts=facts).paid == paid


def test_deductible_is_taken_once_per_section():
    cells = [
        cell("cost_legal", limit=10_000_000, deductible=100_000),
        cell("cost_call_centre", limit=10_000_000, deductible=100_000),
    ]
    result = run(cells, {"legal": 300_000, "call_centre": 300_000})
    assert result.paid == 500_000


def test_section_limit_is_shared():
    cells = [cell("cost_legal", limit=1_000_000), cell("cost_call_centre", limit=1_000_000)]
    result = run(cells, {"legal": 800_000, "call_centre": 800_000})
    assert result.paid == 1_000_000
    assert any("費用の保険金の合計" in n for n in result.notes)


def test_shared_sublimit_of_two_rows():
    shared = {
        "kind": "shared_sublimit",
        "items": ["cost_damage_prevention", "cost_recurrence_prevention"],
        "amount": 10_000_000,
    }
    cells = [
        cell("cost_forensic", status="not_covered"),
        cell(
            "cost_damage_prevention",
            limit=30_000_000,
            sublimit=10_000_000,
            formula=shared,
            triggers=("attack_suspected",),
        ),
    ]
    # the shared cap binds even a single row of the pair
    result = run(cells, {"damage_prevention": 12_000_000}, facts=frozenset({"attack_suspected"}))
    assert result.paid == 10_000_000


def test_per_person_cap_on_consolation():
    cells = [cell("cost_consolation", limit=100_000_000, per_person_limit=1_000)]
    result = run(cells, {"consolation": 3_000}, persons=1_000)
    assert result.lines[0].claimed == 3_000_000
    assert result.paid == 1_000_000


def test_costs_inside_the_liability_limit():
    cells = [cell("liability_leak", limit=5_000_000), cell("cost_legal", limit=5_000_000)]
    result = run(cells, {"damages": 4_000_000, "legal": 3_000_000}, relation="inside_liability")
    assert result.paid == 5_000_000


@pytest.mark.parametrize(
    ("status", "options", "paid", "reason"),
    [
        ("optional", (), 0, "オプション"),
        ("optional", ("bi",), 2_000_000, None),
        ("not_covered", (), 0, "補償されません"),
        ("not_stated", (), 0, "記載がない"),
    ],
)
def test_cover_status_and_options(status, options, paid, reason):
    cells = [
        cell(
            "bi_lost_profit",
            status=status,
            option="bi",
            option_name="利益",
            limit=None,
            triggers=("system_outage",),
        )
    ]
    bi = OptionInfo(code="bi", name="利益", description="")
    result = run(
        cells,
        {"lost_profit": 2_000_000},
        facts=frozenset({"system_outage"}),
        options=options,
        product_options=[bi],
    )
    assert result.paid == paid
    if reason:
        assert reason in result.lines[0].reasons[0]
    else:
        assert result.limit_unknown  # no limit printed: computed without a cap, and said so


def test_outside_report_only():
    cells = [
        cell(
            "cost_cyber_investigation",
            limit=10_000_000,
            triggers=("attack_suspected",),
            conditions=(OUTSIDE,),
        )
    ]
    facts = frozenset({"attack_suspected"})
    assert run(cells, {"investigation": 1_000_000}, facts=facts).paid == 0
    assert run(cells, {"investigation": 1_000_000}, facts=facts, discovered_by="external").paid == 1_000_000
    assert (
        run(cells, {"investigation": 1_000_000}, facts=facts, discovered_by="security_vendor").paid
        == 1_000_000
    )
    # a report from a business partner: the pamphlet's 「など」 leaves it open — unknown, never ✕
    partner = run(cells, {"investigation": 1_000_000}, facts=facts, discovered_by="third_party")
    assert (
        partner.paid == 0 and partner.lines[0].outcome == "unknown" and partner.if_unknown_paid == 1_000_000
    )


OUTSIDE = Condition(
    "discovery",
    {"any_of": ["public_body", "security_vendor"], "unsettled": ["third_party"]},
    "外部からの通報で発見された場合に限ります。",
)


@pytest.mark.parametrize(
    ("territory", "country", "abroad", "outcome"),
    [
        (JAPAN, "JP", False, "paid"),
        (JAPAN, "OTHER", False, "not_paid"),  # a claim brought abroad
        (JAPAN, "JP", True, "not_paid"),  # business done abroad
        (WORLD, "OTHER", True, "paid"),
        (WORLD, "US", False, "not_paid"),  # an excluded country
    ],
)
def test_territory_and_claim_country(territory, country, abroad, outcome):
    cells = [cell("liability_leak", limit=10_000_000)]
    incident = Incident(events=LEAK, amounts={"damages": 1_000_000}, claim_country=country, abroad=abroad)
    result = run(cells, {}, incident=incident, territory=territory)
    assert result.lines[0].outcome == outcome
    assert result.paid == (1_000_000 if outcome == "paid" else 0)


PUBLISHED = Condition(
    "publication",
    {"any_of": ["authority_report", "press"]},
    "公的機関への届出・報告または報道があった場合に限ります。",
)


@pytest.mark.parametrize(
    ("report", "press", "outcome"),
    [
        (True, None, "paid"),
        (None, True, "paid"),
        (False, False, "not_paid"),
        (None, None, "unknown"),
        (False, None, "unknown"),
    ],
)
def test_publication_requirement_three_outcomes(report, press, outcome):
    cells = [cell("cost_call_centre", limit=10_000_000, conditions=(PUBLISHED,))]
    incident = Incident(events=LEAK, amounts={"call_centre": 800_000}, authority_report=report, press=press)
    line = run(cells, {}, incident=incident).lines[0]
    assert line.outcome == outcome
    if outcome == "unknown":
        assert line.ask and line.paid == 800_000  # what it would pay, shown apart from the total


def test_shown_only_condition_is_an_assumption_never_dropped():
    approval = Condition("assume", {}, "引受保険会社の承認を得て支出した費用に限ります。")
    cells = [cell("cost_legal", limit=10_000_000, conditions=(approval,))]
    result = run(cells, {"legal": 100_000})
    assert result.paid == 100_000
    assert result.lines[0].assumptions == ("引受保険会社の承認を得て支出した費用に限ります。",)


@pytest.mark.parametrize(
    ("who", "outcome"), [("outsider", "paid"), ("employee", "unknown"), ("officer", "not_paid")]
)
def test_who_did_it(who, outcome):
    rule = Condition(
        "perpetrator", {"excluded": ["officer"], "unsettled": ["employee"]}, "役員の犯罪は対象外"
    )
    cells = [cell("liability_leak", limit=10_000_000, conditions=(rule,))]
    incident = Incident(events=LEAK, amounts={"damages": 1_000_000}, perpetrator=who)
    assert run(cells, {}, incident=incident).lines[0].outcome == outcome


def test_narrowing_option_takes_out_what_it_excludes():
    narrow = OptionInfo(
        code="leak_only",
        name="情報漏えい限定",
        description="",
        effects=(
            {
                "kind": "narrow",
                "events": ["leak", "leak_fear"],
                "text": "情報漏えいに起因する損害に限ります。",
            },
        ),
    )
    cells = [
        cell("cost_system_restoration", limit=10_000_000, triggers=("leak", "attack")),
        cell("liability_cyber", limit=10_000_000, triggers=("attack",)),
    ]
    ransomware = Incident(
        events=frozenset({"attack"}), amounts={"restoration": 1_000_000, "damages": 500_000}
    )
    assert run(cells, {}, incident=ransomware, product_options=[narrow]).paid == 1_500_000
    narrowed = run(cells, {}, incident=ransomware, product_options=[narrow], options=("leak_only",))
    assert narrowed.paid == 0
    assert "情報漏えい" in narrowed.lines[0].reason
    leak = Incident(events=frozenset({"attack", "leak"}), amounts={"restoration": 1_000_000})
    assert run(cells, {}, incident=leak, product_options=[narrow], options=("leak_only",)).paid == 1_000_000
    # the matrix: the cyber-attack liability row is out, the restoration row stays (with the condition)
    col = column(cells, product_options=[narrow], options=("leak_only",))
    assert terms.covers(col.product, "p", ("leak_only",), "liability_cyber").outcome == "not_covered"
    answer = terms.covers(col.product, "p", ("leak_only",), "cost_system_restoration")
    assert answer.outcome == "covered" and "情報漏えいに起因する損害に限ります。" in answer.assumptions


def test_option_rules():
    bi = OptionInfo(code="bi", name="利益", description="")
    shutdown = OptionInfo(code="vs", name="自主的停止", description="", requires=("bi",))
    it = OptionInfo(code="it", name="IT業務特約", description="", excluded_risk_codes=("48", "5G"))
    product = column([], product_options=[bi, shutdown, it]).product
    assert [p.rule for p in terms.option_problems(product, "p", ["vs"])] == ["requires"]
    assert terms.option_problems(product, "p", ["vs", "bi"]) == []
    assert [p.rule for p in terms.option_problems(product, "p", ["it"], risk_code="5G")] == [
        "refused_for_industry"
    ]
    assert terms.option_problems(product, "p", ["it"], risk_code="22") == []


def test_wrong_kind_of_incident_is_explained():
    cells = [cell("cost_forensic", limit=10_000_000, triggers=("leak",))]
    result = run(cells, {"investigation": 1_000_000}, facts=frozenset({"attack_no_leak"}))
    assert result.paid == 0
    assert "情報の漏えい" in result.lines[0].reasons[0]


def test_arithmetic_is_shown():
    cells = [
        cell(
            "cost_cyber_investigation",
            limit=10_000_000,
            paid_share=0.9,
            deductible=100_000,
            triggers=("attack_suspected",),
        )
    ]
    result = run(cells, {"investigation": 5_000_000}, facts=frozenset({"attack_suspected"}))
    assert result.lines[0].arithmetic == "(500万円 − 10万円) × 90% = 441万円"
