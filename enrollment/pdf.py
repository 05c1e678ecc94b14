"""The 加入依頼書 (application form) as an A4 PDF, filled in from an application or blank for handwriting.

`GET /agents/applications/<uuid>/application.pdf` → an agent's application, laid out like an insurer's form
(login required; only the agent's own agency, or staff). `GET /agents/forms/<slug>.pdf` → the same form with
every box empty, for a programme (public). Same approach as the comparison handout (comparisons/handout.py):
WeasyPrint, IPAex fonts with Noto Sans CJK JP behind them for characters outside JIS X 0208 (𠮷), nothing
fetched but inline data, the stylesheet parsed once per process.

What it prints comes from the pamphlet edition the application is made under (never the live catalogue), and
once the application has left the draft states, from the terms recorded then: a later catalogue change never
alters it. It cites the pamphlet by title and edition; no file name, extraction note or 推定 marker reaches it.
"""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from comparisons.catalogue import editions, selectors
from comparisons.catalogue.models import RiskCategory
from comparisons.domain import payout
from comparisons.domain import terms as domain_terms
from comparisons.domain.money import format_yen
from comparisons.domain.schedule import NEW_YEAR_READING
from comparisons.domain.types import ProductInfo
from comparisons.pdf import pdf_response, render

from . import application_terms, disclosures, services, validators
from .models import Application, person_name
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


def _text(value) -> str:
    """A catalogue text on one line, whole: a clause on the form is never cut (the box grows instead)."""
    return " ".join(str(value or "").split())


# Words that mark a note for ourselves (how the pamphlet's text was read), never for a customer or insurer.
INTERNAL_MARKERS = ("抽出テキスト", "推定", "と読む", "読み取", "プランページ", ".txt", "reading", "seed")
_PAREN = re.compile(r"（[^（）]*）|\([^()]*\)")


def public_text(text: str) -> str:
    """A catalogue text as a document may print it: every parenthesis holding an internal note removed, and
    nothing at all if the note is the text itself."""
    text = " ".join(str(text or "").split())
    text = _PAREN.sub(lambda m: "" if any(k in m.group(0) for k in INTERNAL_MARKERS) else m.group(0), text)
    if any(k in text for k in INTERNAL_MARKERS):
        return ""
    return text.strip(" 。、")


def _limit(cell, *, chosen_amount: int | None = None) -> str:
    if chosen_amount is not None:
        return format_yen(chosen_amount)
    if cell is None or cell.status in ("not_covered", "not_stated"):
        return "—" if cell is None or cell.status == "not_covered" else "記載なし"
    if cell.limit is not None:
        return format_yen(cell.limit)
    if cell.limit_text.startswith(application_terms.SET_ON_APPLICATION):
        return application_terms.SET_ON_APPLICATION
    return _text(public_text(cell.limit_text)) or "—"


def _deductible(cell) -> str:
    if cell is None or cell.status == "not_stated":
        return "記載なし"
    if cell.deductible_text.startswith(application_terms.SET_ON_APPLICATION):
        return application_terms.SET_ON_APPLICATION
    if cell.deductible_text:
        return _text(public_text(cell.deductible_text)) or application_terms.SET_ON_APPLICATION
    if cell.deductible is not None:
        return "なし" if cell.deductible == 0 else format_yen(cell.deductible)
    return _text(public_text(cell.limit_text))


def _common_deductible(product: ProductInfo) -> str:
    """The deductible when every plan has the same one (printed once under the table), else ""."""
    texts = {_deductible(p.cells.get(DEDUCTIBLE_ITEM)) for p in product.plans}
    return texts.pop() if len(texts) == 1 else ""


def _is_deductible(label: str) -> bool:
    return "免責" in label or "自己負担" in label


def _decided_deductibles(decided: list[dict]) -> str:
    """The chosen plan's deductibles as decided on the application (「賠償責任の免責金額：なし」 …), or ""."""
    return "、".join(f"{d['label']}：{d['value']}" for d in decided if _is_deductible(d["label"]))


def _applied_costs(product: ProductInfo, plan, application: Application, options: set[str]) -> str:
    """The chosen plan's costs limit when the pamphlet derives it from the base limit decided on the
    application (AIG 危機管理実行費用特約: min(5,000万円, 基本の支払限度額 × 1/10), doubled by its rider),
    worked by the terms engine; "" when it does not or the base limit is not given."""
    cell = plan.cells.get(COSTS_ITEM)
    if cell is None or not application.liability_limit or (cell.option and cell.option not in options):
        return ""
    cell, _ = domain_terms.apply_riders(cell, tuple(sorted(options)), product=product)
    cell, said = payout.with_application_terms(cell, {"liability_limit": application.liability_limit})
    limit = (cell.formula or {}).get("limit_yen")
    if not limit or not said:
        return ""
    return f"{format_yen(int(limit))}（{said[-1].removeprefix(f'支払限度額{format_yen(int(limit))}').strip('（）')}）"


