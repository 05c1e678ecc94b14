"""The simulator's rules on small hand-made plans: each rule in isolation, as a table of cases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from comparisons.domain.matrix import Column
from comparisons.domain.payout import Incident, simulate_plan
from comparisons.domain.types import CoverageCell, PlanInfo, ProductInfo


def cell(item, status="included", **kw) -> CoverageCell:
    group = (
        "liability" if item.startswith("liability") else "costs" if item.startswith("cost") else "conditions"
    )
    kw.setdefault("triggers", ("leak", "leak_fear"))
    if "paid_share" in kw and kw["paid_share"] is not None:
        kw["paid_share"] = Decimal(str(kw["paid_share"]))
    return CoverageCell(item=item, label=item, group=group, own_name="", status=status, **kw)


def column(cells, *, territory="日本国内", options=(), relation="separate_capped") -> Column:
    plan = PlanInfo(
        code="p",
        name="テスト",
        family="f",
        family_name="f",
        level="",
        description="",
        territory=territory,
        free_set=None,
        cells={c.item: c for c in cells},
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
        options=(),
        notes=(),
        eligibility=(),
        schedule=(),
        premium_rates=(),
        premium_examples=(),
    )
    return Column(product=product, plan=plan, options=options)


LEAK = frozenset({"leak"})


def run(cells, amounts, facts=LEAK, discovered_by="self", persons=0, **col):
    c = column(cells, **col)
    return simulate_plan(
        c,
        Incident(facts=facts, discovered_by=discovered_by, amounts=amounts, persons=persons),
        cost_limit_relation=c.product.cost_limit_relation,
    )


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
                    "cost_damage_prevention",
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
    # only investigation maps onto damage prevention here; the shared cap still binds that single row
    result = run(cells, {"investigation": 12_000_000}, facts=frozenset({"attack_suspected"}))
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
    result = run(cells, {"lost_profit": 2_000_000}, facts=frozenset({"system_outage"}), options=options)
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
            triggers=("attack_suspected", "only_external_report"),
        )
    ]
    facts = frozenset({"attack_suspected"})
    assert run(cells, {"investigation": 1_000_000}, facts=facts).paid == 0
    assert run(cells, {"investigation": 1_000_000}, facts=facts, discovered_by="external").paid == 1_000_000


def test_territory():
    cells = [cell("liability_leak", limit=10_000_000)]
    facts = frozenset({"leak", "overseas"})
    japan = run(cells, {"damages": 1_000_000}, facts=facts)
    assert japan.paid == 0 and "日本国内" in japan.lines[0].reasons[0]
    assert run(cells, {"damages": 1_000_000}, facts=facts, territory="全世界").paid == 1_000_000


def test_wrong_kind_of_incident_is_explained():
    cells = [cell("cost_forensic", limit=10_000_000, triggers=("leak",))]
    result = run(cells, {"investigation": 1_000_000}, facts=frozenset({"attack_no_leak"}))
    assert result.paid == 0
    assert "情報の漏えい" in result.lines[0].reasons[0]
