"""What a plan costs, said as exactly what the pamphlet gives — never more.

`annual_premium` is a number only when it is the price of exactly the plan asked about:
- Silver (002): the fixed table's annual premium for the plan and 国庫補助ランク, for a start in the table's
  programme year that is not a mid-term join (「中途加入保険料につきましては代理店…までご照会ください」);
- Mitsui (001): the pamphlet's 年間保険料例 for exactly that plan and set, industry, revenue and IT業務特約,
  for a start in the pamphlet's period (the examples are 約 figures with only the group discount).

Otherwise `annual_premium` is None and `kind` says why; the nearest figure the pamphlet prints comes
separately as `example`, with the ways the member's case differs from it. The free set and combinations the
pamphlet refuses get no figure at all: revenue over 5,000億円 or an industry outside the リスク区分表 (the
programme's eligibility rules), and any option combination the terms engine refuses (terms.option_problems:
IT業務特約 for risk codes 48–54 and 5G, 自主的停止 without 利益・営業継続費用 …), stated as on every surface.
Sompo (000) and AIG (003) print no premiums: 要見積, with what the insurer needs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from . import calendar, terms
from .eligibility import NOT_IN_TABLE, it_services_options
from .money import format_yen
from .period import period_status
from .schedule import compute_schedule
from .types import PlanInfo, PremiumExampleRow, ProductInfo, RiskCategoryInfo, Source

# Why a quote has (or has no) figure. The first four carry a reference `example` when the pamphlet has one.
KIND_LABELS = {
    "exact": "保険料表の年間保険料",
    "example": "パンフレットの保険料例（同じ条件の例）",
    "nearest_example": "同じ条件の保険料例はパンフレットにありません",
    "mid_term": "中途加入の保険料は代理店に照会",
    "outside_period": "パンフレットの期間外",
    "not_priced": "パンフレットに保険料例なし（要見積）",
    "not_available": "パンフレットでは選べない組み合わせ",
    "quote_required": "要見積",
}


class QuoteError(ValueError):
    """Bad input for a quote; the message is Japanese and names the problem."""

    def __init__(self, param: str, message: str):
        self.param = param
        super().__init__(message)


@dataclass(frozen=True)
class Discount:
    """A discount the pamphlet names. rate is the printed figure (0.6 = 60%); is_ceiling is False when the
    pamphlet says the figure can be exceeded (Sompo: 「最大60%以上割引」), so it is no cap: the catalogue states
    it for each rate with its quote (NoteInfo.is_ceiling)."""

    title: str
    rate: Decimal | None
    is_ceiling: bool
    wording: str
    body: str
    source: Source

    @property
    def max_rate(self) -> Decimal | None:
        return self.rate if self.is_ceiling else None


@dataclass(frozen=True)
class Example:
    """A figure the pamphlet prints for one case, shown with how the member's case differs from it.

    differences is empty when the figure is the member's own case (then it is also the quote's
    annual_premium). Money in yen; rank is Silver's 国庫補助ランク, set_name Mitsui's セット.
    """

    plan: str
    annual_premium: int
    approximate: bool
    title: str
    industry: str | None = None
    risk_code: str | None = None
    revenue: int | None = None
    set_name: str | None = None
    rank: str | None = None
    it_option: bool = False
    assumptions: str = ""
    differences: tuple[str, ...] = ()
    source: Source | None = None


@dataclass(frozen=True)
class WhatIf:
    """A security discount assumed by the member, applied to one plan's own figure (yen, 約)."""

    rate: Decimal
    premium: int
    of_example: bool  # applied to the reference example of the same plan, not to the member's own price
    note: str


@dataclass(frozen=True)
class Quote:
    product: str
    plan: str
    kind: str  # a key of KIND_LABELS
    annual_premium: int | None
    approximate: bool = False
    notes: tuple[str, ...] = ()
    example: Example | None = None
    reasons: tuple[str, ...] = ()  # why the pamphlet gives no figure (kind not_available)
    requirements: tuple[str, ...] = ()  # what the insurer needs to quote
    discounts: tuple[Discount, ...] = ()
    what_if: WhatIf | None = None
    sources: tuple[Source, ...] = field(default_factory=tuple)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Timing:
    in_period: bool
    mid_term: bool
    difference: str  # why the pamphlet's figure is not for this time ("" when it is)