def _plan_rows(
    product: ProductInfo, application: Application | None, decided: list[dict], options: set[str]
) -> list[dict]:
    """Every plan of the programme with its main limits; the applied one is ticked and prints the values
    chosen or agreed on the application (never the pamphlet's generic text where a value was decided)."""
    rows = []
    for plan in product.plans:
        chosen = application is not None and application.plan.code == plan.code
        free = bool(plan.free_set)
        costs = _limit(plan.cells.get(COSTS_ITEM), chosen_amount=application.cost_limit if chosen else None)
        deductible = _deductible(plan.cells.get(DEDUCTIBLE_ITEM))
        if chosen:
            costs = (
                not application.cost_limit and _applied_costs(product, plan, application, options)
            ) or costs
            deductible = _decided_deductibles(decided) or deductible
        rows.append(
            {
                "plan": plan,
                "chosen": chosen,
                "free_set": free,
                "liability": _limit(
                    plan.cells.get(LIABILITY_ITEM),
                    chosen_amount=application.liability_limit if chosen else None,
                ),
                "costs": costs,
                "deductible": deductible,
                "free_set_open": free and not (chosen and application.liability_limit),
            }
        )
    return rows


def _chosen_options(application: Application | None, frozen: dict) -> set[str]:
    if frozen.get("options") is not None:
        return {o["code"] for o in frozen["options"]}
    return services.chosen_codes(application) if application else set()


def _option_rows(product: ProductInfo, application: Application | None, frozen: dict) -> list[dict]:
    chosen = _chosen_options(application, frozen)
    return [
        {"option": o, "chosen": o.code in chosen or (application is not None and o.automatic)}
        for o in product.options
    ]


def _premium(product: ProductInfo, application: Application | None, frozen: dict) -> dict:
    """What to print in the premium box: an exact figure, a labelled example, 要見積, or an empty box."""
    if application is None:
        return {"kind": product.premium_kind, "text": "", "note": ""}
    return frozen.get("premium") or services.premium_statement(application, product)


def _terms(product: ProductInfo, application: Application | None, frozen: dict) -> list[dict]:
    """The limits, deductibles and riders' limits the pamphlet leaves to the application, with their values
    (the recorded ones once the application has left the draft states); empty boxes on a blank form."""
    if application is None:
        return [
            {
                "label": t.label,
                "value": "",
                "choices": [application_terms.choice_label(c) for c in t.choices],
                "option": t.option,
            }
            for plan in product.plans[:1]
            for t in application_terms.terms_for(product, plan.code)
            if not plan.free_set
        ]
    if frozen.get("decided") is not None:
        return [
            {"label": d["label"], "value": d["value"], "choices": [], "option": ""} for d in frozen["decided"]
        ]
    chosen = services.chosen_codes(application)
    terms = application_terms.needed(application_terms.terms_for(product, application.plan.code), chosen)
    return [
        {
            "label": t.label,
            "value": application_terms.display(t, application_terms.value_of(application, t)),
            "choices": [],
            "option": t.option,
        }
        for t in terms
    ]


def _industry(product: ProductInfo, risk_code: str) -> str:
    if not risk_code:
        return ""
    row = RiskCategory.objects.filter(product__slug=product.slug, code=risk_code).first()
    return row.name if row else ""


def _disclosures(product: ProductInfo, application: Application | None) -> list[dict]:
    """Each 告知事項 as the pamphlet asks it, with its answer: あり／なし and the content, the description asked
    for, the applicant's name, the revenue; boxes and lines to fill in on a blank form."""
    answers = (application.disclosures or {}) if application else {}
    revenue = format_yen(application.revenue) if application and application.revenue is not None else ""
    rows = []
    for q in disclosures.questions(product):
        answer = disclosures.answer_of(answers, q)
        rows.append(
            {
                "number": q.index + 1,
                "kind": q.kind,
                "title": q.title,
                "question": q.body,
                "yes": answer["answer"] == "yes",
                "no": answer["answer"] == "no",
                "confirmed": answer["answer"] == "confirmed",
                "detail": answer["detail"].strip(),
                "detail_label": q.detail_label,
                "applicant": application.applicant_name if application else "",
                "revenue": revenue,
                "unanswered": application is not None
                and q.required
                and bool(disclosures.problems([q], answers, revenue=application.revenue)),
            }
        )
    return rows


def _security(product: ProductInfo, application: Application | None) -> dict | None:
    """The security check sheet: the agent's answer and the discount it claims (the insurer decides)."""
    from .forms import security_discount

    note = security_discount(product)
    if note is None:
        return None
    answers = (application.security_answers or {}) if application else {}
    rate = answers.get("rate")
    return {
        "title": note.title,
        "top": int(note.value * 100),
        "sheet": answers.get("sheet", ""),
        "rate": None if rate is None else round(rate * 100),
        "blank": application is None,
    }


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


