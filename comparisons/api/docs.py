"""The API's docs page, /api/docs/: the site's page around Swagger UI (vendored in static/vendor/swagger-ui,
started by static/js/api-docs.js: no inline script or style, so it runs under the site's CSP), which renders
the generated OpenAPI document. The page itself lists each operation's example requests, read from that same
document, and the values the parameters take with their Japanese names."""

from __future__ import annotations

import json
import shlex
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from comparisons.catalogue import selectors
from comparisons.compare.forms import MAX_PLANS, plan_and_option_choices
from comparisons.domain.eligibility import MEMBERSHIPS, ORGANISATIONS
from comparisons.domain.payout import COST_TYPES, FACT_LABELS, SCENARIOS

from .request_schemas import DISCOVERED_BY
from .views import openapi_document


def _curl(url: str, body: Any) -> str:
    payload = json.dumps(body, ensure_ascii=False)
    return f"curl -X POST {shlex.quote(url)} -H 'Content-Type: application/json' -d {shlex.quote(payload)}"


def operations(document: dict[str, Any], *, base_url: str = "") -> list[dict[str, Any]]:
    """Each operation of the OpenAPI document with its examples: the GET ones' x-examples (URLs), a POST's
    request body example as JSON and as a curl command."""
    found = []
    for path, item in document["paths"].items():
        for method, op in item.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("example")
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op["summary"],
                    "description": op.get("description", ""),
                    "examples": op.get("x-examples", []),
                    "body_example": json.dumps(body, ensure_ascii=False, indent=2) if body else "",
                    "curl": _curl(base_url + path, body) if body else "",
                }
            )
    return found


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    plan_choices, option_choices = plan_and_option_choices(selectors.products())
    return render(
        request,
        "comparisons/api_docs.html",
        {
            "operations": operations(
                openapi_document(), base_url=request.build_absolute_uri("/").rstrip("/")
            ),
            "openapi_url": reverse("api:openapi"),
            "memberships": MEMBERSHIPS,
            "organisations": ORGANISATIONS,
            "risk_categories": selectors.risk_categories(),
            "scenarios": SCENARIOS.values(),
            "facts": FACT_LABELS,
            "cost_types": COST_TYPES.values(),
            "discovered_by": DISCOVERED_BY,
            "plan_choices": plan_choices,
            "option_choices": option_choices,
            "max_plans": MAX_PLANS,
        },
    )
