"""Application deadline, coverage start and end, and first debit, by each pamphlet's rule.

The rules are data (ScheduleSpec, from the catalogue); this module only evaluates them. What it may say
depends on where the start falls:

- inside the pamphlet's period (a spec's first_start … last_start, or the programme year it states):
  the dates are the pamphlet's (`basis == "pamphlet"`);
- outside it, only a rule the pamphlet states for every month carries over (Sompo: start the 1st at 16:00,
  deadline 前月15日, debit 翌々月5日, one year): the dates are computed by that rule and marked 推定
  (`basis == "estimate"`, `estimated`);
- a date printed for one programme year — a fixed deadline, the programme's yearly start, a common expiry
  (Mitsui's 2019 table, Silver's 2026 year) — is never carried to another year: the dates are left unknown
  (`basis == "unknown"`) and the member is told whom to ask.

Which rules carry over is data: each rule's `carries_over`, stated in the catalogue with the quote that
supports it (the catalogue refuses a rule on one year's dates that claims to carry over).

Holiday shifts follow the pamphlet's words (翌営業日 / その前日). Counting 12/31–1/3 as holidays is the
project's reading, not the pamphlet's words, so a date it moves is marked 推定 with the reading in
`assumptions`. All dates are calendar dates in JST.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import calendar
from .types import ScheduleSpec, Source

PAMPHLET, ESTIMATE, UNKNOWN = "pamphlet", "estimate", "unknown"
NEW_YEAR_READING = (
    "12月31日〜1月3日を休日として数えました。パンフレットはこの期間を休日とするか書いていないため、"
    "この読み方による日付は推定です。"
)


@dataclass(frozen=True)
class Schedule:
    """The dates of one programme for one requested start.

    basis: "pamphlet" (the pamphlet's dates) | "estimate" (outside its period, by its stated rule: 推定) |
    "unknown" (outside its period and no rule carries over: every date is None).
    estimated_fields names the dates that are 推定 ("coverage_start", "application_deadline",
    "first_debit", "coverage_end"); assumptions are readings said in words.
    basis_reason / basis_sources: outside the pamphlet's period, why its rules were carried over (estimate)
    or not (unknown), as the catalogue states it for each rule (ScheduleSpec.carries_over_text and quote);
    empty inside the period.
    """

    mode: str | None
    requested_start: dt.date
    basis: str
    coverage_start: dt.date | None
    start_hour: int | None
    coverage_end: dt.date | None
    end_hour: int | None
    application_deadline: dt.date | None
    deadline_unshifted: dt.date | None
    first_debit: dt.date | None
    debit_unshifted: dt.date | None
    debit_kind: str
    within_pamphlet_period: bool
    deadline_passed: bool
    next_possible_start: dt.date | None
    next_start_estimated: bool = False
    estimated_fields: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    source: Source | None = None
    basis_reason: str = ""
    basis_sources: tuple[Source, ...] = ()

    @property
    def estimated(self) -> bool:
        """True when any date shown is not the pamphlet's own for this start (推定)."""
        return bool(self.estimated_fields)

    def is_estimated(self, name: str) -> bool:
        return name in self.estimated_fields


@dataclass(frozen=True)
class EarliestStart:
    """The earliest start whose application deadline is today or later (None: none the rules can give)."""

    start: dt.date | None
    estimated: bool
    message: str


# --- pieces of a rule ---------------------------------------------------------------------------------


def _add_months(day: dt.date, months: int, *, to_day: int | str | None = None) -> dt.date:
    """Move by whole months to the given day of that month ("last" = the month's last day)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    target = 31 if to_day == "last" else int(to_day) if to_day is not None else day.day
    # Clamp to the month's end (e.g. 31 → 30) so a rule never makes an impossible date.
    for d in range(target, 27, -1):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    return dt.date(year, month + 1, min(target, 28))


def _parse(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _next_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _range(spec: ScheduleSpec, valid_from: dt.date | None, valid_to: dt.date | None):
    """The first and last start (inclusive) the pamphlet covers with this rule; None = open on that side."""
    first = _parse(spec.first_start) or valid_from
    last = _parse(spec.last_start)
    term = spec.term or {}
    if term.get("kind") == "common_expiry":
        expiry = _parse(term["date"])
        # the programme year the common expiry closes: a start on the expiry itself has no cover
        first = first or _add_months(expiry, -12)
        last = last or expiry - dt.timedelta(days=1)
    return first, last or valid_to


def _in_range(day: dt.date, bounds) -> bool:
    first, last = bounds
    return (first is None or day >= first) and (last is None or day <= last)


def aligned_start(spec: ScheduleSpec, requested: dt.date) -> dt.date | None:
    """The first start the rule allows on or after the requested day (None: the rule has none left)."""
    if spec.mode == "annual":
        first = _parse(spec.first_start)  # the one yearly start the pamphlet prints
        return first if first is not None and requested <= first else None
    day_of_month = (spec.start or {}).get("day_of_month")
    if day_of_month and requested.day != day_of_month:
        if requested.day < day_of_month:
            return requested.replace(day=day_of_month)
        return _add_months(requested, 1, to_day=day_of_month)
    return requested


def _pick(specs, requested: dt.date, valid_from, valid_to) -> tuple[ScheduleSpec | None, dt.date | None, str]:
    """(rule, start, basis) for a requested start: the pamphlet's own rule for the earliest start on or after
    the requested day inside its period; else a rule that carries over (推定); else unknown."""
    inside = []
    for order, spec in enumerate(specs):
        start = aligned_start(spec, requested)
        if start is not None and _in_range(start, _range(spec, valid_from, valid_to)):
            inside.append((start, spec.mode != "annual", order, spec))
    if inside:
        start, _annual_last, _order, spec = min(inside, key=lambda c: c[:3])
        return spec, start, PAMPHLET
    for spec in specs:
        if spec.carries_over:
            return spec, aligned_start(spec, requested), ESTIMATE
    return None, None, UNKNOWN


def _shift(raw: dt.date, direction: str) -> tuple[dt.date, bool]:
    """(the business day a non-business day moves to, whether 12/31–1/3 alone decided a step)."""
    day, reading = raw, False
    if direction not in ("next", "previous"):
        return day, False
    step = dt.timedelta(days=1 if direction == "next" else -1)
    while not calendar.is_business_day(day):
        if day.weekday() < 5 and calendar.is_bank_holiday(day) and not calendar.is_public_holiday(day):
            reading = True
        day += step
    return day, reading


def deadline_for(spec: ScheduleSpec, start: dt.date) -> tuple[dt.date | None, dt.date | None, bool]:
    """(deadline after the holiday shift, deadline before it, whether the 年末年始 reading moved it)."""
    rule = spec.deadline or {}
    kind = rule.get("kind", "none")
    if kind == "fixed":
        raw = _parse(rule["date"])
    elif kind == "day_in_month_before":
        raw = _add_months(start, -int(rule.get("months_before", 1)), to_day=rule["day"])
    elif kind == "days_before_start":
        raw = start - dt.timedelta(days=int(rule.get("days", 1)))
    else:
        return None, None, False
    shifted, reading = _shift(raw, rule.get("shift", "none"))
    return shifted, raw, reading


def debit_for(spec: ScheduleSpec, start: dt.date) -> tuple[dt.date | None, dt.date | None, bool]:
    rule = spec.debit or {}
    if rule.get("kind") != "day_in_month_after":
        return None, None, False
    raw = _add_months(start, int(rule.get("months_after", 0)), to_day=rule["day"])
    shifted, reading = _shift(raw, rule.get("shift", "none"))
    return shifted, raw, reading


def end_for(spec: ScheduleSpec, start: dt.date) -> tuple[dt.date, int | None]:
    term = spec.term or {}
    if term.get("kind") == "common_expiry":
        return _parse(term["date"]), term.get("hour")  # the programme year's expiry, as printed
    return _next_year(start), (spec.start or {}).get("hour")


# --- the schedule ---------------------------------------------------------------------------------------


def _unknown(specs, requested: dt.date, valid_from, valid_to, period_text: str) -> Schedule:
    firsts = [b[0] for b in (_range(s, valid_from, valid_to) for s in specs) if b[0]]
    lasts = [b[1] for b in (_range(s, valid_from, valid_to) for s in specs) if b[1]]
    span = f"{min(firsts):%Y年%-m月%-d日}〜{max(lasts):%Y年%-m月%-d日}" if firsts and lasts else ""
    reason, sources = _carry_reason(specs)
    warning = (
        f"パンフレット（{period_text or 'この制度のもの'}）に載っている補償開始日は{span or 'パンフレットの期間内'}"
        "のものだけです。この日に始める場合の申込締切・補償期間・保険料の払込日はパンフレットに書かれていないため、"
        "計算していません。代理店または保険会社にご確認ください。"
    )
    return Schedule(
        mode=None,
        requested_start=requested,
        basis=UNKNOWN,
        coverage_start=None,
        start_hour=None,
        coverage_end=None,
        end_hour=None,
        application_deadline=None,
        deadline_unshifted=None,
        first_debit=None,
        debit_unshifted=None,
        debit_kind="none",
        within_pamphlet_period=False,
        deadline_passed=False,
        next_possible_start=None,
        warnings=(warning, f"ほかの年に当てはめない理由：{reason}") if reason else (warning,),
        source=specs[0].source if specs else None,
        basis_reason=reason,
        basis_sources=sources,
    )


def _carry_reason(specs) -> tuple[str, tuple[Source, ...]]:
    """The catalogue's words on whether each rule carries over outside the period, and their quotes."""
    texts = tuple(dict.fromkeys(s.carries_over_text for s in specs if s.carries_over_text))
    sources = tuple(dict.fromkeys(s.carries_over_source for s in specs if s.carries_over_source))
    return "".join(texts), sources


def compute_schedule(
    specs: tuple[ScheduleSpec, ...] | list[ScheduleSpec],
    *,
    requested_start: dt.date,
    today: dt.date,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    period_text: str = "",
) -> Schedule | None:
    """Evaluate the programme's schedule rules for a requested start date (JST), as of `today`.

    Returns None when the pamphlet states no schedule at all. Raises calendar.CalendarRangeError when the
    requested start lies in a year the holiday calendar does not cover (callers check the input first with
    calendar.check_supported); a derived date past the calendar's last year is left None with a warning.
    """
    if not specs:
        return None
    calendar.check_supported(requested_start)
    spec, start, basis = _pick(specs, requested_start, valid_from, valid_to)
    if spec is None or start is None:
        return _unknown(specs, requested_start, valid_from, valid_to, period_text)
    warnings: list[str] = []
    estimated: list[str] = []
    assumptions: list[str] = []
    if start != requested_start:
        warnings.append(
            f"この制度の補償開始日は{_start_rule_text(spec)}のため、{start:%Y年%-m月%-d日}開始として計算しました。"
        )
    reason, reason_sources = "", ()
    if basis == ESTIMATE:
        reason, reason_sources = _carry_reason([spec])
        estimated += ["coverage_start", "application_deadline", "first_debit", "coverage_end"]
        warnings.append(
            "この開始日は、パンフレットが対象とする期間の外です"
            + (f"（パンフレット：{period_text}）" if period_text else "")
            + "。日付はパンフレットに書かれた規則で計算した【推定】です。最新のパンフレットでご確認ください。"
        )
        if reason:
            warnings.append(f"規則を当てはめた理由：{reason}")
    try:
        deadline, deadline_raw, deadline_reading = deadline_for(spec, start)
        debit, debit_raw, debit_reading = debit_for(spec, start)
    except calendar.CalendarRangeError:
        deadline = deadline_raw = debit = debit_raw = None
        deadline_reading = debit_reading = False
        warnings.append(
            f"{calendar.LAST_YEAR}年より後の祝日の暦がないため、申込締切・払込日は計算できません。代理店にご確認ください。"
        )
    for reading, name in ((deadline_reading, "application_deadline"), (debit_reading, "first_debit")):
        if reading:
            estimated.append(name)
            if NEW_YEAR_READING not in assumptions:
                assumptions.append(NEW_YEAR_READING)
    end, end_hour = end_for(spec, start)
    if (spec.term or {}).get("kind") == "common_expiry" and spec.mode == "mid_term":
        warnings.append(
            f"中途加入の保険期間は制度共通の満期日（{end:%Y年%-m月%-d日}）までで、1年より短くなります。"
        )
    warnings += assumptions

    passed = deadline is not None and today > deadline
    next_start, next_estimated = None, False
    if passed:
        earliest = earliest_start(
            specs, today=today, after=start, valid_from=valid_from, valid_to=valid_to, period_text=period_text
        )
        next_start, next_estimated = earliest.start, earliest.estimated
        warnings.append(f"申込締切日（{deadline:%Y年%-m月%-d日}）を過ぎています。" + earliest.message)
    return Schedule(
        mode=spec.mode,
        requested_start=requested_start,
        basis=basis,
        coverage_start=start,
        start_hour=(spec.start or {}).get("hour"),
        coverage_end=end,
        end_hour=end_hour,
        application_deadline=deadline,
        deadline_unshifted=deadline_raw,
        first_debit=debit,
        debit_unshifted=debit_raw,
        debit_kind=(spec.debit or {}).get("kind", "none"),
        within_pamphlet_period=basis == PAMPHLET,
        deadline_passed=passed,
        next_possible_start=next_start,
        next_start_estimated=next_estimated,
        estimated_fields=tuple(dict.fromkeys(estimated)),
        assumptions=tuple(assumptions),
        warnings=tuple(warnings),
        source=spec.source,
        basis_reason=reason,
        basis_sources=reason_sources,
    )


def earliest_start(
    specs,
    *,
    today: dt.date,
    after: dt.date | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    period_text: str = "",
    horizon_days: int = 800,
) -> EarliestStart:
    """The earliest start on or after `after` (default today) whose application deadline is today or later.

    Inside the pamphlet's period it is the pamphlet's; past it, only a rule that carries over can give one,
    and the answer says it is 推定 and beyond the period. Never None silently: `message` says why.
    """
    if not specs:
        return EarliestStart(None, False, "パンフレットに申込締切・開始日の定めがありません。")
    day = max(today, after or today)
    last_inside = max((b[1] for b in (_range(s, valid_from, valid_to) for s in specs) if b[1]), default=None)
    can_carry = any(s.carries_over for s in specs)
    for _ in range(horizon_days):
        if not can_carry and last_inside is not None and day > last_inside:
            break
        try:
            calendar.check_supported(day)
            spec, start, basis = _pick(specs, day, valid_from, valid_to)
            if spec is None or start is None:
                day += dt.timedelta(days=1)
                continue
            deadline, _raw, _reading = deadline_for(spec, start)
        except calendar.CalendarRangeError:
            break
        if start >= day and (deadline is None or deadline >= today):
            if basis == ESTIMATE:
                beyond = f"{last_inside:%Y年%-m月%-d日}開始分まで" if last_inside else ""
                return EarliestStart(
                    start,
                    True,
                    f"今から間に合う最も早い開始日は、パンフレットの期間（{beyond or period_text}）を過ぎた"
                    f"{start:%Y年%-m月%-d日}です（パンフレットの規則による【推定】。最新の条件は代理店にご確認ください）。",
                )
            return EarliestStart(start, False, f"今から間に合う最も早い開始日は{start:%Y年%-m月%-d日}です。")
        day = (
            max(day + dt.timedelta(days=1), start + dt.timedelta(days=1))
            if start >= day
            else day + dt.timedelta(days=1)
        )
    return EarliestStart(
        None,
        False,
        "パンフレットの期間内に、今から申し込んで間に合う開始日はありません。次の募集の日程は代理店または保険会社にご確認ください。",
    )


def _start_rule_text(spec: ScheduleSpec) -> str:
    day = (spec.start or {}).get("day_of_month")
    if spec.mode == "annual" and spec.first_start:
        return f"{_parse(spec.first_start):%Y年%-m月%-d日}"
    if day:
        return f"毎月{day}日"
    return "指定の日"
