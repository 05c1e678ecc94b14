"""The catalogue's own pages: the home page (the four programmes) and each programme's page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from comparisons.catalogue import selectors
from comparisons.domain.eligibility import search_industries
from comparisons.domain.matrix import Column, build_matrix
from comparisons.domain.period import period_status

from .facts import product_page


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    cards = [
        {"product": p, "period": period_status(valid_from=p.valid_from, valid_to=p.valid_to, on=today)}
        for p in selectors.products()
    ]
    return render(request, "comparisons/home.html", {"cards": cards})


def _risk_rows(query: str):
    """The リスク区分表, narrowed by a search (the same search as the comparison's industry box)."""
    rows = selectors.risk_categories()
    if not query:
        return rows
    found = {m.code for m in search_industries(rows, query, limit=len(rows))}
    return [r for r in rows if r.code in found]


@require_GET
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product = selectors.product(slug)
    if product is None:
        raise Http404("この制度は見つかりません。")
    today = timezone.localdate()
    families = list(dict.fromkeys((p.family, p.family_name) for p in product.plans))
    family = request.GET.get("family")
    if family not in {f for f, _name in families}:
        family = families[0][0]
    # Many plans (Mitsui: 2 families × 5 sets) would make a table too wide: one family at a time.
    shown = (
        [p for p in product.plans if p.family == family] if len(product.plans) > 4 else list(product.plans)
    )
    matrix = build_matrix(
        [Column(product=product, plan=plan) for plan in shown], items=selectors.taxonomy_rows()
    )
    page = product_page(
        product, compare_path=reverse("comparisons:compare"), simulate_path=reverse("comparisons:simulate")
    )
    risk_query = request.GET.get("q", "").strip()[:50]
    partial = (
        request.htmx and request.htmx.target == "risk-results" and not request.htmx.history_restore_request
    )
    response = render(
        request,
        "comparisons/product_detail.html#risk_results" if partial else "comparisons/product_detail.html",
        {
            "product": product,
            "page": page,
            "period": period_status(valid_from=product.valid_from, valid_to=product.valid_to, on=today),
            "matrix": matrix,
            "shown_plans": shown,
            "families": families if len(product.plans) > 4 else [],
            "family": family,
            "risk_query": risk_query,
            "risk_rows": _risk_rows(risk_query) if page.needs_risk_table else [],
            "risk_total": len(selectors.risk_categories()) if page.needs_risk_table else 0,
        },
    )
    patch_vary_headers(response, ("HX-Request", "HX-Target"))  # the search answers htmx with a partial
    return response
