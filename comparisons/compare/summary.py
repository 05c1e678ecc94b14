"""The answer first: one card per programme the member can join, then those they cannot, with why.

Plain data for the compare page (and anything else that wants the answer in a few lines), built from the
comparison's Result and the domain's functions. Each field of a card comes from one function here, so each
can switch to a better source without touching the others:

- what the plan pays for each ★ worry → `worry_answers`, asking the terms engine (terms.covers: does this plan
  with these options cover this row, and under what assumptions; terms.cell_parts for the option that adds it);
- the price as what it is → `price` (pricing.Quote: a figure only when it is the plan's own, else the
  pamphlet's nearest figure as 参考 with how the member's case differs, or 要見積);
- the deadline and the earliest start → `dates` (the schedule for the member's start, else the earliest start
  from today; 推定 where the schedule says so);
- whether the pamphlet is current, and the verdict → `pamphlet_status`, `joinable` (results.Verdict);
- what would let a member join a programme they cannot → `what_would_change` (the same eligibility rules,
  asked again with one answer changed).

No request and no ORM: the view passes the query string's pairs and the paths the links point to.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.urls import get_script_prefix, reverse

from comparisons.catalogue import selectors
from comparisons.domain import eligibility as elig
from comparisons.domain import pricing, terms
from comparisons.domain import schedule as sched
from comparisons.domain.matrix import WORRIES, Column
from comparisons.domain.money import format_yen
from comparisons.domain.types import OptionInfo, PlanInfo, ProductInfo, RiskCategoryInfo

from .forms import CompareForm, compare_request
from .results import ProductResult, Request, Result, build, default_plan

ORDER_EXPLAINED = (
    "並び順：★の心配ごとを補償する数が多い制度を先にしています。"
    "同じ数のときは、保険料が分かる制度（確定額、参考の保険料例、要見積の順）を先にしています。"
    "まだ判定できない制度は後ろです。"
)
ORDER_EXPLAINED_NO_WORRIES = (
    "並び順：保険料が分かる制度（確定額、参考の保険料例、要見積の順）を先にしています。"
    "まだ判定できない制度は後ろです。"
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
    kind: str  # exact | same_case | reference | quote_required | not_available | unknown
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
    deadline_estimated: bool  # 推定, as the schedule marks it (outside the pamphlet's period, or a reading)
    start_estimated: bool
    words: str  # a plain sentence when there is no date to show (no rule, or no start yet)
    passed: bool = False  # the deadline of the member's own start has passed: these are the next dates
    moved: str = ""  # why the deadline moved (a holiday)
    why_estimated: tuple[str, ...] = ()  # what makes a date 推定, in plain words
    mid_term: bool = False  # the start is a mid-term join (中途加入)

    @property
    def estimated(self) -> bool:
        return self.deadline_estimated or self.start_estimated


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
    verdict: str  # 「◯ 加入できます」, 「△ … （パンフレットは期間外）」, 「？ まだ判定できません」
    verdict_state: str  # results.Verdict.state
    verdict_details: tuple[str, ...]
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


def links_for(request) -> Links:
    """Where the summary's links go for this request (a Django HttpRequest), carrying the member's answers."""
    compare, member_request, product = _paths(get_script_prefix())
    return Links(
        query=tuple((key, value) for key, values in request.GET.lists() for value in values if value != ""),
        compare=compare,
        request=member_request,
        product=product,
    )


@functools.cache
def _paths(script_prefix: str) -> tuple[str, str, str]:
    """The links' paths under the site's script prefix: reverse() once per process (~50 µs each) rather
    than three times on every answer. The prefix is this thread's (reverse reads it too)."""
    placeholder = "programme"
    return (
        reverse("comparisons:compare"),
        reverse("enrollment:member_request"),
        reverse("comparisons:product_detail", args=[placeholder]).replace(placeholder, "{slug}"),
    )


# ---- who can join --------------------------------------------------------------------------------


