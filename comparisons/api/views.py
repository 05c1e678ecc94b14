"""JSON API: the catalogue, eligibility, premiums, schedules and the incident simulator, computed by the same
domain code as the pages.

Every operation is thin: its parameters or body arrive parsed and checked by the typed request schemas
(request_schemas.py), it calls the selectors and the domain, and its response schema (response_schemas.py)
shapes what it returns.
A refusal is answered with ``{"error": {"param", "message"}}`` (errors.py): HTTP 400 for a bad parameter,
404 for an unknown product, 405 for a wrong method (urls.py).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from ninja import Path, Query
from ninja.decorators import decorate_view

from comparisons.catalogue import selectors
from comparisons.compare.results import chosen_options
from comparisons.domain import pricing
from comparisons.domain.calendar import CalendarRangeError
from comparisons.domain.eligibility import evaluate_all
from comparisons.domain.money import format_yen
from comparisons.domain.payout import FACT_LABELS
from comparisons.domain.payout import simulate as run_simulation
from comparisons.domain.schedule import compute_schedule, earliest_start
from comparisons.simulator.views import columns_for, forbidden, free_set_problems, problem_message

from . import response_schemas as out
from .errors import MAX_BODY_BYTES, ApiError, body_too_large, field_error
from .ninja_api import api
from .request_schemas import EligibilityQuery, QuoteQuery, ScheduleQuery, SimulateRequest

NO_SCHEDULE_WARNING = (
    "この制度のパンフレットには、補償開始日・申込締切日・保険料の払込日の定めが記載されていません。"
    "日程は保険会社または代理店にご確認ください。"
)
PRODUCTS = "制度と補償"
FOR_A_MEMBER = "加入条件・保険料・日程"
SIMULATOR = "事故の試算"
BAD_PARAMETER = "パラメータの誤り（error.param に誤ったパラメータ名、error.message に日本語の説明）"


def operation(
    operation_id: str,
    tag: str,
    summary: str,
    description: str,
    *,
    ok: type,
    ok_text: str,
    errors: dict[int, str] | None = None,
    examples: list[str] | None = None,
    body_example: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The keyword arguments of ``@api.get`` / ``@api.post``: the operation as the OpenAPI document shows it,
    in Japanese. `ok` is the response schema of HTTP 200, described by `ok_text`; each status in `errors` answers
    with the API's Error, described by its text. `examples` are request URLs (``x-examples``, listed and
    tested on the docs page); `body_example` a request body."""
    errors = errors or {}
    extra: dict[str, Any] = {"responses": {200: {"description": ok_text}}}
    extra["responses"] |= {code: {"description": text} for code, text in errors.items()}
    if examples:
        extra["x-examples"] = examples
    if body_example:
        extra["requestBody"] = {"content": {"application/json": {"example": body_example}}}
    return {
        "operation_id": operation_id,
        "tags": [tag],
        "summary": summary,
        "description": description,
        "response": {200: ok} | dict.fromkeys(errors, out.Error),
        "openapi_extra": extra,
    }


@api.get(
    "/products/",
    **operation(
        "listProducts",
        PRODUCTS,
        "制度の一覧",
        "全制度の名前・保険会社・プラン・パンフレットの期間。",
        ok=out.ProductList,
        ok_text="制度の一覧",
        examples=["/api/products/"],
    ),
)
def products(request: HttpRequest) -> dict[str, Any]:
    return {"products": selectors.products()}


@api.get(
    "/products/{slug:slug}/",
    **operation(
        "getProduct",
        PRODUCTS,
        "制度の詳細",
        (
            "制度のすべての情報：プランごとの補償（分類表の全項目。記載のない項目は status が not_stated）、"
            "特約、注記、加入条件、日程の規則、保険料表・保険料例、出典の一覧。"
        ),
        ok=out.Product,
        ok_text="制度の詳細",
        errors={404: "制度が見つからない（error.param は slug）"},
        examples=["/api/products/silver-cyber/", "/api/products/jcci-leak-liability/"],
    ),
)
def product(request: HttpRequest, slug: str = Path(description="制度のスラッグ（例：silver-cyber）")) -> Any:
    found = selectors.product(slug)
    if found is None:
        raise ApiError("slug", f"制度「{slug}」は見つかりません。", status=404)
    return found


@api.get(
    "/eligibility/",
    **operation(
        "checkEligibility",
        FOR_A_MEMBER,
        "加入できるか",
        (
            "回答に対して各制度の加入条件を判定します。state は eligible（加入条件を満たす）・not_eligible（reasons に"
            "理由）・unknown（判定に必要な回答が pending に、パンフレットに記載がなく尋ねることが questions に挙がる）。"
            "eligible が true になるのは state が eligible のときだけで、会員が条件の制度は membership がなければ unknown"
            "です。pamphlet はパンフレットが今日の時点で期間内か。同じパラメータを2回指定するなど、誤ったパラメータは"
            " HTTP 400 です。"
        ),
        ok=out.EligibilityResponse,
        ok_text="制度ごとの判定",
        errors={400: BAD_PARAMETER},
        examples=[
            "/api/eligibility/?membership=jcci&organisation=company&industry=14&revenue=1億2,000万円",
            "/api/eligibility/?membership=none",
        ],
    ),
)
def eligibility(request: HttpRequest, query: Query[EligibilityQuery]) -> dict[str, Any]:
    risk_table = {row.code: row for row in selectors.risk_categories()}
    results = evaluate_all(selectors.products(), query.answers(), risk_table=risk_table)
    return {"answers": query, "results": results}


