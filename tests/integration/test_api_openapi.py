"""The OpenAPI 3.1 document generated from the API's typed schemas (django-ninja + pydantic): every path,
parameter and field the API had is there, described in Japanese, and every field a real response carries is
declared. The tables below are the document's contents before it was generated (the hand-written one)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse

from comparisons.domain.payout import COST_TYPES, FACT_LABELS

pytestmark = pytest.mark.django_db

JAPANESE = re.compile(r"[\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u4e00-\u9fff]")  # kana and kanji, not 「・」

# path → (method, operationId, {parameter: (in, required)}, response codes)
OPERATIONS = {
    "/api/products/": ("get", "listProducts", {}, {"200"}),
    "/api/products/{slug}/": ("get", "getProduct", {"slug": ("path", True)}, {"200", "404"}),
    "/api/eligibility/": (
        "get",
        "checkEligibility",
        {
            name: ("query", False)
            for name in ("membership", "organisation", "industry", "revenue", "it_option")
        },
        {"200", "400"},
    ),
    "/api/quote/": (
        "get",
        "getQuote",
        {
            "product": ("query", True),
            "plan": ("query", True),
            **{
                n: ("query", False)
                for n in (
                    "rank",
                    "industry",
                    "revenue",
                    "it_option",
                    "options",
                    "liability",
                    "costs",
                    "start",
                    "security",
                )
            },
        },
        {"200", "400"},
    ),
    "/api/schedule/": (
        "get",
        "getSchedule",
        {"product": ("query", True), "start": ("query", True)},
        {"200", "400"},
    ),
    "/api/simulate/": ("post", "simulateIncident", {}, {"200", "400", "405"}),
}
SCHEMAS = {
    "Error": ["error"],
    "Source": ["seed", "quote", "reading_note"],
    "Insurer": ["name", "role"],
    "PlanRef": ["code", "name"],
    "ProductSummary": [
        "slug", "name", "short_name", "kind", "summary", "insurers", "plans", "valid_from", "valid_to",
        "period_text", "within_period_today", "period_label", "premium_kind", "url", "page_url",
    ],
    "ProductList": ["products"],
    "Coverage": [
        "item", "label", "group", "own_name", "status", "option", "option_name", "limit", "limit_text", "sublimit",
        "sublimit_text", "paid_share", "deductible", "deductible_text", "per_person_limit", "per_entity_limit",
        "formula", "triggers", "conditions", "source",
    ],
    "Plan": ["code", "name", "family", "family_name", "level", "description", "territory", "free_set", "source",
             "coverages"],
    "Option": ["code", "name", "description", "requires", "excludes", "only_plans", "excluded_risk_codes",
               "automatic", "source"],
    "Note": ["kind", "title", "body", "value", "source"],
    "EligibilityRule": ["rule", "params", "message", "source"],
    "ScheduleRule": ["mode", "start", "deadline", "debit", "term", "first_start", "last_start", "source"],
    "PremiumRate": ["plan", "rank", "annual_premium", "source"],
    "PremiumExample": ["plan", "industry", "risk_code", "annual_revenue", "set_name", "it_option", "annual_premium",
                       "approximate", "assumptions", "source"],
    "Product": ["slug", "name", "eligible_members", "policyholder", "premium_basis", "cost_limit_relation",
                "cost_limit_relation_text", "plans", "options", "notes", "eligibility", "schedule", "premium_rates",
                "premium_examples", "field_sources", "sources"],
    "EligibilityResult": ["product", "name", "state", "eligible", "reasons", "cautions", "pending", "questions",
                          "reason_details", "caution_details", "pamphlet"],
    "Pamphlet": ["valid_from", "valid_to", "current", "label", "message"],
    "EligibilityResponse": ["answers", "results"],
    "Discount": ["title", "rate", "is_ceiling", "max_rate", "wording", "body", "source"],
    "Quote": ["product", "plan", "plan_name", "kind", "kind_label", "annual_premium", "approximate", "notes",
              "reasons", "requirements", "discounts", "example", "what_if", "sources"],
    "Reference": ["title", "plan", "set", "rank", "industry", "risk_code", "revenue", "it_option", "annual_premium",
                  "approximate", "assumptions", "differences", "source"],
    "WhatIf": ["rate", "annual_premium", "of_example", "note"],
    "Schedule": ["product", "requested_start", "coverage_start", "coverage_end", "application_deadline",
                 "first_debit", "within_pamphlet_period", "start_hour", "end_hour", "mode", "debit_kind",
                 "deadline_unshifted", "debit_unshifted", "deadline_passed", "next_possible_start",
                 "next_start_estimated", "basis", "estimated", "estimated_fields", "assumptions", "earliest_start",
                 "pamphlet", "warnings", "source"],
    "EarliestStart": ["start", "estimated", "message"],
    "SimulateRequest": [
        "scenario",
        "facts",
        "discovered_by",
        "persons",
        "amounts",
        "plans",
        "options",
        "companies",
        "authority_report",
        "police_report",
        "published",
        "press",
        "apology_letters",
        "web_or_email",
        "card_data",
        "perpetrator",
        "claim_country",
        "abroad",
        "risk_code",
        "terms",
    ],
    "SimulateLine": ["cost_type", "label", "claimed", "covered", "paid", "item", "own_name", "rules", "reasons",
                     "limit_unknown", "source"],
    "SimulatePlan": ["key", "title", "options", "claimed", "paid", "limit_unknown", "notes", "lines"],
    "SimulateResponse": ["scenario", "facts", "discovered_by", "persons", "amounts", "plans"],
}  # fmt: skip


@pytest.fixture
def doc(client) -> dict[str, Any]:
    response = client.get(reverse("api:openapi"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "サイバー保険" in response.content.decode()  # Japanese unescaped
    return response.json()


def resolve(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def branches(doc: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    """A schema's alternatives (anyOf / allOf), resolved; the schema itself when it has none."""
    node = resolve(doc, node)
    options = node.get("anyOf") or node.get("allOf")
    if options:
        return [b for option in options for b in branches(doc, option)]
    return [node]