def joinable(result: ProductResult) -> str:
    """eligible | unknown | ineligible, from the comparison's verdict (an out-of-date pamphlet whose
    conditions are met is eligible: its card says the pamphlet is not current, in the verdict itself)."""
    return {"eligible": "eligible", "eligible_outdated": "eligible", "unknown": "unknown"}.get(
        result.verdict.state, "ineligible"
    )


def what_would_change(
    product: ProductInfo, answers: elig.Answers, *, risk_table: dict[str, RiskCategoryInfo]
) -> tuple[str, ...]:
    """Plain sentences saying what stands in the way and which answer would let the member join, found by
    asking the programme's eligibility rules again with one answer changed (never a rule of its own)."""
    sentences = []
    for key, label in elig.MEMBERSHIPS.items():
        if key != answers.membership and _possible_with(product, answers, risk_table, membership=key):
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


def _possible_with(product, answers, risk_table, **changes) -> bool:
    """Not refused any more with the answers changed (eligible, or still waiting for another answer)."""
    return (
        elig.evaluate(product, replace(answers, **changes), risk_table=risk_table).state != elig.NOT_ELIGIBLE
    )


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

# How sure a card's price is (the order of the cards): the plan's own figure, a reference figure, a quote.
PRICE_ORDER = {
    "exact": 0,
    "same_case": 0,
    "reference": 1,
    "quote_required": 2,
    "not_available": 3,
    "unknown": 3,
}


def price(result: ProductResult, plan: PlanInfo, req: Request) -> Price:
    """The plan's price as what it is, from pricing.Quote: the plan's own figure (Silver's table, Mitsui's
    example of exactly this case), else the pamphlet's nearest figure as 参考 with each way the member's case
    differs (another industry, revenue, set; a mid-term join; a time outside the pamphlet), else 要見積 — or
    no figure at all for a combination the pamphlet does not allow."""
    product = result.product
    quote, error = next(((q, e) for p, q, e in result.prices if p.code == plan.code), (None, ""))
    if quote is None:
        rates = [r.annual_premium for r in product.premium_rates if r.plan == plan.code]
        if product.premium_kind == "exact" and rates:
            return Price(
                "reference",
                f"年間 {format_yen(min(rates))}～{format_yen(max(rates))}",
                "国庫補助ランクで決まる額です（パンフレットの保険料表）。「3. 規模」でランクを選ぶと、その額を示します。",
                what="ランクで決まる額",
            )
        return Price("unknown", "記載なし", error or "このプランの保険料はパンフレットにありません。")
    example = quote.example
    if quote.annual_premium is not None:
        figure = format_yen(quote.annual_premium, approximate=quote.approximate)
        if quote.kind == "exact":
            return Price(
                "exact",
                f"年間 {figure}",
                f"確定額（パンフレットの保険料表・ランク{req.rank}）",
                what="確定額",
            )
        return Price(
            "same_case",
            figure,
            f"{example.title}：あなたと同じ条件の例です" if example else quote.kind_label,
            note="パンフレットの例の額（約）です。保険料は見積で決まります。",
            what="同じ条件の保険料例",
        )
    if example is not None:
        mid_term = pricing.mid_term_note(product) if quote.kind == "mid_term" else None
        if mid_term and mid_term.body:  # Silver: 「中途加入保険料につきましては代理店…までご照会ください」
            note = f"表の額は年間加入の保険料で、あなたの保険料ではありません。{mid_term.body}"
        elif product.premium_kind == "exact":  # Silver's table for another year
            note = (
                f"{quote.kind_label}。表の額はあなたの保険料ではありません。保険料は代理店にご確認ください。"
            )
        else:
            note = f"{quote.kind_label}。例はあなたの保険料ではありません。保険料は見積で決まります。"
        return Price(
            "reference",
            format_yen(example.annual_premium, approximate=example.approximate),
            f"参考：{example.title}",
            differences=example.differences,
            note=note,
            what="参考",
        )
    if quote.kind == "not_available":
        return Price("not_available", "保険料なし", "・".join(quote.reasons) or quote.kind_label)
    return Price(
        "quote_required",
        "要見積",
        quote.notes[0]
        if quote.notes
        else "パンフレットに保険料の表・例はありません。保険会社の見積で決まります。",
    )


