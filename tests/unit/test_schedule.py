"""Schedule rules evaluated against the seeds' own worked examples and holiday cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from comparisons.domain.schedule import compute_schedule
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
        (D(2026, 12, 1), D(2026, 12, 1), D(2026, 11, 16), D(2027, 2, 5), False),  # 11/15 Sun
        (D(2027, 1, 1), D(2027, 1, 1), D(2026, 12, 15), D(2027, 3, 5), False),
    ],
)
def test_sompo_rule_for_any_month(requested, start, deadline, debit, inside):
    s = run("sompo-jcci-cyber", requested, valid_from=D(2025, 3, 1), valid_to=D(2026, 2, 1))
    assert (s.coverage_start, s.application_deadline, s.first_debit) == (start, deadline, debit)
    assert s.within_pamphlet_period is inside
    if not inside:
        assert any("期間の外" in w for w in s.warnings)


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
    assert s.within_pamphlet_period


def test_mitsui_rule_applied_to_a_later_year_with_warning():
    s = run("jcci-leak-liability", D(2026, 12, 1), valid_from=D(2019, 3, 1), valid_to=D(2020, 3, 1))
    assert s.coverage_start == D(2026, 12, 1)
    assert s.first_debit == D(2026, 12, 23)
    assert s.coverage_end == D(2027, 3, 1)
    assert not s.within_pamphlet_period


def test_silver_annual_start():
    s = run("silver-cyber", D(2026, 4, 1), valid_from=D(2026, 4, 1), valid_to=D(2027, 4, 1))
    assert s.mode == "annual"
    assert s.application_deadline == D(2026, 3, 16)
    assert (s.coverage_end, s.end_hour) == (D(2027, 4, 1), 16)
    assert s.first_debit is None and s.debit_kind == "by_deadline_transfer"


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        (D(2026, 6, 10), D(2026, 6, 9)),  # the day before
        (D(2026, 6, 15), D(2026, 6, 12)),  # the day before is Sunday → Friday
        (D(2026, 11, 24), D(2026, 11, 20)),  # 11/23 勤労感謝の日 (Mon) → Fri 11/20
        (D(2027, 1, 4), D(2026, 12, 30)),  # 1/3 … 12/31 bank holidays → 12/30
    ],
)
def test_silver_mid_term_deadline_moves_earlier(start, deadline):
    s = run("silver-cyber", start, valid_from=D(2026, 4, 1), valid_to=D(2027, 4, 1))
    assert s.mode == "mid_term"
    assert s.coverage_start == start
    assert s.application_deadline == deadline
    assert s.coverage_end == D(2027, 4, 1)  # common expiry: shorter than a year
    assert any("1年より短く" in w for w in s.warnings)


def test_deadline_passed_suggests_the_next_possible_start():
    s = run("sompo-jcci-cyber", D(2026, 12, 1), today=D(2026, 11, 23))
    assert s.deadline_passed
    assert s.next_possible_start == D(2027, 1, 1)
    assert any("過ぎています" in w for w in s.warnings)