def test_version_and_operations(doc):
    assert doc["openapi"].startswith("3.1")
    assert JAPANESE.search(doc["info"]["title"]) and JAPANESE.search(doc["info"]["description"])
    assert set(doc["paths"]) == set(OPERATIONS)
    for path, (method, operation_id, _params, codes) in OPERATIONS.items():
        assert list(doc["paths"][path]) == [method], path
        op = doc["paths"][path][method]
        assert op["operationId"] == operation_id
        assert JAPANESE.search(op["summary"]) and JAPANESE.search(op["description"]), path
        assert set(op["responses"]) == codes, path
        for code, response in op["responses"].items():
            assert JAPANESE.search(response["description"]), (path, code)
            schema = response["content"]["application/json"]["schema"]
            if code != "200":
                assert schema == {"$ref": "#/components/schemas/Error"}, (path, code)


def test_the_urls_are_the_documented_paths():
    for name, args, path in (
        ("products", [], "/api/products/"),
        ("product", ["silver-cyber"], "/api/products/{slug}/"),
        ("eligibility", [], "/api/eligibility/"),
        ("quote", [], "/api/quote/"),
        ("schedule", [], "/api/schedule/"),
        ("simulate", [], "/api/simulate/"),
    ):
        assert reverse(f"api:{name}", args=args).replace("silver-cyber", "{slug}") == path


def test_every_parameter_is_there_described_in_japanese(doc):
    for path, (method, _id, params, _codes) in OPERATIONS.items():
        found = doc["paths"][path][method].get("parameters", [])
        assert {p["name"]: (p["in"], p["required"]) for p in found} == params, path
        for p in found:
            assert JAPANESE.search(p.get("description", "")), (path, p["name"])
            assert "null" not in json.dumps(p["schema"]), (path, p["name"])  # absent, never null


def test_every_schema_has_its_fields_described_in_japanese(doc):
    schemas = doc["components"]["schemas"]
    for name, fields in SCHEMAS.items():
        properties = schemas[name]["properties"]
        assert set(fields) <= set(properties), name  # more may come; none may go
        for field, prop in properties.items():
            assert JAPANESE.search(prop.get("description", "")), (name, field)
    error = resolve(doc, schemas["Error"]["properties"]["error"])
    assert error["required"] == ["param", "message"]


def test_choices_are_enums_read_from_the_catalogue(doc):
    params = {
        (path, p["name"]): p["schema"]
        for path, item in doc["paths"].items()
        for p in item.get("get", {}).get("parameters", [])
    }
    assert "14" in params[("/api/eligibility/", "industry")]["enum"]
    assert "none" in params[("/api/eligibility/", "industry")]["enum"]
    assert "none" not in params[("/api/quote/", "industry")]["enum"]
    assert params[("/api/eligibility/", "membership")]["enum"] == ["jcci", "silver", "none"]
    assert "silver-cyber" in params[("/api/quote/", "product")]["enum"]
    assert params[("/api/schedule/", "start")]["format"] == "date"
    assert params[("/api/quote/", "it_option")]["type"] == "boolean"

    request = doc["components"]["schemas"]["SimulateRequest"]
    assert request["required"] == ["plans"]
    assert request["additionalProperties"] is False
    fields = request["properties"]
    (plans,) = branches(doc, fields["plans"])
    assert "aig-personal-info:basic" in plans["items"]["enum"]
    assert plans["maxItems"] == 4 and plans["minItems"] == 1 and plans["uniqueItems"] is True
    (facts, _null) = branches(doc, fields["facts"])
    assert facts["items"]["enum"] == list(FACT_LABELS)
    (options, _null) = branches(doc, fields["options"])
    assert "sompo-jcci-cyber:bi" in options["items"]["enum"]
    (amounts, _null) = branches(doc, fields["amounts"])
    assert list(amounts["properties"]) == list(COST_TYPES)
    assert amounts["additionalProperties"] is False
    for key, prop in amounts["properties"].items():
        assert COST_TYPES[key].label in prop["description"]