def quote(
    product: ProductInfo,
    *,
    plan_code: str,
    today: dt.date,
    rank: str | None = None,
    risk_code: str | None = None,
    revenue: int | None = None,
    options: tuple[str, ...] | list[str] = (),
    it_option: bool = False,
    liability: int | None = None,
    costs: int | None = None,
    risk_table: dict[str, RiskCategoryInfo] | None = None,
    start: dt.date | None = None,
    security_rate: Decimal = Decimal(0),
) -> Quote:
    """The premium of one plan for the member's case, as the pamphlet gives it.

    Money in yen; `start` is the desired coverage start and `today` the JST date (without a start, the
    pamphlet must be current today for its figure to count). `options`: the codes of the options chosen for
    this plan; `it_option`: the member wants the IT-services cover, i.e. the option that adds it counts as
    chosen (Mitsui's examples differ with IT業務特約). A combination the pamphlet refuses is kind
    "not_available" with each rule as terms.OptionProblem.stated gives it. `security_rate` (0.3 = 30%) adds
    a what-if on the plan's own figure. Raises QuoteError (param, Japanese message) for an unknown plan, a
    missing or unknown rank where the premium depends on it, free-set limits the pamphlet does not allow, or
    a start in a year the holiday calendar does not cover.
    """
    plan = product.plan(plan_code)
    if plan is None:
        codes = "、".join(p.code for p in product.plans)
        raise QuoteError("plan", f"プラン「{plan_code}」はこの制度にありません（選べるプラン：{codes}）。")
    if plan.free_set and (liability is not None or costs is not None):
        check_free_set(plan.free_set, liability=liability, costs=costs)
    base = {"product": product.slug, "plan": plan_code, "discounts": discounts(product)}
    chosen = tuple(dict.fromkeys((*options, *(it_services_options(product, plan_code) if it_option else ()))))
    refusals = _refusals(product, plan_code, options=chosen, risk_code=risk_code, revenue=revenue)
    if refusals:
        return Quote(
            **base,
            kind="not_available",
            annual_premium=None,
            reasons=tuple(r for r, _src in refusals),
            notes=("パンフレットで認められていない組み合わせのため、保険料は示しません。",),
            sources=tuple(src for _r, src in refusals if src),
        )
    if product.premium_kind == "exact":
        q = _exact(product, plan, rank, timing_of(product, start, today), base)
    elif product.premium_kind == "example":
        row = (risk_table or {}).get(risk_code or "")
        with_it = bool(set(chosen) & set(it_services_options(product, plan_code)))
        q = _example(product, plan, row, risk_code, revenue, with_it, timing_of(product, start, today), base)
    else:
        q = _quote_required(product, base)
    return _with_what_if(q, security_rate)


def _refusals(
    product: ProductInfo, plan_code: str, *, options: tuple[str, ...], risk_code, revenue
) -> list[tuple[str, Source | None]]:
    """Why the pamphlet gives no figure for this case, as (reason, source): the programme's eligibility
    limits a price cannot pass (revenue over the maximum, an industry outside the リスク区分表), then every
    option rule the chosen options break, from the one check of option combinations (terms.option_problems)."""
    found = []
    for rule in product.eligibility:
        if rule.rule == "revenue_max" and revenue is not None and revenue > int(rule.params["max_yen"]):
            found.append((f"{rule.message}（入力された売上高：{format_yen(revenue)}）", rule.source))
        if rule.rule == "risk_code_required" and risk_code == NOT_IN_TABLE:
            found.append((rule.message, rule.source))
    industry = risk_code if risk_code != NOT_IN_TABLE else None
    for problem in terms.option_problems(product, plan_code, options, risk_code=industry):
        found.append((problem.stated, problem.source))
    return found


