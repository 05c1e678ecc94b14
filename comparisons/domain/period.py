"""Is a date inside a pamphlet's stated period?"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodStatus:
    inside: bool
    label: str  # 期間内 / 期間外 / 期間の記載なし


def period_status(*, valid_from: dt.date | None, valid_to: dt.date | None, on: dt.date) -> PeriodStatus:
    if valid_from is None and valid_to is None:
        return PeriodStatus(inside=False, label="期間の記載なし")
    if valid_from is not None and on < valid_from:
        return PeriodStatus(inside=False, label="期間外（開始前）")
    if valid_to is not None and on > valid_to:
        return PeriodStatus(inside=False, label="期間外")
    return PeriodStatus(inside=True, label="期間内")
