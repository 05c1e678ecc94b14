"""Property-based tests (Hypothesis) for the money parser and the schedule rules."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from comparisons.domain.calendar import is_business_day
from comparisons.domain.money import MoneyError, format_yen, parse_yen
from comparisons.domain.schedule import compute_schedule

from .test_schedule import specs  # the catalogue's schedule rules, as the worked-example tests read them


@given(st.integers(min_value=0, max_value=10**15))
def test_format_then_parse_is_identity(value):
    assert parse_yen(format_yen(value)) == value


@given(st.integers(min_value=0, max_value=10**15))
def test_commas_and_full_width_digits(value):
    text = f"{value:,}"
    assert parse_yen(text) == value
    full = text.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    assert parse_yen(full + "円") == value


@given(st.text(max_size=30))
def test_any_text_parses_or_gives_a_japanese_message(text):
    try:
        value = parse_yen(text)
    except MoneyError as exc:
        assert any("\u3040" <= ch <= "\u9fff" for ch in str(exc))
    else:
        assert 0 <= value <= 10**15


@given(st.integers(min_value=1000, max_value=10**12), st.data())
def test_a_comma_out_of_place_is_refused_never_read_as_another_amount(value, data):
    digits = str(value)
    # a comma anywhere except before a group of three digits counted from the right
    places = [i for i in range(1, len(digits)) if (len(digits) - i) % 3]
    where = data.draw(st.sampled_from(places))
    with pytest.raises(MoneyError):
        parse_yen(digits[:where] + "," + digits[where:])


SPECS = {slug: specs(slug) for slug in ("sompo-jcci-cyber", "jcci-leak-liability", "silver-cyber")}
DATES = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2035, 12, 31))


def _a_year_after(day: dt.date) -> dt.date:
    if (day.month, day.day) == (2, 29):
        return dt.date(day.year + 1, 3, 1)
    return day.replace(year=day.year + 1)


@settings(max_examples=300)
@given(st.sampled_from(sorted(SPECS)), DATES, DATES)
@example("silver-cyber", dt.date(2020, 2, 29), dt.date(2018, 1, 1))  # found by Hypothesis: a leap day
@example("sompo-jcci-cyber", dt.date(2028, 2, 29), dt.date(2028, 1, 1))
def test_schedule_invariants(slug, requested, today):
    s = compute_schedule(SPECS[slug], requested_start=requested, today=today)
    if s.basis == "unknown":  # outside the pamphlet's period, and no rule of it carries over
        assert (s.coverage_start, s.coverage_end, s.application_deadline, s.first_debit) == (None,) * 4
        return
    assert s.within_pamphlet_period == (s.basis == "pamphlet")
    assert s.estimated == (s.basis == "estimate" or bool(s.assumptions))
    assert s.coverage_start >= requested
    assert s.coverage_start < s.coverage_end <= _a_year_after(s.coverage_start) + dt.timedelta(days=1)
    if s.application_deadline:
        assert s.application_deadline < s.coverage_start
        # a shifted deadline or debit always lands on a business day
        if s.deadline_unshifted != s.application_deadline:
            assert is_business_day(s.application_deadline)
    if s.first_debit:
        assert is_business_day(s.first_debit)
        assert s.first_debit >= s.coverage_start
    assert s.deadline_passed == (s.application_deadline is not None and today > s.application_deadline)
    if s.deadline_passed and s.next_possible_start:
        nxt = compute_schedule(SPECS[slug], requested_start=s.next_possible_start, today=today)
        assert not nxt.deadline_passed
