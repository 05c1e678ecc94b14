"""A programme's page: every fact the pamphlet gives a member or an agent, arranged in findable sections.

Plain data for the template (no request, no ORM): the sections with their table of contents, each schedule
rule said in words, the pamphlet's schedule table and worked examples, and the links that open the comparison
and the simulator with this programme already chosen. The words are presentation; every figure in them comes
from the catalogue's data (ScheduleSpec, WorkedExampleInfo …), which carries the pamphlet's quote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from comparisons.compare.results import default_plan
from comparisons.domain.money import format_yen
from comparisons.domain.types import PlanInfo, ProductInfo, ScheduleSpec, Source, WorkedExampleInfo

NOTE_SECTIONS = [
    ("hotline", "お問い合わせ・事故の連絡先"),
    ("service", "付帯サービス"),
    ("discount", "割引"),
    ("quote_requirement", "保険料の見積に必要な情報"),
    ("insured", "補償を受けられる方（被保険者）"),
    ("territory", "補償される地域"),
    ("deductible", "免責金額"),
    ("payment", "保険料の払込"),
    ("document", "必要な書類"),
    ("disclosure", "告知事項"),
    ("exclusion", "保険金をお支払いできない主な場合"),
    ("notice", "ご注意"),
    ("other", "その他"),
]
# Sections a member opens when needed: closed at first so that a phone does not scroll through them all
# (the リスク区分表 and the notes, except whom to call); the table of contents lists them, and following a link
# to one opens it.
CLOSED_AT_FIRST = {"risk-table"} | {f"notes-{kind}" for kind, _label in NOTE_SECTIONS if kind != "hotline"}
MODE_LABELS = {"monthly": "毎月の加入", "annual": "年間加入（新規・更改）", "mid_term": "中途加入"}
PAYOUT_TOTALS = {"liability": "賠償損害", "costs": "費用損害", "total": "合計"}


@dataclass(frozen=True)
class Section:
    key: str  # the HTML id
    title: str
    count: int | None = None  # how many entries it holds (shown in the table of contents)

    @property
    def open(self) -> bool:
        return self.key not in CLOSED_AT_FIRST


@dataclass(frozen=True)
class ScheduleRuleText:
    """A schedule rule in words: (label, value) lines, and the pamphlet's words behind them."""

    title: str
    lines: tuple[tuple[str, str], ...]
    source: Source


@dataclass(frozen=True)
class ScheduleRow:
    """One line of a pamphlet's schedule table or its worked schedule example."""

    applied: str  # 申込月 or 申込締切
    start: str
    end: str
    debit: str
    source: Source


@dataclass(frozen=True)
class PayoutExample:
    title: str
    losses: tuple[tuple[str, str], ...]  # (label, amount) as the pamphlet itemises them
    results: tuple[tuple[str, str], ...]  # (plan or total, amount)
    source: Source
    extra_quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProductPage:
    sections: tuple[Section, ...]
    schedule_rules: tuple[ScheduleRuleText, ...]
    schedule_rows: tuple[ScheduleRow, ...]
    payout_examples: tuple[PayoutExample, ...]
    notes_by_kind: tuple[dict, ...]
    compare_url: str
    simulate_url: str
    representative_plans: tuple[PlanInfo, ...] = field(default_factory=tuple)
    needs_risk_table: bool = False
    closed: frozenset[str] = frozenset(CLOSED_AT_FIRST)  # sections closed at first


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _day(value) -> str:
    day = _date(value)
    return f"{day:%Y年%-m月%-d日}" if day else "—"


def _hour(hour) -> str:
    if hour is None:
        return ""
    return f"午後{hour - 12}時" if hour > 12 else f"午前{hour}時"


def _shift_words(shift: str | None, *, direction_word: str = "") -> str:
    if shift == "next":
        return "（休日の場合は翌営業日）"
    if shift == "previous":
        return "（休日の場合はその前の営業日）"
    return direction_word


def _months_before(months: int) -> str:
    return {1: "前月", 2: "前々月"}.get(months, f"{months}か月前の月")


def _months_after(months: int) -> str:
    return {0: "補償開始月", 1: "補償開始月の翌月", 2: "補償開始月の翌々月"}.get(
        months, f"補償開始月の{months}か月後の月"
    )


def describe_schedule(spec: ScheduleSpec) -> ScheduleRuleText:
    """One schedule rule of the catalogue in words: when cover starts, the application deadline, when the
    premium is paid, the term, and which starts the pamphlet speaks of. Unknown kinds say nothing rather
    than guess."""
    lines: list[tuple[str, str]] = []
    start, deadline, debit, term = spec.start or {}, spec.deadline or {}, spec.debit or {}, spec.term or {}
    first, last = _date(spec.first_start), _date(spec.last_start)
    if spec.mode == "annual" and first:
        lines.append(("補償の開始", f"{_day(first)} {_hour(start.get('hour'))}".strip()))
    elif start.get("day_of_month"):
        lines.append(("補償の開始", f"毎月{start['day_of_month']}日 {_hour(start.get('hour'))}".strip()))
    else:
        lines.append(("補償の開始", "加入を希望する日"))

    kind = deadline.get("kind")
    if deadline.get("text"):
        lines.append(("申込と締切", deadline["text"]))
    elif kind == "fixed":
        lines.append(("申込締切", f"{_day(deadline.get('date'))}{_shift_words(deadline.get('shift'))}"))
    elif kind == "day_in_month_before":
        day = "末日" if deadline.get("day") == "last" else f"{deadline.get('day')}日"
        months = _months_before(int(deadline.get("months_before", 1)))
        lines.append(("申込締切", f"補償開始月の{months}の{day}{_shift_words(deadline.get('shift'))}"))
    elif kind == "days_before_start":
        days = int(deadline.get("days", 1))
        when = "前日" if days == 1 else f"{days}日前"
        lines.append(("申込締切", f"加入を希望する日の{when}{_shift_words(deadline.get('shift'))}"))

    if debit.get("kind") == "day_in_month_after":
        months = _months_after(int(debit.get("months_after", 0)))
        lines.append(
            ("保険料の払込", f"口座振替：{months}の{debit.get('day')}日{_shift_words(debit.get('shift'))}")
        )
    elif debit.get("kind") == "by_deadline_transfer":
        lines.append(("保険料の払込", "申込締切日までに振込"))

    if term.get("kind") == "one_year":
        lines.append(("保険期間", "1年間"))
    elif term.get("kind") == "common_expiry":
        lines.append(
            (
                "保険期間",
                f"制度共通の満期日（{_day(term.get('date'))} {_hour(term.get('hour'))}）まで。"
                "途中から加入すると1年より短くなります",
            )
        )
    if first and last and first != last:
        lines.append(("パンフレットの対象", f"{_day(first)}～{_day(last)}に始まる補償"))
    elif first and last:
        lines.append(("パンフレットの対象", f"{_day(first)}に始まる補償"))
    return ScheduleRuleText(title=MODE_LABELS.get(spec.mode, "加入"), lines=tuple(lines), source=spec.source)


