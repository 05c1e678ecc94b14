"""Assemble a comparison result from a member's answers: eligibility, price, dates and the matrix.

Plain data in, plain data out: the page, the handout and the API all build on this. Everything a summary
needs is here as data: the verdict (with whether the pamphlet is current), each plan's quote (kind, figure,
reference example and how the member's case differs), the schedule (with what is 推定) and the earliest
start from today.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from comparisons.domain import eligibility as elig
from comparisons.domain import pricing
from comparisons.domain.matrix import Column, Matrix, build_matrix
from comparisons.domain.period import PeriodStatus, period_status
from comparisons.domain.schedule import EarliestStart, Schedule, compute_schedule, earliest_start
from comparisons.domain.types import PlanInfo, ProductInfo, RiskCategoryInfo


@dataclass(frozen=True)
class Request:
    answers: elig.Answers
    rank: str | None = None
    start: dt.date | None = None
    plans: tuple[str, ...] = ()  # "slug:code"
    options: tuple[str, ...] = ()  # "slug:code"
    worries: tuple[str, ...] = ()
    differences_only: bool = False
    security_rate: Decimal = Decimal(0)


def chosen_options(option_keys, slug: str) -> tuple[str, ...]:
    """The option codes of one programme among "slug:code" keys (the compare form's, the simulator's)."""
    return tuple(key.partition(":")[2] for key in option_keys if key.startswith(slug + ":"))


@dataclass(frozen=True)
class Verdict:
    """The eligibility answer as a member reads it.

    state: "eligible" | "eligible_outdated" (the pamphlet's conditions are met, but the pamphlet is not
    current today, states no period, or the desired start is outside it) | "unknown" | "not_eligible".
    """

    state: str
    symbol: str
    headline: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProductResult:
    product: ProductInfo
    eligibility: elig.Eligibility
    period: PeriodStatus  # the pamphlet's period against today
    schedule: Schedule | None  # for the desired start (None: no start given, or no rule in the pamphlet)
    prices: tuple[tuple[PlanInfo, pricing.Quote | None, str], ...]  # (plan, quote, error message)
    verdict: Verdict
    earliest: EarliestStart | None = None  # the earliest start from today (None: no rule in the pamphlet)
    table_use: pricing.Timing | None = None  # exact tables: whether the table is the member's price
    table_notice: str = ""  # …said as a warning when it is not
    table_notes: tuple[str, ...] = ()  # what the table's figures are
    discounts: tuple[pricing.Discount, ...] = ()

    @property
    def pamphlet_current(self) -> bool:
        return self.verdict.state != "eligible_outdated" and self.period.current is True

    # What this result's sections of the results page show besides the catalogue's own facts (plans by
    # their code): the key parts of their {% fragment %} (templates/comparisons/_results.html), rendered once
    # for every member whose answers give the same. Plain data.

    @property
    def price_section(self) -> tuple:
        """The 保険料 block's parts: the prices with their examples and differences, the table's use."""
        return (
            self.product.slug,
            self.verdict.state,
            tuple((plan.code, quote, error) for plan, quote, error in self.prices),
            self.table_use,
            self.table_notice,
            self.table_notes,
            self.discounts,
        )

    @property
    def eligibility_section(self) -> tuple:
        """The 加入の条件 card's parts: the verdict, its reasons and cautions, the earliest start, the period."""
        return (self.product.slug, self.verdict, self.eligibility, self.earliest, self.period)


