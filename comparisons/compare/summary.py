"""The answer first: one card per programme the member can join, then those they cannot, with why.

Plain data for the compare page (and anything else that wants the answer in a few lines), built from the
comparison's Result and the domain's functions. Each field of a card comes from one function here, so each
can switch to a better source without touching the others:

- what the plan pays for each ★ worry → `worry_answers`, asking the terms engine (terms.covers: does this plan
  with these options cover this row, and under what assumptions; terms.cell_parts for the option that adds it);
- the price as what it is → `price` (today pricing.Quote; a null premium with a separate example and its
  differences when pricing gives them);
- the deadline and the earliest start → `dates` (today schedule.compute_schedule / next_possible_start, a
  date outside the pamphlet's period marked 推定);
- whether the pamphlet is current → `pamphlet_status`;
- who can join → `joinable` (today eligible / not; a third "unknown" state when eligibility gives it);
- what would let a member join a programme they cannot → `what_would_change` (the same eligibility rules,
  asked again with one answer changed).

No request and no ORM: the view passes the query string's pairs and the paths the links point to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from comparisons.domain import eligibility as elig
from comparisons.domain import schedule as sched
from comparisons.domain import terms
from comparisons.domain.matrix import WORRIES, Column
from comparisons.domain.money import format_yen
from comparisons.domain.period import PeriodStatus
from comparisons.domain.types import OptionInfo, PlanInfo, ProductInfo, RiskCategoryInfo

from .results import ProductResult, Request, Result, default_plan

# How sure the price is, for the order of the cards: a figure before an example before a quote.
PRICE_ORDER = {"exact": 0, "example": 1, "quote_required": 2}
ORDER_EXPLAINED = (
    "並び順：★の心配ごとを補償する数が多い制度を先にしています。"
    "同じ数のときは、保険料が分かる制度（確定額、保険料の例、要見積の順）を先にしています。"
)
ORDER_EXPLAINED_NO_WORRIES = (
    "並び順：保険料が分かる制度（確定額、保険料の例、要見積の順）を先にしています。"
    "「4. 扱っているもの・心配なこと」を選ぶと、それを補償する数が多い順に並べます。"
)


@dataclass(frozen=True)
class WorryAnswer:
    """What one plan would do for one ★ worry, in words: covered | partly | option | not_covered | unknown."""

    label: str  # the worry, as the member ticked it
    verdict: str
    symbol: str  # ✓ ✕ ？ ＋ (always with words)
    words: str
    detail: str = ""  # which rows are missing or unknown, or the option that adds them
    assumptions: tuple[str, ...] = ()  # the conditions the covered rows are paid under, in words


@dataclass(frozen=True)
class OfferedOption:
    """An option of this programme that covers a ★ worry the plan leaves out; adding it changes the price."""

    name: str
    worry: str
    url: str  # the comparison with the option (and what it requires) added


@dataclass(frozen=True)
class Price:
    kind: str  # exact | example | quote_required | unknown
    headline: str  # 「年間 81,190円」 / 「約3万円」 / 「要見積」
    label: str  # what the headline is: 「確定額（パンフレットの保険料表・ランクB）」, 「参考：パンフレットの保険料例（…）」
    differences: tuple[str, ...] = ()  # how the member's case differs from the example
    note: str = ""
    what: str = ""  # what the headline is, in a few words (「確定額」「保険料の例」「ランクで決まる額」)

    @property
    def short(self) -> str:
        """The headline with what it is, in a few characters (the matrix's column header)."""
        return f"{self.headline}（{self.what}）" if self.what else self.headline


@dataclass(frozen=True)
class Dates:
    deadline: dt.date | None
    start: dt.date | None
    start_hour: int | None
    estimated: bool  # computed by the pamphlet's rule for a date outside its period
    words: str  # a plain sentence when there is no date to show (no rule, or no start yet)
    passed: bool = False
    moved: str = ""  # why the deadline moved (a holiday)


@dataclass(frozen=True)
class PamphletStatus:
    current: bool
    label: str


@dataclass(frozen=True)
class Action:
    label: str
    url: str


@dataclass(frozen=True)
class Card:
    slug: str
    name: str
    plan_name: str
    options: tuple[str, ...]  # names of the options the card's plan has
    joinable: str  # eligible | unknown
    pending: tuple[str, ...]
    worries: tuple[WorryAnswer, ...]
    covered: int  # how many ★ worries it covers (fully or partly)
    price: Price
    dates: Dates
    pamphlet: PamphletStatus
    action: Action
    offered: tuple[OfferedOption, ...]
    cautions: tuple[str, ...]
    detail_url: str


@dataclass(frozen=True)
class Excluded:
    slug: str
    name: str
    reasons: tuple[str, ...]
    would_change: tuple[str, ...]
    detail_url: str


@dataclass(frozen=True)
class ColumnHead:
    """What the matrix's column header says of its plan: the same price and deadline as the card."""

    price: Price
    dates: Dates
    joinable: str


@dataclass(frozen=True)
class Summary:
    cards: tuple[Card, ...]
    excluded: tuple[Excluded, ...]
    order_explained: str
    opens_more: tuple[str, ...]  # 「商工会議所の会員なら、さらに2つの制度…」
    column_heads: dict[str, ColumnHead] = field(default_factory=dict)  # by the matrix column's key


@dataclass(frozen=True)
class Links:
    """Where the cards' links go: the paths, and the comparison's own answers as (name, value) pairs."""

    query: tuple[tuple[str, str], ...]
    compare: str
    request: str
    product: str  # with a {slug} placeholder


# ---- who can join --------------------------------------------------------------------------------


def joinable(eligibility: elig.Eligibility) -> str:
    """eligible | unknown | ineligible. Today's eligibility has two states and lists what is still unknown;
    a programme that requires an answer not given yet is 'unknown' (shown as a card that says so)."""
    if not eligibility.eligible:
        return "ineligible"
    state = getattr(eligibility, "state", None)  # the three-state eligibility, when it lands
    if state in ("eligible", "unknown", "ineligible"):
        return state
    return "eligible"


def what_would_change(
    product: ProductInfo, answers: elig.Answers, *, risk_table: dict[str, RiskCategoryInfo]
) -> tuple[str, ...]:
    """Plain sentences saying what stands in the way and which answer would let the member join, found by
    asking the programme's eligibility rules again with one answer changed (never a rule of its own)."""
    sentences = []
    for key, label in elig.MEMBERSHIPS.items():
        if key != answers.membership and _eligible_with(product, answers, risk_table, membership=key):
            sentences.append(f"「{label}」であれば加入できます。")
    checks = (
        ("organisation", "この事業の形態は対象外です（事業の形態が変わらない限り加入できません）。"),
        ("revenue", "年間売上高が上限を超えています。"),
        ("risk_code", "業種がリスク区分表にありません（表にある業種なら加入できます）。"),
    )
    blocking = _reasons(product, answers, risk_table)
    for answer, sentence in checks:
        if (
            getattr(answers, answer) is not None
            and _reasons(product, answers, risk_table, **{answer: None}) < blocking
        ):
            sentences.append(sentence)
    return tuple(sentences)


def _reasons(product, answers, risk_table, **changes) -> int:
    return len(elig.evaluate(product, replace(answers, **changes), risk_table=risk_table).reasons)


def _eligible_with(product, answers, risk_table, **changes) -> bool:
    return elig.evaluate(product, replace(answers, **changes), risk_table=risk_table).eligible


# ---- what each plan pays for each worry -----------------------------------------------------------

VERDICT_WORDS = {
    "covered": ("✓", "補償あり"),
    "partly": ("✓", "一部を補償"),
    "option": ("＋", "オプションを付けると補償"),
    "not_covered": ("✕", "補償なし"),
    "unknown": ("？", "パンフレットに記載なし"),
}


def row_status(column: Column, item: str) -> tuple[str, str | None]:
    """(status, option that adds it) of one coverage row for a plan with its options, from the terms engine:
    included | optional | not_covered | not_stated (an option that narrows the cover leaves it not_covered)."""
    views = terms.cell_parts(column.product, column.plan, item, column.options)
    option = next((v.part.option for v in views if v.status == "optional" and v.part.option), None)
    return terms.row_status(views), option


def worry_answers(
    column: Column, worries: tuple[str, ...], labels: dict[str, str]
) -> tuple[WorryAnswer, ...]:
    """For each ★ worry the member ticked, whether the column's plan (with its options) covers it."""
    answers = []
    for worry in worries:
        if worry not in WORRIES:
            continue
        title, items = WORRIES[worry]
        statuses = {item: row_status(column, item) for item in items}
        included = [i for i, (s, _o) in statuses.items() if s == "included"]
        optional = [i for i, (s, _o) in statuses.items() if s == "optional"]
        excluded = [i for i, (s, _o) in statuses.items() if s == "not_covered"]
        unknown = [i for i, (s, _o) in statuses.items() if s == "not_stated"]

        def names(keys: list[str]) -> str:
            return "・".join(labels[k] for k in keys if labels.get(k))

        if included and not (optional or excluded):
            verdict, detail = "covered", (f"{names(unknown)}はパンフレットに記載なし" if unknown else "")
        elif included:
            parts = [f"{names(optional)}はオプション"] if optional else []
            parts += [f"{names(excluded)}は対象外"] if excluded else []
            verdict, detail = "partly", "、".join(parts)
        elif optional:
            verdict, detail = "option", names(optional)
        elif excluded:
            verdict, detail = "not_covered", ""
        else:
            verdict, detail = "unknown", "保険会社・代理店にご確認ください"
        symbol, words = VERDICT_WORDS[verdict]
        assumptions = tuple(
            dict.fromkeys(
                text
                for item in included
                for text in terms.covers(column.product, column.plan.code, column.options, item).assumptions
            )
        )
        answers.append(
            WorryAnswer(
                label=title,
                verdict=verdict,
                symbol=symbol,
                words=words,
                detail=detail,
                assumptions=assumptions,
            )
        )
    return tuple(answers)


def offered_options(
    product: ProductInfo, column: Column, worries: tuple[str, ...], *, risk_code: str | None, links: Links
) -> tuple[OfferedOption, ...]:
    """The programme's options that cover a ★ worry the plan leaves out, each with a link that adds it
    (with the options it requires) to the comparison. An option the member's industry cannot take is
    not offered (the eligibility's caution says why)."""
    offered: dict[str, OfferedOption] = {}
    for worry in worries:
        if worry not in WORRIES:
            continue
        for item in WORRIES[worry][1]:
            _status, code = row_status(column, item)
            option = product.option(code) if code else None
            if option is None or code in offered or (risk_code and risk_code in option.excluded_risk_codes):
                continue
            if any(required in offered for required in option.requires):
                continue  # offered once its base option is added (Sompo's 自主的停止 needs 利益・営業継続費用)
            offered[code] = OfferedOption(
                name=option.name, worry=WORRIES[worry][0], url=_with_option(links, product, column, option)
            )
    return tuple(offered.values())


def _with_option(links: Links, product: ProductInfo, column: Column, option: OptionInfo) -> str:
    query = list(links.query)
    wanted = [f"{product.slug}:{code}" for code in (*option.requires, option.code)]
    query += [("options", key) for key in wanted if ("options", key) not in query]
    chosen = [v for k, v in query if k == "plans"]
    if column.key not in chosen and len(chosen) < 4:
        query.append(("plans", column.key))
    return f"{links.compare}?{urlencode(query)}"


# ---- price ----------------------------------------------------------------------------------------


def price(result: ProductResult, plan: PlanInfo, req: Request, *, risk_table) -> Price:
    """The price as what it is: Silver's exact figure, Mitsui's example labelled as an example with how the
    member's case differs, or 要見積."""
    product = result.product
    quote, error = next(((q, e) for p, q, e in result.prices if p.code == plan.code), (None, ""))
    if product.premium_kind == "exact":
        if quote is not None and quote.annual_premium is not None:
            return Price(
                "exact",
                f"年間 {format_yen(quote.annual_premium)}",
                f"確定額（パンフレットの保険料表・ランク{req.rank}）",
                what="確定額",
            )
        rates = [r.annual_premium for r in product.premium_rates if r.plan == plan.code]
        if rates:
            return Price(
                "exact",
                f"年間 {format_yen(min(rates))}～{format_yen(max(rates))}",
                "国庫補助ランクで決まる確定額です。「3. 規模」でランクを選ぶと、その額を示します。",
                what="ランクで決まる額",
            )
        return Price("unknown", "記載なし", error or "このプランの保険料はパンフレットの表にありません。")
    if product.premium_kind == "example":
        example = getattr(quote, "example", None) if quote else None
        if example is None:
            return Price("unknown", "要見積", error or "このプランの保険料例はパンフレットにありません。")
        return Price(
            "example",
            format_yen(example.annual_premium, approximate=example.approximate),
            f"参考：パンフレットの保険料例（{example.industry}・売上高{format_yen(example.annual_revenue)}・"
            f"{product.plan(example.plan).name if product.plan(example.plan) else example.set_name}）",
            differences=example_differences(product, example, plan, req, risk_table=risk_table),
            note="例はあなたの保険料ではありません。保険料は見積で決まります。",
            what="保険料の例",
        )
    return Price(
        "quote_required", "要見積", "パンフレットに保険料の表・例はありません。保険会社の見積で決まります。"
    )


def example_differences(
    product: ProductInfo, example, plan: PlanInfo, req: Request, *, risk_table
) -> tuple[str, ...]:
    """How the member's case differs from the pamphlet's example (P's pricing will give these with the
    example itself; until then they are read here from the same fields)."""
    given = getattr(example, "differences", None)
    if given:
        return tuple(given)
    out = []
    row = risk_table.get(req.answers.risk_code or "")
    if row is None:
        out.append(f"業種：例は「{example.industry}」です（あなたの業種は未回答）。")
    elif row.name != example.industry:
        out.append(f"業種：あなたは「{row.name}」、例は「{example.industry}」です。")
    if req.answers.revenue is None:
        out.append(f"売上高：例は{format_yen(example.annual_revenue)}です（あなたの売上高は未回答）。")
    elif req.answers.revenue != example.annual_revenue:
        out.append(
            f"売上高：あなたは{format_yen(req.answers.revenue)}、例は{format_yen(example.annual_revenue)}です。"
        )
    if example.plan != plan.code:
        example_plan = product.plan(example.plan)
        out.append(
            f"プラン：あなたが比べているのは{plan.name}、例は{example_plan.name if example_plan else example.set_name}です。"
        )
    if example.it_option != req.answers.wants_it_services:
        out.append(f"IT業務特約：例は{'あり' if example.it_option else 'なし'}です。")
    if example.assumptions:
        out.append(f"例の前提：{example.assumptions}。")
    return tuple(out)


# ---- dates ----------------------------------------------------------------------------------------


def dates(result: ProductResult, *, today: dt.date) -> Dates:
    """The application deadline and the earliest start: for the member's start when given, else the
    earliest start whose deadline has not passed. A date outside the pamphlet's period is 推定."""
    product = result.product
    if not product.schedule:
        return Dates(
            None,
            None,
            None,
            False,
            "パンフレットに申込締切の記載がありません。保険会社・代理店にご確認ください。",
        )
    schedule = result.schedule
    if schedule is None or schedule.deadline_passed:
        start = sched.next_possible_start(product.schedule, today=today)
        if start is None:
            return Dates(
                None, None, None, False, "今から間に合う開始日を、パンフレットの規則から計算できません。"
            )
        schedule = sched.compute_schedule(
            product.schedule,
            requested_start=start,
            today=today,
            valid_from=product.valid_from,
            valid_to=product.valid_to,
        )
    moved = ""
    if schedule.deadline_unshifted and schedule.application_deadline != schedule.deadline_unshifted:
        moved = f"{schedule.deadline_unshifted:%-m月%-d日}が休日のため"
    estimated = getattr(schedule, "estimated", None)
    return Dates(
        deadline=schedule.application_deadline,
        start=schedule.coverage_start,
        start_hour=schedule.start_hour,
        estimated=bool(estimated) if estimated is not None else not schedule.within_pamphlet_period,
        words="",
        passed=bool(result.schedule and result.schedule.deadline_passed),
        moved=moved,
    )


def pamphlet_status(period: PeriodStatus, product: ProductInfo) -> PamphletStatus:
    """Whether the programme's pamphlet is valid today (period.period_status), in words."""
    if period.inside:
        return PamphletStatus(True, "パンフレットは有効期間内です")
    if period.label == "期間の記載なし":
        return PamphletStatus(
            False, "パンフレットに有効期間の記載がありません。最新の条件を保険会社・代理店にご確認ください"
        )
    return PamphletStatus(
        False,
        f"パンフレットは{period.label}です（{product.period_text}）。最新の条件を代理店にご確認ください",
    )


# ---- the summary ----------------------------------------------------------------------------------


def build_summary(
    result: Result,
    req: Request,
    *,
    today: dt.date,
    risk_table: dict[str, RiskCategoryInfo],
    item_labels: dict[str, str],
    links: Links,
) -> Summary:
    """The answer first: cards for the programmes the member can join, in the order the page explains,
    and the others with why not and what would change it."""
    columns = {c.product.slug: c for c in reversed(result.matrix.columns)}  # a programme's first column
    by_slug = {r.product.slug: r for r in result.products}
    heads = {
        c.key: ColumnHead(
            price=price(by_slug[c.product.slug], c.plan, req, risk_table=risk_table),
            dates=dates(by_slug[c.product.slug], today=today),
            joinable=joinable(by_slug[c.product.slug].eligibility),
        )
        for c in result.matrix.columns
        if c.product.slug in by_slug
    }
    cards, excluded = [], []
    for r in result.products:
        product = r.product
        detail = links.product.replace("{slug}", product.slug)
        state = joinable(r.eligibility)
        if state == "ineligible":
            excluded.append(
                Excluded(
                    slug=product.slug,
                    name=product.short_name,
                    reasons=tuple(reason.message.rstrip("。") + "。" for reason in r.eligibility.reasons),
                    would_change=what_would_change(product, req.answers, risk_table=risk_table),
                    detail_url=detail,
                )
            )
            continue
        column = columns.get(product.slug) or Column(product=product, plan=default_plan(product))
        worries = worry_answers(column, req.worries, item_labels)
        head = heads.get(column.key)
        card_price = head.price if head else price(r, column.plan, req, risk_table=risk_table)
        card_dates = head.dates if head else dates(r, today=today)
        cards.append(
            Card(
                slug=product.slug,
                name=product.short_name,
                plan_name=column.plan.name,
                options=tuple(product.option(o).name for o in column.options if product.option(o)),
                joinable=state,
                pending=r.eligibility.pending,
                worries=worries,
                covered=sum(1 for w in worries if w.verdict in ("covered", "partly")),
                price=card_price,
                dates=card_dates,
                pamphlet=pamphlet_status(r.period, product),
                action=_action(card_price, links, column),
                offered=offered_options(
                    product, column, req.worries, risk_code=req.answers.risk_code, links=links
                ),
                cautions=tuple(c.message for c in r.eligibility.cautions),
                detail_url=detail,
            )
        )
    order = {slug: i for i, slug in enumerate(r.product.slug for r in result.products)}
    cards.sort(key=lambda c: (-c.covered, PRICE_ORDER.get(c.price.kind, 3), order[c.slug]))
    return Summary(
        cards=tuple(cards),
        excluded=tuple(excluded),
        order_explained=ORDER_EXPLAINED if req.worries else ORDER_EXPLAINED_NO_WORRIES,
        opens_more=_opens_more(result, req.answers, risk_table),
        column_heads=heads,
    )


def _action(card_price: Price, links: Links, column: Column) -> Action:
    """The card's one primary action: ask an agent for a quote, or to apply when the price is known."""
    query = [(k, v) for k, v in links.query if k != "plans"] + [("plans", column.key)]
    url = f"{links.request}?{urlencode(query)}"
    if card_price.kind == "exact":
        return Action("この制度を代理店に申し込む", url)
    return Action("見積を依頼する", url)


def _opens_more(result: Result, answers: elig.Answers, risk_table) -> tuple[str, ...]:
    """「商工会議所の会員なら、さらに2つの制度に加入できます」: memberships that open programmes now closed."""
    closed = [r.product for r in result.products if not r.eligibility.eligible]
    lines = []
    for key, label in elig.MEMBERSHIPS.items():
        if key == answers.membership:
            continue
        opened = [p.short_name for p in closed if _eligible_with(p, answers, risk_table, membership=key)]
        if opened:
            lines.append(
                f"「{label}」であれば、さらに{len(opened)}つの制度（{'、'.join(opened)}）に加入できます。"
            )
    return tuple(lines)
