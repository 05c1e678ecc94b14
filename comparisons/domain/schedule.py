"""Application deadline, coverage start and end, and first debit, by each pamphlet's rule.

The rules are data (ScheduleSpec, from the catalogue); this module only evaluates them, for any date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import calendar
from .types import ScheduleSpec, Source


@dataclass(frozen=True)
class Schedule:
    mode: str
    requested_start: dt.date
    coverage_start: dt.date
    start_hour: int | None
    coverage_end: dt.date
    end_hour: int | None
    application_deadline: dt.date | None
    deadline_unshifted: dt.date | None
    first_debit: dt.date | None
    debit_unshifted: dt.date | None
    debit_kind: str
    within_pamphlet_period: bool
    deadline_passed: bool
    next_possible_start: dt.date | None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    source: Source | None = None


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


def _shift_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def annual_offset(spec: ScheduleSpec, start: dt.date) -> int | None:
    """For a programme's yearly start (e.g. every 1 April), how many years after the pamphlet's one."""
    first = _parse(spec.first_start)
    if spec.mode != "annual" or first is None:
        return None
    if (start.month, start.day) == (first.month, first.day):
        return start.year - first.year
    return None


def choose_rule(specs: tuple[ScheduleSpec, ...] | list[ScheduleSpec], start: dt.date) -> ScheduleSpec | None:
    """The rule for a start date: the yearly (annual) start if it falls on one, else the general rule.

    The pamphlet's rule is applied to any year; whether the date lies in the pamphlet's own period is
    reported separately (within_pamphlet_period).
    """
    if not specs:
        return None
    for spec in specs:
        if annual_offset(spec, start) is not None:
            return spec
    general = [s for s in specs if s.mode in ("monthly", "mid_term")]
    if general:
        return general[0]
    return specs[0]


def aligned_start(spec: ScheduleSpec, requested: dt.date) -> dt.date:
    """The first start the rule allows on or after the requested day."""
    first = _parse(spec.first_start)
    if spec.mode == "annual" and first is not None:
        # The next yearly start on or after the requested day.
        candidate = _shift_years(first, requested.year - first.year)
        return candidate if candidate >= requested else _shift_years(first, requested.year - first.year + 1)
    day_of_month = (spec.start or {}).get("day_of_month")
    if day_of_month and requested.day != day_of_month:
        candidate = (
            requested.replace(day=day_of_month)
            if requested.day < day_of_month
            else _add_months(requested, 1, to_day=day_of_month)
        )
        return candidate
    return requested


def deadline_for(spec: ScheduleSpec, start: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """(deadline after the holiday shift, deadline before it)."""
    rule = spec.deadline or {}
    kind = rule.get("kind", "none")
    if kind == "fixed":
        raw = _shift_years(_parse(rule["date"]), annual_offset(spec, start) or 0)
    elif kind == "day_in_month_before":
        raw = _add_months(start, -int(rule.get("months_before", 1)), to_day=rule["day"])
    elif kind == "days_before_start":
        raw = start - dt.timedelta(days=int(rule.get("days", 1)))
    else:
        return None, None
    return calendar.shift(raw, rule.get("shift", "none")), raw


def debit_for(spec: ScheduleSpec, start: dt.date) -> tuple[dt.date | None, dt.date | None]:
    rule = spec.debit or {}
    if rule.get("kind") != "day_in_month_after":
        return None, None
    raw = _add_months(start, int(rule.get("months_after", 0)), to_day=rule["day"])
    return calendar.shift(raw, rule.get("shift", "none")), raw


def end_for(spec: ScheduleSpec, start: dt.date) -> tuple[dt.date, int | None]:
    term = spec.term or {}
    if term.get("kind") == "common_expiry":
        # The programme's common expiry: its first anniversary after the start.
        base = _parse(term["date"])
        expiry = _shift_years(base, start.year - base.year)
        if expiry <= start:
            expiry = _shift_years(base, start.year - base.year + 1)
        return expiry, term.get("hour")
    try:
        end = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + 1, day=28)
    return end, (spec.start or {}).get("hour")


def compute_schedule(
    specs: tuple[ScheduleSpec, ...] | list[ScheduleSpec],
    *,
    requested_start: dt.date,
    today: dt.date,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Schedule | None:
    """Evaluate the programme's schedule rule for a requested start date, as of `today`."""
    spec = choose_rule(specs, requested_start)
    if spec is None:
        return None
    start = aligned_start(spec, requested_start)
    settled = choose_rule(specs, start)
    if settled is not spec:  # aligning moved the start onto another rule's day (e.g. the yearly start)
        spec, start = settled, aligned_start(settled, start)
    warnings: list[str] = []
    if start != requested_start:
        warnings.append(
            f"この制度の補償開始日は{_start_rule_text(spec)}のため、"
            f"{start:%Y年%-m月%-d日}開始として計算しました。"
        )
    deadline, deadline_raw = deadline_for(spec, start)
    debit, debit_raw = debit_for(spec, start)
    end, end_hour = end_for(spec, start)

    within = _within(spec, start, valid_from=valid_from, valid_to=valid_to, end=end)
    if not within:
        warnings.append(
            "この開始日は、パンフレットが対象とする期間の外です。最新のパンフレットで条件をご確認ください。"
        )
    if (spec.term or {}).get("kind") == "common_expiry" and spec.mode == "mid_term":
        warnings.append(
            f"中途加入の保険期間は制度共通の満期日（{end:%Y年%-m月%-d日}）までで、1年より短くなります。"
        )

    passed = deadline is not None and today > deadline
    next_start = None
    if passed:
        next_start = next_possible_start(specs, today=today, after=start)
        msg = f"申込締切日（{deadline:%Y年%-m月%-d日}）を過ぎています。"
        if next_start:
            msg += f"今から間に合う最も早い開始日は{next_start:%Y年%-m月%-d日}です。"
        warnings.append(msg)
    return Schedule(
        mode=spec.mode,
        requested_start=requested_start,
        coverage_start=start,
        start_hour=(spec.start or {}).get("hour"),
        coverage_end=end,
        end_hour=end_hour,
        application_deadline=deadline,
        deadline_unshifted=deadline_raw,
        first_debit=debit,
        debit_unshifted=debit_raw,
        debit_kind=(spec.debit or {}).get("kind", "none"),
        within_pamphlet_period=within,
        deadline_passed=passed,
        next_possible_start=next_start,
        warnings=tuple(warnings),
        source=spec.source,
    )


