"""JSON API: the catalogue, eligibility, premiums, schedules and the incident simulator, computed by the same
domain code as the pages.

Every view is thin: parse the query string (or, for ``POST /api/simulate/``, the JSON body) → selectors /
domain → JSON. A bad parameter is answered with HTTP 400 and ``{"error": {"param": name, "message": Japanese
text}}``; an unknown product in the URL with 404 and a wrong HTTP method with 405, in the same shape.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import shlex
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from comparisons.catalogue import selectors
from comparisons.compare.forms import MAX_PLANS, plan_and_option_choices
from comparisons.domain import pricing
from comparisons.domain import types as t
from comparisons.domain.eligibility import (
    MEMBERSHIPS,
    NOT_IN_TABLE,
    ORGANISATIONS,
    Answers,
    Reason,
    evaluate_all,
)
from comparisons.domain.money import MoneyError, parse_yen
from comparisons.domain.period import period_status
from comparisons.domain.schedule import compute_schedule
from comparisons.domain.simulate import COST_TYPES, FACT_LABELS, SCENARIOS, Incident, Line, PlanPayout
from comparisons.domain.simulate import simulate as run_simulation
from comparisons.simulator.forms import MAX_PERSONS
from comparisons.simulator.views import columns_for

MAX_PARAM_LENGTH = 100  # no valid value is longer; longer input is refused before it reaches the database
EARLIEST_START = dt.date(2000, 1, 1)  # schedules are computed only for dates the calendar can sensibly handle
LATEST_START = dt.date(2100, 12, 31)  # the same range as the comparison form
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

# Japanese names of the parameters, for error messages.
PARAM_LABELS = {
    "slug": "制度",
    "product": "制度（product）",
    "plan": "プラン（plan）",
    "rank": "ランク（rank）",
    "industry": "業種のリスク区分コード（industry）",
    "revenue": "年間売上高（revenue）",
    "it_option": "IT業務特約（it_option）",
    "liability": "賠償損害の支払限度額（liability）",
    "costs": "費用損害の支払限度額（costs）",
    "membership": "会員の種類（membership）",
    "organisation": "事業者の種類（organisation）",
    "start": "補償開始希望日（start）",
    # POST /api/simulate/ (fields of the JSON body)
    "body": "リクエストの本文",
    "scenario": "事故の例（scenario）",
    "facts": "事故の内容（facts）",
    "discovered_by": "発見のきっかけ（discovered_by）",
    "persons": "被害を受けた人数（persons）",
    "amounts": "費用の金額（amounts）",
    "plans": "比べるプラン（plans）",
    "options": "付けるオプション（options）",
}

NO_SCHEDULE_WARNING = (
    "この制度のパンフレットには、補償開始日・申込締切日・保険料の払込日の定めが記載されていません。"
    "日程は保険会社または代理店にご確認ください。"
)


class BadParam(ValueError):
    """A query parameter that cannot be used; the message is Japanese and can be shown to a member."""

    def __init__(self, param: str, message: str):
        self.param = param
        super().__init__(message)


# --- responses -------------------------------------------------------------------------------------


def _json(data: dict[str, Any], *, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _error(*, param: str, message: str, status: int = 400) -> JsonResponse:
    """The one error shape of the API."""
    return _json({"error": {"param": param, "message": message}}, status=status)


def _error_from(exc: BadParam | pricing.QuoteError) -> JsonResponse:
    return _error(param=exc.param, message=str(exc))


# --- parameter parsing -----------------------------------------------------------------------------


def _label(name: str) -> str:
    return PARAM_LABELS.get(name, name)


def _text(query: QueryDict, name: str, *, required: bool = False) -> str | None:
    """A parameter as NFKC-normalised, stripped text; empty counts as absent."""
    raw = query.get(name)
    value = unicodedata.normalize("NFKC", raw).strip() if raw is not None else ""
    if not value:
        if required:
            raise BadParam(name, f"{_label(name)}を指定してください。")
        return None
    if len(value) > MAX_PARAM_LENGTH or "\x00" in value:
        raise BadParam(name, f"{_label(name)}の値が正しくありません。")
    return value


def _choice(query: QueryDict, name: str, *, choices: dict[str, str]) -> str | None:
    value = _text(query, name)
    if value is None or value in choices:
        return value
    allowed = "、".join(f"{key}（{label}）" for key, label in choices.items())
    raise BadParam(
        name, f"{_label(name)}「{value}」は指定できません。次のいずれかを指定してください：{allowed}"
    )


def _yen(query: QueryDict, name: str, *, positive: bool = False) -> int | None:
    value = _text(query, name)
    if value is None:
        return None
    try:
        amount = parse_yen(value)
    except (MoneyError, ArithmeticError, ValueError) as exc:
        message = str(exc) if isinstance(exc, MoneyError) else "金額を数字で入力してください。"
        raise BadParam(name, f"{_label(name)}：{message}") from exc
    if positive and amount == 0:
        raise BadParam(name, f"{_label(name)}は1円以上で入力してください。")
    return amount


def _flag(query: QueryDict, name: str) -> bool:
    value = _text(query, name)
    if value is None:
        return False
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise BadParam(name, f"{_label(name)}は 1（あり）または 0（なし）で指定してください。")


def _date(query: QueryDict, name: str, *, required: bool = False) -> dt.date | None:
    value = _text(query, name, required=required)
    if value is None:
        return None
    match = _ISO_DATE.match(value)
    if not match:
        raise BadParam(name, f"{_label(name)}は「2026-04-01」のように年-月-日で指定してください。")
    try:
        day = dt.date(*(int(part) for part in match.groups()))
    except ValueError as exc:
        raise BadParam(name, f"{_label(name)}「{value}」という日付はありません。") from exc
    if not EARLIEST_START <= day <= LATEST_START:
        raise BadParam(
            name,
            f"{_label(name)}は{EARLIEST_START:%Y年%-m月%-d日}から{LATEST_START:%Y年%-m月%-d日}までの日付で指定してください。",
        )
    return day


def _product(query: QueryDict, *, name: str = "product") -> t.ProductInfo:
    slug = _text(query, name, required=True)
    product = selectors.product(slug) if _SLUG.match(slug) else None
    if product is None:
        slugs = "、".join(p.slug for p in selectors.products())
        raise BadParam(name, f"制度「{slug}」はありません（指定できる制度：{slugs}）。")
    return product


def _risk_table() -> dict[str, t.RiskCategoryInfo]:
    return {row.code: row for row in selectors.risk_categories()}


def _industry(query: QueryDict, *, risk_table: dict[str, t.RiskCategoryInfo], allow_none: bool) -> str | None:
    value = _text(query, "industry")
    if value is None:
        return None
    if allow_none and value.lower() == NOT_IN_TABLE:
        return NOT_IN_TABLE
    code = value.upper()
    if code in risk_table:
        return code
    hint = "リスク区分表のコード（例：14＝建設業）"
    if allow_none:
        hint += "か、表に該当がなければ「none」"
    raise BadParam(
        "industry", f"業種のリスク区分コード「{value}」はリスク区分表にありません。{hint}を指定してください。"
    )


# --- serialisation ---------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """JSON-ready copy: dates as ISO strings, Decimals as numbers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _source(src: t.Source | None) -> dict[str, str] | None:
    if src is None or not (src.seed or src.quote):
        return None
    data = {"seed": src.seed, "quote": src.quote}
    if src.reading_note:
        data["reading_note"] = src.reading_note
    return data


