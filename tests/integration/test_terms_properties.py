"""Properties of the terms engine on the real catalogue (Hypothesis), and every surface agreeing with it."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comparisons.catalogue import selectors
from comparisons.domain import terms
from comparisons.domain.matrix import Column
from comparisons.domain.money import format_yen
from comparisons.domain.payout import SCENARIOS, simulate_plan

pytestmark = pytest.mark.django_db
SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _narrows(product, code) -> bool:
    option = product.option(code)
    return any(e.get("kind") == "narrow" for e in option.effects)


def _run(product, plan, options, incident):
    col = Column(product=product, plan=plan, options=tuple(options))
    return simulate_plan(col, incident, cost_limit_relation=product.cost_limit_relation)


@st.composite
def cases(draw):
    products = selectors.products()
    product = draw(st.sampled_from(products))
    plan = draw(st.sampled_from([p for p in product.plans if not p.free_set]))
    scenario = SCENARIOS[draw(st.sampled_from(sorted(SCENARIOS)))]
    # up to ten times the example: every rider's own limit is passed (AIG's サイバー攻撃対応費用 1,500万円 at 3×)
    scale = draw(st.sampled_from([0.1, 0.5, 1, 2, 3, 5, 10]))
    amounts = {
        k: int(v * scale) if k not in ("consolation", "corporate_consolation") else v
        for k, v in scenario.incident.amounts.items()
    }
    flags = {
        name: draw(st.sampled_from([True, False, None]))
        for name in ("authority_report", "published", "press", "apology_letters", "police_report")
    }
    incident = replace(scenario.incident, amounts=amounts, **flags)
    selectable = [o.code for o in product.options if not o.automatic]
    chosen = draw(st.lists(st.sampled_from(selectable), unique=True, max_size=3)) if selectable else []
    return product, plan, incident, chosen


@SETTINGS
@given(cases(), st.data())
def test_adding_an_option_never_lowers_a_payout_unless_it_narrows(catalogue, case, data):
    product, plan, incident, chosen = case
    if terms.option_problems(product, plan.code, chosen):
        return
    others = [o.code for o in product.options if not o.automatic and o.code not in chosen]
    if not others:
        return
    extra = data.draw(st.sampled_from(others))
    if terms.option_problems(product, plan.code, [*chosen, extra]) or _narrows(product, extra):
        return
    before = _run(product, plan, chosen, incident)
    after = _run(product, plan, [*chosen, extra], incident)
    assert after.paid >= before.paid, (product.slug, plan.code, chosen, extra)


@SETTINGS
@given(cases())
def test_a_payout_never_exceeds_the_plans_limits(catalogue, case):
    product, plan, incident, chosen = case
    if terms.option_problems(product, plan.code, chosen):
        return
    result = _run(product, plan, chosen, incident)
    for line in result.lines:
        assert 0 <= line.paid <= line.claimed
    assert 0 <= result.paid <= result.claimed
    liability = plan.cells["liability_leak"].limit
    costs = plan.cells["cost_incident_response"].limit
    if product.cost_limit_relation == "inside_liability" and liability:
        assert (
            result.paid + result.if_unknown_paid <= liability
        )  # Silver: everything inside the liability limit
    if product.slug == "aig-personal-info":
        # 「この特約の支払限度額は、1,500万円です。」 (倍額支払特約: 3,000万円) for all its lines together; what it cannot pay is
        # never counted as paid: an excess line is ？ at most, and no more than its claimed part
        cyber = 30_000_000 if "cyber_double" in chosen else 15_000_000
        paid_by_cyber = sum(
            x.paid
            for x in result.lines
            if x.outcome == "paid" and x.own_name.startswith("サイバー攻撃対応費用特約")
        )
        assert paid_by_cyber <= cyber
        for x in result.lines:
            if x.excess:
                assert x.outcome == "unknown" and x.paid <= x.claimed
                assert "crisis_exec" in chosen and "cyber_response" in chosen
    if product.cost_limit_relation == "separate_capped" and liability and costs:
        paid_costs = sum(
            x.paid for x in result.lines if x.outcome == "paid" and (x.item or "").startswith("cost_")
        )
        assert paid_costs <= costs  # Mitsui: costs within the set's 費用損害 limit
        assert result.paid <= liability + costs


@SETTINGS
@given(st.integers(min_value=1, max_value=200_000_000), st.sampled_from([None, 30_000_000, 600_000_000]))
def test_aig_cyber_rider_and_its_excess_for_any_amount(catalogue, amount, base_limit):
    """AIG, both riders, an investigation of any amount (a card leak reported by the card company):
    「この特約の支払限度額は、1,500万円です。」 and 「…この特約で支払われる保険金を優先してお支払いします。」 — the cyber rider pays
    min(amount, 1,500万) for certain; above that, a ？ line of the excess through 危機管理実行費用 (「10%の自己負担割合」,
    limit 「5,000万円または個人情報漏洩特約の支払限度額の10分の1のいずれか低い金額」)."""
    product = selectors.product("aig-personal-info")
    incident = replace(SCENARIOS["card_leak"].incident, amounts={"investigation": amount})
    terms_ = (("liability_limit", base_limit),) if base_limit else ()
    col = Column(
        product=product, plan=product.plan("basic"), options=("crisis_exec", "cyber_response"), terms=terms_
    )
    result = simulate_plan(col, incident, cost_limit_relation=product.cost_limit_relation)
    assert result.paid == min(amount, 15_000_000)
    excess = [x for x in result.lines if x.excess]
    if amount <= 15_000_000:
        assert excess == [] and result.if_unknown_paid == 0
        return
    (line,) = excess
    over = amount - 15_000_000
    ceiling = min(50_000_000, base_limit // 10) if base_limit else 50_000_000
    assert line.claimed == over and line.outcome == "unknown"
    assert line.paid == min(over * 9 // 10, ceiling)
    # and the whole never exceeds the base limit that caps every rider together (when it is known)
    if base_limit:
        assert result.paid + result.if_unknown_paid <= base_limit
    else:
        assert result.if_unknown_paid == line.paid


# --- every surface agrees -------------------------------------------------------------------------

PLANS = [
    "silver-cyber:FII",
    "jcci-leak-liability:premium-C",
    "sompo-jcci-cyber:basic",
    "aig-personal-info:basic",
]


def test_page_api_and_handout_agree(client):
    query = (
        "scenario=card_leak&"
        + "&".join(f"plans={p}" for p in PLANS)
        + "&options=aig-personal-info:crisis_exec"
    )
    page = client.get(reverse("comparisons:simulate") + "?" + query)
    payouts = page.context["payouts"]
    api = client.post(
        reverse("api:simulate"),
        data=json.dumps(
            {"scenario": "card_leak", "plans": PLANS, "options": ["aig-personal-info:crisis_exec"]}
        ),
        content_type="application/json",
    ).json()
    assert [p["paid"] for p in api["plans"]] == [p.paid for p in payouts]
    assert [[line["outcome"] for line in p["lines"]] for p in api["plans"]] == [
        [line.outcome for line in p.lines] for p in payouts
    ]
    html = page.content.decode()
    pdf = client.get(reverse("comparisons:handout") + "?" + query)
    import io

    from pypdf import PdfReader

    text = re.sub(r"\s+", "", "".join(pg.extract_text() for pg in PdfReader(io.BytesIO(pdf.content)).pages))
    for p in payouts:
        assert format_yen(p.paid) in html
        assert format_yen(p.paid) in text
        for line in p.lines:
            if line.outcome == "paid" and line.arithmetic:
                assert line.arithmetic in html


def test_the_matrix_shows_every_chosen_option(client):
    """Sompo with 情報漏えい限定: the cyber-attack liability row is out on the page, in the API's rules and on
    paper; the option rule broken (自主的停止 alone) is refused beside the options."""
    base = "membership=jcci&plans=sompo-jcci-cyber:basic&options=sompo-jcci-cyber:leak_only"
    page = client.get(reverse("comparisons:compare") + "?" + base)
    matrix = page.context["result"].matrix
    row = next(r for g in matrix.groups for r in g.rows if r.item == "liability_cyber")
    assert row.cells[0].status == "not_covered" and row.cells[0].narrowed_by
    pdf = client.get(reverse("comparisons:handout") + "?" + base)
    import io

    from pypdf import PdfReader

    text = re.sub(r"\s+", "", "".join(pg.extract_text() for pg in PdfReader(io.BytesIO(pdf.content)).pages))
    assert "情報漏えい限定補償追加条項により対象外" in text
    refused = client.get(
        reverse("comparisons:compare")
        + "?membership=jcci&plans=sompo-jcci-cyber:basic&options=sompo-jcci-cyber:voluntary_shutdown"
    )
    html = refused.content.decode()
    assert "利益・営業継続費用補償追加条項」を付けた場合にだけ" in html
    assert "付帯されている場合のみ" in html  # the quote
    api = client.post(
        reverse("api:simulate"),
        data=json.dumps(
            {
                "scenario": "voluntary_shutdown",
                "plans": ["sompo-jcci-cyber:basic"],
                "options": ["sompo-jcci-cyber:voluntary_shutdown"],
            }
        ),
        content_type="application/json",
    )
    assert api.status_code == 400 and "付帯されている場合のみ" in api.json()["error"]["message"]
    sim = client.get(
        reverse("comparisons:simulate")
        + "?scenario=voluntary_shutdown&plans=sompo-jcci-cyber:basic&options=sompo-jcci-cyber:voluntary_shutdown"
    )
    assert "付けられないオプションの組み合わせです" in sim.content.decode()
