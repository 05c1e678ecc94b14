"""What a plan costs, shown as what the pamphlet really gives: an exact table, an example, or 要見積."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from .money import format_yen
from .types import PremiumExampleRow, ProductInfo, Source


class QuoteError(ValueError):
    """Bad input for a quote; the message is Japanese and names the problem."""

    def __init__(self, param: str, message: str):
        self.param = param
        super().__init__(message)


@dataclass(frozen=True)
class Discount:
    title: str
    max_rate: Decimal | None
    body: str
    source: Source


@dataclass(frozen=True)
class Quote:
    product: str
    plan: str
    kind: str  # exact | example | quote_required
    annual_premium: int | None
    notes: tuple[str, ...] = ()
    example: PremiumExampleRow | None = None
    requirements: tuple[str, ...] = ()  # what the insurer needs to quote
    discounts: tuple[Discount, ...] = ()
    sources: tuple[Source, ...] = field(default_factory=tuple)


def quote(
    product: ProductInfo,
    *,
    plan_code: str,
    rank: str | None = None,
    risk_code: str | None = None,
    revenue: int | None = None,
    it_option: bool = False,
    liability: int | None = None,
    costs: int | None = None,
) -> Quote:
    plan = product.plan(plan_code)
    if plan is None:
        codes = "、".join(p.code for p in product.plans)
        raise QuoteError("plan", f"プラン「{plan_code}」はこの制度にありません（選べるプラン：{codes}）。")
    if plan.free_set:
        check_free_set(plan.free_set, liability=liability, costs=costs)
    discounts = tuple(Discount(n.title, n.value, n.body, n.source) for n in product.notes_of("discount"))
    if product.premium_kind == "exact":
        return _exact(product, plan_code, rank, discounts)
    if product.premium_kind == "example":
        return _example(product, plan_code, risk_code, revenue, it_option, discounts)
    requirements = tuple(
        n.title + (f"（{n.body}）" if n.body else "") for n in product.notes_of("quote_requirement")
    )
    notes = [
        f"この制度のパンフレットには保険料の表がありません。保険料は保険会社の見積で決まります（{product.premium_basis}）。"
    ]
    return Quote(
        product=product.slug,
        plan=plan_code,
        kind="quote_required",
        annual_premium=None,
        notes=tuple(notes),
        requirements=requirements,
        discounts=discounts,
        sources=(product.sources["premium_basis"],),
    )


def _exact(product: ProductInfo, plan_code: str, rank: str | None, discounts) -> Quote:
    ranks = sorted({r.rank for r in product.premium_rates})
    if not rank:
        raise QuoteError(
            "rank", f"保険料はランクで決まります。ランク（{'・'.join(ranks)}）を選んでください。"
        )
    row = next((r for r in product.premium_rates if r.plan == plan_code and r.rank == rank), None)
    if row is None:
        raise QuoteError("rank", f"ランク「{rank}」はありません（{'・'.join(ranks)}から選んでください）。")
    return Quote(
        product=product.slug,
        plan=plan_code,
        kind="exact",
        annual_premium=row.annual_premium,
        notes=(f"パンフレットの保険料表による年間保険料です（ランク{rank}）。",),
        discounts=discounts,
        sources=(row.source,),
    )


def _example(product, plan_code, risk_code, revenue, it_option, discounts) -> Quote:
    plan = product.plan(plan_code)
    same_family = [e for e in product.premium_examples if product.plan(e.plan).family == plan.family]
    if not same_family:
        raise QuoteError("plan", "このプランの保険料例はパンフレットにありません。")
    best = nearest_example(
        same_family, plan_code=plan_code, risk_code=risk_code, revenue=revenue, it_option=it_option
    )
    notes = [
        f"パンフレットの保険料例です（{best.industry}・年間売上高{format_yen(best.annual_revenue)}・"
        f"セット{best.set_name}{'・IT業務特約あり' if best.it_option else ''}）。"
        "実際の保険料は、売上高・業種（リスク区分）・セキュリティ状況などで決まります。",
    ]
    if best.assumptions:
        notes.append(f"前提：{best.assumptions}")
    if best.plan != plan_code:
        notes.append(
            f"あなたの条件に最も近い例はセット{best.set_name}のものです（選んだ{plan.name}の例ではありません）。"
        )
    return Quote(
        product=product.slug,
        plan=plan_code,
        kind="example",
        annual_premium=best.annual_premium,
        notes=tuple(notes),
        example=best,
        discounts=discounts,
        sources=(best.source,),
    )


def nearest_example(
    examples: list[PremiumExampleRow],
    *,
    plan_code: str,
    risk_code: str | None,
    revenue: int | None,
    it_option: bool,
) -> PremiumExampleRow:
    """The example closest to the member: IT option, industry, revenue (log scale), then the same set."""

    def distance(e: PremiumExampleRow) -> tuple:
        revenue_gap = (
            abs(math.log10(max(e.annual_revenue, 1)) - math.log10(max(revenue, 1))) if revenue else 0
        )
        return (
            e.it_option != it_option,
            bool(risk_code and e.risk_code and e.risk_code != risk_code),
            round(revenue_gap, 3),
            e.plan != plan_code,
        )

    return min(examples, key=distance)


def discounted(premium: int, *, security_rate: Decimal) -> int:
    """A what-if: an example premium (group discount already in it) with a security discount on top."""
    return int(Decimal(premium) * (1 - security_rate))


def check_free_set(free_set: dict, *, liability: int | None, costs: int | None) -> None:
    """The free set's limits must be values the pamphlet allows, costs ≤ the stated share of liability."""
    if liability is None or costs is None:
        raise QuoteError(
            "liability", "フリーセットは賠償と費用の支払限度額（liability・costs）を指定してください。"
        )
    if liability not in free_set["liability_choices"]:
        raise QuoteError("liability", f"賠償損害の支払限度額{format_yen(liability)}は選べません。")
    if costs not in free_set["cost_choices"]:
        raise QuoteError("costs", f"費用損害の支払限度額{format_yen(costs)}は選べません。")
    ratio = Decimal(str(free_set.get("cost_max_ratio_of_liability", 1)))
    if costs > liability * ratio:
        raise QuoteError(
            "costs",
            f"費用損害の支払限度額は賠償損害の支払限度額の{int(ratio * 100)}%以下にしてください"
            f"（{format_yen(costs)} ＞ {format_yen(int(liability * ratio))}）。",
        )