# ---- dates ----------------------------------------------------------------------------------------


def dates(result: ProductResult, *, today: dt.date) -> Dates:
    """The application deadline and the start: for the member's start when its deadline has not passed,
    else the earliest start from today (schedule.earliest_start). 推定 as the schedule marks it; a date the
    pamphlet's rules cannot give is left to the agent, in words."""
    product = result.product
    if not product.schedule:
        return Dates(
            None,
            None,
            None,
            False,
            False,
            "パンフレットに申込締切の記載がありません。保険会社・代理店にご確認ください。",
        )
    wanted = result.schedule
    passed = bool(wanted and wanted.deadline_passed)
    schedule = wanted if wanted and wanted.basis != "unknown" and not passed else None
    if schedule is None:
        earliest = result.earliest
        if earliest is None or earliest.start is None:
            return Dates(None, None, None, False, False, earliest.message if earliest else "", passed=passed)
        schedule = sched.compute_schedule(
            product.schedule,
            requested_start=earliest.start,
            today=today,
            valid_from=product.valid_from,
            valid_to=product.valid_to,
            period_text=product.period_text,
        )
        if schedule is None:
            return Dates(
                None,
                earliest.start,
                None,
                False,
                earliest.estimated,
                earliest.message,
                passed=passed,
                why_estimated=(OUTSIDE_PERIOD,) if earliest.estimated else (),
            )
    moved = ""
    if schedule.deadline_unshifted and schedule.application_deadline != schedule.deadline_unshifted:
        moved = f"{schedule.deadline_unshifted:%-m月%-d日}が休日のため"
    why = ((OUTSIDE_PERIOD,) if schedule.basis == sched.ESTIMATE else ()) + schedule.assumptions
    return Dates(
        deadline=schedule.application_deadline,
        start=schedule.coverage_start,
        start_hour=schedule.start_hour,
        deadline_estimated=schedule.is_estimated("application_deadline"),
        start_estimated=schedule.is_estimated("coverage_start"),
        words="",
        passed=passed,
        moved=moved,
        why_estimated=why,
        mid_term=schedule.mode == "mid_term",
    )


OUTSIDE_PERIOD = (
    "パンフレットの対象期間外の日付です。パンフレットの規則で計算した推定のため、代理店にご確認ください。"
)


def pamphlet_status(result: ProductResult) -> PamphletStatus:
    """Whether the programme's pamphlet is current today, in words (period.period_status)."""
    if result.pamphlet_current:
        return PamphletStatus(True, "パンフレットは有効期間内です")
    return PamphletStatus(False, result.period.message or f"パンフレットは{result.period.label}です")


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
            price=price(by_slug[c.product.slug], c.plan, req),
            dates=dates(by_slug[c.product.slug], today=today),
            joinable=joinable(by_slug[c.product.slug]),
        )
        for c in result.matrix.columns
        if c.product.slug in by_slug
    }
    cards, excluded = [], []
    for r in result.products:
        product = r.product
        detail = links.product.replace("{slug}", product.slug)
        state = joinable(r)
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
        card_price = head.price if head else price(r, column.plan, req)
        card_dates = head.dates if head else dates(r, today=today)
        if card_price.kind == "exact" and card_dates.mid_term:
            card_price = replace(card_price, note=_mid_term_note(product, card_dates.start))
        pamphlet = pamphlet_status(r)
        cards.append(
            Card(
                slug=product.slug,
                name=product.short_name,
                plan_name=column.plan.name,
                options=tuple(product.option(o).name for o in column.options if product.option(o)),
                joinable=state,
                verdict=f"{r.verdict.symbol} {r.verdict.headline}",
                verdict_state=r.verdict.state,
                verdict_details=tuple(d for d in r.verdict.details if d != pamphlet.label),  # said once
                worries=worries,
                covered=sum(1 for w in worries if w.verdict in ("covered", "partly")),
                price=card_price,
                dates=card_dates,
                pamphlet=pamphlet,
                action=_action(
                    card_price,
                    links,
                    column,
                    premium_kind=product.premium_kind,
                    pending=r.eligibility.pending if state == "unknown" else (),
                ),
                offered=offered_options(
                    product, column, req.worries, risk_code=req.answers.risk_code, links=links
                ),
                cautions=tuple(c.message for c in r.eligibility.cautions),
                detail_url=detail,
            )
        )
    order = {slug: i for i, slug in enumerate(r.product.slug for r in result.products)}
    cards.sort(
        key=lambda c: (c.joinable != "eligible", -c.covered, PRICE_ORDER.get(c.price.kind, 3), order[c.slug])
    )
    return Summary(
        cards=tuple(cards),
        excluded=tuple(excluded),
        order_explained=ORDER_EXPLAINED if req.worries else ORDER_EXPLAINED_NO_WORRIES,
        opens_more=_opens_more(result, req.answers, risk_table),
        column_heads=heads,
    )


