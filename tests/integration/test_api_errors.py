"""How the API refuses a request, now that django-ninja and pydantic parse it: the field's Japanese name and
the parameter in every message, the first fault named, a wrong method in the same JSON shape, bodies refused
before they are read, and the docs page built from the generated document with vendored Swagger UI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def error(response) -> dict[str, str]:
    assert response["Content-Type"].startswith("application/json")
    return response.json()["error"]


def post(client, body, **extra):
    return client.post(
        reverse("api:simulate"), data=json.dumps(body), content_type="application/json", **extra
    )


@pytest.mark.parametrize(
    ("params", "param", "message"),
    [
        (
            {"product": "jcci-leak-liability", "plan": "premium-D", "revenue": "5万1億"},
            "revenue",
            "年間売上高（revenue）：単位（億・万）の順序が正しくありません。",
        ),
        (
            {"product": "silver-cyber", "plan": "FII", "rank": "B", "it_option": "maybe"},
            "it_option",
            "IT業務特約（it_option）：1（あり）または 0（なし）で指定してください。",
        ),
        ({"plan": "FII"}, "product", "制度（product）：指定してください。"),
        (
            {"product": "  ", "plan": "FII"},
            "product",
            "制度（product）：指定してください。",
        ),  # blank = absent
    ],
)
def test_a_message_names_the_field_in_japanese_and_the_parameter(client, params, param, message):
    response = client.get(reverse("api:quote"), params)
    assert response.status_code == 400
    assert error(response) == {"param": param, "message": message}


def test_the_first_bad_parameter_is_named(client):
    """Several faults: the one the caller meets first in the documented order."""
    response = client.get(reverse("api:quote"), {"product": "nope", "plan": "", "revenue": "abc"})
    assert error(response)["param"] == "product"


def test_query_values_are_normalised_before_their_check(client):
    # Full-width letters and digits, spaces around, lower case where the codes are upper case.
    response = client.get(
        reverse("api:quote"), {"product": " ｓｉｌｖｅｒ-ｃｙｂｅｒ ", "plan": "FII", "rank": "ｂ"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["annual_premium"] == 81190  # 充実プラン II型, ランクB: 81,190円
    response = client.get(reverse("api:eligibility"), {"membership": "jcci", "industry": "NONE"})
    assert response.status_code == 200
    assert response.json()["answers"]["industry"] == "none"


def test_an_item_of_a_list_is_named_with_its_index(client):
    body = {"facts": ["leak"], "plans": ["silver-cyber:FII", "silver-cyber:FII"]}
    assert error(post(client, body)) == {
        "param": "plans[1]",
        "message": "比べるプランの2番目（plans[1]）：「silver-cyber:FII」が2回指定されています。",
    }


def test_an_unknown_field_lists_the_allowed_ones(client):
    found = error(post(client, {"facts": ["leak"], "plans": ["silver-cyber:FII"], "amounts": {"bribe": 1}}))
    assert found["param"] == "amounts.bribe"
    assert "「bribe」という項目はありません" in found["message"] and "investigation" in found["message"]


def test_facts_are_needed_without_a_scenario(client):
    found = error(post(client, {"plans": ["silver-cyber:FII"]}))
    assert found == {
        "param": "facts",
        "message": "事故の内容（facts）：事故の例（scenario）を指定しないときは必ず指定してください。",
    }


def test_an_empty_body_is_named_body(client):
    response = client.post(reverse("api:simulate"), data="", content_type="application/json")
    assert response.status_code == 400
    assert error(response) == {
        "param": "body",
        "message": "リクエストの本文に JSON のオブジェクトを指定してください。",
    }


def test_a_body_over_django_s_upload_limit_is_a_400_not_a_500(client):
    body = json.dumps({"facts": ["leak"], "plans": ["silver-cyber:FII"], "pad": "x" * 3_000_000})
    response = client.post(reverse("api:simulate"), data=body, content_type="application/json")
    assert response.status_code == 400
    assert error(response)["param"] == "body"


def test_a_body_declared_too_large_is_refused_before_it_is_read(client):
    """The declared length alone refuses it: the body sent is small, and never looked at."""
    response = post(
        client, {"scenario": "ddos", "plans": ["silver-cyber:FII"]}, CONTENT_LENGTH=str(200 * 1024)
    )
    assert response.status_code == 400
    assert "100KB" in error(response)["message"]


@pytest.mark.parametrize("name", ["products", "eligibility", "quote", "schedule"])
def test_a_wrong_method_on_a_get_endpoint_is_a_405_in_the_error_shape(client, name):
    response = client.post(reverse(f"api:{name}"))
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert error(response) == {
        "param": "method",
        "message": "このAPIは GET で呼び出してください（POST は使えません）。",
    }


def test_django_s_csrf_check_still_guards_the_get_endpoints():
    """ninja marks its views csrf_exempt; the site keeps Django's check on all but the simulator, so a
    cross-site POST to a GET endpoint is refused by the CSRF check (403), as before the move."""
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("api:products")).status_code == 403
    assert post(client, {"scenario": "ddos", "plans": ["silver-cyber:FII"]}).status_code == 200


def test_an_unknown_product_is_a_404_and_a_malformed_slug_is_not_an_api_url(client):
    response = client.get("/api/products/no-such/")
    assert response.status_code == 404
    assert error(response)["param"] == "slug"
    assert client.get("/api/products/not%20a%20slug/").status_code == 404


def test_a_year_outside_the_holiday_calendar_is_a_400_with_the_calendar_s_reason(client):
    response = client.get(reverse("api:schedule"), {"product": "sompo-jcci-cyber", "start": "2100-05-01"})
    assert response.status_code == 400
    found = error(response)
    assert found["param"] == "start"
    assert "2099年" in found["message"]


def test_docs_page_runs_the_vendored_swagger_ui_on_the_generated_document(client):
    html = client.get(reverse("api:docs")).content.decode()
    assert 'id="swagger-ui"' in html
    assert f'data-openapi-url="{reverse("api:openapi")}"' in html
    for asset in (
        "vendor/swagger-ui/swagger-ui-bundle.js",
        "vendor/swagger-ui/swagger-ui.css",
        "js/api-docs.js",
    ):
        assert f"/static/{asset}" in html
        assert (ROOT / "static" / asset).is_file()
    assert "//cdn" not in html and "https://" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert (ROOT / "static/vendor/swagger-ui/LICENSE").is_file()
    # The example requests come from the generated document: every operation is listed.
    for line in ("GET /api/products/", "GET /api/products/{slug}/", "POST /api/simulate/"):
        assert line in html
