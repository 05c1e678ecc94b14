"""Is a date inside a pamphlet's stated period, and what that means for a member."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodStatus:
    """inside: the date lies in the pamphlet's period; current: True (inside), False (before or after it) or
    None (the pamphlet states no period). message: what it means for a member, empty when inside."""

    inside: bool
    label: str  # 期間内 / 期間外 / 期間外（開始前） / 期間の記載なし
    current: bool | None = None
    message: str = ""


def period_status(
    *, valid_from: dt.date | None, valid_to: dt.date | None, on: dt.date, period_text: str = ""
) -> PeriodStatus:
    """Where `on` (a JST date, usually today) lies against the pamphlet's period [valid_from, valid_to]."""
    named = f"このパンフレット（{period_text}）" if period_text else "このパンフレット"
    ask = "いまの加入条件・保険料・日程は、代理店または保険会社にご確認ください。"
    if valid_from is None and valid_to is None:
        return PeriodStatus(
            False, "期間の記載なし", None, f"このパンフレットには有効期間の記載がありません。{ask}"
        )
    if valid_from is not None and on < valid_from:
        return PeriodStatus(False, "期間外（開始前）", False, f"{named}の期間はまだ始まっていません。{ask}")
    if valid_to is not None and on > valid_to:
        return PeriodStatus(False, "期間外", False, f"{named}の期間は過ぎています。{ask}")
    return PeriodStatus(True, "期間内", True, "")