def next_possible_start(
    specs, *, today: dt.date, after: dt.date | None = None, horizon_days: int = 800
) -> dt.date | None:
    """The earliest start whose application deadline is today or later."""
    day = max(today, after or today)
    for _ in range(horizon_days):
        spec = choose_rule(specs, day)
        start = aligned_start(spec, day)
        deadline, _raw = deadline_for(spec, start)
        if start >= day and (deadline is None or deadline >= today):
            return start
        day = (
            max(day + dt.timedelta(days=1), start + dt.timedelta(days=1))
            if start >= day
            else (day + dt.timedelta(days=1))
        )
    return None


def _within(spec, start, *, valid_from, valid_to, end) -> bool:
    first = _parse(spec.first_start) or valid_from
    last = _parse(spec.last_start)
    if first and start < first:
        return False
    if last:
        return start <= last
    if valid_to:
        if (spec.term or {}).get("kind") == "common_expiry":
            return start < valid_to
        return start <= valid_to
    return first is not None


def _start_rule_text(spec: ScheduleSpec) -> str:
    day = (spec.start or {}).get("day_of_month")
    if spec.mode == "annual" and spec.first_start:
        return f"{_parse(spec.first_start):%Y年%-m月%-d日}"
    if day:
        return f"毎月{day}日"
    return "指定の日"