@dataclass(frozen=True)
class Result:
    products: tuple[ProductResult, ...]
    matrix: Matrix
    chosen_plans: tuple[str, ...]
    default_plans_used: bool
    notices: tuple[str, ...] = field(default_factory=tuple)

    @property
    def dates_section(self) -> tuple:
        """What the 申込の締切と補償期間 table shows besides the catalogue's facts: each programme's schedule."""
        return tuple((p.product.slug, p.schedule) for p in self.products)

    @property
    def page_section(self) -> tuple:
        """What the whole results region shows besides the catalogue's facts, the summary and the form's
        rank, start and options: the counts, the plans compared, the matrix's key and every programme's
        sections. Plain data: the key parts of the region's own {% fragment %} (templates/comparisons/
        compare.html), whose body is the fragments keyed by these same parts and a few words around them."""
        return (
            self.eligible_count,
            self.unknown_count,
            self.chosen_plans,
            self.default_plans_used,
            self.matrix.cache_key,
            self.dates_section,
            tuple((p.price_section, p.eligibility_section) for p in self.products),
        )

    @property
    def eligible_count(self) -> int:
        """Programmes whose pamphlet conditions the answers meet (current or not)."""
        return sum(1 for p in self.products if p.eligibility.eligible)

    @property
    def current_count(self) -> int:
        """…of which the pamphlet is current for the member's time."""
        return sum(1 for p in self.products if p.verdict.state == "eligible")

    @property
    def unknown_count(self) -> int:
        return sum(1 for p in self.products if p.eligibility.unknown)


ORDER = {"eligible": 0, "eligible_outdated": 1, "unknown": 2, "not_eligible": 3}


def verdict(eligibility: elig.Eligibility, period: PeriodStatus, schedule: Schedule | None) -> Verdict:
    """The verdict line: an out-of-date or undated pamphlet, or a desired start outside it, is said in the
    verdict itself, never only beside it."""
    if eligibility.state == elig.NOT_ELIGIBLE:
        return Verdict("not_eligible", "✕", "加入できません")
    if eligibility.state == elig.UNKNOWN:
        details = []
        if eligibility.pending:
            details.append(f"判定には次の回答が必要です：{'・'.join(eligibility.pending)}")
        return Verdict("unknown", "？", "まだ判定できません", (*details, *eligibility.questions))
    start_outside = schedule is not None and not schedule.within_pamphlet_period
    if period.current is True and not start_outside:
        return Verdict("eligible", "◯", "加入できます")
    details = [period.message] if period.message else []
    if start_outside:
        details.append(
            f"ご希望の開始日（{schedule.requested_start:%Y年%-m月%-d日}）はパンフレットの期間外です。"
            "その時期の条件は代理店または保険会社にご確認ください。"
        )
    reason = "有効期間の記載なし" if period.current is None else "期間外"
    return Verdict(
        "eligible_outdated",
        "△",
        f"パンフレットの加入条件は満たしています（パンフレットは{reason}）",
        tuple(details),
    )


T = TypeVar("T")