def _schedule_row(example: WorkedExampleInfo) -> ScheduleRow:
    inputs, expected = example.inputs, example.expected
    month = inputs.get("application_month")
    if month:
        year, _, mon = str(month).partition("-")
        applied = f"{int(year)}年{int(mon)}月に申込"
    else:
        applied = f"{_day(expected.get('deadline'))}までに申込"
    return ScheduleRow(
        applied=applied,
        start=f"{_day(expected.get('start'))} {_hour(expected.get('start_hour'))}".strip(),
        end=_day(expected.get("end") or expected.get("term_end")),
        debit=_day(expected.get("debit")),
        source=example.source,
    )


def _payout(product: ProductInfo, example: WorkedExampleInfo) -> PayoutExample:
    losses = tuple(
        (str(loss.get("label", "")), format_yen(int(loss["amount"])))
        for loss in example.inputs.get("losses") or ()
        if loss.get("amount") is not None
    )
    results = []
    for key, amount in example.expected.items():
        plan = product.plan(key)
        label = plan.name if plan else PAYOUT_TOTALS.get(key)
        if label is None:  # a key the page has no words for is left out rather than shown raw
            continue
        results.append((label, format_yen(int(amount)) if amount is not None else "金額の記載なし"))
    return PayoutExample(
        title=example.title,
        losses=losses,
        results=tuple(results),
        source=example.source,
        extra_quotes=example.extra_quotes,
    )


def representative_plans(product: ProductInfo) -> tuple[PlanInfo, ...]:
    """One plan of each family (the middle fixed level), so the simulator compares the families."""
    families = list(dict.fromkeys(p.family for p in product.plans))
    chosen = []
    for family in families:
        fixed = [p for p in product.plans if p.family == family and not p.free_set]
        if fixed:
            chosen.append(fixed[(len(fixed) - 1) // 2])
    return tuple(chosen[:4]) or (default_plan(product),)


def _membership_answer(product: ProductInfo) -> str | None:
    """The membership a programme requires, when it names exactly one (so its comparison starts from it)."""
    for rule in product.eligibility:
        if rule.rule == "membership_required" and len(rule.params.get("any_of", [])) == 1:
            return rule.params["any_of"][0]
    return None


def product_page(product: ProductInfo, *, compare_path: str, simulate_path: str) -> ProductPage:
    """Everything the programme's page shows, in the order of its table of contents."""
    schedule_examples = [w for w in product.worked_examples if w.kind == "schedule"]
    payouts = tuple(_payout(product, w) for w in product.worked_examples if w.kind == "payout")
    notes = tuple(
        {"kind": kind, "key": f"notes-{kind}", "label": label, "notes": product.notes_of(kind)}
        for kind, label in NOTE_SECTIONS
        if product.notes_of(kind)
    )
    needs_risk_table = any(rule.rule == "risk_code_required" for rule in product.eligibility)
    sections = [
        Section("overview", "制度の概要"),
        Section("eligibility", "加入できる方・できない方", len(product.eligibility) or None),
        Section("apply", "申込の締切と補償期間", len(product.schedule) or None),
        Section("plans", "プランと保険料", len(product.plans)),
    ]
    if product.options:
        sections.append(Section("options", "オプション（特約）", len(product.options)))
    sections.append(Section("coverage", "補償内容"))
    if payouts:
        sections.append(Section("examples", "パンフレットの事故例・支払例", len(payouts)))
    if needs_risk_table:
        sections.append(Section("risk-table", "リスク区分表（業種）"))
    sections += [Section(n["key"], n["label"], len(n["notes"])) for n in notes]

    plans = representative_plans(product)
    compare_query = [("plans", f"{product.slug}:{default_plan(product).code}")]
    membership = _membership_answer(product)
    if membership:
        compare_query.insert(0, ("membership", membership))
    simulate_query = [("plans", f"{product.slug}:{p.code}") for p in plans]
    return ProductPage(
        sections=tuple(sections),
        schedule_rules=tuple(describe_schedule(s) for s in product.schedule),
        schedule_rows=tuple(_schedule_row(w) for w in schedule_examples),
        payout_examples=payouts,
        notes_by_kind=notes,
        compare_url=f"{compare_path}?{urlencode(compare_query)}",
        simulate_url=f"{simulate_path}?{urlencode(simulate_query)}",
        representative_plans=plans,
        needs_risk_table=needs_risk_table,
    )