def _summary(product: t.ProductInfo, *, today: dt.date) -> dict[str, Any]:
    period = period_status(valid_from=product.valid_from, valid_to=product.valid_to, on=today)
    return {
        "slug": product.slug,
        "name": product.name,
        "short_name": product.short_name,
        "kind": product.kind,
        "summary": product.summary,
        "insurers": [{"name": name, "role": role} for name, role in product.insurers],
        "plans": [{"code": plan.code, "name": plan.name} for plan in product.plans],
        "valid_from": _iso(product.valid_from),
        "valid_to": _iso(product.valid_to),
        "period_text": product.period_text,
        "within_period_today": period.inside,
        "period_label": period.label,
        "premium_kind": product.premium_kind,
        "url": reverse("api:product", args=[product.slug]),
        "page_url": reverse("comparisons:product_detail", args=[product.slug]),
    }


def _cell(cell: t.CoverageCell) -> dict[str, Any]:
    return {
        "item": cell.item,
        "label": cell.label,
        "group": cell.group,
        "own_name": cell.own_name,
        "status": cell.status,
        "option": cell.option,
        "option_name": cell.option_name,
        "limit": cell.limit,
        "limit_text": cell.limit_text,
        "sublimit": cell.sublimit,
        "sublimit_text": cell.sublimit_text,
        "paid_share": _number(cell.paid_share),
        "deductible": cell.deductible,
        "deductible_text": cell.deductible_text,
        "per_person_limit": cell.per_person_limit,
        "per_entity_limit": cell.per_entity_limit,
        "formula": _plain(cell.formula),
        "triggers": list(cell.triggers),
        "conditions": list(cell.conditions),
        "source": _source(cell.source),
    }


def _plan(plan: t.PlanInfo) -> dict[str, Any]:
    return {
        "code": plan.code,
        "name": plan.name,
        "family": plan.family,
        "family_name": plan.family_name,
        "level": plan.level,
        "description": plan.description,
        "territory": plan.territory,
        "free_set": _plain(plan.free_set),
        "source": _source(plan.source),
        "coverages": [_cell(cell) for cell in plan.cells.values()],
    }


def _example(row: t.PremiumExampleRow) -> dict[str, Any]:
    return {
        "plan": row.plan,
        "industry": row.industry,
        "risk_code": row.risk_code or None,
        "annual_revenue": row.annual_revenue,
        "set_name": row.set_name,
        "it_option": row.it_option,
        "annual_premium": row.annual_premium,
        "approximate": row.approximate,
        "assumptions": row.assumptions,
        "source": _source(row.source),
    }


def _all_sources(product: t.ProductInfo) -> list[dict[str, str]]:
    """Every (seed, quote) the product's facts rest on, once each, in order of first use."""
    found: list[t.Source | None] = list(product.sources.values())
    for plan in product.plans:
        found.append(plan.source)
        found += [cell.source for cell in plan.cells.values()]
    found += [o.source for o in product.options]
    found += [n.source for n in product.notes]
    found += [r.source for r in product.eligibility]
    found += [s.source for s in product.schedule]
    found += [r.source for r in product.premium_rates]
    found += [e.source for e in product.premium_examples]
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for src in found:
        if src is not None and (src.seed or src.quote):
            seen.setdefault((src.seed, src.quote), {"seed": src.seed, "quote": src.quote})
    return list(seen.values())


def _detail(product: t.ProductInfo, *, today: dt.date) -> dict[str, Any]:
    data = _summary(product, today=today)
    data.update(
        {
            "eligible_members": product.eligible_members,
            "policyholder": product.policyholder,
            "premium_basis": product.premium_basis,
            "cost_limit_relation": product.cost_limit_relation,
            "cost_limit_relation_text": product.cost_limit_relation_text,
            "plans": [_plan(plan) for plan in product.plans],
            "options": [
                {
                    "code": o.code,
                    "name": o.name,
                    "description": o.description,
                    "requires": list(o.requires),
                    "excludes": list(o.excludes),
                    "only_plans": list(o.only_plans),
                    "excluded_risk_codes": list(o.excluded_risk_codes),
                    "automatic": o.automatic,
                    "source": _source(o.source),
                }
                for o in product.options
            ],
            "notes": [
                {
                    "kind": n.kind,
                    "title": n.title,
                    "body": n.body,
                    "value": _number(n.value),
                    "source": _source(n.source),
                }
                for n in product.notes
            ],
            "eligibility": [
                {
                    "rule": r.rule,
                    "params": _plain(r.params),
                    "message": r.message,
                    "source": _source(r.source),
                }
                for r in product.eligibility
            ],
            "schedule": [
                {
                    "mode": s.mode,
                    "start": _plain(s.start),
                    "deadline": _plain(s.deadline),
                    "debit": _plain(s.debit),
                    "term": _plain(s.term),
                    "first_start": _plain(s.first_start),
                    "last_start": _plain(s.last_start),
                    "source": _source(s.source),
                }
                for s in product.schedule
            ],
            "premium_rates": [
                {
                    "plan": r.plan,
                    "rank": r.rank,
                    "annual_premium": r.annual_premium,
                    "source": _source(r.source),
                }
                for r in product.premium_rates
            ],
            "premium_examples": [_example(e) for e in product.premium_examples],
            "field_sources": {key: _source(src) for key, src in product.sources.items()},
            "sources": _all_sources(product),
        }
    )
    return data


def _reasons(reasons: tuple[Reason, ...]) -> list[dict[str, Any]]:
    return [{"message": r.message, "source": _source(r.source)} for r in reasons]


# --- views -----------------------------------------------------------------------------------------


@require_GET
def products(request: HttpRequest) -> JsonResponse:
    today = timezone.localdate()
    return _json({"products": [_summary(p, today=today) for p in selectors.products()]})


@require_GET
def product(request: HttpRequest, slug: str) -> JsonResponse:
    found = selectors.product(slug)
    if found is None:
        return _error(param="slug", message=f"制度「{slug}」は見つかりません。", status=404)
    return _json(_detail(found, today=timezone.localdate()))


@require_GET
def eligibility(request: HttpRequest) -> JsonResponse:
    query = request.GET
    risk_table = _risk_table()
    try:
        answers = Answers(
            membership=_choice(query, "membership", choices=MEMBERSHIPS),
            organisation=_choice(query, "organisation", choices=ORGANISATIONS),
            risk_code=_industry(query, risk_table=risk_table, allow_none=True),
            revenue=_yen(query, "revenue", positive=True),
            wants_it_services=_flag(query, "it_option"),
        )
    except BadParam as exc:
        return _error_from(exc)
    all_products = selectors.products()
    names = {p.slug: p.name for p in all_products}
    results = evaluate_all(all_products, answers, risk_table=risk_table)
    return _json(
        {
            "answers": {
                "membership": answers.membership,
                "organisation": answers.organisation,
                "industry": answers.risk_code,
                "revenue": answers.revenue,
                "it_option": answers.wants_it_services,
            },
            "results": [
                {
                    "product": r.product,
                    "name": names[r.product],
                    "eligible": r.eligible,
                    "reasons": [reason.message for reason in r.reasons],
                    "cautions": [caution.message for caution in r.cautions],
                    "pending": list(r.pending),
                    "reason_details": _reasons(r.reasons),
                    "caution_details": _reasons(r.cautions),
                }
                for r in results
            ],
        }
    )


