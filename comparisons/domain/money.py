"""Yen amounts as people write them: 1億2,000万円, 120,000,000, ３億, 5000万 …"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

UNITS = {"兆": 10**12, "億": 10**8, "万": 10**4, "千": 10**3}
_TOKEN = re.compile(r"(\d+(?:\.\d+)?)(兆|億|万|千)?")
MAX_YEN = 10**15  # a sanity bound: no business has a revenue of a thousand trillion yen


class MoneyError(ValueError):
    """A message in Japanese that can be shown beside the field."""


def parse_yen(text: str | int | None) -> int:
    """Parse a yen amount. Raises MoneyError with a Japanese message when it cannot."""
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        value = _parse_text(str(text or ""))
    if value < 0:
        raise MoneyError("金額は0円以上で入力してください。")
    if value > MAX_YEN:
        raise MoneyError("金額が大きすぎます。桁をご確認ください。")
    return value


def _parse_text(raw: str) -> int:
    s = unicodedata.normalize("NFKC", raw).strip()
    s = re.sub(r"[\s,，、]", "", s)
    s = s.removeprefix("約").removeprefix("¥").removeprefix("￥").removesuffix("円").removesuffix("程度")
    if not s:
        raise MoneyError("金額を入力してください。")
    if s.startswith("-"):
        raise MoneyError("金額は0円以上で入力してください。")
    pos = 0
    total = Decimal(0)
    last_unit = None
    while pos < len(s):
        match = _TOKEN.match(s, pos)
        if not match or match.end() == pos:
            raise MoneyError("金額は「1億2,000万円」「120,000,000」のように数字で入力してください。")
        number, unit = match.groups()
        if unit is None and match.end() != len(s):
            raise MoneyError("金額は「1億2,000万円」「120,000,000」のように数字で入力してください。")
        if unit is not None:
            if last_unit is not None and UNITS[unit] >= UNITS[last_unit]:
                raise MoneyError("単位（億・万）の順序が正しくありません。")
            last_unit = unit
        try:
            total += Decimal(number) * (UNITS[unit] if unit else 1)
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
            raise MoneyError("金額を数字で入力してください。") from exc
        pos = match.end()
    if total != total.to_integral_value():
        raise MoneyError("1円未満の端数は入力できません。")
    return int(total)


def format_yen(value: int | None, *, approximate: bool = False) -> str:
    """12000000 → 1,200万円; 120000000 → 1億2,000万円; 12345 → 12,345円."""
    if value is None:
        return ""
    prefix = "約" if approximate else ""
    if value < 10**4 or value % 10**4:
        return f"{prefix}{value:,}円"
    parts = []
    rest = value
    for unit, size in (("兆", 10**12), ("億", 10**8), ("万", 10**4)):
        if rest >= size:
            parts.append(f"{rest // size:,}{unit}")
            rest %= size
    return prefix + "".join(parts) + "円"