def _mid_term_note(product: ProductInfo, start: dt.date) -> str:
    """Said beside a table's annual premium when the card's start is a mid-term join (the table has no
    mid-term premiums; Silver: 「中途加入保険料につきましては代理店…までご照会ください」)."""
    note = pricing.mid_term_note(product)
    return (
        f"この額は年間加入の保険料です。{start:%-m月%-d日}開始は中途加入で、中途加入の保険料は表にありません。"
        + (note.body if note and note.body else "代理店にご確認ください。")
    )


# The compare form's field for each answer eligibility can be waiting for (eligibility's pending labels).
PENDING_FIELDS = {
    "会員かどうか": "id_membership_0",
    "事業の形態": "id_organisation",
    "年間売上高": "id_revenue",
    "業種": "id_industry",
}


def _action(
    card_price: Price, links: Links, column: Column, *, premium_kind: str, pending: tuple[str, ...] = ()
) -> Action:
    """The card's one primary action: answer the question the verdict waits for, else apply when the price is
    known, ask the agent about a table's price, or ask for a quote."""
    missing = [p for p in pending if p in PENDING_FIELDS]
    if missing:
        return Action(f"「{missing[0]}」に答える", f"#{PENDING_FIELDS[missing[0]]}")
    query = [(k, v) for k, v in links.query if k != "plans"] + [("plans", column.key)]
    url = f"{links.request}?{urlencode(query)}"
    if card_price.kind == "exact":
        return Action("この制度を代理店に申し込む", url)
    if card_price.kind == "reference" and premium_kind == "exact":
        return Action("代理店に保険料を確認する", url)
    return Action("見積を依頼する", url)


def _opens_more(result: Result, answers: elig.Answers, risk_table) -> tuple[str, ...]:
    """「商工会議所の会員なら、さらに2つの制度に加入できます」: memberships that open programmes now closed."""
    closed = [r.product for r in result.products if joinable(r) == "ineligible"]
    lines = []
    for key, label in elig.MEMBERSHIPS.items():
        if key == answers.membership:
            continue
        opened = [p.short_name for p in closed if _possible_with(p, answers, risk_table, membership=key)]
        if opened:
            lines.append(
                f"「{label}」であれば、さらに{len(opened)}つの制度（{'、'.join(opened)}）に加入できます。"
            )
    return tuple(lines)


def answer(
    form: CompareForm,
    *,
    products: list[ProductInfo],
    risk_rows: list[RiskCategoryInfo],
    today: dt.date,
    links: Links,
) -> tuple[Result, Summary]:
    """The comparison and its summary for a bound CompareForm, as the compare page and the handout show them.
    Invalid answers are dropped (form.is_valid() is called here; the page shows their errors beside the fields).
    today: the date in JST the deadlines and periods are judged on."""
    form.is_valid()
    req = compare_request(form.cleaned_data)
    risk_table = {r.code: r for r in risk_rows}
    items = selectors.taxonomy_rows()
    result = build(products, risk_table, req, today=today, items=items)
    summary = build_summary(
        result,
        req,
        today=today,
        risk_table=risk_table,
        item_labels={key: label for key, _group, label, _help in items},
        links=links,
    )
    return result, summary