class _Kept:
    """The last `size` values built, by key, the least recently used dropped first; thread-safe (two threads
    may build the same value once each)."""

    def __init__(self, size: int):
        self._size = size
        self._values: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get_or_build(self, key, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = build()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


# build_matrix is a pure function of the columns (catalogue objects, plan, options, terms), the taxonomy rows, the
# worries and "differences only". Members who give new answers (another revenue, another start) mostly compare
# the same plans, so the last matrices built are kept, keyed by the identity of the catalogue objects they were
# built from: a new catalogue version builds new objects, so it can never be served an old matrix. An entry
# holds those objects (a matrix its columns; a default plan its product), so an id in a key is never reused
# while the entry lives.
_matrices = _Kept(32)
_default_plans = _Kept(128)  # (product, plan) by id(product)


def forget_built() -> None:
    """Empty the process's kept matrices and default plans (tests start from nothing)."""
    _matrices.clear()
    _default_plans.clear()


def default_plan(product: ProductInfo) -> PlanInfo:
    """A representative plan: the family with the broadest cover, its middle fixed level (kept per product)."""
    return _default_plans.get_or_build(id(product), lambda: (product, _default_plan(product)))[1]


def _default_plan(product: ProductInfo) -> PlanInfo:
    def breadth(plan: PlanInfo) -> int:
        return sum(1 for c in plan.cells.values() if c.status == "included")

    fixed = [p for p in product.plans if not p.free_set] or list(product.plans)
    widest = max(breadth(p) for p in fixed)
    family = [p for p in fixed if breadth(p) == widest]
    return family[(len(family) - 1) // 2] if len(family) > 1 else family[0]


def _prices(product: ProductInfo, req: Request, plans: list[PlanInfo], risk_table, today: dt.date):
    rows = []
    for plan in plans:
        try:
            q = pricing.quote(
                product,
                plan_code=plan.code,
                rank=req.rank,
                risk_code=req.answers.risk_code,
                revenue=req.answers.revenue,
                options=chosen_options(req.options, product.slug),
                it_option=req.answers.wants_it_services,
                risk_table=risk_table,
                start=req.start,
                today=today,
                security_rate=req.security_rate,
            )
            rows.append((plan, q, ""))
        except pricing.QuoteError as exc:
            rows.append((plan, None, str(exc)))
    return tuple(rows)


def _product_result(product: ProductInfo, risk_table, req: Request, today: dt.date) -> ProductResult:
    eligibility = elig.evaluate(product, req.answers, risk_table=risk_table)
    period = period_status(
        valid_from=product.valid_from, valid_to=product.valid_to, on=today, period_text=product.period_text
    )
    window = {
        "valid_from": product.valid_from,
        "valid_to": product.valid_to,
        "period_text": product.period_text,
    }
    schedule = earliest = None
    if product.schedule:
        earliest = earliest_start(product.schedule, today=today, **window)
        if req.start:
            schedule = compute_schedule(product.schedule, requested_start=req.start, today=today, **window)
    chosen_here = [product.plan(k.split(":", 1)[1]) for k in req.plans if k.startswith(product.slug + ":")]
    price_plans = [p for p in chosen_here if p] or [default_plan(product)]
    table_use, table_notice, table_notes = None, "", ()
    if product.premium_kind == "exact":
        price_plans = [p for p in product.plans if not p.free_set]
        table_use = pricing.timing_of(product, req.start, today)
        table_notice, table_notes = pricing.table_notes(product, table_use)
    return ProductResult(
        product=product,
        eligibility=eligibility,
        period=period,
        schedule=schedule,
        prices=_prices(product, req, price_plans, risk_table, today),
        verdict=verdict(eligibility, period, schedule),
        earliest=earliest,
        table_use=table_use,
        table_notice=table_notice,
        table_notes=table_notes,
        discounts=pricing.discounts(product),
    )


def _matrix(
    columns: list[Column],
    *,
    items: list[tuple[str, str, str, str]],
    worries: tuple[str, ...],
    differences_only: bool,
) -> Matrix:
    """build_matrix(...), the same Matrix again for the same catalogue objects and choices (see above)."""
    key = (
        tuple((id(c.product), id(c.plan), c.options, c.terms) for c in columns),
        tuple(items),
        tuple(worries),
        differences_only,
    )
    return _matrices.get_or_build(
        key, lambda: build_matrix(columns, items=items, worries=worries, differences_only=differences_only)
    )


def build(
    products: list[ProductInfo],
    risk_table: dict[str, RiskCategoryInfo],
    req: Request,
    *,
    today: dt.date,
    items: list[tuple[str, str, str, str]],
) -> Result:
    """One comparison for the answers, as of `today` (JST). The request's start must be a date the holiday
    calendar covers (the form checks it)."""
    by_slug = {p.slug: p for p in products}
    results = [_product_result(product, risk_table, req, today) for product in products]
    results.sort(key=lambda r: ORDER[r.verdict.state])  # stable: catalogue order within each group
    chosen = [
        k
        for k in req.plans
        if ":" in k and k.split(":", 1)[0] in by_slug and by_slug[k.split(":", 1)[0]].plan(k.split(":", 1)[1])
    ]
    default_used = not chosen
    if default_used:
        possible = [r.product for r in results if r.verdict.state != "not_eligible"] or products
        chosen = [f"{p.slug}:{default_plan(p).code}" for p in possible][:4]
    columns = []
    for key in chosen[:4]:
        slug, code = key.split(":", 1)
        product = by_slug[slug]
        opts = chosen_options(req.options, slug)
        columns.append(Column(product=product, plan=product.plan(code), options=opts))
    matrix = _matrix(columns, items=items, worries=req.worries, differences_only=req.differences_only)
    return Result(
        products=tuple(results), matrix=matrix, chosen_plans=tuple(chosen), default_plans_used=default_used
    )
