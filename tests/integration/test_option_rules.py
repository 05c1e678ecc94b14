"""One option rule, every surface: a combination of plan, options and industry that a pamphlet forbids is
refused for the same reason, in the same words and with the same quote, by the price (pricing.quote), the
compare page, the simulator page, the API (GET /api/quote/, POST /api/simulate/) and the agent's side panel.

The expected sentences and quotes are written out by hand from the pamphlets (the quote beside each case),
not taken from the code; the engine's own rule (terms.option_problems) is the only check, so a surface that
checked on its own, with another sentence or another quote, fails here.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from comparisons.catalogue import selectors
from comparisons.domain import pricing
from enrollment.models import Agency, Agent

from .test_enrollment_services import make_application

pytestmark = pytest.mark.django_db

SHUTDOWN_QUOTE = "※利益・営業継続費用補償追加条項が付帯されている場合のみ セットすることができます。"  # 000
IT_QUOTE = "※48~54(金融・保険)、5G(信用保証協会)の場合、IT業務特約はセットいただけません。"  # 001

# (programme, plan, chosen options, risk code, the rule as the member reads it, the pamphlet's words)
FORBIDDEN = [
    pytest.param(
        "sompo-jcci-cyber",
        "basic",
        ("voluntary_shutdown",),
        None,
        "「自主的停止による利益補償追加条項」は「利益・営業継続費用補償追加条項」を付けた場合にだけ付けられます。",
        SHUTDOWN_QUOTE,
        id="sompo-shutdown-without-bi",
    ),
    pytest.param(
        "jcci-leak-liability",
        "premium-B",
        ("it",),
        "48",  # 48 銀行業: the first code of 「48~54」
        "リスク区分コード48の業種には「IT業務特約」を付けられません。",
        IT_QUOTE,
        id="mitsui-it-48",
    ),
    pytest.param(
        "jcci-leak-liability",
        "standard-C",
        ("it",),
        "54",  # 54 保険業: the last code of 「48~54」
        "リスク区分コード54の業種には「IT業務特約」を付けられません。",
        IT_QUOTE,
        id="mitsui-it-54",
    ),
    pytest.param(
        "jcci-leak-liability",
        "premium-A",
        ("it",),
        "5G",  # 5G 信用保証協会
        "リスク区分コード5Gの業種には「IT業務特約」を付けられません。",
        IT_QUOTE,
        id="mitsui-it-5G",
    ),
    pytest.param(
        "aig-personal-info",
        "basic",
        ("cyber_double",),
        None,
        "「サイバー攻撃対応費用倍額支払特約」は「サイバー攻撃対応費用特約」を付けた場合にだけ付けられます。",
        "※3 サイバー攻撃対応費用倍額支払特約",  # 003: the rider listed under its 特約 (※3)
        id="aig-cyber-double-alone",
    ),
    pytest.param(
        "aig-personal-info",
        "basic",
        ("ce_double",),
        None,
        "「危機管理実行費用倍額支払特約」は「危機管理実行費用特約」を付けた場合にだけ付けられます。",
        "※2 危機管理実行費用倍額支払特約/危機管理実行費用の自己負担割合不適用特約",  # 003 (※2)
        id="aig-ce-double-alone",
    ),
    pytest.param(
        "aig-personal-info",
        "basic",
        ("ce_no_copay",),
        None,
        "「危機管理実行費用の自己負担割合不適用特約」は「危機管理実行費用特約」を付けた場合にだけ付けられます。",
        "※2 危機管理実行費用倍額支払特約/危機管理実行費用の自己負担割合不適用特約",  # 003 (※2)
        id="aig-ce-no-copay-alone",
    ),
]
# The same options with what the rule asks for: allowed, so no surface may refuse them.
ALLOWED = [
    ("sompo-jcci-cyber", "basic", ("voluntary_shutdown", "bi"), None),
    ("jcci-leak-liability", "premium-B", ("it",), "47"),  # 47 is outside 48~54
    ("jcci-leak-liability", "premium-B", ("it",), "5F"),
    ("aig-personal-info", "basic", ("cyber_response", "cyber_double"), None),
    ("aig-personal-info", "basic", ("crisis_exec", "ce_double", "ce_no_copay"), None),
]
SCENARIO = {"sompo-jcci-cyber": "voluntary_shutdown", "jcci-leak-liability": "it_service_claim"}


def stated(message: str, quote: str) -> str:
    """The one way every surface states a rule: the sentence, then the pamphlet's words."""
    return f"{message}（パンフレット：「{quote}」）"


def keys(slug, codes):
    return [f"{slug}:{code}" for code in codes]


# --- each surface, as a function of one combination: the text it shows (or "" when it shows no refusal) ---


def by_price(slug, plan, options, risk):
    q = pricing.quote(
        selectors.product(slug), plan_code=plan, options=options, risk_code=risk, today=timezone.localdate()
    )
    return "\n".join(q.reasons) if q.kind == "not_available" else ""


