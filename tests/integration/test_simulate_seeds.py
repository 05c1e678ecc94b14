"""The seeds' own payout examples, run through the simulator on the real catalogue."""

from __future__ import annotations

import pytest

from comparisons.domain.matrix import Column
from comparisons.domain.payout import SCENARIOS, Incident, simulate_plan

pytestmark = pytest.mark.django_db


def pay(catalogue, key, facts, amounts, *, discovered_by="self", persons=0, options=()):
    slug, code = key.split(":")
    product = catalogue[slug]
    col = Column(product=product, plan=product.plan(code), options=options)
    return simulate_plan(
        col,
        Incident(facts=frozenset(facts), discovered_by=discovered_by, amounts=amounts, persons=persons),
        cost_limit_relation=product.cost_limit_relation,
    )


@pytest.mark.parametrize("level", ["I", "II", "III"])
def test_silver_self_discovered_suspected_attack(catalogue, level):
    # 002: 外部通報によらず発見、実際にはサイバー事故でなかった: 調査費用500万円は情報漏えい限定プランでは対象外、
    # 充実プランは緊急対応費用の90%。The 10万円 deductible is taken first: (500万 − 10万) × 90% = 441万.
    scenario = SCENARIOS["attack_suspected_self"]
    limited = pay(catalogue, f"silver-cyber:G{level}", scenario.facts, scenario.amounts)
    full = pay(catalogue, f"silver-cyber:F{level}", scenario.facts, scenario.amounts)
    assert limited.paid == 0
    assert limited.lines[0].reasons
    assert full.paid == 4_410_000
    assert any("90%" in r for r in full.lines[0].rules)


@pytest.mark.parametrize("level", ["I", "II", "III"])
def test_silver_ddos_only_juujitsu(catalogue, level):
    # 002: DDoS (漏えいのおそれなし) は情報漏えい限定プランでは補償対象外、充実プランなら補償対象。
    scenario = SCENARIOS["ddos"]
    assert pay(catalogue, f"silver-cyber:G{level}", scenario.facts, scenario.amounts).paid == 0
    assert pay(catalogue, f"silver-cyber:F{level}", scenario.facts, scenario.amounts).paid > 0


def test_silver_copyright_claim_only_juujitsu(catalogue):
    scenario = SCENARIOS["content_claim"]
    assert pay(catalogue, "silver-cyber:GII", scenario.facts, scenario.amounts).paid == 0
    assert pay(catalogue, "silver-cyber:FII", scenario.facts, scenario.amounts).paid > 0


def test_aig_crisis_execution_example(catalogue):
    # 003: 危機管理実行費用 500万円 × (100% − 10%) = 450万円
    result = pay(catalogue, "aig-personal-info:basic", {"leak"}, {"apology": 5_000_000})
    assert result.paid == 4_500_000
    assert result.limit_unknown  # its limit depends on the base limit chosen on the application


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        # ⑬ 情報システム等復旧費用: 1,000万円 inside the cost limit, paid in full below it
        ({"restoration": 15_000_000}, 10_000_000),
        ({"restoration": 4_000_000}, 4_000_000),
    ],
)
def test_mitsui_restoration_sublimit(catalogue, amounts, expected):
    assert pay(catalogue, "jcci-leak-liability:premium-D", {"leak"}, amounts).paid == expected


def test_mitsui_standard_has_no_restoration_cover(catalogue):
    result = pay(catalogue, "jcci-leak-liability:standard-D", {"leak"}, {"restoration": 4_000_000})
    assert result.paid == 0


def test_mitsui_cost_limit_of_the_set(catalogue):
    # set A: 費用損害 100万円
    result = pay(
        catalogue, "jcci-leak-liability:premium-A", {"leak"}, {"legal": 800_000, "call_centre": 800_000}
    )
    assert result.paid == 1_000_000


def test_mitsui_consolation_per_person(catalogue):
    # ⑩ 見舞金: 被害者が個人の場合1名につき1,000円
    result = pay(catalogue, "jcci-leak-liability:premium-D", {"leak"}, {"consolation": 3_000}, persons=100)
    assert result.lines[0].claimed == 300_000
    assert result.paid == 100_000


def test_silver_limit_of_the_type_caps_everything(catalogue):
    # GIII: 賠償 5千万円, 費用 5百万円; costs are paid inside the liability limit
    result = pay(catalogue, "silver-cyber:GIII", {"leak"}, {"damages": 60_000_000, "legal": 6_000_000})
    assert result.paid <= 50_000_000


