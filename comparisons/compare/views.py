"""The guided comparison page (/compare/): the form, and the results that htmx swaps in as answers change."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from urllib.parse import quote, unquote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET
from django_htmx.http import reswap, retarget

from comparisons.catalogue import selectors
from comparisons.domain.eligibility import search_industries

from .forms import CompareForm, plan_and_option_choices
from .fragments import NO_HOLES, Holes
from .history import COMPARE_ANSWERS, history_entry
from .page_cache import cache_htmx_partial
from .summary import answer, links_for


def _industry_choices(risk_rows, query: str):
    """Grouped choices for the industry select; a search narrows them (search-as-you-type)."""
    if query:
        matches = {m.code for m in search_industries(risk_rows, query, limit=30)}
        rows = [r for r in risk_rows if r.code in matches]
    else:
        rows = risk_rows
    groups: dict[str, list] = {}
    for r in rows:
        label = f"{r.name}（{r.code}{'・推定' if r.code_inferred else ''}）"
        groups.setdefault(r.major or "その他", []).append((r.code, label))
    return list(groups.items()), len(rows)


def _form_headers(form: CompareForm, result, query: str) -> str:
    """What the rendered form tells the server with its next change (htmx's hx-headers), as JSON:
    X-Compare-Form when it must be rendered again whatever changes (it shows messages to clear, or lacks
    the plan picker that comes with the first result), and X-Compare-Search, the search its industry
    list was narrowed by (percent-encoded: a header value must be ASCII)."""
    headers = {}
    if form.errors or result is None:
        headers["X-Compare-Form"] = "refresh"
    if query:
        headers["X-Compare-Search"] = quote(query)
    return json.dumps(headers) if headers else ""


def _matrix_rows_id(result, catalogue_token: str) -> str:
    """The id of the matrix's rows (its <tbody>): a digest of the catalogue's version and of what the rows
    show, so the same id is the same rows. "" without a catalogue version (rows written by hand)."""
    if result is None or not catalogue_token:
        return ""
    digest = hashlib.sha256(f"{catalogue_token}|{result.matrix.cache_key}".encode()).hexdigest()
    return f"matrix-rows-{digest[:20]}"


def _first_of_next_month(today: dt.date) -> dt.date:
    """The one-tap start 「来月1日から」."""
    return (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


@require_GET
@history_entry(answers=COMPARE_ANSWERS)
@cache_htmx_partial
def compare(request: HttpRequest) -> HttpResponse:
    products = selectors.products()
    risk_rows = selectors.risk_categories()
    query = request.GET.get("industry_q", "").strip()[:50]
    if query:
        industries, match_count = _industry_choices(risk_rows, query)
    else:  # the whole list: the same until the catalogue changes
        industries, match_count = selectors.per_catalogue(
            "compare:industries", lambda: _industry_choices(risk_rows, "")
        )
        industries = list(industries)  # a chosen industry may be put first, below
    selected_industry = request.GET.get("industry", "")
    if selected_industry and not any(selected_industry == c for _g, opts in industries for c, _ in opts):
        # Keep the chosen industry selectable even when the search no longer lists it.
        row = next((r for r in risk_rows if r.code == selected_industry), None)
        if row:
            industries.insert(0, ("選択中", [(row.code, f"{row.name}（{row.code}）")]))
    plan_choices, option_choices = selectors.per_catalogue(
        "compare:plans", lambda: plan_and_option_choices(products)
    )
    form = CompareForm(
        request.GET or None,
        industries=industries,
        plan_choices=plan_choices,
        option_choices=option_choices,
        products=products,
    )
    result = summary = None
    today = timezone.localdate()
    token = selectors.catalogue_token()
    holes = NO_HOLES
    if form.is_bound:
        # errors are shown beside their fields; valid answers still drive the result
        result, summary = answer(
            form, products=products, risk_rows=risk_rows, today=today, links=links_for(request)
        )
        # the member's revenue, a hole in the results' kept fragments (comparisons/compare/fragments.py)
        holes = Holes.of(typed=request.GET.get("revenue", ""), revenue=form.cleaned_data.get("revenue"))
    context = {
        "form": form,
        "result": result,
        "summary": summary,
        "next_month_first": _first_of_next_month(today),
        "products": products,
        "match_count": match_count,
        "industry_query": query,
        "plan_choices": plan_choices,
        "catalogue_token": token,
        "form_headers": _form_headers(form, result, query),
        "matrix_rows_id": _matrix_rows_id(result, token),
        "matrix_rows_known": "",
        "member_holes": holes,
        "member_query": request.GET.urlencode(),
    }
    if not request.htmx or request.htmx.history_restore_request:
        response = render(request, "comparisons/compare.html", context)
        patch_vary_headers(response, ("HX-Request",))  # the same URL answers htmx with a partial
        return response
    # Most changes swap only the results; the whole form is rendered again when it is out of date. Either
    # way the page's status region says what changed (an out-of-band swap).
    context["announce"] = True
    context["matrix_rows_known"] = request.headers.get("X-Compare-Matrix", "")
    search_changed = unquote(request.headers.get("X-Compare-Search", "")) != query
    outdated = form.errors or search_changed or request.headers.get("X-Compare-Form")
    if request.htmx.target == "results" and not outdated:
        return render(request, "comparisons/compare.html#results", context)
    context["announce_search"] = bool(query) and search_changed
    response = render(request, "comparisons/compare.html#compare", context)
    if request.htmx.target != "compare":
        retarget(response, "#compare")
        reswap(response, "outerHTML")
    return response
