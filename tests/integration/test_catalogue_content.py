"""The catalogue holds each seed's plans and figures (values read from the seeds themselves)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from comparisons.catalogue.models import RiskCategory

pytestmark = pytest.mark.django_db

SILVER_PREMIUMS = {  # 002: plan → (rank A, B, C), 年間保険料
    "GI": (141150, 81330, 29070),
    "GII": (128080, 73810, 26010),
    "GIII": (103610, 59710, 22950),
    "FI": (155270, 89460, 31980),
    "FII": (140890, 81190, 28610),
    "FIII": (113970, 65680, 25250),
}


def test_silver_has_all_18_premiums(catalogue):
    silver = catalogue["silver-cyber"]
    table = {(r.plan, r.rank): r.annual_premium for r in silver.premium_rates}
    assert len(table) == 18
    for plan, figures in SILVER_PREMIUMS.items():
        assert tuple(table[(plan, rank)] for rank in "ABC") == figures


def test_silver_limits_by_level(catalogue):
    silver = catalogue["silver-cyber"]
    expected = {
        "GI": 200_000_000,
        "GII": 100_000_000,
        "GIII": 50_000_000,
        "FI": 200_000_000,
        "FII": 100_000_000,
        "FIII": 50_000_000,
    }
    for code, limit in expected.items():
        assert silver.plan(code).cells["liability_leak"].limit == limit
    assert silver.premium_kind == "exact"
    assert silver.cost_limit_relation == "inside_liability"


def test_silver_attack_without_leak_only_in_juujitsu(catalogue):
    silver = catalogue["silver-cyber"]
    for code in ("GI", "GII", "GIII"):
        assert silver.plan(code).cells["liability_content"].status == "not_covered"
    for code in ("FI", "FII", "FIII"):
        assert silver.plan(code).cells["liability_content"].status == "included"


MITSUI_SETS = {  # 001 section 4: set → (賠償損害, 費用損害)
    "A": (10_000_000, 1_000_000),
    "B": (50_000_000, 5_000_000),
    "C": (100_000_000, 10_000_000),
    "D": (300_000_000, 30_000_000),
}


@pytest.mark.parametrize("family", ["standard", "premium"])
def test_mitsui_sets_a_to_d(catalogue, family):
    mitsui = catalogue["jcci-leak-liability"]
    for set_name, (liability, costs) in MITSUI_SETS.items():
        plan = mitsui.plan(f"{family}-{set_name}")
        assert plan.cells["liability_leak"].limit == liability
        assert plan.cells["cost_incident_response"].limit == costs


def test_mitsui_free_set_allowed_values(catalogue):
    plan = catalogue["jcci-leak-liability"].plan("premium-E")
    fs = plan.free_set
    assert fs["liability_choices"][:5] == [10_000_000, 20_000_000, 30_000_000, 40_000_000, 50_000_000]
    assert fs["liability_choices"][-1] == 1_000_000_000
    assert len(fs["liability_choices"]) == 5 + 10
    assert len(fs["cost_choices"]) == 9 + 5 + 5
    assert fs["cost_max_ratio_of_liability"] == 0.5


def test_mitsui_sublimits_13_to_16(catalogue):
    premium = catalogue["jcci-leak-liability"].plan("premium-C").cells
    restoration = premium["cost_system_restoration"]
    assert restoration.sublimit == 10_000_000 or restoration.limit == 10_000_000
    assert premium["cost_damage_prevention"].paid_share == Decimal("0.9")
    assert premium["cost_recurrence_prevention"].paid_share == Decimal("0.9")
    assert premium["cost_cyber_investigation"].paid_share == Decimal("0.8")
    standard = catalogue["jcci-leak-liability"].plan("standard-C").cells
    for item in (
        "cost_system_restoration",
        "cost_damage_prevention",
        "cost_cyber_investigation",
        "cost_credit_monitoring",
        "cost_public_investigation",
    ):
        assert standard[item].status == "not_covered", item


def test_mitsui_premium_examples(catalogue):
    examples = {
        (e.industry, e.plan): e.annual_premium for e in catalogue["jcci-leak-liability"].premium_examples
    }
    assert examples[("卸売業", "premium-D")] == 190_000
    assert examples[("卸売業", "standard-D")] == 140_000
    assert examples[("インターネットサービス業", "premium-B")] == 840_000
    assert examples[("飲食業", "standard-A")] == 30_000


def test_mitsui_risk_table_is_complete():
    codes = list(RiskCategory.objects.values_list("code", flat=True))
    numeric = [c for c in codes if c.isdigit()]
    assert numeric == [str(n) for n in range(10, 100) if n != 55]
    assert [c for c in codes if not c.isdigit()] == [
        "5A",
        "5B",
        "5C",
        "5E",
        "5F",
        "5G",
        "5H",
        "5K",
        "5L",
        "5M",
    ]
    railway = RiskCategory.objects.get(code="29")
    assert railway.code_inferred and railway.reading_note
    excluded = set(RiskCategory.objects.filter(it_option_excluded=True).values_list("code", flat=True))
    assert excluded == {"48", "49", "50", "51", "52", "53", "54", "5G"}


def test_mitsui_it_option_excludes_finance(catalogue):
    it = next(o for o in catalogue["jcci-leak-liability"].options if "IT" in o.name)
    assert set(it.excluded_risk_codes) == {"48", "49", "50", "51", "52", "53", "54", "5G"}


def test_sompo_options_and_dependency(catalogue):
    sompo = catalogue["sompo-jcci-cyber"]
    assert [p.code for p in sompo.plans] == ["basic"]
    assert len(sompo.options) == 5
    shutdown = next(o for o in sompo.options if "自主的" in o.name)
    bi = sompo.option(shutdown.requires[0])
    assert "利益" in bi.name or "営業継続" in bi.name
    assert sompo.premium_kind == "quote_required"
    assert sompo.plan("basic").cells["liability_leak"].limit is None
    assert sompo.notes_of("quote_requirement")
    discount = sompo.notes_of("discount")[0]
    assert discount.value == Decimal("0.6")


def test_sompo_attack_cost_needs_outside_report(catalogue):
    cell = catalogue["sompo-jcci-cyber"].plan("basic").cells["cost_cyber_investigation"]
    assert any(c.kind == "discovery" and "公的機関" in c.text for c in cell.conditions)
    assert {"public_body", "security_vendor"} <= set(
        next(c for c in cell.conditions if c.kind == "discovery").params["any_of"]
    )


def test_aig_riders_and_formulas(catalogue):
    aig = catalogue["aig-personal-info"]
    assert aig.premium_kind == "quote_required"
    names = " ".join(o.name for o in aig.options)
    for rider in ("企業情報漏洩", "サイバー攻撃対応費用", "データ復元", "セキュリティ賠償", "海外担保"):
        assert rider in names
    basic = aig.plan("basic")
    assert basic.cells["liability_leak"].limit is None
    restore = basic.cells["cost_system_restoration"]
    assert restore.status == "optional" and restore.limit == 10_000_000
    crisis = [c for c in basic.cells.values() if c.formula]
    assert any(c.paid_share == Decimal("0.9") for c in crisis)