@api.get(
    "/quote/",
    **operation(
        "getQuote",
        FOR_A_MEMBER,
        "保険料",
        (
            "パンフレットが示すとおりの保険料。annual_premium が数値になるのは、そのプランのその条件の金額が"
            "パンフレットにあるときだけ：exact（保険料表の年間保険料。年間加入で、表の保険期間のとき）、"
            "example（同じプラン・セット・業種・売上高・IT業務特約の保険料例。パンフレットの期間のとき。約）。"
            "それ以外は null で、kind が理由：nearest_example（同じ条件の例なし）、mid_term（中途加入は代理店に照会）、"
            "outside_period（開始日または今日がパンフレットの期間外）、not_priced（フリーセットなど保険料例なし）、"
            "not_available（売上高5,000億円超、リスク区分48〜54・5GのIT業務特約、利益・営業継続費用のない自主的停止など、"
            "パンフレットで選べない組み合わせ。reasons に規則とパンフレットの原文）、quote_required（表がなく要見積）。最も近い保険料例は example に、あなたの場合との違い"
            "（differences）つきで入ります。security を指定すると、このプラン自身の金額に割引を当てはめた目安を"
            "what_if に返します。"
        ),
        ok=out.Quote,
        ok_text="保険料",
        errors={400: BAD_PARAMETER},
        examples=[
            "/api/quote/?product=silver-cyber&plan=FII&rank=B",
            "/api/quote/?product=jcci-leak-liability&plan=premium-D&industry=34&revenue=20億&start=2019-06-01",
            "/api/quote/?product=jcci-leak-liability&plan=premium-D&industry=60&revenue=50000000&security=30",
            "/api/quote/?product=silver-cyber&start=2026-12-15&plan=FII&rank=B",
            "/api/quote/?product=jcci-leak-liability&plan=standard-E&liability=100000000&costs=50000000",
            "/api/quote/?product=sompo-jcci-cyber&plan=basic",
            "/api/quote/?product=sompo-jcci-cyber&plan=basic&options=sompo-jcci-cyber:voluntary_shutdown",
        ],
    ),
)
def quote(request: HttpRequest, query: Query[QuoteQuery]) -> pricing.Quote:
    found = selectors.product(query.product)
    plan = found.plan(query.plan)
    if plan is not None and plan.free_set and (query.liability is None) != (query.costs is None):
        missing, given = ("costs", "liability") if query.costs is None else ("liability", "costs")
        raise field_error(
            QuoteQuery,
            missing,
            f"フリーセットでは{QuoteQuery.model_fields[given].title}（{given}）と一緒に指定してください。",
        )
    return pricing.quote(
        found,
        plan_code=query.plan,
        rank=query.rank,
        risk_code=query.industry,
        revenue=query.revenue,
        options=chosen_options(query.options, query.product),
        it_option=query.it_option,
        liability=query.liability,
        costs=query.costs,
        risk_table={row.code: row for row in selectors.risk_categories()},
        start=query.start,
        today=timezone.localdate(),
        security_rate=Decimal(query.security or 0) / 100,
    )


@api.get(
    "/schedule/",
    **operation(
        "getSchedule",
        FOR_A_MEMBER,
        "申込日程",
        (
            "補償開始希望日に対する補償期間・申込締切日・初回の保険料引落日。パンフレットの期間内はパンフレットの日付"
            "（basis: pamphlet）。期間外は、パンフレットが毎月の規則として書いているものだけを当てはめて推定し"
            "（basis: estimate、estimated: true、どの日付が推定かは estimated_fields）、表や特定の年度の日付しかない"
            "場合は日付を作らず null にします（basis: unknown）。12月31日〜1月3日を休日と数えたなど、読み方による"
            "日付も estimated で、assumptions に説明が入ります。earliest_start は今日から申し込んで間に合う最も早い"
            "開始日（期間外なら estimated: true）。日程の記載がない制度は日付がすべて null で、warnings に理由が入ります。"
        ),
        ok=out.Schedule,
        ok_text="日程",
        errors={400: BAD_PARAMETER},
        examples=[
            "/api/schedule/?product=sompo-jcci-cyber&start=2025-03-01",
            "/api/schedule/?product=silver-cyber&start=2026-06-15",
            "/api/schedule/?product=sompo-jcci-cyber&start=2027-01-01",
            "/api/schedule/?product=jcci-leak-liability&start=2027-01-01",
        ],
    ),
)
def schedule(request: HttpRequest, query: Query[ScheduleQuery]) -> dict[str, Any]:
    found = selectors.product(query.product)
    today = timezone.localdate()
    window = {"valid_from": found.valid_from, "valid_to": found.valid_to, "period_text": found.period_text}
    try:
        result = compute_schedule(found.schedule, requested_start=query.start, today=today, **window)
    except CalendarRangeError as exc:
        raise field_error(ScheduleQuery, "start", str(exc)) from exc
    common = {
        "product": found.slug,
        "pamphlet": out.pamphlet(found.slug),
        "earliest_start": earliest_start(found.schedule, today=today, **window) if found.schedule else None,
    }
    if result is None:
        return {**common, "requested_start": query.start, "warnings": [NO_SCHEDULE_WARNING]}
    return {**common, **vars(result), "estimated": result.estimated}


