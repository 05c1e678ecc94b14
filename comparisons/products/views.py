"""The catalogue's own pages: the home page (the four programmes) and each programme's page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from comparisons.catalogue import selectors
from comparisons.domain.matrix import Column, build_matrix
from comparisons.domain.period import period_status


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    cards = [
        {"product": p, "period": period_status(valid_from=p.valid_from, valid_to=p.valid_to, on=today)}
        for p in selectors.products()
    ]
    return render(request, "comparisons/home.html", {"cards": cards})


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
    return render(
        request,
        "comparisons/product_detail.html",
        {
            "product": product,
            "period": period_status(valid_from=product.valid_from, valid_to=product.valid_to, on=today),
            "matrix": matrix,
            "shown_plans": shown,
            "families": families if len(product.plans) > 4 else [],
            "family": family,
            "notes_by_kind": _notes_by_kind(product),
        },
    )


NOTE_SECTIONS = [
    ("hotline", "お問い合わせ・事故の連絡先"),
    ("service", "付帯サービス"),
    ("discount", "割引"),
    ("quote_requirement", "保険料の見積に必要な情報"),
    ("insured", "補償を受けられる方（被保険者）"),
    ("territory", "補償される地域"),
    ("deductible", "免責金額"),
    ("payment", "保険料の払込"),
    ("document", "必要な書類"),
    ("disclosure", "告知事項"),
    ("exclusion", "保険金をお支払いできない主な場合"),
    ("notice", "ご注意"),
    ("other", "その他"),
]


def _notes_by_kind(product) -> list[dict]:
    return [
        {"kind": kind, "label": label, "notes": product.notes_of(kind)}
        for kind, label in NOTE_SECTIONS
        if product.notes_of(kind)
    ]