def _citation(product: ProductInfo, application: Application | None, frozen: dict) -> str:
    if frozen.get("pamphlet", {}).get("citation"):
        return frozen["pamphlet"]["citation"]
    return editions.citation(product)


def _start_hour(product: ProductInfo) -> int | None:
    return next(((s.start or {}).get("hour") for s in product.schedule if (s.start or {}).get("hour")), None)


def _schedule(product: ProductInfo, application: Application | None, today: dt.date):
    if application is None:
        return None
    schedule, _error = services.safe_schedule(application, product, today=today)
    return schedule


# Printed instead of an estimate: the form leaves the date boxes blank for the insurer to fill in, and says
# the true reason (the form never prints a date the app worked out).
DATES_LEFT_BLANK = (
    "ご希望の開始日はパンフレットが対象とする期間の外のため、日付欄は空欄です。"
    "引受保険会社・取扱代理店にご確認のうえご記入ください。"
)
DATES_UNSURE = "日付の一部はパンフレットの記載から確定できないため、空欄です。引受保険会社・取扱代理店にご確認のうえご記入ください。"
DATE_LABELS = {"application_deadline": "申込締切日", "first_debit": "初回振替日", "coverage_end": "保険期間"}


def _year_end_blank(fields: list[str]) -> str:
    names = "・".join(DATE_LABELS.get(f, f) for f in fields)
    return (
        f"{names}は、年末年始（12月31日〜1月3日）にあたり、パンフレットはこの期間を休日として扱うか記載して"
        "いないため（休日の扱いで日付が変わります）、空欄です。引受保険会社・取扱代理店にご確認のうえご記入ください。"
    )


def _estimated_dates(schedule) -> set[str]:
    """Every estimated date of the schedule as the form would write it (2026年12月30日), to keep it off."""
    out = set()
    for name in schedule.estimated_fields:
        value = getattr(schedule, name, None)
        if isinstance(value, dt.date):
            out |= {f"{value.year}年{value.month}月{value.day}日", value.strftime("%Y年%m月%d日")}
    return out


def _schedule_notes(schedule) -> list[str]:
    """The schedule's warnings as the form may print them: none that states an estimated date, and for the
    estimated dates the true reason their boxes are blank (outside the pamphlet's period, or the year-end
    reading of the holiday rule)."""
    if schedule is None:
        return []
    hidden = _estimated_dates(schedule)
    notes = [w for w in schedule.warnings if public_text(w) and not any(d in w for d in hidden)]
    if schedule.basis == "estimate":
        notes.append(DATES_LEFT_BLANK)
    elif schedule.estimated_fields and NEW_YEAR_READING in schedule.assumptions:
        notes.append(_year_end_blank(list(schedule.estimated_fields)))
    elif schedule.estimated_fields:
        notes.append(DATES_UNSURE)
    return notes


def _frozen(application: Application | None) -> dict:
    """The recorded terms of an application that has left the draft states ({} while it is editable)."""
    if application is None or application.status in services.EDITABLE:
        return {}
    return application.terms or {}


def _context(product: ProductInfo, application: Application | None, today: dt.date) -> dict:
    a = application
    frozen = _frozen(a)
    if frozen.get("recorded_on"):
        today = dt.date.fromisoformat(frozen["recorded_on"])  # the document as it was when it left the drafts
    postal = validators.digits(a.postal_code) if a else ""
    schedule = _schedule(product, a, today)
    decided = _terms(product, a, frozen)
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
        "plans": _plan_rows(product, a, decided, _chosen_options(a, frozen)),
        "common_deductible": ""
        if a and any(_is_deductible(t["label"]) for t in decided)
        else _common_deductible(product),
        "options": _option_rows(product, a, frozen),
        "terms": decided,
        "premium": _premium(product, a, frozen),
        "ranks": sorted({r.rank for r in product.premium_rates}),
        "has_risk_table": RiskCategory.objects.filter(product__slug=product.slug).exists(),
        "industry": frozen.get("industry") or _industry(product, a.risk_code if a else ""),
        "schedule": schedule,
        "schedule_notes": _schedule_notes(schedule),
        "start_hour": _start_hour(product),
        "disclosures": _disclosures(product, a),
        "security": _security(product, a),
        "documents": [
            {"title": public_text(d.title), "body": public_text(d.body)}
            for d in services.application_documents(product)
        ],
        "bank": _bank(product, a),
        "account_types": Application.AccountType.choices,
        "notices": [
            {"title": public_text(n.title), "body": _text(public_text(n.body))}
            for n in product.notes_of("notice")[:NOTICES_SHOWN]
        ],
        "notices_more": max(0, len(product.notes_of("notice")) - NOTICES_SHOWN),
        "payment_notes": [
            {"title": public_text(n.title), "body": public_text(n.body)} for n in product.notes_of("payment")
        ],
        "citation": _citation(product, a, frozen),
        "revenue_needed": services.revenue_needed(product),
        "agent_name": person_name(a.updated_by) if a and a.updated_by else "",
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
    product = services.product_for(application)
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