@require_GET
def quote(request: HttpRequest) -> JsonResponse:
    query = request.GET
    try:
        found = _product(query)
        plan_code = _text(query, "plan", required=True)
        rank = _text(query, "rank")
        risk_code = _industry(query, risk_table=_risk_table(), allow_none=False)
        revenue = _yen(query, "revenue", positive=True)
        it_option = _flag(query, "it_option")
        liability = _yen(query, "liability")
        costs = _yen(query, "costs")
        plan = found.plan(plan_code)
        if plan is not None and plan.free_set and liability is not None and costs is None:
            raise BadParam("costs", "フリーセットは費用損害の支払限度額（costs）も指定してください。")
        result = pricing.quote(
            found,
            plan_code=plan_code,
            rank=rank.upper() if rank else None,
            risk_code=risk_code,
            revenue=revenue,
            it_option=it_option,
            liability=liability,
            costs=costs,
        )
    except (BadParam, pricing.QuoteError) as exc:
        return _error_from(exc)
    return _json(
        {
            "product": result.product,
            "plan": result.plan,
            "plan_name": plan.name if plan else "",
            "kind": result.kind,
            "annual_premium": result.annual_premium,
            "notes": list(result.notes),
            "requirements": list(result.requirements),
            "discounts": [
                {
                    "title": d.title,
                    "max_rate": _number(d.max_rate),
                    "body": d.body,
                    "source": _source(d.source),
                }
                for d in result.discounts
            ],
            "example": _example(result.example) if result.example else None,
            "sources": [_source(src) for src in result.sources],
        }
    )


@require_GET
def schedule(request: HttpRequest) -> JsonResponse:
    query = request.GET
    today = timezone.localdate()
    try:
        found = _product(query)
        start = _date(query, "start", required=True)
    except BadParam as exc:
        return _error_from(exc)
    try:
        result = compute_schedule(
            found.schedule,
            requested_start=start,
            today=today,
            valid_from=found.valid_from,
            valid_to=found.valid_to,
        )
    except (ValueError, OverflowError):  # a date the pamphlet's rule cannot be carried to
        return _error(param="start", message=f"{_label('start')}「{start}」の日程を計算できません。")
    if result is None:
        return _json(
            {
                "product": found.slug,
                "requested_start": start.isoformat(),
                "coverage_start": None,
                "coverage_end": None,
                "application_deadline": None,
                "first_debit": None,
                "within_pamphlet_period": False,
                "start_hour": None,
                "end_hour": None,
                "mode": None,
                "debit_kind": None,
                "deadline_passed": False,
                "next_possible_start": None,
                "warnings": [NO_SCHEDULE_WARNING],
                "source": None,
            }
        )
    return _json(
        {
            "product": found.slug,
            "requested_start": result.requested_start.isoformat(),
            "coverage_start": _iso(result.coverage_start),
            "coverage_end": _iso(result.coverage_end),
            "application_deadline": _iso(result.application_deadline),
            "first_debit": _iso(result.first_debit),
            "within_pamphlet_period": result.within_pamphlet_period,
            "start_hour": result.start_hour,
            "end_hour": result.end_hour,
            "mode": result.mode,
            "debit_kind": result.debit_kind,
            "deadline_unshifted": _iso(result.deadline_unshifted),
            "debit_unshifted": _iso(result.debit_unshifted),
            "deadline_passed": result.deadline_passed,
            "next_possible_start": _iso(result.next_possible_start),
            "warnings": list(result.warnings),
            "source": _source(result.source),
        }
    )


# --- POST /api/simulate/ ---------------------------------------------------------------------------

MAX_BODY_BYTES = 100 * 1024  # a full request is well under 2 KB
DISCOVERED_BY = {"self": "自社で気づいた", "external": "公的機関・セキュリティ会社などからの通報"}
SIMULATE_FIELDS = ("scenario", "facts", "discovered_by", "persons", "amounts", "plans", "options")
_MAX_SHOWN = 40  # how much of a bad value an error message repeats