def by_quote_api(client, slug, plan, options, risk):
    params = {"product": slug, "plan": plan, "options": keys(slug, options)}
    if risk:
        params["industry"] = risk
    response = client.get(reverse("api:quote"), params)
    assert response.status_code == 200
    data = response.json()
    return "\n".join(data["reasons"]) if data["kind"] == "not_available" else ""


def by_simulate_api(client, slug, plan, options, risk):
    body = {
        "scenario": SCENARIO.get(slug, "ransomware"),
        "plans": [f"{slug}:{plan}"],
        "options": keys(slug, options),
    }
    if risk:
        body["risk_code"] = risk
    response = client.post(reverse("api:simulate"), json.dumps(body), content_type="application/json")
    if response.status_code == 200:
        return ""
    assert response.status_code == 400
    return response.json()["error"]["message"]


def by_page(client, url, slug, plan, options, risk, industry_field):
    params = {"membership": "jcci", "plans": f"{slug}:{plan}", "options": keys(slug, options)}
    if risk:
        params[industry_field] = risk
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def by_compare_page(client, *combination):
    return by_page(client, reverse("comparisons:compare"), *combination, industry_field="industry")


def by_simulator_page(client, *combination):
    return by_page(client, reverse("comparisons:simulate"), *combination, industry_field="risk_code")


@pytest.fixture
def agent(django_user_model):
    agency = Agency.objects.create(name="みなと保険サービス", code="A1")
    user = django_user_model.objects.create_user("agent-a", password="pw-for-tests-2026")
    Agent.objects.create(user=user, agency=agency)
    return user


def by_side_panel(client, agent, slug, plan, options, risk):
    application = make_application(
        agent.agent.agency, slug=slug, plan=plan, options=options, risk_code=risk or "", actor=agent
    )
    client.force_login(agent)
    response = client.get(reverse("enrollment:application_detail", args=[application.public_id]))
    assert response.status_code == 200
    return response.content.decode()


SURFACES = ["price", "quote_api", "simulate_api", "compare_page", "simulator_page", "side_panel"]


def shown_by(surface, client, agent, combination):
    if surface == "price":
        return by_price(*combination)
    if surface == "side_panel":
        return by_side_panel(client, agent, *combination)
    return globals()[f"by_{surface}"](client, *combination)


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize(("slug", "plan", "options", "risk", "message", "quote"), FORBIDDEN)
def test_a_forbidden_combination_is_refused_in_the_same_words_everywhere(
    client, agent, surface, slug, plan, options, risk, message, quote
):
    text = shown_by(surface, client, agent, (slug, plan, options, risk))
    assert stated(message, quote) in text


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize(("slug", "plan", "options", "risk"), ALLOWED)
def test_what_the_rule_asks_for_is_refused_nowhere(client, agent, surface, slug, plan, options, risk):
    text = shown_by(surface, client, agent, (slug, plan, options, risk))
    assert "付けられません" not in text and "付けた場合にだけ付けられます" not in text


def test_the_table_holds_every_rule_a_member_can_break():
    """Each option rule of the catalogue that a member's choice can break (an automatic option is never
    missing, an automatic option is never chosen) has a row above, so a new rule cannot go untested."""
    rules = set()
    for product in selectors.products():
        for option in product.options:
            if option.automatic:
                continue
            needs = [r for r in option.requires if not (product.option(r) and product.option(r).automatic)]
            rules |= {(product.slug, option.code, "requires") for _ in needs[:1]}
            rules |= {(product.slug, option.code, "excludes") for _ in option.excludes[:1]}
            rules |= {(product.slug, option.code, "only_plans") for _ in option.only_plans[:1]}
            rules |= {
                (product.slug, option.code, "refused_for_industry") for _ in option.excluded_risk_codes[:1]
            }
    tested = {
        (p.values[0], p.values[2][0], "refused_for_industry" if p.values[3] else "requires")
        for p in FORBIDDEN
    }
    assert rules == tested


def test_a_member_who_does_it_work_in_finance_is_told_why_by_the_same_rule(client):
    """Not choosing the option but answering that the business does IT work (受託開発など), in an industry of
    48~54: the caution under eligibility and the price both state the engine's rule with its quote."""
    rule = "リスク区分コード49の業種には「IT業務特約」を付けられません。"
    params = {"membership": "jcci", "industry": "49", "handles": "it_services"}
    html = client.get(
        reverse("comparisons:compare"), {**params, "plans": "jcci-leak-liability:premium-B"}
    ).content.decode()
    eligibility = html.split('id="h-eligibility"', 1)[1].split('id="h-price"', 1)[0]
    price = html.split('id="h-price"', 1)[1].split('id="h-dates"', 1)[0]
    assert rule + "IT業務に起因する事故は補償されません。" in eligibility and f"「{IT_QUOTE}」" in eligibility
    assert stated(rule, IT_QUOTE) in price
    q = pricing.quote(
        selectors.product("jcci-leak-liability"),
        plan_code="premium-B",
        risk_code="49",
        it_option=True,
        today=timezone.localdate(),
    )
    assert (q.kind, q.reasons) == ("not_available", (stated(rule, IT_QUOTE),))