def refuse_large_bodies(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse a body declared larger than MAX_BODY_BYTES before reading it."""

    @wraps(run)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > MAX_BODY_BYTES:
            error = body_too_large()
            return api.create_response(request, error.payload(), status=error.status)
        return run(request, *args, **kwargs)

    return guarded


SIMULATE_EXAMPLE = {
    "scenario": "card_leak",
    "persons": 2000,
    "amounts": {"investigation": "800万円", "consolation": 500},
    "plans": ["silver-cyber:FII", "jcci-leak-liability:premium-C", "aig-personal-info:basic"],
    "options": ["aig-personal-info:crisis_exec"],
}


@api.post(
    "/simulate/",
    **operation(
        "simulateIncident",
        SIMULATOR,
        "事故が起きたらいくら支払われるか（試算）",
        (
            "1つの事故（事故の例 scenario か事故の内容 facts、費用の金額 amounts）を、比べるプラン（最大4つ）の"
            "補償の条件（支払の契機・支払限度額・内枠・縮小支払割合・免責金額・1名あたりの限度額）に当てはめ、"
            "費用ごとに支払われる額と理由・出典を返します。本文は JSON で送ります（最大100KB）。"
            "限度額が申込書で決まるプランは上限を設けずに計算し、limit_unknown を true にします。"
            "パンフレットの条件による試算で、実際の保険金は保険会社の審査で決まります。"
        ),
        ok=out.SimulateResponse,
        ok_text="プランごとの支払額",
        errors={
            400: (
                "本文の誤り（error.param に誤った項目の位置、例：amounts.investigation・plans[2]。"
                "error.message に日本語の説明）"
            ),
            405: "POST 以外のメソッド（error.param は method）",
        },
        body_example=SIMULATE_EXAMPLE,
    ),
)
@decorate_view(refuse_large_bodies)
def simulate(request: HttpRequest, body: SimulateRequest) -> dict[str, Any]:
    incident = body.incident()
    products = selectors.products()
    entered = body.application_terms()
    _check_terms(products, body.plans, entered)
    columns = columns_for(products, body.plans, body.options or [], entered)
    options = body.options or []
    for col, problems in forbidden(columns, incident.risk_code):
        key = f"{col.product.slug}:{problems[0].option}"
        raise ApiError(
            f"options[{options.index(key)}]" if key in options else "options",
            problem_message(col, problems[0]),
        )
    for col, message in free_set_problems(columns):
        raise ApiError(f"terms.{col.key}.cost_limit", message)
    payouts = run_simulation(columns, incident)
    return {
        "scenario": body.scenario,
        "facts": [fact for fact in FACT_LABELS if fact in incident.events],
        "discovered_by": incident.discovered_by,
        "leaked_info": incident.leaked_info,
        "persons": incident.persons,
        "companies": incident.companies,
        "amounts": incident.amounts,
        "plans": [{"options": list(col.options), **vars(p)} for p, col in zip(payouts, columns, strict=True)],
    }


def _check_terms(products, plans: list[str], entered: dict[str, dict]) -> None:
    """Figures set on the application: only a compared plan's own, and a free set's allowed values."""
    by_key = {f"{p.slug}:{pl.code}": pl for p in products for pl in p.plans}
    for key, values in entered.items():
        if key not in plans:
            raise ApiError(f"terms.{key}", f"「{key}」は比べるプラン（plans）にありません。")
        allowed = {t.key: t for t in by_key[key].application_terms}
        for name, value in values.items():
            if name not in allowed:
                names = "、".join(f"{k}（{t.label}）" for k, t in allowed.items()) or "なし"
                raise ApiError(f"terms.{key}.{name}", f"このプランで指定できる値は次のとおりです：{names}")
            if allowed[name].choices and value not in allowed[name].choices:
                raise ApiError(
                    f"terms.{key}.{name}", f"{allowed[name].label}に{format_yen(value)}は選べません。"
                )


_DOCUMENTS: dict[str, dict[str, Any]] = {}  # the catalogue's version token → the document


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document, generated from the schemas with the catalogue's current choices as enums;
    generated again only when the catalogue changes (selectors.catalogue_token)."""
    token = selectors.catalogue_token()
    if token not in _DOCUMENTS:
        document = api.get_openapi_schema()
        if not token:  # rows written by hand (a test): never reuse
            return document
        _DOCUMENTS.clear()
        _DOCUMENTS[token] = document
    return _DOCUMENTS[token]


@require_GET
def openapi(request: HttpRequest) -> HttpResponse:
    return api.create_response(request, openapi_document(), status=200)