def _shown(value: Any) -> str:
    """A bad value as the member typed it, cut short for the message."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…"


def _json_post_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``require_POST``, answering another method with the API's JSON error (405) instead of an empty body."""
    guarded = require_POST(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = guarded(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            error = _error(
                param="method",
                message=f"このAPIは POST で呼び出してください（{request.method} は使えません）。",
                status=405,
            )
            error["Allow"] = response["Allow"]
            return error
        return response

    return wrapper


def _json_body(request: HttpRequest) -> dict[str, Any]:
    """The request body as a JSON object, refused (BadParam "body") when too large, unreadable or not an object."""
    too_big = BadParam("body", f"リクエストの本文が大きすぎます（{MAX_BODY_BYTES // 1024}KBまで）。")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise too_big
    try:
        raw = request.body
    except RequestDataTooBig as exc:
        raise too_big from exc
    if len(raw) > MAX_BODY_BYTES:
        raise too_big
    if not raw.strip():
        raise BadParam("body", "リクエストの本文に JSON のオブジェクトを指定してください。")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BadParam("body", "リクエストの本文は UTF-8 の JSON で送ってください。") from exc
    except (ValueError, RecursionError) as exc:
        raise BadParam("body", "リクエストの本文を JSON として読めません。書き方をご確認ください。") from exc
    if not isinstance(data, dict):
        raise BadParam("body", "リクエストの本文は JSON のオブジェクト（{ … }）で送ってください。")
    for key in data:
        if key not in SIMULATE_FIELDS:
            raise BadParam(
                str(key),
                f"「{_shown(key)}」という項目はありません（指定できる項目：{'、'.join(SIMULATE_FIELDS)}）。",
            )
    return data


def _allowed(choices: dict[str, str] | list[str]) -> str:
    if isinstance(choices, dict):
        return "、".join(f"{key}（{label}）" for key, label in choices.items())
    return "、".join(choices)


def _body_choice(data: dict[str, Any], name: str, *, choices: dict[str, str]) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadParam(name, f"{_label(name)}は文字列で指定してください。")
    if value not in choices:
        raise BadParam(
            name,
            f"{_label(name)}「{_shown(value)}」は指定できません。次のいずれかを指定してください：{_allowed(choices)}",
        )
    return value


def _body_list(data: dict[str, Any], name: str, *, choices: dict[str, str] | list[str]) -> list[str] | None:
    """A list of strings, each one of the choices; None when absent."""
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, list):
        raise BadParam(name, f"{_label(name)}は文字列の配列（[ … ]）で指定してください。")
    for i, item in enumerate(value):
        where = f"{name}[{i}]"
        if not isinstance(item, str):
            raise BadParam(where, f"{_label(name)}の{i + 1}番目は文字列で指定してください。")
        if item not in choices:
            raise BadParam(
                where,
                f"{_label(name)}の{i + 1}番目「{_shown(item)}」は指定できません。"
                f"次のいずれかを指定してください：{_allowed(choices)}",
            )
    return value


def _body_facts(data: dict[str, Any], scenario: str | None) -> frozenset[str]:
    facts = _body_list(data, "facts", choices=FACT_LABELS)
    if facts is None:
        if scenario is None:
            raise BadParam("facts", "事故の例（scenario）か事故の内容（facts）を指定してください。")
        return SCENARIOS[scenario].facts
    if not facts:
        raise BadParam("facts", f"{_label('facts')}を1つ以上指定してください。")
    return frozenset(facts)


def _body_persons(data: dict[str, Any], scenario: str | None) -> int:
    value = data.get("persons")
    if value is None:
        return SCENARIOS[scenario].persons if scenario else 0
    if type(value) is not int:
        raise BadParam("persons", f"{_label('persons')}は整数（例：1000）で指定してください。")
    if not 0 <= value <= MAX_PERSONS:
        raise BadParam("persons", f"{_label('persons')}は0人から{MAX_PERSONS:,}人までで指定してください。")
    return value


def _amount(value: Any, where: str, label: str) -> int:
    if type(value) is not int and not isinstance(value, str):
        raise BadParam(where, f"{label}は円単位の整数か「500万円」のような文字列で指定してください。")
    if isinstance(value, str) and (len(value) > MAX_PARAM_LENGTH or "\x00" in value):
        raise BadParam(where, f"{label}の値が正しくありません。")
    try:
        return parse_yen(value)
    except (MoneyError, ArithmeticError, ValueError) as exc:
        message = str(exc) if isinstance(exc, MoneyError) else "金額を数字で入力してください。"
        raise BadParam(where, f"{label}：{message}") from exc


def _body_amounts(data: dict[str, Any], scenario: str | None) -> dict[str, int]:
    """Every cost type's amount: the given one, else the scenario's example, else 0. A null counts as absent."""
    value = data.get("amounts")
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise BadParam(
            "amounts", f"{_label('amounts')}は費用の種類をキーにしたオブジェクトで指定してください。"
        )
    defaults = SCENARIOS[scenario].amounts if scenario else {}
    for key in value:
        if key not in COST_TYPES:
            allowed = _allowed({k: c.label for k, c in COST_TYPES.items()})
            raise BadParam(
                f"amounts.{key}",
                f"費用の種類「{_shown(key)}」はありません。次のいずれかを指定してください：{allowed}",
            )
    amounts = {}
    for key, cost in COST_TYPES.items():
        given = value.get(key)
        if given is None:
            amounts[key] = defaults.get(key, 0)
        else:
            amounts[key] = _amount(given, f"amounts.{key}", f"{cost.label}（amounts.{key}）")
    return amounts


def _body_plans(data: dict[str, Any], plan_keys: list[str]) -> list[str]:
    if data.get("plans") is None:
        raise BadParam(
            "plans", f"{_label('plans')}を「制度:プラン」の形（例：silver-cyber:FII）で指定してください。"
        )
    plans = _body_list(data, "plans", choices=plan_keys)
    if not plans:
        raise BadParam("plans", f"{_label('plans')}を1つ以上指定してください。")
    if len(plans) > MAX_PLANS:
        raise BadParam(
            "plans", f"比べられるプランは{MAX_PLANS}つまでです（{len(plans)}つ指定されています）。"
        )
    for i, key in enumerate(plans):
        if key in plans[:i]:
            raise BadParam(f"plans[{i}]", f"プラン「{key}」が2回指定されています。")
    return plans


def _body_options(data: dict[str, Any], option_keys: list[str], plans: list[str]) -> list[str]:
    options = _body_list(data, "options", choices=option_keys) or []
    chosen = {key.partition(":")[0] for key in plans}
    for i, key in enumerate(options):
        if key.partition(":")[0] not in chosen:
            raise BadParam(
                f"options[{i}]",
                f"オプション「{key}」の制度のプランが比べるプラン（plans）にありません。",
            )
    return options


def _line(line: Line) -> dict[str, Any]:
    return {
        "cost_type": line.cost_type,
        "label": line.label,
        "claimed": line.claimed,
        "covered": line.covered,
        "paid": line.paid,
        "item": line.item,
        "own_name": line.own_name,
        "rules": list(line.rules),
        "reasons": list(line.reasons),
        "limit_unknown": line.limit_unknown,
        "source": _source(line.source),
    }


def _payout(payout: PlanPayout, options: tuple[str, ...]) -> dict[str, Any]:
    return {
        "key": payout.key,
        "title": payout.title,
        "options": list(options),
        "claimed": payout.claimed,
        "paid": payout.paid,
        "limit_unknown": payout.limit_unknown,
        "notes": list(payout.notes),
        "lines": [_line(line) for line in payout.lines],
    }


@csrf_exempt
@_json_post_only
def simulate(request: HttpRequest) -> JsonResponse:
    products = selectors.products()
    plan_choices, option_choices = plan_and_option_choices(products)
    try:
        data = _json_body(request)
        scenario = _body_choice(data, "scenario", choices={k: s.label for k, s in SCENARIOS.items()})
        facts = _body_facts(data, scenario)
        discovered_by = _body_choice(data, "discovered_by", choices=DISCOVERED_BY)
        persons = _body_persons(data, scenario)
        amounts = _body_amounts(data, scenario)
        plans = _body_plans(data, [key for key, _label in plan_choices])
        options = _body_options(data, [key for key, _label in option_choices], plans)
    except BadParam as exc:
        return _error_from(exc)
    incident = Incident(
        facts=facts,
        discovered_by=discovered_by or (SCENARIOS[scenario].discovered_by if scenario else "self"),
        amounts=amounts,
        persons=persons,
    )
    columns = columns_for(products, plans, options)
    payouts = run_simulation(columns, incident)
    return _json(
        {
            "scenario": scenario,
            "facts": [fact for fact in FACT_LABELS if fact in incident.facts],
            "discovered_by": incident.discovered_by,
            "persons": incident.persons,
            "amounts": incident.amounts,
            "plans": [_payout(p, col.options) for p, col in zip(payouts, columns, strict=True)],
        }
    )


@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    plan_choices, option_choices = plan_and_option_choices(selectors.products())
    return _json(
        _openapi_document(
            risk_codes=sorted(_risk_table()),
            plan_keys=[key for key, _label in plan_choices],
            option_keys=[key for key, _label in option_choices],
        )
    )


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    plan_choices, option_choices = plan_and_option_choices(selectors.products())
    return render(
        request,
        "comparisons/api_docs.html",
        {
            "endpoints": _endpoints(base_url=request.build_absolute_uri("/").rstrip("/")),
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
            "openapi_url": reverse("api:openapi"),
        },
    )


def _openapi_document(
    *, risk_codes: list[str], plan_keys: list[str] | None = None, option_keys: list[str] | None = None
) -> dict[str, Any]:
    """The hand-written document below, with the risk table's codes as the industry enum and the catalogue's
    plans and options as the simulator's enums."""
    document = copy.deepcopy(OPENAPI)
    parameters = document["components"]["parameters"]
    parameters["industry"]["schema"]["enum"] = [*risk_codes, NOT_IN_TABLE]
    parameters["quote_industry"]["schema"]["enum"] = list(risk_codes)
    request_fields = document["components"]["schemas"]["SimulateRequest"]["properties"]
    if plan_keys:
        request_fields["plans"]["items"]["enum"] = list(plan_keys)
    if option_keys:
        request_fields["options"]["items"]["enum"] = list(option_keys)
    return document


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local $ref (#/components/...) in OPENAPI."""
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = OPENAPI
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return target


_METHODS = ("get", "post")


def _type_text(prop: dict[str, Any]) -> str:
    """A schema's JSON type for the docs page: "string", "array of string", "integer | string"."""
    prop = _resolve(prop)
    kinds = prop.get("type", "object")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    items = prop.get("items", {})
    return " | ".join(f"array of {_type_text(items)}" if kind == "array" else kind for kind in kinds)


def _curl(url: str, body: Any) -> str:
    payload = json.dumps(body, ensure_ascii=False)
    return f"curl -X POST {shlex.quote(url)} -H 'Content-Type: application/json' -d {shlex.quote(payload)}"


def _request_body(op: dict[str, Any], *, url: str) -> dict[str, Any]:
    """A POST operation's body for the docs page: its fields, an example and the curl command that sends it."""
    body = op.get("requestBody")
    if not body:
        return {"body_fields": [], "body_example": "", "curl": ""}
    media = body["content"]["application/json"]
    schema = _resolve(media["schema"])
    required = set(schema.get("required", []))
    example = media.get("example")
    return {
        "body_fields": [
            {
                "name": name,
                "type": _type_text(prop),
                "required": name in required,
                "description": prop.get("description", ""),
            }
            for name, prop in schema.get("properties", {}).items()
        ],
        "body_example": json.dumps(example, ensure_ascii=False, indent=2) if example is not None else "",
        "curl": _curl(url, example) if example is not None else "",
    }


def _endpoints(*, base_url: str = "") -> list[dict[str, Any]]:
    """OPENAPI's operations (GET and POST), flattened for the docs page."""
    out = []
    for path, item in OPENAPI["paths"].items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            schema = _resolve(op["responses"]["200"]["content"]["application/json"]["schema"])
            out.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": op["summary"],
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "location": "パス" if p["in"] == "path" else "クエリ",
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in (_resolve(p) for p in op.get("parameters", []))
                    ],
                    "fields": [
                        {"name": name, "description": prop.get("description", "")}
                        for name, prop in schema.get("properties", {}).items()
                    ],
                    "examples": op.get("x-examples", []),
                    **_request_body(op, url=base_url + path),
                }
            )
    return out


