"""The JSON API against the real catalogue: figures from the seeds, and a 400 (never a 500) for bad input."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SLUGS = ["sompo-jcci-cyber", "jcci-leak-liability", "silver-cyber", "aig-personal-info"]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def get(client, name: str, *args, **params):
    response = client.get(reverse(f"api:{name}", args=args), params)
    assert response["Content-Type"].startswith("application/json")
    return response, response.json()


# --- products ---------------------------------------------------------------------------------------


def test_products_lists_the_four_programmes(client):
    response, data = get(client, "products")
    assert response.status_code == 200
    assert sorted(p["slug"] for p in data["products"]) == sorted(SLUGS)
    silver = next(p for p in data["products"] if p["slug"] == "silver-cyber")
    assert silver["valid_from"] == "2026-04-01"
    assert silver["valid_to"] == "2027-04-01"
    assert silver["premium_kind"] == "exact"
    assert {"name": "東京海上日動火災保険株式会社", "role": "幹事"} in silver["insurers"]
    assert [p["code"] for p in silver["plans"]] == ["GI", "GII", "GIII", "FI", "FII", "FIII"]
    assert isinstance(silver["within_period_today"], bool)
    mitsui = next(p for p in data["products"] if p["slug"] == "jcci-leak-liability")
    assert mitsui["premium_kind"] == "example"
    assert mitsui["within_period_today"] is False  # the 2019 pamphlet is long past


def test_products_keep_japanese_unescaped(client):
    response = client.get(reverse("api:products"))
    assert "シルバー人材センター" in response.content.decode()


def test_product_detail_silver_fii(client, catalogue):
    response, data = get(client, "product", "silver-cyber")
    assert response.status_code == 200
    fii = next(p for p in data["plans"] if p["code"] == "FII")
    assert fii["name"] == "充実プラン II型"
    # Every taxonomy item, once, for every plan.
    items = [c["item"] for c in fii["coverages"]]
    assert len(items) == len(set(items)) == len(catalogue["silver-cyber"].plan("FII").cells)
    leak = next(c for c in fii["coverages"] if c["item"] == "liability_leak")
    assert leak["limit"] == 100_000_000
    assert leak["status"] == "included"
    assert leak["source"]["seed"].startswith("002_")
    assert leak["source"]["quote"]
    assert isinstance(leak["conditions"], list)
    for cell in fii["coverages"]:
        assert cell["status"] in {"included", "optional", "not_covered", "not_stated"}
        if cell["status"] == "not_stated":
            assert cell["source"] is None
    rate = next(r for r in data["premium_rates"] if r["plan"] == "FII" and r["rank"] == "B")
    assert rate["annual_premium"] == 81190
    assert data["eligibility"][0]["rule"] == "membership_required"
    assert {s["mode"] for s in data["schedule"]} == {"annual", "mid_term"}


def test_product_detail_sources_are_unique_and_complete(client):
    _response, data = get(client, "product", "jcci-leak-liability")
    pairs = [(s["seed"], s["quote"]) for s in data["sources"]]
    assert len(pairs) == len(set(pairs))
    used = set()
    for plan in data["plans"]:
        used |= {(c["source"]["seed"], c["source"]["quote"]) for c in plan["coverages"] if c["source"]}
    used |= {(o["source"]["seed"], o["source"]["quote"]) for o in data["options"]}
    used |= {(e["source"]["seed"], e["source"]["quote"]) for e in data["premium_examples"]}
    assert used <= set(pairs)
    free = next(p for p in data["plans"] if p["code"] == "standard-E")
    assert free["free_set"]["cost_max_ratio_of_liability"] == 0.5
    option = data["options"][0]
    assert set(option) >= {
        "code",
        "name",
        "description",
        "requires",
        "excludes",
        "only_plans",
        "excluded_risk_codes",
        "automatic",
        "source",
    }


def test_product_detail_decimal_fields_are_numbers(client):
    _response, data = get(client, "product", "silver-cyber")
    shares = [c["paid_share"] for p in data["plans"] for c in p["coverages"] if c["paid_share"] is not None]
    assert shares and all(isinstance(v, float) for v in shares)


def test_unknown_product_is_404_json(client):
    response, data = get(client, "product", "no-such-thing")
    assert response.status_code == 404
    assert data["error"]["param"] == "slug"
    assert JAPANESE.search(data["error"]["message"])


def test_post_is_not_allowed(client):
    assert client.post(reverse("api:products")).status_code == 405


# --- eligibility -------------------------------------------------------------------------------------


def _results(data) -> dict:
    return {r["product"]: r for r in data["results"]}


def test_eligibility_without_answers_leaves_rules_pending(client):
    response, data = get(client, "eligibility")
    assert response.status_code == 200
    results = _results(data)
    assert set(results) == set(SLUGS)
    # a members-only programme is never eligible while membership is missing: unknown, naming the answer
    for slug in ("silver-cyber", "sompo-jcci-cyber", "jcci-leak-liability"):
        assert (results[slug]["state"], results[slug]["eligible"]) == ("unknown", False)
        assert "会員かどうか" in results[slug]["pending"]
    assert set(results["jcci-leak-liability"]["pending"]) == {
        "会員かどうか",
        "事業の形態",
        "年間売上高",
        "業種",
    }
    assert results["aig-personal-info"]["state"] == "eligible"  # 003 states no condition of who may join
    assert results["aig-personal-info"]["eligible"] is True


def test_eligibility_non_member(client):
    _response, data = get(client, "eligibility", membership="none")
    results = _results(data)
    for slug in ("silver-cyber", "sompo-jcci-cyber", "jcci-leak-liability"):
        assert results[slug]["eligible"] is False
        assert results[slug]["reasons"]
        assert all(JAPANESE.search(reason) for reason in results[slug]["reasons"])
    assert "シルバー人材センター事業協会の会員" in results["silver-cyber"]["reasons"][0]
    assert results["aig-personal-info"]["eligible"] is True
    assert results["aig-personal-info"]["reasons"] == []


def test_eligibility_jcci_public_body(client):
    _response, data = get(client, "eligibility", membership="jcci", organisation="public_body")
    results = _results(data)
    # 001 excludes 「官公庁、地方公共団体、独立行政法人」; 000 and 003 do not say: unknown, with what to ask
    assert results["jcci-leak-liability"]["state"] == "not_eligible"
    assert any("官公庁" in r for r in results["jcci-leak-liability"]["reasons"])
    for slug in ("sompo-jcci-cyber", "aig-personal-info"):
        assert (results[slug]["state"], results[slug]["eligible"]) == ("unknown", False)
        assert any("お尋ねください" in q for q in results[slug]["questions"])
    assert results["silver-cyber"]["state"] == "not_eligible"


def test_eligibility_revenue_over_the_cap(client):
    _response, data = get(client, "eligibility", membership="jcci", industry="14", revenue="6000億")
    results = _results(data)
    assert results["jcci-leak-liability"]["eligible"] is False
    assert any("5,000億円" in r for r in results["jcci-leak-liability"]["reasons"])
    assert results["sompo-jcci-cyber"]["eligible"] is True


def test_eligibility_accepts_written_yen_and_full_width_digits(client):
    for revenue in (
        "1億2,000万円",
        "１２０００００００",
        "120000000",
        "1億2千万円",
        "一億二千万",
        "\\120,000,000",
    ):
        response, data = get(
            client, "eligibility", membership="jcci", organisation="company", industry="14", revenue=revenue
        )
        assert response.status_code == 200
        assert data["answers"]["revenue"] == 120_000_000
        results = _results(data)
        assert results["jcci-leak-liability"]["eligible"] is True
        assert results["jcci-leak-liability"]["pending"] == []


def test_eligibility_industry_not_in_table(client):
    _response, data = get(client, "eligibility", membership="jcci", industry="none")
    results = _results(data)
    assert results["jcci-leak-liability"]["eligible"] is False
    assert any("リスク区分表" in r for r in results["jcci-leak-liability"]["reasons"])


def test_eligibility_inferred_code_and_it_option_cautions(client):
    _response, data = get(client, "eligibility", membership="jcci", industry="29")
    assert any("推定" in c for c in _results(data)["jcci-leak-liability"]["cautions"])
    _response, data = get(client, "eligibility", membership="jcci", industry="48", it_option="1")
    assert any("IT業務" in c for c in _results(data)["jcci-leak-liability"]["cautions"])


# --- quote -------------------------------------------------------------------------------------------


def test_quote_silver_exact(client):
    response, data = get(client, "quote", product="silver-cyber", plan="FII", rank="B")
    assert response.status_code == 200
    assert data["kind"] == "exact"
    assert data["annual_premium"] == 81190
    assert data["product"] == "silver-cyber" and data["plan"] == "FII"
    assert data["notes"]
    assert data["sources"][0]["quote"] == "140,890円\t81,190円\t28,610円"


def test_quote_silver_without_rank(client):
    response, data = get(client, "quote", product="silver-cyber", plan="FII")
    assert response.status_code == 400
    assert data["error"]["param"] == "rank"


def test_quote_mitsui_example_of_exactly_that_case(client):
    # 001 「卸売業 20億円 D 約19万円 約14万円」, for a start in its 2019 programme year (中途加入 2019年6月1日)
    response, data = get(
        client,
        "quote",
        product="jcci-leak-liability",
        plan="premium-D",
        industry="34",
        revenue="20億",
        start="2019-06-01",
        security="60",
    )
    assert response.status_code == 200, data
    assert (data["kind"], data["annual_premium"], data["approximate"]) == ("example", 190000, True)
    assert data["example"]["differences"] == []
    assert data["example"]["revenue"] == 2_000_000_000 and data["example"]["set"] == "D"
    assert data["what_if"]["annual_premium"] == 76000  # 190,000 × (1 − 0.6), this plan's own figure
    sheet = next(d for d in data["discounts"] if "割引確認シート" in d["wording"])
    assert sheet["is_ceiling"] and sheet["max_rate"] == 0.6


def test_quote_another_cases_example_is_never_the_price(client):
    # the issue: 飲食業・セットA's 約3万円 was returned as premium-D's price
    response, data = get(
        client, "quote", product="jcci-leak-liability", plan="premium-D", industry="60", revenue="50000000"
    )
    assert response.status_code == 200
    assert data["annual_premium"] is None
    assert data["kind"] in ("nearest_example", "outside_period")
    example = data["example"]
    assert (example["industry"], example["set"], example["annual_premium"]) == ("飲食業", "A", 30000)
    assert example["title"] == "パンフレットの保険料例（飲食業・売上高5,000万円・セットA）"
    assert any(d.startswith("セット：") for d in example["differences"])
    assert any(d.startswith("業種：") for d in example["differences"])
    # …and in 2026 a 2019 example is out of its period whatever the case
    _response, today = get(
        client, "quote", product="jcci-leak-liability", plan="premium-D", industry="34", revenue="20億"
    )
    if today["kind"] == "outside_period":
        assert today["annual_premium"] is None and today["example"]["annual_premium"] == 190000


@pytest.mark.parametrize(
    ("params", "words"),
    [
        # 「※48~54(金融・保険)、5G(信用保証協会)の場合、IT業務特約はセットいただけません。」
        ({"plan": "premium-B", "industry": "48", "it_option": "1", "revenue": "3億"}, "IT業務特約"),
        # 「把握可能な最近の会計年度の売上高が5,000億円を超える事業者」
        ({"plan": "premium-D", "industry": "34", "revenue": "6000億"}, "5,000億円"),
    ],
)
def test_quote_no_figure_for_a_refused_combination(client, params, words):
    response, data = get(client, "quote", product="jcci-leak-liability", **params)
    assert response.status_code == 200
    assert (data["kind"], data["annual_premium"], data["example"]) == ("not_available", None, None)
    assert any(words in r for r in data["reasons"])


def test_quote_silver_mid_term_joiner_asks_the_agent(client):
    # 002 「※中途加入保険料につきましては代理店：全福サービス（03-3252-2012）までご照会ください。」
    response, data = get(client, "quote", product="silver-cyber", plan="FII", rank="B", start="2026-12-15")
    assert response.status_code == 200
    if data["kind"] == "mid_term":  # while 2026-12-15 is still ahead of today
        assert data["annual_premium"] is None
        assert data["example"]["annual_premium"] == 81190 and data["example"]["rank"] == "B"
    assert any("全福サービス" in n for n in data["notes"])


def test_quote_sompo_discount_is_not_a_ceiling(client):
    _response, data = get(client, "quote", product="sompo-jcci-cyber", plan="basic")
    sheet = next(d for d in data["discounts"] if "セキュリティ" in d["title"])
    # 000: 「最大 60%以上 割引」
    assert (sheet["rate"], sheet["is_ceiling"], sheet["max_rate"]) == (0.6, False, None)
    assert "60%以上" in sheet["wording"]


def test_quote_free_set_cost_share(client):
    params = {"product": "jcci-leak-liability", "plan": "standard-E", "liability": "100000000"}
    # 6,000万円 is over half of 1億円 (and not among the pamphlet's cost choices either).
    response, data = get(client, "quote", **params, costs="60000000")
    assert response.status_code == 400
    assert data["error"]["param"] == "costs"
    # 1億円 is an allowed cost choice, but more than 50% of the liability limit.
    response, data = get(client, "quote", **params, costs="100000000")
    assert response.status_code == 400
    assert data["error"]["param"] == "costs"
    assert "50%" in data["error"]["message"]
    response, data = get(client, "quote", **params, costs="50000000")
    assert response.status_code == 200
    # the pamphlet prints no premium for the free set: no figure at all, and no other set's example
    assert (data["kind"], data["annual_premium"], data["example"]) == ("not_priced", None, None)


def test_quote_sompo_requires_a_quote(client):
    response, data = get(client, "quote", product="sompo-jcci-cyber", plan="basic")
    assert response.status_code == 200
    assert data["kind"] == "quote_required"
    assert data["annual_premium"] is None
    assert data["notes"]
    assert data["requirements"] is not None


def test_quote_aig_requires_a_quote(client):
    _response, data = get(client, "quote", product="aig-personal-info", plan="basic")
    assert data["kind"] == "quote_required"
    assert data["annual_premium"] is None
    assert any("売上高" in r for r in data["requirements"])


def test_quote_figures_match_the_domain(client, catalogue):
    from comparisons.domain.pricing import quote

    expected = quote(catalogue["silver-cyber"], plan_code="GIII", rank="C", today=dt.date(2026, 5, 1))
    _response, data = get(client, "quote", product="silver-cyber", plan="GIII", rank="C")
    assert data["annual_premium"] == expected.annual_premium == 22950


# --- schedule ----------------------------------------------------------------------------------------


def test_schedule_sompo(client):
    response, data = get(client, "schedule", product="sompo-jcci-cyber", start="2025-03-01")
    assert response.status_code == 200
    assert data["coverage_start"] == "2025-03-01"
    assert data["coverage_end"] == "2026-03-01"
    assert data["application_deadline"] == "2025-02-17"
    assert data["first_debit"] == "2025-05-07"
    assert data["within_pamphlet_period"] is True
    assert data["start_hour"] == 16
    assert data["mode"] == "monthly"


def test_schedule_mitsui_mid_term(client):
    _response, data = get(client, "schedule", product="jcci-leak-liability", start="2019-06-01")
    assert data["first_debit"] == "2019-06-24"
    assert data["coverage_end"] == "2020-03-01"
    assert data["within_pamphlet_period"] is True


def test_schedule_silver_mid_term(client):
    _response, data = get(client, "schedule", product="silver-cyber", start="2026-06-15")
    assert data["application_deadline"] == "2026-06-12"  # 14 June is a Sunday: moved earlier
    assert data["first_debit"] is None
    assert data["coverage_end"] == "2027-04-01"
    assert data["within_pamphlet_period"] is True
    assert any("満期日" in w for w in data["warnings"])


def test_schedule_outside_the_pamphlet_period(client):
    # Sompo states its rule for every month: computed, and every date marked 推定
    _response, data = get(client, "schedule", product="sompo-jcci-cyber", start="2030-05-01")
    assert data["within_pamphlet_period"] is False
    assert (data["basis"], data["estimated"]) == ("estimate", True)
    assert set(data["estimated_fields"]) >= {"application_deadline", "first_debit", "coverage_end"}
    assert data["application_deadline"] == "2030-04-15"  # 前月15日 (a Monday)
    assert data["deadline_passed"] is False
    assert any("期間の外" in w and "推定" in w for w in data["warnings"])
    assert data["pamphlet"]["valid_to"] == "2026-02-01"


def test_schedule_a_table_is_not_carried_to_another_year(client):
    # Mitsui prints the 2019 programme year only: no 2027 deadline or debit day is made up
    response, data = get(client, "schedule", product="jcci-leak-liability", start="2027-01-01")
    assert response.status_code == 200
    assert data["basis"] == "unknown"
    for key in ("coverage_start", "coverage_end", "application_deadline", "first_debit"):
        assert data[key] is None
    assert data["earliest_start"]["start"] is None or data["earliest_start"]["estimated"] is False


def test_schedule_new_year_reading_is_estimated(client):
    # 002 「前日が休祝日の場合はその前日」: 12/31 is not a 祝日 (Cabinet Office list); counting it is a reading
    _response, data = get(client, "schedule", product="silver-cyber", start="2027-01-01")
    assert data["application_deadline"] == "2026-12-30"
    assert data["estimated"] is True and data["estimated_fields"] == ["application_deadline"]
    assert any("12月31日〜1月3日" in a for a in data["assumptions"])


def test_schedule_start_aligned_to_the_first_of_month(client):
    _response, data = get(client, "schedule", product="sompo-jcci-cyber", start="2025-03-10")
    assert data["requested_start"] == "2025-03-10"
    assert data["coverage_start"] == "2025-04-01"
    assert data["warnings"]


def test_schedule_aig_has_no_rule(client):
    response, data = get(client, "schedule", product="aig-personal-info", start="2026-06-01")
    assert response.status_code == 200
    for key in ("coverage_start", "coverage_end", "application_deadline", "first_debit"):
        assert data[key] is None
    assert data["within_pamphlet_period"] is False
    assert any("記載されていません" in w for w in data["warnings"])


# --- bad input ---------------------------------------------------------------------------------------

BAD = [
    ("quote", {"plan": "FII", "rank": "B"}, "product"),
    ("quote", {"product": "no-such", "plan": "FII"}, "product"),
    ("quote", {"product": "silver cyber!", "plan": "FII"}, "product"),
    ("quote", {"product": "silver-cyber"}, "plan"),
    ("quote", {"product": "silver-cyber", "plan": "ZZ", "rank": "B"}, "plan"),
    ("quote", {"product": "silver-cyber", "plan": "FII", "rank": "D"}, "rank"),
    ("quote", {"product": "jcci-leak-liability", "plan": "premium-D", "revenue": "abc"}, "revenue"),
    ("quote", {"product": "jcci-leak-liability", "plan": "premium-D", "revenue": "-5"}, "revenue"),
    ("quote", {"product": "jcci-leak-liability", "plan": "premium-D", "revenue": "1.5円"}, "revenue"),
    ("quote", {"product": "jcci-leak-liability", "plan": "premium-D", "revenue": "5万1億"}, "revenue"),
    ("quote", {"product": "jcci-leak-liability", "plan": "premium-D", "revenue": "9" * 30}, "revenue"),
    ("quote", {"product": "jcci-leak-liability", "plan": "premium-D", "industry": "55"}, "industry"),
    ("quote", {"product": "jcci-leak-liability", "plan": "premium-D", "industry": "none"}, "industry"),
    ("quote", {"product": "jcci-leak-liability", "plan": "premium-D", "it_option": "maybe"}, "it_option"),
    ("quote", {"product": "jcci-leak-liability", "plan": "standard-E", "liability": "1億"}, "costs"),
    ("quote", {"product": "jcci-leak-liability", "plan": "standard-E", "costs": "1000万"}, "liability"),
    ("quote", {"product": "jcci-leak-liability", "plan": "premium-D", "revenue": "1,5億"}, "revenue"),
    ("quote", {"product": "jcci-leak-liability", "plan": "premium-D", "revenue": "1.000万"}, "revenue"),
    ("quote", {"product": "jcci-leak-liability", "plan": "premium-D", "security": "70"}, "security"),
    ("quote", {"product": "jcci-leak-liability", "plan": "premium-D", "start": "1900-01-01"}, "start"),
    ("quote", {"product": "jcci-leak-liability", "plan": "premium-D", "start": "2100-01-01"}, "start"),
    # 1億2000: 1億2,000万円 or 100,002,000円? refused, as on every form
    ("quote", {"product": "jcci-leak-liability", "plan": "premium-D", "revenue": "1億2000"}, "revenue"),
    ("eligibility", {"revenue": "1万5"}, "revenue"),
    ("quote", {"product": "silver-cyber", "plan": ["FII", "GI"], "rank": "B"}, "plan"),
    ("eligibility", {"membership": ["jcci", "none"]}, "membership"),
    ("eligibility", {"revenue": "1,2,3,,"}, "revenue"),
    ("eligibility", {"it_option": "maybe"}, "it_option"),
    ("schedule", {"product": "sompo-jcci-cyber", "start": "2100-01-01"}, "start"),
    ("schedule", {"product": "sompo-jcci-cyber", "start": "1948-12-31"}, "start"),
    (
        "quote",
        {"product": "jcci-leak-liability", "plan": "standard-E", "liability": "1億5000万", "costs": "1000万"},
        "liability",
    ),
    (
        "quote",
        {"product": "jcci-leak-liability", "plan": "standard-E", "liability": "1億", "costs": "1234567"},
        "costs",
    ),
    ("eligibility", {"membership": "gold"}, "membership"),
    ("eligibility", {"organisation": "alien"}, "organisation"),
    ("eligibility", {"industry": "ABC"}, "industry"),
    ("eligibility", {"revenue": "たくさん"}, "revenue"),
    ("eligibility", {"revenue": "x" * 500}, "revenue"),
    ("eligibility", {"revenue": "0円"}, "revenue"),
    ("schedule", {"start": "2025-03-01"}, "product"),
    ("schedule", {"product": "no-such", "start": "2025-03-01"}, "product"),
    ("schedule", {"product": "sompo-jcci-cyber"}, "start"),
    ("schedule", {"product": "sompo-jcci-cyber", "start": "2026-02-30"}, "start"),
    ("schedule", {"product": "sompo-jcci-cyber", "start": "2026-13-01"}, "start"),
    ("schedule", {"product": "sompo-jcci-cyber", "start": "01/03/2025"}, "start"),
    ("schedule", {"product": "sompo-jcci-cyber", "start": "20250301"}, "start"),
    ("schedule", {"product": "sompo-jcci-cyber", "start": "0001-01-01"}, "start"),
    ("schedule", {"product": "sompo-jcci-cyber", "start": "9999-12-31"}, "start"),
    ("schedule", {"product": "sompo-jcci-cyber", "start": "2101-01-01"}, "start"),
    ("schedule", {"product": "aig-personal-info", "start": "tomorrow"}, "start"),
]


@pytest.mark.parametrize(("name", "params", "param"), BAD)
def test_bad_input_is_a_400_naming_the_parameter(client, name, params, param):
    response, data = get(client, name, **params)
    assert response.status_code == 400, data
    assert data["error"]["param"] == param
    assert JAPANESE.search(data["error"]["message"])


def test_bad_input_table_is_large_enough():
    assert len(BAD) >= 20


def test_empty_optional_parameters_are_ignored(client):
    response, _data = get(client, "eligibility", membership="", revenue="", industry="")
    assert response.status_code == 200


# --- OpenAPI and docs --------------------------------------------------------------------------------


def test_docs_page(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("api:openapi") in html
    for path in ("/api/products/", "/api/eligibility/", "/api/quote/", "/api/schedule/"):
        assert path in html
    assert "/api/quote/?product=silver-cyber&amp;plan=FII&amp;rank=B" in html
    assert "パラメータ" in html


def test_every_documented_example_works(client):
    doc = client.get(reverse("api:openapi")).json()
    examples = [url for item in doc["paths"].values() for url in item.get("get", {}).get("x-examples", [])]
    assert len(examples) >= 5
    for url in examples:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content.decode())
