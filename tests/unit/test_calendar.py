import datetime as dt

import pytest

from comparisons.domain.calendar import holiday_name, is_business_day, shift

D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 11, 23), False),  # 勤労感謝の日
        (D(2026, 11, 24), True),
        (D(2026, 11, 28), False),  # Saturday
        (D(2026, 12, 31), False),  # bank holiday
        (D(2027, 1, 4), True),
        (D(2027, 1, 2), False),
        (D(2025, 5, 6), False),  # 振替休日
        (D(2025, 5, 7), True),
    ],
)
def test_is_business_day(day, expected):
    assert is_business_day(day) is expected


@pytest.mark.parametrize(
    ("day", "direction", "expected"),
    [
        (D(2025, 5, 5), "next", D(2025, 5, 7)),  # こどもの日 + 振替休日
        (D(2019, 3, 23), "next", D(2019, 3, 25)),  # Saturday → Monday
        (D(2020, 2, 23), "next", D(2020, 2, 25)),  # 天皇誕生日 on Sunday, 振替 on Monday
        (D(2026, 12, 31), "next", D(2027, 1, 4)),
        (D(2027, 1, 2), "previous", D(2026, 12, 30)),
        (D(2026, 11, 23), "previous", D(2026, 11, 20)),
        (D(2026, 11, 24), "next", D(2026, 11, 24)),
        (D(2026, 11, 28), "none", D(2026, 11, 28)),
    ],
)
def test_shift(day, direction, expected):
    assert shift(day, direction) == expected


def test_holiday_names_are_japanese():
    assert holiday_name(D(2026, 11, 23)) == "勤労感謝の日"
    assert holiday_name(D(2026, 12, 31)) == "年末年始の休業日"
    assert holiday_name(D(2026, 11, 24)) is None


@pytest.mark.parametrize(
    ("day", "supported"),
    [
        (
            D(1948, 12, 31),
            False,
        ),  # before 国民の祝日に関する法律 (1948-07-20 in force; the package starts 1949)
        (D(1949, 1, 1), True),
        (D(2099, 12, 31), True),
        (D(2100, 1, 1), False),
        (D(9999, 12, 31), False),
        (D(2, 12, 1), False),  # a year typed half-way (0002-12-01)
    ],
)
def test_supported_range(day, supported):
    from comparisons.domain.calendar import CalendarRangeError, check_supported, is_supported

    assert is_supported(day) is supported
    if supported:
        check_supported(day)
    else:
        with pytest.raises(CalendarRangeError, match="1949年から2099年までの日付"):
            check_supported(day)


def test_business_day_rules_refuse_an_uncovered_year():
    """A business-day rule never answers for a year the calendar does not know (it would treat every
    holiday as a working day)."""
    from comparisons.domain.calendar import CalendarRangeError

    with pytest.raises(CalendarRangeError):
        is_business_day(D(2100, 3, 20))
    with pytest.raises(CalendarRangeError):
        shift(D(2099, 12, 31), "next")  # 12/31 is a bank holiday: the next business day lies in 2100
