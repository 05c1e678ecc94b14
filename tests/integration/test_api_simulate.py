"""POST /api/simulate/ against the real catalogue: the same figures as the simulator's domain function, and a
400 in the API's error shape (never a 500) for every kind of bad body."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from django.test import Client
from django.urls import reverse

from comparisons.catalogue import selectors
from comparisons.domain.payout import COST_TYPES, SCENARIOS, Incident, simulate
from comparisons.simulator.views import columns_for

pytestmark = pytest.mark.django_db

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def post(client, body, *, raw: bool = False, **extra):
    data = body if raw else json.dumps(body, ensure_ascii=False)
    response = client.post(reverse("api:simulate"), data=data, content_type="application/json", **extra)
    assert response["Content-Type"].startswith("application/json")
    return response, response.json()


def expected(plans, options, incident):
    """What the domain gives for the same input, with the columns built as the simulator page builds them."""
    return simulate(columns_for(selectors.products(), plans, options), incident)


def as_json_lines(payout):
    return [
        {
            "cost_type": line.cost_type,
            "label": line.label,
            "claimed": line.claimed,
            "outcome": line.outcome,
            "covered": line.covered,
            "paid": line.paid,
            "arithmetic": line.arithmetic,
            "ask": line.ask,
            "assumptions": list(line.assumptions),
            "item": line.item,
            "own_name": line.own_name,
            "rules": list(line.rules),
            "reasons": list(line.reasons),
            "limit_unknown": line.limit_unknown,
            "excess": line.excess,
        }
        for line in payout.lines
    ]


def without_source(lines):
    return [{k: v for k, v in line.items() if k != "source"} for line in lines]


# --- valid requests ---------------------------------------------------------------------------------


def test_scenario_request_matches_the_domain(client):
    plans = [
        "silver-cyber:FII",
        "jcci-leak-liability:premium-C",
        "aig-personal-info:basic",
        "sompo-jcci-cyber:basic",
    ]
    options = ["sompo-jcci-cyber:bi"]
    response, data = post(
        client,
        {
            "scenario": "card_leak",
            "amounts": {"investigation": "800万円"},
            "plans": plans,
            "options": options,
        },
    )
    assert response.status_code == 200, data
    scenario = SCENARIOS["card_leak"]
    amounts = {key: scenario.incident.amounts.get(key, 0) for key in COST_TYPES} | {
        "investigation": 8_000_000
    }
    incident = replace(scenario.incident, amounts=amounts)
    want = expected(plans, options, incident)

    assert data["scenario"] == "card_leak"
    assert set(data["facts"]) == set(scenario.incident.events)
    assert data["discovered_by"] == scenario.incident.discovered_by
    assert data["persons"] == scenario.incident.persons
    assert data["amounts"] == amounts
    assert [p["key"] for p in data["plans"]] == plans
    for got, payout in zip(data["plans"], want, strict=True):
        assert got["title"] == payout.title
        assert got["claimed"] == payout.claimed
        assert got["paid"] == payout.paid
        assert got["limit_unknown"] == payout.limit_unknown
        assert got["notes"] == list(payout.notes)
        assert without_source(got["lines"]) == as_json_lines(payout)
        for line, domain_line in zip(got["lines"], payout.lines, strict=True):
            if domain_line.source is None:
                assert line["source"] is None
            else:
                assert line["source"]["seed"] == domain_line.source.seed
                assert line["source"]["quote"] == domain_line.source.quote
    assert next(p for p in data["plans"] if p["key"] == "sompo-jcci-cyber:basic")["options"] == ["bi"]


def test_facts_without_scenario_match_the_domain(client):
    plans = ["silver-cyber:GI", "jcci-leak-liability:standard-A"]
    body = {
        "facts": ["attack_suspected"],
        "discovered_by": "external",
        "persons": 10,
        "amounts": {"investigation": 5_000_000, "consolation": "1,000円", "legal": "３０万"},
        "plans": plans,
    }
    response, data = post(client, body)
    assert response.status_code == 200, data
    amounts = dict.fromkeys(COST_TYPES, 0) | {
        "investigation": 5_000_000,
        "consolation": 1_000,
        "legal": 300_000,
    }
    assert data["amounts"] == amounts
    assert data["scenario"] is None
    assert data["facts"] == ["attack_suspected"]
    want = expected(
        plans,
        [],
        Incident(
            events=frozenset({"attack_suspected"}), discovered_by="external", amounts=amounts, persons=10
        ),
    )
    assert [p["paid"] for p in data["plans"]] == [p.paid for p in want]
    assert [p["claimed"] for p in data["plans"]] == [p.claimed for p in want]
    assert [without_source(p["lines"]) for p in data["plans"]] == [as_json_lines(p) for p in want]
    consolation = next(line for line in data["plans"][0]["lines"] if line["cost_type"] == "consolation")
    assert consolation["claimed"] == 10_000  # 1,000円 × 10 persons


def test_facts_override_the_scenario_and_defaults_come_from_it(client):
    response, data = post(client, {"scenario": "ransomware", "facts": ["leak"], "plans": ["silver-cyber:FI"]})
    assert response.status_code == 200, data
    assert data["facts"] == ["leak"]
    assert data["discovered_by"] == "self"
    assert data["amounts"]["investigation"] == SCENARIOS["ransomware"].incident.amounts["investigation"]


def test_aig_worked_example(client):
    """危機管理実行費用 500万円 × (100% − 自己負担10%) = 450万円 (003: 【支払例】), with the 特約 set and its
    発動の要件 met (「①保険契約者が…公的機関…に対して文書により届出または報告されること。」)."""
    response, data = post(
        client,
        {
            "plans": ["aig-personal-info:basic"],
            "options": ["aig-personal-info:crisis_exec"],
            "facts": ["leak"],
            "authority_report": True,
            "amounts": {"apology": 5_000_000},
        },
    )
    assert response.status_code == 200, data
    (plan,) = data["plans"]
    (line,) = plan["lines"]
    assert line["cost_type"] == "apology"
    assert line["claimed"] == 5_000_000
    assert line["covered"] is True
    assert line["paid"] == 4_500_000
    assert plan["paid"] == 4_500_000
    assert line["limit_unknown"] is True  # AIG's limit is set on the application
    assert line["source"]["seed"]
    assert line["source"]["quote"]


def test_japanese_is_not_escaped(client):
    response, _data = post(client, {"scenario": "ddos", "plans": ["silver-cyber:FII"]})
    assert "シルバー" in response.content.decode()


def test_csrf_is_not_required():
    client = Client(enforce_csrf_checks=True)
    response, data = post(client, {"scenario": "ddos", "plans": ["silver-cyber:FII"]})
    assert response.status_code == 200, data


def test_documented_example_body_works(client):
    doc = client.get(reverse("api:openapi")).json()
    example = doc["paths"]["/api/simulate/"]["post"]["requestBody"]["content"]["application/json"]["example"]
    response, data = post(client, example)
    assert response.status_code == 200, data
    assert len(data["plans"]) == len(example["plans"])


# --- bad requests -----------------------------------------------------------------------------------

OK_PLANS = ["silver-cyber:FII"]
BAD = [
    # (body, param)
    ("not json", "body"),
    ("", "body"),
    ("[1, 2]", "body"),
    ('"card_leak"', "body"),
    ("null", "body"),
    ("[" * 50_000, "body"),  # nested too deep to read
    ({"scenario": "card_leak", "plans": OK_PLANS, "plan": "x"}, "plan"),  # a typo'd field
    ({"scenario": "earthquake", "plans": OK_PLANS}, "scenario"),
    ({"scenario": 3, "plans": OK_PLANS}, "scenario"),
    ({"plans": OK_PLANS}, "facts"),  # neither scenario nor facts
    ({"facts": [], "plans": OK_PLANS}, "facts"),
    ({"facts": "leak", "plans": OK_PLANS}, "facts"),
    ({"facts": ["leak", "flood"], "plans": OK_PLANS}, "facts[1]"),
    ({"facts": ["leak", 7], "plans": OK_PLANS}, "facts[1]"),
    ({"facts": ["leak"], "discovered_by": "police", "plans": OK_PLANS}, "discovered_by"),
    ({"facts": ["leak"], "discovered_by": True, "plans": OK_PLANS}, "discovered_by"),
    ({"facts": ["leak"], "persons": -1, "plans": OK_PLANS}, "persons"),
    ({"facts": ["leak"], "persons": 10_000_001, "plans": OK_PLANS}, "persons"),
    ({"facts": ["leak"], "persons": 2.5, "plans": OK_PLANS}, "persons"),
    ({"facts": ["leak"], "persons": "1000", "plans": OK_PLANS}, "persons"),
    ({"facts": ["leak"], "persons": True, "plans": OK_PLANS}, "persons"),
    ({"facts": ["leak"], "amounts": [1, 2], "plans": OK_PLANS}, "amounts"),
    ({"facts": ["leak"], "amounts": {"bribe": 1}, "plans": OK_PLANS}, "amounts.bribe"),
    (
        {"facts": ["leak"], "amounts": {"investigation": "たくさん"}, "plans": OK_PLANS},
        "amounts.investigation",
    ),
    ({"facts": ["leak"], "amounts": {"investigation": "5万1億"}, "plans": OK_PLANS}, "amounts.investigation"),
    ({"facts": ["leak"], "amounts": {"investigation": -5}, "plans": OK_PLANS}, "amounts.investigation"),
    ({"facts": ["leak"], "amounts": {"investigation": "-5万"}, "plans": OK_PLANS}, "amounts.investigation"),
    ({"facts": ["leak"], "amounts": {"investigation": 10**16}, "plans": OK_PLANS}, "amounts.investigation"),
    ({"facts": ["leak"], "amounts": {"investigation": 1.5}, "plans": OK_PLANS}, "amounts.investigation"),
    ({"facts": ["leak"], "amounts": {"investigation": True}, "plans": OK_PLANS}, "amounts.investigation"),
    ({"facts": ["leak"], "amounts": {"investigation": "1.5円"}, "plans": OK_PLANS}, "amounts.investigation"),
    ({"facts": ["leak"], "amounts": {"legal": "9" * 500}, "plans": OK_PLANS}, "amounts.legal"),
    ({"facts": ["leak"]}, "plans"),
    ({"facts": ["leak"], "plans": []}, "plans"),
    ({"facts": ["leak"], "plans": "silver-cyber:FII"}, "plans"),
    (
        {
            "facts": ["leak"],
            "plans": [
                "silver-cyber:GI",
                "silver-cyber:GII",
                "silver-cyber:GIII",
                "silver-cyber:FI",
                "silver-cyber:FII",
            ],
        },
        "plans",
    ),
    ({"facts": ["leak"], "plans": ["silver-cyber:FII", "silver-cyber:ZZ"]}, "plans[1]"),
    ({"facts": ["leak"], "plans": ["silver-cyber:FII", "nope:basic", "aig-personal-info:basic"]}, "plans[1]"),
    ({"facts": ["leak"], "plans": ["silver-cyber"]}, "plans[0]"),
    ({"facts": ["leak"], "plans": [{"slug": "silver-cyber"}]}, "plans[0]"),
    ({"facts": ["leak"], "plans": ["silver-cyber:FII", "silver-cyber:FII"]}, "plans[1]"),
    ({"facts": ["leak"], "plans": OK_PLANS, "options": ["silver-cyber:none"]}, "options[0]"),
    ({"facts": ["leak"], "plans": OK_PLANS, "options": "sompo-jcci-cyber:bi"}, "options"),
    (
        {"facts": ["leak"], "plans": OK_PLANS, "options": ["sompo-jcci-cyber:bi"]},
        "options[0]",
    ),  # not compared
]


@pytest.mark.parametrize(("body", "param"), BAD)
def test_bad_input_is_a_400_with_the_param_and_a_japanese_message(client, body, param):
    response, data = post(client, body, raw=isinstance(body, str))
    assert response.status_code == 400, (body, data)
    assert data["error"]["param"] == param
    assert JAPANESE.search(data["error"]["message"])


def test_bad_input_table_is_large_enough():
    assert len(BAD) >= 15


def test_money_error_message_is_passed_on(client):
    response, data = post(
        client, {"facts": ["leak"], "amounts": {"investigation": "5万1億"}, "plans": ["silver-cyber:FII"]}
    )
    assert response.status_code == 400
    assert "単位（億・万）の順序が正しくありません。" in data["error"]["message"]


def test_body_not_utf8_is_a_400(client):
    response = client.post(
        reverse("api:simulate"),
        data='{"facts": ["漏えい"]}'.encode("shift_jis"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "body"


def test_large_declared_body_is_refused_before_reading(client):
    body = json.dumps({"facts": ["leak"], "plans": ["silver-cyber:FII"], "pad": "x" * 200_000})
    response, data = post(client, body, raw=True)
    assert response.status_code == 400
    assert data["error"]["param"] == "body"
    assert "100KB" in data["error"]["message"]


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_other_methods_are_a_405_in_the_error_shape(client, method):
    response = getattr(client, method)(reverse("api:simulate"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    error = response.json()["error"]
    assert error["param"] == "method"
    assert JAPANESE.search(error["message"])


# --- OpenAPI and docs ------------------------------------------------------------------------------


def test_docs_page_shows_the_post(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/simulate/" in html
    assert "POST /api/simulate/" in html
    assert "リクエストの本文（JSON）" in html
    assert "curl -X POST http://testserver/api/simulate/" in html
    assert "&quot;scenario&quot;: &quot;card_leak&quot;" in html  # the example body
    assert 'href="/api/simulate/' not in html  # no example links for a POST
    assert "GET /api/quote/" in html  # the GET operations are unchanged
    assert "aig-personal-info:basic" in html


def test_forbidden_option_combination_is_a_400_naming_the_rule_and_quote(client):
    response, data = post(
        client,
        {
            "scenario": "voluntary_shutdown",
            "plans": ["sompo-jcci-cyber:basic"],
            "options": ["sompo-jcci-cyber:voluntary_shutdown"],
        },
    )
    assert response.status_code == 400
    assert data["error"]["param"] == "options[0]"
    assert "利益・営業継続費用補償追加条項" in data["error"]["message"]
    assert "付帯されている場合のみ" in data["error"]["message"]  # the pamphlet's words
    response, data = post(
        client,
        {
            "scenario": "it_service_claim",
            "plans": ["jcci-leak-liability:premium-C"],
            "options": ["jcci-leak-liability:it"],
            "risk_code": "51",
        },
    )
    assert response.status_code == 400 and "48~54" in data["error"]["message"]


def test_new_facts_and_application_terms(client):
    # AIG crisis execution without its 発動の要件 known: ？ with what it would pay; with the base limit entered,
    # its limit is min(5,000万円, 1億円 × 1/10) = 1,000万円: 2,000万 × 90% = 1,800万 → 1,000万
    body = {
        "facts": ["leak"],
        "plans": ["aig-personal-info:basic"],
        "options": ["aig-personal-info:crisis_exec"],
        "amounts": {"call_centre": "2,000万円"},
    }
    response, data = post(client, body)
    (line,) = data["plans"][0]["lines"]
    assert line["outcome"] == "unknown" and line["ask"]
    response, data = post(
        client, body | {"press": True, "terms": {"aig-personal-info:basic": {"liability_limit": 100_000_000}}}
    )
    assert response.status_code == 200, data
    assert data["plans"][0]["paid"] == 10_000_000
    # a free set accepts only the pamphlet's values
    response, data = post(
        client,
        {
            "scenario": "card_leak",
            "plans": ["jcci-leak-liability:premium-E"],
            "terms": {"jcci-leak-liability:premium-E": {"liability_limit": 15_000_000}},
        },
    )
    assert response.status_code == 400 and data["error"]["param"].startswith("terms.")