# --- OpenAPI 3.1 -----------------------------------------------------------------------------------


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _param(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/parameters/{name}"}


def _nullable(kind: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], "description": description, **extra}


def _array(items: dict[str, Any], description: str) -> dict[str, Any]:
    return {"type": "array", "items": items, "description": description}


_BAD_REQUEST = {
    "description": "パラメータの誤り（error.param に誤ったパラメータ名、error.message に日本語の説明）",
    "content": {"application/json": {"schema": _ref("Error")}},
}
_YEN = {"type": "string", "examples": ["1億2,000万円", "120000000", "５０００万"]}
_DATE = {"type": "string", "format": "date"}
_NULL_DATE = {"type": ["string", "null"], "format": "date"}

_SIMULATE_EXAMPLE = {
    "scenario": "card_leak",
    "persons": 2000,
    "amounts": {"investigation": "800万円", "consolation": 500},
    "plans": ["silver-cyber:FII", "jcci-leak-liability:premium-C", "aig-personal-info:basic"],
    "options": ["aig-personal-info:crisis_exec"],
}
_COST_AMOUNT = {"type": ["integer", "string"], "examples": [5000000, "500万円"]}

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "サイバー保険 比較・申込ナビ API",
        "version": "1.0.0",
        "description": (
            "4つのサイバー保険・情報漏えい保険の制度について、補償内容・加入条件・保険料・申込日程を返します。"
            "事故が起きたとき各プランでいくら支払われるかの試算（POST /api/simulate/）もできます。"
            "すべての数値はパンフレットの記載（出典の原文つき）に基づきます。"
            'パラメータが誤っているときは HTTP 400 と {"error": {"param", "message"}} を返します。'
        ),
    },
    "servers": [{"url": "/"}],
    "paths": {
        "/api/products/": {
            "get": {
                "operationId": "listProducts",
                "summary": "制度の一覧",
                "description": "全制度の名前・保険会社・プラン・パンフレットの期間。",
                "responses": {
                    "200": {
                        "description": "制度の一覧",
                        "content": {"application/json": {"schema": _ref("ProductList")}},
                    }
                },
                "x-examples": ["/api/products/"],
            }
        },
        "/api/products/{slug}/": {
            "get": {
                "operationId": "getProduct",
                "summary": "制度の詳細",
                "description": (
                    "制度のすべての情報：プランごとの補償（分類表の全項目。記載のない項目は status が not_stated）、"
                    "特約、注記、加入条件、日程の規則、保険料表・保険料例、出典の一覧。"
                ),
                "parameters": [
                    {
                        "name": "slug",
                        "in": "path",
                        "required": True,
                        "description": "制度のスラッグ（例：silver-cyber）",
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "制度の詳細",
                        "content": {"application/json": {"schema": _ref("Product")}},
                    },
                    "404": {
                        "description": "制度が見つからない（error.param は slug）",
                        "content": {"application/json": {"schema": _ref("Error")}},
                    },
                },
                "x-examples": ["/api/products/silver-cyber/", "/api/products/jcci-leak-liability/"],
            }
        },
        "/api/eligibility/": {
            "get": {
                "operationId": "checkEligibility",
                "summary": "加入できるか",
                "description": (
                    "回答に対して各制度の加入条件を判定します。すべて任意で、指定のない項目は pending に挙がります。"
                ),
                "parameters": [
                    _param("membership"),
                    _param("organisation"),
                    _param("industry"),
                    _param("revenue"),
                    _param("it_option"),
                ],
                "responses": {
                    "200": {
                        "description": "制度ごとの判定",
                        "content": {"application/json": {"schema": _ref("EligibilityResponse")}},
                    },
                    "400": _BAD_REQUEST,
                },
                "x-examples": [
                    "/api/eligibility/?membership=jcci&organisation=company&industry=14&revenue=1億2,000万円",
                    "/api/eligibility/?membership=none",
                ],
            }
        },
        "/api/quote/": {
            "get": {
                "operationId": "getQuote",
                "summary": "保険料",
                "description": (
                    "パンフレットが示すとおりの保険料：exact（保険料表の年間保険料）、example（保険料例・目安）、"
                    "quote_required（表がなく要見積。annual_premium は null）。"
                ),
                "parameters": [
                    _param("product"),
                    _param("plan"),
                    _param("rank"),
                    _param("quote_industry"),
                    _param("revenue"),
                    _param("it_option"),
                    _param("liability"),
                    _param("costs"),
                ],
                "responses": {
                    "200": {
                        "description": "保険料",
                        "content": {"application/json": {"schema": _ref("Quote")}},
                    },
                    "400": _BAD_REQUEST,
                },
                "x-examples": [
                    "/api/quote/?product=silver-cyber&plan=FII&rank=B",
                    "/api/quote/?product=jcci-leak-liability&plan=premium-D&revenue=20億",
                    "/api/quote/?product=jcci-leak-liability&plan=standard-E&liability=100000000&costs=50000000",
                    "/api/quote/?product=sompo-jcci-cyber&plan=basic",
                ],
            }
        },
        "/api/schedule/": {
            "get": {
                "operationId": "getSchedule",
                "summary": "申込日程",
                "description": (
                    "補償開始希望日に対する補償期間・申込締切日・初回の保険料引落日。"
                    "パンフレットの規則をどの日付にも当てはめ、パンフレットの期間の内か外かを within_pamphlet_period で示します。"
                    "日程の記載がない制度は日付がすべて null で、warnings に理由が入ります。"
                ),
                "parameters": [_param("product"), _param("start")],
                "responses": {
                    "200": {
                        "description": "日程",
                        "content": {"application/json": {"schema": _ref("Schedule")}},
                    },
                    "400": _BAD_REQUEST,
                },
                "x-examples": [
                    "/api/schedule/?product=sompo-jcci-cyber&start=2025-03-01",
                    "/api/schedule/?product=silver-cyber&start=2026-06-15",
                ],
            }
        },
        "/api/simulate/": {
            "post": {
                "operationId": "simulateIncident",
                "summary": "事故が起きたらいくら支払われるか（試算）",
                "description": (
                    "1つの事故（事故の例 scenario か事故の内容 facts、費用の金額 amounts）を、比べるプラン（最大4つ）の"
                    "補償の条件（支払の契機・支払限度額・内枠・縮小支払割合・免責金額・1名あたりの限度額）に当てはめ、"
                    "費用ごとに支払われる額と理由・出典を返します。本文は JSON で送ります（最大100KB）。"
                    "限度額が申込書で決まるプランは上限を設けずに計算し、limit_unknown を true にします。"
                    "パンフレットの条件による試算で、実際の保険金は保険会社の審査で決まります。"
                ),
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": _ref("SimulateRequest"),
                            "example": _SIMULATE_EXAMPLE,
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "プランごとの支払額",
                        "content": {"application/json": {"schema": _ref("SimulateResponse")}},
                    },
                    "400": {
                        "description": (
                            "本文の誤り（error.param に誤った項目の位置、例：amounts.investigation・plans[2]。"
                            "error.message に日本語の説明）"
                        ),
                        "content": {"application/json": {"schema": _ref("Error")}},
                    },
                    "405": {
                        "description": "POST 以外のメソッド（error.param は method）",
                        "content": {"application/json": {"schema": _ref("Error")}},
                    },
                },
            }
        },
    },
    "components": {
        "parameters": {
            "product": {
                "name": "product",
                "in": "query",
                "required": True,
                "description": "制度のスラッグ（sompo-jcci-cyber・jcci-leak-liability・silver-cyber・aig-personal-info）",
                "schema": {"type": "string"},
            },
            "plan": {
                "name": "plan",
                "in": "query",
                "required": True,
                "description": (
                    "プランコード（シルバー：GI〜GIII・FI〜FIII、三井住友海上：standard-A〜E・premium-A〜E、"
                    "損保ジャパン・AIG：basic）"
                ),
                "schema": {"type": "string"},
            },
            "rank": {
                "name": "rank",
                "in": "query",
                "required": False,
                "description": "国庫補助ランク（A・B・C）。保険料表がランク別の制度（シルバー）では必須",
                "schema": {"type": "string", "enum": ["A", "B", "C"]},
            },
            "industry": {
                "name": "industry",
                "in": "query",
                "required": False,
                "description": "業種のリスク区分コード（三井住友海上のリスク区分表）。表に該当がなければ none",
                "schema": {"type": "string"},
            },
            "quote_industry": {
                "name": "industry",
                "in": "query",
                "required": False,
                "description": "業種のリスク区分コード（最も近い保険料例を選ぶために使います）",
                "schema": {"type": "string"},
            },
            "revenue": {
                "name": "revenue",
                "in": "query",
                "required": False,
                "description": "年間売上高（円）。「1億2,000万円」「120000000」、全角数字も可",
                "schema": _YEN,
            },
            "it_option": {
                "name": "it_option",
                "in": "query",
                "required": False,
                "description": "IT業務特約（ITサービス業務の補償）を希望するなら 1",
                "schema": {"type": "string", "enum": ["1", "0", "true", "false"]},
            },
            "liability": {
                "name": "liability",
                "in": "query",
                "required": False,
                "description": "フリーセット（standard-E・premium-E）の賠償損害の支払限度額（円）。フリーセットでは必須",
                "schema": _YEN,
            },
            "costs": {
                "name": "costs",
                "in": "query",
                "required": False,
                "description": (
                    "フリーセットの費用損害の支払限度額（円）。フリーセットでは必須で、賠償損害の支払限度額の50%以下"
                ),
                "schema": _YEN,
            },
            "membership": {
                "name": "membership",
                "in": "query",
                "required": False,
                "description": "会員の種類：" + "、".join(f"{k}＝{v}" for k, v in MEMBERSHIPS.items()),
                "schema": {"type": "string", "enum": list(MEMBERSHIPS)},
            },
            "organisation": {
                "name": "organisation",
                "in": "query",
                "required": False,
                "description": "事業者の種類：" + "、".join(f"{k}＝{v}" for k, v in ORGANISATIONS.items()),
                "schema": {"type": "string", "enum": list(ORGANISATIONS)},
            },
            "start": {
                "name": "start",
                "in": "query",
                "required": True,
                "description": "補償開始希望日（YYYY-MM-DD）",
                "schema": _DATE,
            },
        },
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": {
                        "type": "object",
                        "required": ["param", "message"],
                        "properties": {
                            "param": {"type": "string", "description": "誤っているパラメータの名前"},
                            "message": {"type": "string", "description": "日本語の説明"},
                        },
                    }
                },
            },
            "Source": {
                "type": ["object", "null"],
                "description": "出典：パンフレットのファイル名と原文",
                "required": ["seed", "quote"],
                "properties": {
                    "seed": {"type": "string", "description": "パンフレットのテキストファイル"},
                    "quote": {"type": "string", "description": "原文（そのまま）"},
                    "reading_note": {"type": "string", "description": "抽出テキストの読み方の注記（あれば）"},
                },
            },
            "Insurer": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "description": "保険会社名"},
                    "role": {"type": "string", "description": "役割（幹事・非幹事・引受など）"},
                },
            },
            "PlanRef": {
                "type": "object",
                "properties": {
                    "code": {"type": "string", "description": "プランコード"},
                    "name": {"type": "string", "description": "プラン名"},
                },
            },
            "ProductSummary": {
                "type": "object",
                "required": ["slug", "name", "insurers", "plans", "valid_from", "valid_to"],
                "properties": {
                    "slug": {"type": "string", "description": "制度のスラッグ"},
                    "name": {"type": "string", "description": "制度名"},
                    "short_name": {"type": "string", "description": "略称"},
                    "kind": {
                        "type": "string",
                        "enum": ["group", "individual"],
                        "description": "団体制度か個別契約か",
                    },
                    "summary": {"type": "string", "description": "概要"},
                    "insurers": _array(_ref("Insurer"), "保険会社と役割"),
                    "plans": _array(_ref("PlanRef"), "プラン"),
                    "valid_from": {**_NULL_DATE, "description": "パンフレットの期間の開始"},
                    "valid_to": {**_NULL_DATE, "description": "パンフレットの期間の終了"},
                    "period_text": {"type": "string", "description": "パンフレットの期間の表示"},
                    "within_period_today": {"type": "boolean", "description": "今日がパンフレットの期間内か"},
                    "period_label": {"type": "string", "description": "期間内・期間外などの表示"},
                    "premium_kind": {
                        "type": "string",
                        "enum": ["exact", "example", "quote_required"],
                        "description": "保険料の示し方（保険料表・保険料例・要見積）",
                    },
                    "url": {"type": "string", "description": "この制度の詳細API"},
                    "page_url": {"type": "string", "description": "この制度のページ"},
                },
            },
            "ProductList": {
                "type": "object",
                "required": ["products"],
                "properties": {"products": _array(_ref("ProductSummary"), "制度")},
            },
            "Coverage": {
                "type": "object",
                "required": [
                    "item",
                    "label",
                    "own_name",
                    "status",
                    "limit",
                    "sublimit",
                    "paid_share",
                    "deductible",
                ],
                "properties": {
                    "item": {"type": "string", "description": "補償の分類キー（例：liability_leak）"},
                    "label": {"type": "string", "description": "分類の名前"},
                    "group": {"type": "string", "description": "分類のグループ"},
                    "own_name": {"type": "string", "description": "パンフレットでの名称"},
                    "status": {
                        "type": "string",
                        "enum": ["included", "optional", "not_covered", "not_stated"],
                        "description": "補償あり・オプション・補償なし・記載なし",
                    },
                    "option": _nullable("string", "オプションの特約コード"),
                    "option_name": _nullable("string", "オプションの特約名"),
                    "limit": _nullable("integer", "支払限度額（円）"),
                    "limit_text": {"type": "string", "description": "限度額の説明"},
                    "sublimit": _nullable("integer", "内枠の限度額（円）"),
                    "sublimit_text": {"type": "string", "description": "内枠の説明"},
                    "paid_share": _nullable("number", "支払割合（1.0 = 100%）"),
                    "deductible": _nullable("integer", "免責金額（円）"),
                    "deductible_text": {"type": "string", "description": "免責の説明"},
                    "per_person_limit": _nullable("integer", "1名あたりの限度額（円）"),
                    "per_entity_limit": _nullable("integer", "1法人あたりの限度額（円）"),
                    "formula": _nullable("object", "算式"),
                    "triggers": _array({"type": "string"}, "支払の契機"),
                    "conditions": _array({"type": "string"}, "条件"),
                    "source": _ref("Source"),
                },
            },
            "Plan": {
                "type": "object",
                "required": ["code", "name", "coverages"],
                "properties": {
                    "code": {"type": "string", "description": "プランコード"},
                    "name": {"type": "string", "description": "プラン名"},
                    "family": {"type": "string", "description": "系統"},
                    "family_name": {"type": "string", "description": "系統名"},
                    "level": {"type": "string", "description": "型・セット"},
                    "description": {"type": "string", "description": "説明"},
                    "territory": {"type": "string", "description": "補償地域"},
                    "free_set": _nullable("object", "フリーセットで選べる支払限度額・免責金額"),
                    "source": _ref("Source"),
                    "coverages": _array(_ref("Coverage"), "分類表の全項目の補償"),
                },
            },
            "Option": {
                "type": "object",
                "properties": {
                    "code": {"type": "string", "description": "特約コード"},
                    "name": {"type": "string", "description": "特約名"},
                    "description": {"type": "string", "description": "説明"},
                    "requires": _array({"type": "string"}, "付帯に必要な特約"),
                    "excludes": _array({"type": "string"}, "併用できない特約"),
                    "only_plans": _array({"type": "string"}, "付帯できるプラン（空ならすべて）"),
                    "excluded_risk_codes": _array({"type": "string"}, "付帯できないリスク区分コード"),
                    "automatic": {"type": "boolean", "description": "自動セット"},
                    "source": _ref("Source"),
                },
            },
            "Note": {
                "type": "object",
                "properties": {
                    "kind": {"type": "string", "description": "種類（hotline・discount・exclusion など）"},
                    "title": {"type": "string", "description": "見出し"},
                    "body": {"type": "string", "description": "内容"},
                    "value": _nullable("number", "数値（割引率など）"),
                    "source": _ref("Source"),
                },
            },
            "EligibilityRule": {
                "type": "object",
                "properties": {
                    "rule": {"type": "string", "description": "規則の種類"},
                    "params": {"type": "object", "description": "規則のパラメータ"},
                    "message": {"type": "string", "description": "該当しないときの説明"},
                    "source": _ref("Source"),
                },
            },
            "ScheduleRule": {
                "type": "object",
                "properties": {
                    "mode": {"type": "string", "description": "annual・monthly・mid_term"},
                    "start": {"type": "object", "description": "補償開始の規則"},
                    "deadline": {"type": "object", "description": "申込締切の規則"},
                    "debit": {"type": "object", "description": "保険料の払込の規則"},
                    "term": {"type": "object", "description": "保険期間の規則"},
                    "first_start": {**_NULL_DATE, "description": "パンフレットの最初の開始日"},
                    "last_start": {**_NULL_DATE, "description": "パンフレットの最後の開始日"},
                    "source": _ref("Source"),
                },
            },
            "PremiumRate": {
                "type": "object",
                "properties": {
                    "plan": {"type": "string", "description": "プランコード"},
                    "rank": {"type": "string", "description": "ランク"},
                    "annual_premium": {"type": "integer", "description": "年間保険料（円）"},
                    "source": _ref("Source"),
                },
            },
            "PremiumExample": {
                "type": "object",
                "properties": {
                    "plan": {"type": "string", "description": "プランコード"},
                    "industry": {"type": "string", "description": "業種"},
                    "risk_code": _nullable("string", "リスク区分コード"),
                    "annual_revenue": {"type": "integer", "description": "年間売上高（円）"},
                    "set_name": {"type": "string", "description": "セット"},
                    "it_option": {"type": "boolean", "description": "IT業務特約あり"},
                    "annual_premium": {"type": "integer", "description": "年間保険料（円）"},
                    "approximate": {"type": "boolean", "description": "「約」つきの目安"},
                    "assumptions": {"type": "string", "description": "前提"},
                    "source": _ref("Source"),
                },
            },
            "Product": {
                "allOf": [_ref("ProductSummary")],
                "type": "object",
                "required": ["slug", "name", "plans", "options", "sources"],
                "properties": {
                    "slug": {"type": "string", "description": "制度のスラッグ"},
                    "name": {"type": "string", "description": "制度名"},
                    "eligible_members": {"type": "string", "description": "加入できる方"},
                    "policyholder": {"type": "string", "description": "保険契約者"},
                    "premium_basis": {"type": "string", "description": "保険料の算出基礎"},
                    "cost_limit_relation": {"type": "string", "description": "費用と賠償の限度額の関係"},
                    "cost_limit_relation_text": {"type": "string", "description": "その説明"},
                    "plans": _array(_ref("Plan"), "プランと補償"),
                    "options": _array(_ref("Option"), "特約"),
                    "notes": _array(_ref("Note"), "注記（連絡先・割引・免責事項など）"),
                    "eligibility": _array(_ref("EligibilityRule"), "加入条件"),
                    "schedule": _array(_ref("ScheduleRule"), "日程の規則"),
                    "premium_rates": _array(_ref("PremiumRate"), "保険料表"),
                    "premium_examples": _array(_ref("PremiumExample"), "保険料例"),
                    "field_sources": {
                        "type": "object",
                        "additionalProperties": _ref("Source"),
                        "description": "制度全体の事実の出典",
                    },
                    "sources": _array(_ref("Source"), "この制度で使うすべての出典（重複なし）"),
                },
            },
            "EligibilityResult": {
                "type": "object",
                "required": ["product", "eligible", "reasons"],
                "properties": {
                    "product": {"type": "string", "description": "制度のスラッグ"},
                    "name": {"type": "string", "description": "制度名"},
                    "eligible": {"type": "boolean", "description": "加入できるか（未回答の条件は pending）"},
                    "reasons": _array({"type": "string"}, "加入できない理由"),
                    "cautions": _array({"type": "string"}, "加入できるが注意すること"),
                    "pending": _array({"type": "string"}, "最終判断に足りない回答"),
                    "reason_details": _array({"type": "object"}, "理由と出典"),
                    "caution_details": _array({"type": "object"}, "注意と出典"),
                },
            },
            "EligibilityResponse": {
                "type": "object",
                "required": ["results"],
                "properties": {
                    "answers": {"type": "object", "description": "解釈した回答"},
                    "results": _array(_ref("EligibilityResult"), "制度ごとの判定"),
                },
            },
            "Discount": {
                "type": "object",
                "properties": {
                    "title": {"type": "string", "description": "割引名"},
                    "max_rate": _nullable("number", "最大割引率（0.2 = 20%）"),
                    "body": {"type": "string", "description": "説明"},
                    "source": _ref("Source"),
                },
            },
            "Quote": {
                "type": "object",
                "required": ["product", "plan", "kind", "annual_premium", "notes"],
                "properties": {
                    "product": {"type": "string", "description": "制度のスラッグ"},
                    "plan": {"type": "string", "description": "プランコード"},
                    "plan_name": {"type": "string", "description": "プラン名"},
                    "kind": {
                        "type": "string",
                        "enum": ["exact", "example", "quote_required"],
                        "description": "保険料表・保険料例（目安）・要見積",
                    },
                    "annual_premium": _nullable("integer", "年間保険料（円）。要見積なら null"),
                    "notes": _array({"type": "string"}, "この金額の意味"),
                    "requirements": _array({"type": "string"}, "見積に必要な情報"),
                    "discounts": _array(_ref("Discount"), "割引"),
                    "example": {
                        "oneOf": [_ref("PremiumExample"), {"type": "null"}],
                        "description": "使った保険料例",
                    },
                    "sources": _array(_ref("Source"), "出典"),
                },
            },
            "Schedule": {
                "type": "object",
                "required": [
                    "coverage_start",
                    "coverage_end",
                    "application_deadline",
                    "first_debit",
                    "within_pamphlet_period",
                ],
                "properties": {
                    "product": {"type": "string", "description": "制度のスラッグ"},
                    "requested_start": {**_DATE, "description": "指定した補償開始希望日"},
                    "coverage_start": {**_NULL_DATE, "description": "補償開始日（規則に合わせた日）"},
                    "coverage_end": {**_NULL_DATE, "description": "保険期間の終了日"},
                    "application_deadline": {
                        **_NULL_DATE,
                        "description": "申込締切日（休日の繰り上げ・繰り下げ後）",
                    },
                    "first_debit": {
                        **_NULL_DATE,
                        "description": "初回の保険料引落日（引落の規則がなければ null）",
                    },
                    "within_pamphlet_period": {
                        "type": "boolean",
                        "description": "開始日がパンフレットの期間内か",
                    },
                    "start_hour": _nullable("integer", "補償開始の時刻（時）"),
                    "end_hour": _nullable("integer", "保険期間終了の時刻（時）"),
                    "mode": _nullable("string", "使った規則（annual・monthly・mid_term）"),
                    "debit_kind": _nullable(
                        "string", "払込の方法（day_in_month_after・by_deadline_transfer など）"
                    ),
                    "deadline_unshifted": {**_NULL_DATE, "description": "休日で動かす前の締切日"},
                    "debit_unshifted": {**_NULL_DATE, "description": "休日で動かす前の引落日"},
                    "deadline_passed": {"type": "boolean", "description": "今日の時点で締切を過ぎたか"},
                    "next_possible_start": {**_NULL_DATE, "description": "今から間に合う最も早い開始日"},
                    "warnings": _array({"type": "string"}, "注意（日本語）"),
                    "source": _ref("Source"),
                },
            },
            "SimulateRequest": {
                "type": "object",
                "required": ["plans"],
                "additionalProperties": False,
                "properties": {
                    "scenario": {
                        "type": ["string", "null"],
                        "enum": [*SCENARIOS, None],
                        "description": (
                            "事故の例："
                            + "、".join(f"{s.key}＝{s.label}" for s in SCENARIOS.values())
                            + "。事故の内容・発見のきっかけ・人数・金額の既定値になります"
                        ),
                    },
                    "facts": {
                        "type": ["array", "null"],
                        "items": {"type": "string", "enum": list(FACT_LABELS)},
                        "minItems": 1,
                        "description": (
                            "事故の内容（scenario がなければ必須。あれば scenario の内容を置き換えます）："
                            + "、".join(f"{k}＝{v}" for k, v in FACT_LABELS.items())
                        ),
                    },
                    "discovered_by": {
                        "type": ["string", "null"],
                        "enum": [*DISCOVERED_BY, None],
                        "description": (
                            "発見のきっかけ：self＝自社で気づいた、external＝公的機関・セキュリティ会社などからの通報。"
                            "既定値は scenario のもの、なければ self"
                        ),
                    },
                    "persons": {
                        "type": ["integer", "null"],
                        "minimum": 0,
                        "maximum": MAX_PERSONS,
                        "description": "被害を受けた人数（見舞金の対象）。既定値は scenario のもの、なければ0",
                    },
                    "amounts": {
                        "type": ["object", "null"],
                        "additionalProperties": False,
                        "properties": {
                            key: {**_COST_AMOUNT, "description": f"{cost.label}（{cost.help}）"}
                            for key, cost in COST_TYPES.items()
                        },
                        "description": (
                            "費用の種類ごとの金額（円）。整数か「1億2,000万円」のような文字列。見舞金（consolation）は"
                            "1人あたり。指定のない種類は scenario の例の金額、scenario がなければ0"
                        ),
                    },
                    "plans": {
                        "type": "array",
                        "items": {"type": "string"},
                        "minItems": 1,
                        "maxItems": MAX_PLANS,
                        "uniqueItems": True,
                        "description": f"比べるプラン（「制度:プラン」、例：silver-cyber:FII）。1〜{MAX_PLANS}つ",
                    },
                    "options": {
                        "type": ["array", "null"],
                        "items": {"type": "string"},
                        "description": (
                            "付けるオプション（「制度:特約」、例：sompo-jcci-cyber:bi）。比べるプランの制度のもの"
                        ),
                    },
                },
            },
            "SimulateLine": {
                "type": "object",
                "required": ["cost_type", "label", "claimed", "covered", "paid"],
                "properties": {
                    "cost_type": {"type": "string", "enum": list(COST_TYPES), "description": "費用の種類"},
                    "label": {"type": "string", "description": "費用の種類の名前"},
                    "claimed": {"type": "integer", "description": "かかった額（円。見舞金は人数を掛けた額）"},
                    "covered": {"type": "boolean", "description": "このプランの補償に当たるか"},
                    "paid": {"type": "integer", "description": "支払われる額（円）"},
                    "item": _nullable("string", "当てはめた補償の分類キー（例：cost_forensic）"),
                    "own_name": {"type": "string", "description": "パンフレットでの補償の名称"},
                    "rules": _array({"type": "string"}, "当てはめた条件（限度額・免責・縮小支払割合など）"),
                    "reasons": _array({"type": "string"}, "支払われない、または減る理由"),
                    "limit_unknown": {
                        "type": "boolean",
                        "description": "支払限度額が申込書で決まるため上限を設けずに計算した",
                    },
                    "source": _ref("Source"),
                },
            },
            "SimulatePlan": {
                "type": "object",
                "required": ["key", "title", "claimed", "paid", "lines"],
                "properties": {
                    "key": {"type": "string", "description": "プラン（「制度:プラン」）"},
                    "title": {"type": "string", "description": "制度とプランの名前"},
                    "options": _array({"type": "string"}, "付けたオプションの特約コード"),
                    "claimed": {"type": "integer", "description": "かかった額の合計（円）"},
                    "paid": {"type": "integer", "description": "支払われる額の合計（円）"},
                    "limit_unknown": {
                        "type": "boolean",
                        "description": "上限を設けずに計算した費用がある（限度額は申込書で決まる）",
                    },
                    "notes": _array({"type": "string"}, "合計にかかる限度などの注記"),
                    "lines": _array(_ref("SimulateLine"), "費用ごとの支払額"),
                },
            },
            "SimulateResponse": {
                "type": "object",
                "required": ["scenario", "facts", "discovered_by", "persons", "plans"],
                "properties": {
                    "scenario": _nullable("string", "使った事故の例"),
                    "facts": _array({"type": "string"}, "事故の内容"),
                    "discovered_by": {"type": "string", "description": "発見のきっかけ（self・external）"},
                    "persons": {"type": "integer", "description": "被害を受けた人数"},
                    "amounts": {
                        "type": "object",
                        "additionalProperties": {"type": "integer"},
                        "description": "計算に使った費用の種類ごとの金額（円。既定値を補ったもの）",
                    },
                    "plans": _array(_ref("SimulatePlan"), "プランごとの支払額"),
                },
            },
        },
    },
}