def test_sompo_limits_are_never_invented(catalogue):
    result = pay(catalogue, "sompo-jcci-cyber:basic", {"leak"}, {"damages": 10_000_000})
    assert result.paid == 10_000_000 and result.limit_unknown
    assert any("申込書" in r for r in result.lines[0].rules)


def test_sompo_attack_cost_needs_an_outside_report(catalogue):
    facts = {"attack_suspected"}
    self_found = pay(catalogue, "sompo-jcci-cyber:basic", facts, {"investigation": 2_000_000})
    reported = pay(
        catalogue, "sompo-jcci-cyber:basic", facts, {"investigation": 2_000_000}, discovered_by="external"
    )
    assert self_found.paid == 0 and "外部" in self_found.lines[0].reasons[0]
    assert reported.paid == 2_000_000


def test_sompo_business_interruption_needs_the_option(catalogue):
    facts = {"attack_no_leak", "system_outage"}
    without = pay(catalogue, "sompo-jcci-cyber:basic", facts, {"lost_profit": 3_000_000})
    with_bi = pay(catalogue, "sompo-jcci-cyber:basic", facts, {"lost_profit": 3_000_000}, options=("bi",))
    assert without.paid == 0 and "オプション" in without.lines[0].reasons[0]
    assert with_bi.paid == 3_000_000


def test_overseas_claim_depends_on_territory(catalogue):
    facts = {"leak", "overseas"}
    standard = pay(catalogue, "jcci-leak-liability:standard-C", facts, {"damages": 5_000_000})
    premium = pay(catalogue, "jcci-leak-liability:premium-C", facts, {"damages": 5_000_000})
    assert standard.paid == 0 and "日本国内" in standard.lines[0].reasons[0]
    assert premium.paid == 5_000_000


@pytest.mark.parametrize("scenario", list(SCENARIOS))
@pytest.mark.parametrize(
    "plan",
    [
        "silver-cyber:FII",
        "silver-cyber:GII",
        "jcci-leak-liability:premium-C",
        "jcci-leak-liability:standard-C",
        "sompo-jcci-cyber:basic",
        "aig-personal-info:basic",
    ],
)
def test_every_scenario_on_every_plan_is_explained(catalogue, scenario, plan):
    s = SCENARIOS[scenario]
    result = pay(catalogue, plan, s.facts, s.amounts, discovered_by=s.discovered_by, persons=s.persons)
    assert 0 <= result.paid <= result.claimed
    for line in result.lines:
        assert 0 <= line.paid <= line.claimed
        assert line.rules if line.covered else line.reasons  # every line says what was applied, or why not


def test_silver_real_attack_found_in_house_is_paid_by_attack_cost(catalogue):
    # 002 ②サイバー攻撃対応費用: the outside report is needed only when the suspicion proved unfounded
    result = pay(catalogue, "silver-cyber:GII", {"attack"}, {"investigation": 1_000_000})
    assert result.paid > 0


def test_aig_no_copay_rider_pays_the_crisis_execution_costs_in_full(catalogue):
    # 003: 「危機管理実行費用特約では、10%の自己負担割合を適用しますが、この特約をセットすることで10%の
    # 自己負担割合を適用しません。」 500万円 → 450万円 without it, 500万円 with it.
    key = "aig-personal-info:basic"
    without = pay(catalogue, key, {"leak"}, {"apology": 5_000_000})
    with_rider = pay(catalogue, key, {"leak"}, {"apology": 5_000_000}, options=("ce_no_copay",))
    assert (without.paid, with_rider.paid) == (4_500_000, 5_000_000)
    assert any("自己負担割合不適用特約で自己負担割合なし" in r for r in with_rider.lines[0].rules)
    # the doubled crisis-execution limit depends on the base limit set on the application: noted, not invented
    doubled = pay(catalogue, key, {"leak"}, {"apology": 5_000_000}, options=("ce_double",))
    assert doubled.paid == 4_500_000 and doubled.limit_unknown
    assert any("倍額支払特約で支払限度額は倍額（上限1億円）" in r for r in doubled.lines[0].rules)


