"""Japanese business days: weekends, public holidays, and the bank holidays 12/31–1/3."""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays
from holidays.countries.japan import Japan

# The years whose public holidays the `holidays` package knows for Japan (1949–2099 in the pinned version).
# A business-day rule never runs on a year outside them: dates there are refused, not guessed.
FIRST_YEAR: int = Japan.start_year
LAST_YEAR: int = Japan.end_year


class CalendarRangeError(ValueError):
    """A date outside the years the holiday calendar covers; the message is Japanese, for the user."""


def is_supported(day: dt.date) -> bool:
    """True when `day` lies in a year the holiday calendar covers (FIRST_YEAR–LAST_YEAR)."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def check_supported(day: dt.date) -> None:
    """Raise CalendarRangeError (Japanese message naming the range) for a date whose year the holiday
    calendar does not cover. Every date a user types passes through this before any business-day rule."""
    if not is_supported(day):
        raise CalendarRangeError(
            f"{FIRST_YEAR}年から{LAST_YEAR}年までの日付を入力してください"
            f"（祝日の暦がある範囲です。入力された年：{day.year}年）。"
        )


@cache
def _jp_holidays(year: int) -> holidays.HolidayBase:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarRangeError(f"{year}年の祝日の暦はありません（{FIRST_YEAR}〜{LAST_YEAR}年）。")
    return holidays.country_holidays("JP", years=year, language="ja")


def is_bank_holiday(day: dt.date) -> bool:
    return (day.month, day.day) in {(12, 31), (1, 1), (1, 2), (1, 3)}


def is_public_holiday(day: dt.date) -> bool:
    """A Japanese public holiday (国民の祝日・振替休日・国民の休日, Cabinet Office list via `holidays`).
    Raises CalendarRangeError outside FIRST_YEAR–LAST_YEAR."""
    return day in _jp_holidays(day.year)


def holiday_name(day: dt.date) -> str | None:
    name = _jp_holidays(day.year).get(day)
    if name:
        return name
    if is_bank_holiday(day):
        return "年末年始の休業日"
    return None


def is_business_day(day: dt.date) -> bool:
    """Not a weekend, a public holiday or 12/31–1/3. Raises CalendarRangeError outside FIRST_YEAR–LAST_YEAR."""
    check_supported(day)
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
