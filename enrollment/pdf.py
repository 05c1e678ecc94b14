"""The 加入依頼書 (application form) as an A4 PDF, filled in from an application or blank for handwriting.

`GET /agents/applications/<uuid>/application.pdf` → an agent's application, laid out like an insurer's form
(login required; only the agent's own agency, or staff). `GET /agents/forms/<slug>.pdf` → the same form with
every box empty, for a programme (public). Same approach as the comparison handout (comparisons/handout.py):
WeasyPrint, IPAex fonts, nothing fetched but inline data, the stylesheet parsed once per process.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from comparisons.catalogue import selectors
from comparisons.catalogue.models import RiskCategory
from comparisons.domain import pricing
from comparisons.domain.money import format_yen
from comparisons.domain.types import ProductInfo
from comparisons.pdf import pdf_response, render

from . import services, validators
from .models import Application
from .views import get_application_for  # the one permission rule: own agency, or staff; else 404

NOTICES_SHOWN = 6
NOT_ANSWERED = "未回答"
LIABILITY_ITEM = "liability_leak"
COSTS_ITEM = "cost_incident_response"
DEDUCTIBLE_ITEM = "cond_deductible"


# ───── pieces of the form ─────


def _boxes(value: str, size: int) -> list[str]:
    """One character per box (digit boxes): padded with empty boxes, never cut."""
    chars = list(value or "")
    return chars + [""] * (size - len(chars))


def _text(value, limit: int = 60) -> str:
    value = " ".join(str(value or "").split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _limit(cell, *, chosen_amount: int | None = None) -> str:
    if chosen_amount is not None:
        return format_yen(chosen_amount)
    if cell is None or cell.status in ("not_covered", "not_stated"):
        return "—" if cell is None or cell.status == "not_covered" else "記載なし"
    if cell.limit is not None:
        return format_yen(cell.limit)
    return _text(cell.limit_text, 44)


def _deductible(cell, limit: int = 44) -> str:
    if cell is None or cell.status == "not_stated":
        return "記載なし"
    if cell.deductible_text:
        return _text(cell.deductible_text, limit)
    if cell.deductible is not None:
        return "なし" if cell.deductible == 0 else format_yen(cell.deductible)
    return _text(cell.limit_text, limit)


def _common_deductible(product: ProductInfo) -> str:
    """The deductible when every plan has the same one (printed once under the table), else ""."""
    texts = {_deductible(p.cells.get(DEDUCTIBLE_ITEM), 400) for p in product.plans}
    return _text(texts.pop(), 130) if len(texts) == 1 else ""


def _plan_rows(product: ProductInfo, application: Application | None) -> list[dict]:
    """Every plan of the programme with its main limits; the applied one is ticked."""
    rows = []
    for plan in product.plans:
        chosen = application is not None and application.plan.code == plan.code
        free = bool(plan.free_set)
        rows.append(
            {
                "plan": plan,
                "chosen": chosen,
                "free_set": free,
                "liability": _limit(
                    plan.cells.get(LIABILITY_ITEM),
                    chosen_amount=application.liability_limit if chosen and free else None,
                ),
                "costs": _limit(
                    plan.cells.get(COSTS_ITEM),
                    chosen_amount=application.cost_limit if chosen and free else None,
                ),
                "deductible": _deductible(plan.cells.get(DEDUCTIBLE_ITEM)),
                "free_set_open": free and not (chosen and application.liability_limit),
            }
        )
    return rows


def _option_rows(product: ProductInfo, application: Application | None) -> list[dict]:
    chosen = {o.code for o in application.options.all()} if application else set()
    return [
        {"option": o, "chosen": o.code in chosen or (application is not None and o.automatic)}
        for o in product.options
    ]


def _premium(product: ProductInfo, application: Application | None) -> dict:
    """What to print in the premium box: an exact figure, a labelled example, 要見積, or an empty box."""
    kind = product.premium_kind
    if application is None:
        return {"kind": kind, "text": "", "note": ""}
    try:
        q = services.application_quote(application, product)
    except pricing.QuoteError as exc:
        return {"kind": kind, "text": "", "note": str(exc)}
    if q.annual_premium is not None and q.kind == "exact":
        return {"kind": q.kind, "text": format_yen(q.annual_premium), "note": q.notes[0] if q.notes else ""}
    if q.annual_premium is not None:
        notes = [n for n in q.notes if not n.startswith("保険料例の前提：")]
        return {
            "kind": q.kind,
            "text": f"例：{format_yen(q.annual_premium, approximate=q.approximate)}",
            "label": "（パンフレットの保険料例）",
            "note": "確定額ではありません。" + "".join(notes),
        }
    if q.kind == "quote_required":
        return {"kind": q.kind, "text": "要見積", "note": "保険料は保険会社の見積で決まります。"}
    # no figure for this case: the box stays blank for the agent; the pamphlet's nearest figure is a reference
    note = q.kind_label + "。" + "".join(q.reasons)
    if q.example is not None:
        e = q.example
        note += f"参考：{e.title}：{format_yen(e.annual_premium, approximate=e.approximate)}（{'／'.join(e.differences)}）"
    return {"kind": q.kind, "text": "", "note": note}


def _industry(product: ProductInfo, risk_code: str) -> str:
    if not risk_code:
        return ""
    row = RiskCategory.objects.filter(product__slug=product.slug, code=risk_code).first()
    return row.name if row else ""


def _disclosures(product: ProductInfo, application: Application | None) -> list[dict]:
    answers = (application.disclosures or {}) if application else {}
    rows = []
    for index, note in enumerate(product.notes_of("disclosure")):
        answer = answers.get(str(index), "")
        rows.append(
            {
                "number": index + 1,
                "title": note.title,
                "question": note.body,
                "yes": answer == "yes",
                "no": answer == "no",
                "unanswered": application is not None and answer not in ("yes", "no"),
            }
        )
    return rows


def _lookup(function, *args) -> str:
    """A bank or branch name from zengin-code, or "" (the code is printed instead)."""
    if not all(args):
        return ""
    try:
        return function(*args)
    except (ValidationError, KeyError, ValueError, AttributeError):
        return ""


def _bank(product: ProductInfo, application: Application | None) -> dict | None:
    if not services.debits_account(product):
        return None
    a = application
    return {
        "bank_name": _lookup(validators.bank_name, a.bank_code) if a else "",
        "branch_name": _lookup(validators.branch_name, a.bank_code, a.branch_code) if a else "",
        "bank_code": _boxes(a.bank_code if a else "", 4),
        "branch_code": _boxes(a.branch_code if a else "", 3),
        "account_type": a.account_type if a else "",
        "account_number": _boxes(a.account_number if a else "", 7),
        "holder": a.account_holder_kana if a else "",
    }


def _seed(product: ProductInfo) -> str:
    for key in ("eligible_members", "period"):
        source = product.sources.get(key)
        if source and source.seed:
            return source.seed
    return ""


def _start_hour(product: ProductInfo) -> int | None:
    return next(((s.start or {}).get("hour") for s in product.schedule if (s.start or {}).get("hour")), None)


def _schedule(product: ProductInfo, application: Application | None, today: dt.date):
    if application is None:
        return None
    return services.schedule_for(application, product, today=today)


def _context(product: ProductInfo, application: Application | None, today: dt.date) -> dict:
    a = application
    postal = validators.digits(a.postal_code) if a else ""
    membership_choices = [
        (value, label, bool(a and a.membership == value)) for value, label in Application.Membership.choices
    ]
    return {
        "product": product,
        "application": a,
        "blank": a is None,
        "draft": bool(a and a.status == Application.Status.DRAFT),
        "made": today,
        "corporate_number": _boxes(validators.digits(a.corporate_number) if a else "", 13),
        "postal_head": _boxes(postal[:3], 3),
        "postal_tail": _boxes(postal[3:], 4),
        "membership_choices": membership_choices,
        "plans": _plan_rows(product, a),
        "common_deductible": _common_deductible(product),
        "options": _option_rows(product, a),
        "premium": _premium(product, a),
        "ranks": sorted({r.rank for r in product.premium_rates}),
        "has_risk_table": RiskCategory.objects.filter(product__slug=product.slug).exists(),
        "industry": _industry(product, a.risk_code if a else ""),
        "schedule": _schedule(product, a, today),
        "start_hour": _start_hour(product),
        "disclosures": _disclosures(product, a),
        "bank": _bank(product, a),
        "account_types": Application.AccountType.choices,
        "notices": [
            {"title": n.title, "body": _text(n.body, 110)} for n in product.notes_of("notice")[:NOTICES_SHOWN]
        ],
        "notices_more": max(0, len(product.notes_of("notice")) - NOTICES_SHOWN),
        "payment_notes": product.notes_of("payment"),
        "seed": _seed(product),
    }


def _pdf_response(request: HttpRequest, context: dict, *, name: str, ascii_name: str) -> HttpResponse:
    html = render_to_string("enrollment/application_pdf.html", context, request=request)
    pdf = render(html, css="css/application_pdf.css", base_url=request.build_absolute_uri("/"))
    response = pdf_response(pdf, filename=name, ascii_filename=ascii_name)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def application_pdf(request: HttpRequest, public_id) -> HttpResponse:
    application = get_application_for(request.user, public_id)
    product = selectors.product(application.product.slug)
    if product is None:  # pragma: no cover - an application always points at a catalogue product
        raise Http404("制度が見つかりません。")
    context = _context(product, application, timezone.localdate())
    ref = application.reference
    return _pdf_response(request, context, name=f"加入依頼書_{ref}.pdf", ascii_name=f"application_{ref}.pdf")


@require_GET
def blank_form_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    product = selectors.product(slug)
    if product is None:
        raise Http404("この制度はありません。")
    context = _context(product, None, timezone.localdate())
    return _pdf_response(
        request, context, name=f"加入依頼書_{product.short_name}_記入用.pdf", ascii_name=f"form_{slug}.pdf"
    )