def timing_of(product: ProductInfo, start: dt.date | None, today: dt.date) -> Timing:
    """Whether the pamphlet's figures are for the member's time: a start in its period (or, without a start,
    a pamphlet current today), and whether the start is a mid-term join (a JST date; None = not given).
    Raises QuoteError ("start") for a year the holiday calendar does not cover."""
    if start is None:
        status = period_status(valid_from=product.valid_from, valid_to=product.valid_to, on=today)
        if status.current:
            return Timing(True, False, "")
        return Timing(False, False, f"時期：パンフレット（{product.period_text}）は{status.label}です")
    try:
        schedule = compute_schedule(
            product.schedule,
            requested_start=start,
            today=today,
            valid_from=product.valid_from,
            valid_to=product.valid_to,
        )
    except calendar.CalendarRangeError as exc:
        raise QuoteError("start", str(exc)) from exc
    if schedule is None:
        inside = period_status(valid_from=product.valid_from, valid_to=product.valid_to, on=start).inside
        mid_term = False
    else:
        inside, mid_term = schedule.within_pamphlet_period, schedule.mode == "mid_term"
    if not inside:
        return Timing(
            False,
            mid_term,
            f"開始日：{start:%Y年%-m月%-d日}はパンフレットの期間の外です",
        )
    return Timing(True, mid_term, "")


def _exact(product: ProductInfo, plan: PlanInfo, rank: str | None, timing: Timing, base: dict) -> Quote:
    ranks = sorted({r.rank for r in product.premium_rates})
    if not rank:
        raise QuoteError(
            "rank", f"保険料はランクで決まります。ランク（{'・'.join(ranks)}）を選んでください。"
        )
    row = next((r for r in product.premium_rates if r.plan == plan.code and r.rank == rank), None)
    if row is None:
        raise QuoteError("rank", f"ランク「{rank}」はありません（{'・'.join(ranks)}から選んでください）。")
    mid_note = mid_term_note(product)
    year = f"年間保険料（{product.period_text}の1年間、ランク{rank}）"
    differences = []
    if not timing.in_period:
        differences.append(timing.difference)
    elif timing.mid_term:
        differences.append(
            "加入時期：表の保険料は年間加入の1年分です。中途加入の保険料は表になく、代理店への照会が必要です"
        )
    example = Example(
        plan=plan.code,
        annual_premium=row.annual_premium,
        approximate=False,
        title=f"パンフレットの保険料表の{year}",
        rank=rank,
        differences=tuple(differences),
        source=row.source,
    )
    notes = [f"パンフレットの保険料表による{year}です。"]
    if mid_note:
        notes.append(f"中途加入の場合：{mid_note.body}")
    sources = (row.source, mid_note.source) if mid_note else (row.source,)
    if not differences:
        return Quote(
            **base,
            kind="exact",
            annual_premium=row.annual_premium,
            notes=tuple(notes),
            example=example,
            sources=sources,
        )
    kind = "outside_period" if not timing.in_period else "mid_term"
    return Quote(**base, kind=kind, annual_premium=None, notes=tuple(notes), example=example, sources=sources)


def _example(
    product, plan: PlanInfo, row, risk_code, revenue, it_option, timing: Timing, base: dict
) -> Quote:
    if plan.free_set:
        return Quote(
            **base,
            kind="not_priced",
            annual_premium=None,
            notes=(
                "フリーセットの保険料例はパンフレットにありません。保険料は選んだ支払限度額などにより、"
                "引受保険会社が算出します（要見積）。",
            ),
            requirements=_requirements(product),
            sources=(product.sources["premium_basis"],) if "premium_basis" in product.sources else (),
        )
    same_family = [
        e
        for e in product.premium_examples
        if (p := product.plan(e.plan)) is not None and p.family == plan.family
    ]
    if not same_family:
        return Quote(
            **base,
            kind="not_priced",
            annual_premium=None,
            notes=("このプランの保険料例はパンフレットにありません（要見積）。",),
            requirements=_requirements(product),
        )
    best = nearest_example(
        same_family, plan_code=plan.code, industry=row, revenue=revenue, it_option=it_option
    )
    differences = example_differences(
        best,
        plan=plan,
        product=product,
        industry=row,
        risk_code=risk_code,
        revenue=revenue,
        it_option=it_option,
    )
    if not timing.in_period:
        differences.append(timing.difference)
    notes = [
        "保険料は年間売上高・業種（リスク区分）・セキュリティ状況などにより引受保険会社が算出します。"
        "パンフレットには保険料の表はなく、保険料例だけが載っています。"
    ]
    if best.assumptions:
        notes.append(f"保険料例の前提：{best.assumptions}")
    if row is not None and industry_match(best, row) == 0 and best.industry == row.major != row.name:
        notes.append(
            f"保険料例の業種「{best.industry}」は大リスク区分の名前です。中リスク区分ごとの違いはパンフレットに書かれていません。"
        )
    example = Example(
        plan=best.plan,
        annual_premium=best.annual_premium,
        approximate=best.approximate,
        title=example_title(best),
        industry=best.industry,
        risk_code=best.risk_code or None,
        revenue=best.annual_revenue,
        set_name=best.set_name,
        it_option=best.it_option,
        assumptions=best.assumptions,
        differences=tuple(differences),
        source=best.source,
    )
    if not differences:
        return Quote(
            **base,
            kind="example",
            annual_premium=best.annual_premium,
            approximate=best.approximate,
            notes=tuple(notes),
            example=example,
            sources=(best.source,),
        )
    kind = "outside_period" if not timing.in_period else "nearest_example"
    return Quote(
        **base, kind=kind, annual_premium=None, notes=tuple(notes), example=example, sources=(best.source,)
    )


