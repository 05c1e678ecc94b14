"""Schedule rules evaluated against the seeds' own worked examples and holiday cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from comparisons.domain.calendar import CalendarRangeError
from comparisons.domain.schedule import compute_schedule, earliest_start
from comparisons.domain.types import ScheduleSpec, Source

CATALOGUE = Path(__file__).resolve().parents[2] / "comparisons" / "catalogue" / "data"
D = dt.date


def specs(slug: str) -> list[ScheduleSpec]:
    data = yaml.safe_load((CATALOGUE / f"{slug}.yaml").read_text(encoding="utf-8"))
    return [
        ScheduleSpec(
            mode=r["mode"],
            start=r.get("start") or {},
            deadline=r.get("deadline") or {},
            debit=r.get("debit") or {},
            term=r.get("term") or {},
            first_start=r.get("first_start"),
            last_start=r.get("last_start"),
            source=Source(data["product"]["seed"], r["quote"]),
            carries_over=r["carries_over"]["applies"],
        )
        for r in data["schedule"]
    ]


def run(slug, start, today=D(2000, 1, 1), **period):
    return compute_schedule(specs(slug), requested_start=start, today=today, **period)


def test_sompo_worked_example_march_2025():
    # 000: 2月15日、16日は休日のため締切は2月17日; 引落は翌々月5日 → 5/5, 5/6 休日 → 5月7日
    s = run("sompo-jcci-cyber", D(2025, 3, 1), valid_from=D(2025, 3, 1), valid_to=D(2026, 2, 1))
    assert (s.coverage_start, s.start_hour) == (D(2025, 3, 1), 16)
    assert s.application_deadline == D(2025, 2, 17)
    assert s.deadline_unshifted == D(2025, 2, 15)
    assert s.first_debit == D(2025, 5, 7)
    assert s.coverage_end == D(2026, 3, 1)
    assert s.within_pamphlet_period


@pytest.mark.parametrize(
    ("requested", "start", "deadline", "debit", "inside"),
    [
        (D(2025, 3, 1), D(2025, 3, 1), D(2025, 2, 17), D(2025, 5, 7), True),
        (D(2025, 3, 10), D(2025, 4, 1), D(2025, 3, 17), D(2025, 6, 5), True),  # 3/15 Sat → 3/17
        (D(2026, 2, 1), D(2026, 2, 1), D(2026, 1, 15), D(2026, 4, 6), True),  # 4/5 Sun → 4/6
        # past the last start the pamphlet covers (2026-02-01): the rule it states for every month, 推定
        (D(2026, 12, 1), D(2026, 12, 1), D(2026, 11, 16), D(2027, 2, 5), False),  # 11/15 Sun
        (D(2027, 1, 1), D(2027, 1, 1), D(2026, 12, 15), D(2027, 3, 5), False),
    ],
)
def test_sompo_rule_for_any_month(requested, start, deadline, debit, inside):
    # 000: 「補償開始月の前月15日(休日の場合は翌営業日)」「補償開始月の翌々月5日(休日の場合は翌営業日)」
    s = run("sompo-jcci-cyber", requested, valid_from=D(2025, 3, 1), valid_to=D(2026, 2, 1))
    assert (s.coverage_start, s.application_deadline, s.first_debit) == (start, deadline, debit)
    assert s.within_pamphlet_period is inside
    assert s.estimated is not inside
    if inside:
        assert s.basis == "pamphlet" and s.estimated_fields == ()
    else:
        assert s.basis == "estimate"
        assert set(s.estimated_fields) >= {"application_deadline", "first_debit", "coverage_end"}
        assert any("推定" in w and "期間の外" in w for w in s.warnings)


# 001 ■スケジュール: 申込月 → 保険期間開始日, 保険料口座振替日 (all twelve rows)
MITSUI_TABLE = [
    (D(2019, 3, 1), D(2019, 3, 25), D(2018, 12, 31)),
    (D(2019, 4, 1), D(2019, 4, 23), D(2019, 1, 31)),
    (D(2019, 5, 1), D(2019, 5, 23), D(2019, 2, 28)),
    (D(2019, 6, 1), D(2019, 6, 24), D(2019, 3, 31)),
    (D(2019, 7, 1), D(2019, 7, 23), D(2019, 4, 30)),
    (D(2019, 8, 1), D(2019, 8, 23), D(2019, 5, 31)),
    (D(2019, 9, 1), D(2019, 9, 24), D(2019, 6, 30)),
    (D(2019, 10, 1), D(2019, 10, 23), D(2019, 7, 31)),
    (D(2019, 11, 1), D(2019, 11, 25), D(2019, 8, 31)),
    (D(2019, 12, 1), D(2019, 12, 23), D(2019, 9, 30)),
    (D(2020, 1, 1), D(2020, 1, 23), D(2019, 10, 31)),
    (D(2020, 2, 1), D(2020, 2, 25), D(2019, 11, 30)),
]


@pytest.mark.parametrize(("start", "debit", "deadline"), MITSUI_TABLE)
def test_mitsui_schedule_table(start, debit, deadline):
    s = run("jcci-leak-liability", start, valid_from=D(2019, 3, 1), valid_to=D(2020, 3, 1))
    assert s.coverage_start == start
    assert s.first_debit == debit
    assert s.application_deadline == deadline
    assert s.coverage_end == D(2020, 3, 1)  # mid-term joiners share the common expiry
    assert s.start_hour == 16
    assert s.within_pamphlet_period and not s.estimated


@pytest.mark.parametrize(
    "requested",
    [
        D(2026, 12, 1),  # a mid-term start seven years later
        D(2020, 3, 1),  # the next yearly start: the pamphlet prints only 2019年3月1日
        D(2020, 4, 1),  # a mid-term start in the next programme year
        D(2021, 3, 1),  # two yearly starts on
    ],
)
def test_mitsui_table_is_not_extended_to_another_year(requested):
    # 001 prints one programme year (新規・更改 2019年3月1日, 中途加入 2019年4月1日〜2020年2月1日 開始, 満期
    # 2020年3月1日): no rule in it says what the 2026 deadlines or debit days are, so none is made up.
    s = run("jcci-leak-liability", requested, valid_from=D(2019, 3, 1), valid_to=D(2020, 3, 1))
    assert s.basis == "unknown" and not s.within_pamphlet_period
    for value in (s.coverage_start, s.coverage_end, s.application_deadline, s.first_debit):
        assert value is None
    assert any("代理店" in w and "計算していません" in w for w in s.warnings)


def test_a_start_before_the_yearly_start_is_moved_to_it():
    # 001: 新規・更改 加入申込期間 2018年11月1日～12月31日 → 2019年3月1日午後4時 開始
    s = run("jcci-leak-liability", D(2018, 12, 10), valid_from=D(2019, 3, 1), valid_to=D(2020, 3, 1))
    assert (s.mode, s.coverage_start, s.application_deadline) == ("annual", D(2019, 3, 1), D(2018, 12, 31))
    assert any("2019年3月1日開始として計算" in w for w in s.warnings)


def test_silver_annual_start():
    s = run("silver-cyber", D(2026, 4, 1), valid_from=D(2026, 4, 1), valid_to=D(2027, 4, 1))
    assert s.mode == "annual"
    assert s.application_deadline == D(2026, 3, 16)
    assert (s.coverage_end, s.end_hour) == (D(2027, 4, 1), 16)
    assert s.first_debit is None and s.debit_kind == "by_deadline_transfer"
    assert not s.estimated


def test_silver_next_year_is_not_made_up():
    # 002 prints 募集締切日 2026年3月16日 for the 2026年4月1日 start only; 2027's is not the pamphlet's.
    s = run("silver-cyber", D(2027, 4, 1), valid_from=D(2026, 4, 1), valid_to=D(2027, 4, 1))
    assert s.basis == "unknown" and s.application_deadline is None and s.coverage_end is None


@pytest.mark.parametrize(
    ("start", "deadline", "reading"),
    [
        # 002: 「加入希望日の前日（前日が休祝日の場合はその前日）」; holidays from the Cabinet Office list
        (D(2026, 6, 10), D(2026, 6, 9), False),  # the day before
        (D(2026, 6, 15), D(2026, 6, 12), False),  # the day before is Sunday → Friday
        (D(2026, 11, 24), D(2026, 11, 20), False),  # 11/23 勤労感謝の日 (Mon) → Fri 11/20
        (D(2027, 1, 5), D(2027, 1, 4), False),  # 1/4 is a Monday, not a holiday
        # 12/31–1/3 are not 祝日; counting them as 休祝日 is a reading, so the date is 推定:
        (D(2027, 1, 1), D(2026, 12, 30), True),  # 12/31 (Thu) → 12/30 (Wed)
        (D(2027, 1, 4), D(2026, 12, 30), True),  # 1/3 (Sun) … 1/1 元日 … 12/31 (Thu) → 12/30
    ],
)
def test_silver_mid_term_deadline_moves_earlier(start, deadline, reading):
    s = run("silver-cyber", start, valid_from=D(2026, 4, 1), valid_to=D(2027, 4, 1))
    assert s.mode == "mid_term"
    assert s.coverage_start == start
    assert s.application_deadline == deadline
    assert s.coverage_end == D(2027, 4, 1)  # common expiry: shorter than a year
    assert any("1年より短く" in w for w in s.warnings)
    assert s.is_estimated("application_deadline") is reading
    assert bool(s.assumptions) is reading
    if reading:
        assert "12月31日〜1月3日" in s.assumptions[0] and "推定" in s.assumptions[0]


def test_deadline_passed_suggests_the_next_possible_start_and_says_it_is_past_the_period():
    s = run("sompo-jcci-cyber", D(2026, 12, 1), today=D(2026, 11, 23))
    assert s.deadline_passed
    assert s.next_possible_start == D(2027, 1, 1)
    assert s.next_start_estimated
    message = next(w for w in s.warnings if "過ぎています" in w)
    assert "2026年2月1日開始分まで" in message and "推定" in message


@pytest.mark.parametrize(
    ("slug", "today", "start", "estimated"),
    [
        # Sompo: the last start in the pamphlet is 2026-02-01, its deadline 2026-01-15 (Thu)
        ("sompo-jcci-cyber", D(2025, 12, 20), D(2026, 2, 1), False),
        ("sompo-jcci-cyber", D(2026, 1, 16), D(2026, 3, 1), True),  # by the monthly rule, past the period
        ("sompo-jcci-cyber", D(2026, 12, 1), D(2027, 1, 1), True),
        # Silver mid-term: the day before is the deadline; 12/1 (Tue) is today, so 12/2 is still possible
        ("silver-cyber", D(2026, 12, 1), D(2026, 12, 2), False),
        ("silver-cyber", D(2027, 3, 31), None, False),  # the programme year ends 2027-04-01: nothing later
        # Mitsui: its only programme year ended in 2020
        ("jcci-leak-liability", D(2026, 12, 1), None, False),
        ("jcci-leak-liability", D(2019, 6, 15), D(2019, 9, 1), False),  # 申込月 2019年6月 → 2019年9月1日
    ],
)
def test_earliest_start_never_passes_the_period_silently(slug, today, start, estimated):
    periods = {
        "sompo-jcci-cyber": (D(2025, 3, 1), D(2026, 2, 1)),
        "silver-cyber": (D(2026, 4, 1), D(2027, 4, 1)),
        "jcci-leak-liability": (D(2019, 3, 1), D(2020, 3, 1)),
    }
    valid_from, valid_to = periods[slug]
    found = earliest_start(specs(slug), today=today, valid_from=valid_from, valid_to=valid_to)
    assert (found.start, found.estimated) == (start, estimated)
    if start is None:
        assert "間に合う開始日はありません" in found.message
    elif estimated:
        assert "推定" in found.message and "過ぎた" in found.message


def test_years_the_holiday_calendar_does_not_cover():
    # 2099-12-01 by Sompo's rule: debit 翌々月5日 = 2100-02-05, a year the calendar has no holidays for
    s = run("sompo-jcci-cyber", D(2099, 12, 1), valid_from=D(2025, 3, 1), valid_to=D(2026, 2, 1))
    assert s.coverage_start == D(2099, 12, 1)
    assert s.first_debit is None and s.application_deadline is None
    assert any("祝日の暦" in w for w in s.warnings)
    with pytest.raises(CalendarRangeError):
        run("sompo-jcci-cyber", D(2100, 1, 1))