def test_aig_cyber_response_double_rider(catalogue):
    # 003: サイバー攻撃対応費用特約 1,500万円; 「サイバー攻撃対応費用特約の支払限度額を倍額（3,000万円）とします。」
    key = "aig-personal-info:basic"
    facts, amounts = {"attack"}, {"investigation": 20_000_000}
    base = pay(catalogue, key, facts, amounts, discovered_by="external", options=("cyber_response",))
    doubled = pay(
        catalogue, key, facts, amounts, discovered_by="external", options=("cyber_response", "cyber_double")
    )
    assert (base.paid, doubled.paid) == (15_000_000, 20_000_000)
    assert any("3,000万円" in r for r in doubled.lines[0].rules)


@pytest.mark.parametrize(
    ("options", "investigation_paid"),
    [(("cyber_response",), 15_000_000), (("cyber_response", "cyber_double"), 20_000_000)],
)
def test_aig_riders_each_keep_their_own_limit(catalogue, options, investigation_paid):
    # 003: each rider states its own limit (「○この特約の支払限度額は、1,500万円です。」 for サイバー攻撃対応費用,
    # 倍額 3,000万円), which caps its own lines only; 危機管理実行費用 (its limit follows the base limit set on
    # the application) still pays 2,000万円 × 90% = 1,800万円. All together are capped by the base limit
    # (「…保険金を合算して、個人情報漏洩特約の支払限度額を限度として」), which the application sets.
    result = pay(
        catalogue,
        "aig-personal-info:basic",
        {"attack", "leak_fear"},
        {"investigation": 20_000_000, "legal": 20_000_000},
        discovered_by="external",
        options=options,
    )
    paid = {line.cost_type: line.paid for line in result.lines}
    assert paid == {"investigation": investigation_paid, "legal": 18_000_000}
    assert any("個人情報漏洩特約の支払限度額" in n for n in result.notes)


@pytest.mark.parametrize(
    ("options", "paid"),
    [
        ((), 50_000_000),  # 8,000万 × 90% = 7,200万, but the limit is at most 5,000万
        (("ce_double",), 72_000_000),  # doubled: at most 1億
        (("ce_double", "ce_no_copay"), 80_000_000),
    ],
)
def test_aig_crisis_execution_limit_is_at_most_its_ceiling(catalogue, options, paid):
    # 003: 「この特約の支払限度額は、5,000万円または個人情報漏洩特約の支払限度額の10分の1のいずれか低い金額です。」
    # 倍額: 「1億円または個人情報漏洩特約の支払限度額の10分の2のいずれか低い金額」. The base limit is set on the
    # application, so the result is an upper bound and says so.
    result = pay(catalogue, "aig-personal-info:basic", {"leak"}, {"call_centre": 80_000_000}, options=options)
    assert result.paid == paid
    assert result.limit_unknown
    assert any("多くとも" in r for r in result.lines[0].rules)


def test_aig_cyber_response_is_paid_first(catalogue):
    # 003: 「この特約の支払対象となるサイバー攻撃対応費用が、危機管理コンサルティング費用特約または危機管理実行
    # 費用特約など…他の特約においても支払対象となる場合は、この特約で支払われる保険金を優先してお支払いします。」
    scenario = SCENARIOS["card_leak"]
    key = "aig-personal-info:basic"
    without = pay(catalogue, key, scenario.facts, scenario.amounts, discovered_by="external", persons=100)
    first = pay(
        catalogue,
        key,
        scenario.facts,
        scenario.amounts,
        discovered_by="external",
        persons=100,
        options=("cyber_response",),
    )
    line = {x.cost_type: x for x in first.lines}["investigation"]
    assert line.item == "cost_cyber_investigation" and line.paid == 5_000_000  # 100%, within 1,500万
    before = {x.cost_type: x for x in without.lines}["investigation"]
    assert before.item == "cost_forensic" and before.paid == 4_500_000  # 危機管理実行費用: 90%


def test_a_rider_counts_only_with_the_cover_it_doubles(catalogue):
    # 倍額支払特約 without サイバー攻撃対応費用特約 doubles nothing: the cyber rows are not in force
    key = "aig-personal-info:basic"
    alone = pay(
        catalogue,
        key,
        {"attack"},
        {"investigation": 20_000_000},
        discovered_by="external",
        options=("cyber_double",),
    )
    assert alone.paid == 0
    assert not any("倍額" in r for line in alone.lines for r in line.rules)