def _requirements(product: ProductInfo) -> tuple[str, ...]:
    return tuple(n.title + (f"（{n.body}）" if n.body else "") for n in product.notes_of("quote_requirement"))


def _quote_required(product: ProductInfo, base: dict) -> Quote:
    return Quote(
        **base,
        kind="quote_required",
        annual_premium=None,
        notes=(
            "この制度のパンフレットには保険料の表がありません。"
            f"保険料は保険会社の見積で決まります（{product.premium_basis.rstrip('。')}）。",
        ),
        requirements=_requirements(product),
        sources=(product.sources["premium_basis"],) if "premium_basis" in product.sources else (),
    )


def example_title(e: PremiumExampleRow) -> str:
    """「パンフレットの保険料例（製造業・売上高10億円・セットC）」"""
    it = "・IT業務特約あり" if e.it_option else ""
    return f"パンフレットの保険料例（{e.industry}・売上高{format_yen(e.annual_revenue)}・セット{e.set_name}{it}）"


def industry_text(row: RiskCategoryInfo) -> str:
    """A risk row's name as a member reads it: 「飲食店」, or 「製造業（その他）」 for a row named その他."""
    return f"{row.major}（{row.name}）" if row.name.startswith("その他") and row.major else row.name


def _stem(name: str) -> str:
    return re.sub(r"[業店]$", "", name)


def industry_match(example: PremiumExampleRow, row: RiskCategoryInfo | None) -> int:
    """0: the example is for the member's industry (same risk code, or its industry is the row's 中リスク区分
    or 大リスク区分 name); 1: a related name (飲食業 / 飲食店), only used to choose a reference; 2: other."""
    if row is None:
        return 2
    if (example.risk_code and example.risk_code == row.code) or example.industry in (row.name, row.major):
        return 0
    pairs = {_stem(example.industry)[i : i + 2] for i in range(len(_stem(example.industry)) - 1)}
    names = _stem(row.name) + " " + _stem(row.major)
    return 1 if any(p in names for p in pairs) else 2


def nearest_example(
    examples: list[PremiumExampleRow],
    *,
    plan_code: str,
    industry: RiskCategoryInfo | None,
    revenue: int | None,
    it_option: bool,
) -> PremiumExampleRow:
    """The example closest to the member: IT業務特約, industry, the same plan (set), then revenue (log scale)."""

    def distance(e: PremiumExampleRow) -> tuple:
        revenue_gap = (
            abs(math.log10(max(e.annual_revenue, 1)) - math.log10(max(revenue, 1))) if revenue else 0
        )
        return (
            e.it_option != it_option,
            industry_match(e, industry),
            e.plan != plan_code,
            round(revenue_gap, 3),
        )

    return min(examples, key=distance)