def test_every_ref_resolves(doc):
    for ref in re.findall(r'"\$ref": "#/([^"]+)"', json.dumps(doc)):
        node: Any = doc
        for part in ref.split("/"):
            node = node[part]


def _undeclared(doc, schema: dict[str, Any], value: Any, where: str) -> list[str]:
    """Where `value` (a real response) holds a key that `schema` does not declare with a Japanese description."""
    if value is None:
        return []
    candidates = [b for b in branches(doc, schema) if b.get("type") != "null"]
    if isinstance(value, dict):
        node = next((b for b in candidates if "properties" in b or "additionalProperties" in b), None)
        if node is None:
            return [where]
        problems = []
        for key, item in value.items():
            prop = node.get("properties", {}).get(key)
            if prop is None:
                extra = node.get("additionalProperties")
                if isinstance(extra, dict):
                    problems += _undeclared(doc, extra, item, f"{where}.{key}")
                elif extra is not True:
                    problems.append(f"{where}.{key}")
                continue
            if not JAPANESE.search(prop.get("description", "")):
                problems.append(f"{where}.{key} (no Japanese description)")
            problems += _undeclared(doc, prop, item, f"{where}.{key}")
        return problems
    if isinstance(value, list):
        node = next((b for b in candidates if "items" in b), None)
        if node is None:
            return [where]
        return [
            p for i, item in enumerate(value) for p in _undeclared(doc, node["items"], item, f"{where}[{i}]")
        ]
    return []


REQUESTS = [
    ("get", "/api/products/", None),
    *(("get", f"/api/products/{slug}/", None) for slug in
      ("silver-cyber", "jcci-leak-liability", "sompo-jcci-cyber", "aig-personal-info")),
    ("get", "/api/products/nope/", None),
    ("get", "/api/eligibility/?membership=jcci&industry=29&revenue=1億&it_option=1", None),
    ("get", "/api/quote/?product=jcci-leak-liability&plan=premium-D&revenue=20億", None),
    ("get", "/api/quote/?product=silver-cyber&plan=FII&rank=B", None),
    ("get", "/api/quote/?product=silver-cyber&plan=FII", None),
    ("get", "/api/schedule/?product=sompo-jcci-cyber&start=2025-03-10", None),
    ("get", "/api/schedule/?product=aig-personal-info&start=2026-06-01", None),
    ("post", "/api/simulate/", {"scenario": "card_leak", "plans": ["aig-personal-info:basic", "silver-cyber:FII"]}),
    ("get", "/api/simulate/", None),
]  # fmt: skip


@pytest.mark.parametrize(("method", "url", "body"), REQUESTS)
def test_every_field_of_a_real_response_is_declared(client, doc, method, url, body):
    if body is None:
        response = getattr(client, method)(url)
    else:
        response = client.post(url, data=json.dumps(body), content_type="application/json")
    path = re.sub(r"/products/[^/]+/", "/products/{slug}/", url.partition("?")[0])
    item = doc["paths"][path]
    op = item.get(method) or next(iter(item.values()))  # a 405 is documented on the allowed method
    declared = op["responses"][str(response.status_code)]["content"]["application/json"]["schema"]
    assert _undeclared(doc, declared, response.json(), "response") == []


def test_the_new_fields_say_what_they_may_hold(doc):
    """Issue 12: a price only for exactly the case, dates marked 推定, eligibility in three states."""
    schemas = doc["components"]["schemas"]
    (kind,) = branches(doc, schemas["Quote"]["properties"]["kind"])
    assert set(kind["enum"]) == {
        "exact", "example", "nearest_example", "mid_term", "outside_period", "not_priced", "not_available",
        "quote_required",
    }  # fmt: skip
    premium = {b.get("type") for b in branches(doc, schemas["Quote"]["properties"]["annual_premium"])}
    assert premium == {"integer", "null"}
    (state,) = branches(doc, schemas["EligibilityResult"]["properties"]["state"])
    assert state["enum"] == ["eligible", "not_eligible", "unknown"]
    (basis,) = branches(doc, schemas["Schedule"]["properties"]["basis"])
    assert basis["enum"] == ["pamphlet", "estimate", "unknown"]
    assert "推定" in schemas["Schedule"]["properties"]["estimated_fields"]["description"]
    assert schemas["Discount"]["properties"]["is_ceiling"]["type"] == "boolean"
    params = {p["name"]: p["schema"] for p in doc["paths"]["/api/quote/"]["get"]["parameters"]}
    assert params["start"]["format"] == "date"
    assert params["security"]["enum"] == ["10", "20", "30", "40", "50", "60"]
