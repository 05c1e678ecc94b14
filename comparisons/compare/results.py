"""Assemble a comparison result from a member's answers: eligibility, price, dates and the matrix.

Plain data in, plain data out: the page, the handout and the API all build on this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from comparisons.domain import eligibility as elig
from comparisons.domain import pricing
from comparisons.domain.matrix import Column, Matrix, build_matrix
from comparisons.domain.period import PeriodStatus, period_status
from comparisons.domain.schedule import Schedule, compute_schedule
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


@dataclass(frozen=True)
class ProductResult:
    product: ProductInfo
    eligibility: elig.Eligibility
    period: PeriodStatus
    schedule: Schedule | None
    prices: tuple[tuple[PlanInfo, pricing.Quote | None, str], ...]  # (plan, quote, error message)
    discounted_example: int | None = None


@dataclass(frozen=True)
class Result:
    products: tuple[ProductResult, ...]
    matrix: Matrix
    chosen_plans: tuple[str, ...]
    default_plans_used: bool
    notices: tuple[str, ...] = field(default_factory=tuple)

    @property
    def eligible_count(self) -> int:
        return sum(1 for p in self.products if p.eligibility.eligible)


def default_plan(product: ProductInfo) -> PlanInfo:
    """A representative plan: the family with the broadest cover, its middle fixed level."""

    def breadth(plan: PlanInfo) -> int:
        return sum(1 for c in plan.cells.values() if c.status == "included")

    fixed = [p for p in product.plans if not p.free_set] or list(product.plans)
    widest = max(breadth(p) for p in fixed)
    family = [p for p in fixed if breadth(p) == widest]
    return family[(len(family) - 1) // 2] if len(family) > 1 else family[0]


def _prices(product: ProductInfo, req: Request, plans: list[PlanInfo]):
    rows = []
    for plan in plans:
        try:
            q = (
                pricing.quote(
                    product,
                    plan_code=plan.code,
                    rank=req.rank,
                    risk_code=req.answers.risk_code,
                    revenue=req.answers.revenue,
                    it_option=req.answers.wants_it_services,
                    liability=None,
                    costs=None,
                )
                if not plan.free_set
                else None
            )
            rows.append((plan, q, "" if q else "フリーセットは限度額を選んで見積ります。"))
        except pricing.QuoteError as exc:
            rows.append((plan, None, str(exc)))
    return tuple(rows)


def build(
    products: list[ProductInfo],
    risk_table: dict[str, RiskCategoryInfo],
    req: Request,
    *,
    today: dt.date,
    items: list[tuple[str, str, str, str]],
) -> Result:
    by_slug = {p.slug: p for p in products}
    results = []
    for product in products:
        eligibility = elig.evaluate(product, req.answers, risk_table=risk_table)
        schedule = None
        if req.start and product.schedule:
            schedule = compute_schedule(
                product.schedule,
                requested_start=req.start,
                today=today,
                valid_from=product.valid_from,
                valid_to=product.valid_to,
            )
        chosen_here = [
            product.plan(k.split(":", 1)[1]) for k in req.plans if k.startswith(product.slug + ":")
        ]
        price_plans = [p for p in chosen_here if p] or [default_plan(product)]
        if product.premium_kind == "exact":
            price_plans = [p for p in product.plans if not p.free_set]
        prices = _prices(product, req, price_plans)
        discounted = None
        example_quotes = [q for _plan, q, _err in prices if q and q.kind == "example"]
        if example_quotes and req.security_rate:
            discounted = pricing.discounted(example_quotes[0].annual_premium, security_rate=req.security_rate)
        results.append(
            ProductResult(
                product=product,
                eligibility=eligibility,
                period=period_status(valid_from=product.valid_from, valid_to=product.valid_to, on=today),
                schedule=schedule,
                prices=prices,
                discounted_example=discounted,
            )
        )

    results.sort(key=lambda r: not r.eligibility.eligible)  # stable: catalogue order within each group
    chosen = [
        k
        for k in req.plans
        if ":" in k and k.split(":", 1)[0] in by_slug and by_slug[k.split(":", 1)[0]].plan(k.split(":", 1)[1])
    ]
    default_used = not chosen
    if default_used:
        eligible = [r.product for r in results if r.eligibility.eligible] or products
        chosen = [f"{p.slug}:{default_plan(p).code}" for p in eligible][:4]
    columns = []
    for key in chosen[:4]:
        slug, code = key.split(":", 1)
        product = by_slug[slug]
        opts = tuple(o.split(":", 1)[1] for o in req.options if o.startswith(slug + ":"))
        columns.append(Column(product=product, plan=product.plan(code), options=opts))
    matrix = build_matrix(columns, items=items, worries=req.worries, differences_only=req.differences_only)
    return Result(
        products=tuple(results), matrix=matrix, chosen_plans=tuple(chosen), default_plans_used=default_used
    )