def example_differences(
    e: PremiumExampleRow,
    *,
    plan: PlanInfo,
    product: ProductInfo,
    industry: RiskCategoryInfo | None,
    risk_code: str | None,
    revenue: int | None,
    it_option: bool,
) -> list[str]:
    """How the member's case differs from the example, one plain sentence each (empty: it is their case)."""
    out = []
    if e.plan != plan.code:
        example_plan = product.plan(e.plan)
        out.append(f"セット：例はセット{e.set_name}、お選びは{plan.name}")
        if example_plan is not None and example_plan.family != plan.family:
            out[-1] = f"プラン：例は{example_plan.name}、お選びは{plan.name}"
    if industry is None:
        said = "あなたの業種は未回答" if not risk_code else f"リスク区分{risk_code}"
        out.append(f"業種：例は「{e.industry}」（{said}）")
    elif industry_match(e, industry) != 0:
        out.append(
            f"業種：例は「{e.industry}」、あなたは「{industry_text(industry)}」（リスク区分{industry.code}）"
        )
    if revenue is None:
        out.append(f"年間売上高：例は{format_yen(e.annual_revenue)}（あなたの売上高は未回答）")
    elif revenue != e.annual_revenue:
        out.append(f"年間売上高：例は{format_yen(e.annual_revenue)}、あなたは{format_yen(revenue)}")
    if e.it_option != it_option:
        out.append(
            f"IT業務特約：例は{'あり' if e.it_option else 'なし'}、あなたは{'あり' if it_option else 'なし'}"
        )
    return out


def _discount(note) -> Discount:
    return Discount(
        title=note.title,
        rate=note.value,
        is_ceiling=note.value is not None and note.is_ceiling is True,
        wording=note.body or note.title,
        body=note.body,
        source=note.source,
    )


def discounts(product: ProductInfo) -> tuple[Discount, ...]:
    """Every discount the pamphlet names, with its own wording."""
    return tuple(_discount(n) for n in product.notes_of("discount"))


def mid_term_note(product: ProductInfo):
    """The pamphlet's word on mid-term premiums (Silver: 「中途加入保険料につきましては代理店…までご照会ください」)."""
    notes = product.notes_of("quote_requirement")
    return next((n for n in notes if "中途加入" in n.title), None)


def table_notes(product: ProductInfo, when: Timing) -> tuple[str, tuple[str, ...]]:
    """For an exact table: (a warning when the table is not the member's price, else ""; what the table is)."""
    what = f"表の保険料は年間加入（{product.period_text}）の1年分の年間保険料です。"
    note = mid_term_note(product)
    mid = (
        f"中途加入の場合：{note.body}"
        if note
        else "中途加入の保険料は表にありません。代理店にご照会ください。"
    )
    if not when.in_period:
        return f"ご注意：{when.difference}。この表はその時期の保険料ではありません（参考）。", (what,)
    if when.mid_term:
        return "ご注意：ご希望の開始日は中途加入です。中途加入の保険料は表にありません。", (what, mid)
    return "", (what, mid)


def security_discount(product: ProductInfo) -> Discount | None:
    """The discount for the member's security measures (Mitsui 割引確認シート, Sompo セキュリティ対策確認シート)."""
    return next(
        (_discount(n) for n in product.notes_of("discount") if "セキュリティ" in n.title + n.body), None
    )


def _with_what_if(q: Quote, security_rate: Decimal) -> Quote:
    """Add the what-if for an assumed security discount, from this plan's own figure only: its price, or the
    pamphlet's example of the same plan (same set) when the price is not given."""
    if not security_rate:
        return q
    if q.annual_premium is not None:
        figure, of_example = q.annual_premium, False
    elif q.example is not None and q.example.plan == q.plan and q.kind != "not_available":
        figure, of_example = q.example.annual_premium, True
    else:
        return q
    premium = discounted(figure, security_rate=security_rate)
    pct = f"{(security_rate * 100).normalize():f}%"
    note = f"セキュリティ割引{pct}を仮定した場合" + (
        "（参考の保険料例に当てはめた目安）" if of_example else "（目安）"
    )
    return replace(q, what_if=WhatIf(rate=security_rate, premium=premium, of_example=of_example, note=note))


def discounted(premium: int, *, security_rate: Decimal) -> int:
    """A what-if: a premium (Mitsui's examples already include the group discount) with a security discount
    on top, in yen, rounded down."""
    return int(Decimal(premium) * (1 - security_rate))


def check_free_set(free_set: dict, *, liability: int | None, costs: int | None) -> None:
    """The free set's limits must be values the pamphlet allows, costs ≤ the stated share of liability
    (001: 「費用損害の支払限度額は、賠償損害の支払限度額の50%以下でご設定ください」). Raises QuoteError."""
    if liability is None or costs is None:
        raise QuoteError(
            "liability" if liability is None else "costs",
            "フリーセットは賠償と費用の支払限度額（liability・costs）を指定してください。",
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
