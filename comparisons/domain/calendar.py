"""Japanese business days: weekends, public holidays, and the bank holidays 12/31–1/3."""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays


@cache
def _jp_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("JP", years=year, language="ja")


def is_bank_holiday(day: dt.date) -> bool:
    return (day.month, day.day) in {(12, 31), (1, 1), (1, 2), (1, 3)}


def holiday_name(day: dt.date) -> str | None:
    name = _jp_holidays(day.year).get(day)
    if name:
        return name
    if is_bank_holiday(day):
        return "年末年始の休業日"
    return None


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _jp_holidays(day.year) and not is_bank_holiday(day)


def shift(day: dt.date, direction: str) -> dt.date:
    """Move a non-business day to the next ('next') or previous ('previous') business day."""
    if direction == "none":
        return day
    step = dt.timedelta(days=1 if direction == "next" else -1)
    if direction not in ("next", "previous"):
        raise ValueError(f"unknown shift direction {direction!r}")
    while not is_business_day(day):
        day += step
    return day
