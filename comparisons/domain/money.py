"""Yen amounts as people type them: 1億2,000万円, 120,000,000, ３億, 5千万, 一億二千万円, \\300,000, 1億円程度 …

Kanji numerals and the 千・百 inside 万・億 are read by `kanjize` (a maintained parser of Japanese numerals);
this module only cleans what a member types around the number (full-width forms, invisible characters,
¥ typed as a backslash, 約・円・程度) and refuses separators in places where they would change the amount.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from kanjize import kanji2number

MAX_YEN = 10**15  # a sanity bound: no business has a revenue of a thousand trillion yen
UNITS = {"兆": 10**12, "億": 10**8, "万": 10**4, "千": 10**3}

HINT = "「1億2,000万円」「120,000,000」「三億」のように、数字で入力してください。"
# Before the number: 約 (about) and the yen sign, which a Japanese keyboard types as a backslash (¥ and \
# share a key; NFKC turns ＼ into \ and ￥ into ¥). After it: 円, then 程度 / ほど (about).
_PREFIXES = ("約", "¥", "\\")
_SUFFIXES = ("程度", "ほど", "円")
# Separators a member may put between digits: a comma (or 、, which the IME gives for a comma key) only as
# a thousands separator, i.e. before exactly three digits; a decimal point only in a single number with at
# most one unit after it (1.5億). Anything else between digits is refused, never skipped.
_DIGIT_RUN = re.compile(r"\d[\d,]*")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_DECIMAL = re.compile(r"(\d+)\.(\d+)(兆|億|万|千)?")
# A bare number after the last 億・兆 (「1億2000」「1億5千」), or one bare digit after 万 (「1万5」),
# is said for 1億2,000万 / 1万5,000 as often as it is meant literally: refused unless 円 is typed after it.
_TRAILING_BELOW_MAN = re.compile(r"(?:兆|億)([0-9〇一二三四五六七八九十百千]+)$")
_TRAILING_AFTER_MAN = re.compile(r"万(\d)$")


class MoneyError(ValueError):
    """A message in Japanese that can be shown beside the field."""


def parse_yen(text: str | int | None) -> int:
    """Parse a yen amount typed by a person into an integer number of yen.

    Accepts digits (half- or full-width) with thousands commas, units 兆・億・万・千 with digits or kanji
    numerals before them (「1億2千万」「一億二千万円」「1千3百万」), a decimal in a single unit (「1.5億」),
    「約」「¥」「\\」「＼」 before and 「円」「程度」 after, and ignores invisible characters pasted in with the
    text (zero-width space, BOM …). Raises MoneyError with a Japanese message for anything it would have
    to guess: a comma or point in a place that is not a thousands separator or a decimal (「1,5億」「1.000万」),
    a negative amount, a fraction of a yen, units out of order, or more than MAX_YEN; and a bare number after
    the last unit without 円, which people say for another amount (「1億2000」: 1億2,000万円 or 100,002,000円?
    「1万5」: 15,000円 or 10,005円?).
    """
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        value = _parse_text(str(text or ""))
    if value < 0:
        raise MoneyError("金額は0円以上で入力してください。")
    if value > MAX_YEN:
        raise MoneyError("金額が大きすぎます。桁をご確認ください。")
    return value


def clean(raw: str) -> str:
    """The typed text without invisible characters, in NFKC (full-width digits and signs made plain)."""
    visible = "".join(ch for ch in raw if unicodedata.category(ch) != "Cf")  # ZWSP, BOM, joiners …
    return unicodedata.normalize("NFKC", visible).replace("、", ",").strip()


def _strip_words(s: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if s.startswith(prefix):
                s, changed = s[len(prefix) :].strip(), True
        for suffix in _SUFFIXES:
            if s.endswith(suffix):
                s, changed = s[: -len(suffix)].strip(), True
    return s


def _parse_text(raw: str) -> int:
    cleaned = clean(raw)
    s = _strip_words(cleaned)
    if not s:
        raise MoneyError("金額を入力してください。")
    if s[0] in "-−‐" or s.startswith("マイナス"):
        raise MoneyError("金額は0円以上で入力してください。")
    if re.search(r"\d\s+\d", s):
        raise MoneyError("数字の間に空白があります。" + HINT)
    s = re.sub(r"\s+", "", s)
    for run in _DIGIT_RUN.findall(s):
        if "," in run and not _THOUSANDS.fullmatch(run):
            raise MoneyError(f"「{run}」のカンマの位置が正しくありません。カンマは3桁ごとに入れてください。")
    s = s.replace(",", "")
    if "." in s:
        return _parse_decimal(s)
    if "円" not in cleaned:
        _refuse_a_bare_tail(s)
    try:
        value = kanji2number(s)
    except ValueError as exc:
        if "too large unit" in str(exc):
            raise MoneyError("単位（億・万）の順序が正しくありません。") from exc
        raise MoneyError("金額を読み取れませんでした。" + HINT) from exc
    return int(value)


def _refuse_a_bare_tail(s: str) -> None:
    """Refuse 「1億2000」「1億5千」「1万5」: a member may mean the next unit down (1億2,000万円, 1万5千円) or
    the literal amount; the message names both readings and asks for the unit or 円."""
    if _TRAILING_BELOW_MAN.search(s):
        meant, unit = s + "万", "万"
    elif _TRAILING_AFTER_MAN.search(s):
        meant, unit = s + "千", "千"
    else:
        return
    try:
        readings = (kanji2number(meant), kanji2number(s))
    except ValueError:
        return  # not a number at all: the parser below says so
    first, second = (spelled(int(v)) for v in readings)
    raise MoneyError(
        f"「{s}」は{first}とも{second}とも読めます。「{s}{unit}円」「{s}円」のように、{unit}・円まで入力してください。"
    )


def _parse_decimal(s: str) -> int:
    """A decimal is read only as one number with at most one unit (1.5億 = 150,000,000 yen); 1.000万 is refused
    because a point before three digits may be a thousands separator (European style) or a decimal."""
    match = _DECIMAL.fullmatch(s)
    if not match:
        raise MoneyError(
            "小数点の位置が正しくありません。「1.5億」のように、小数は単位の前に1つだけ入れてください。"
        )
    whole, fraction, unit = match.groups()
    if len(fraction) == 3:
        raise MoneyError(
            f"「{whole}.{fraction}」は小数点か桁区切りか分かりません。桁区切りにはカンマ（1,000万）を使ってください。"
        )
    try:
        total = Decimal(f"{whole}.{fraction}") * UNITS.get(unit or "", 1)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
        raise MoneyError("金額を読み取れませんでした。" + HINT) from exc
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


def readback(value: int) -> str:
    """The amount as it was understood, for the member to check beside the field, in units and with every
    digit: 120000000 → 「1億2,000万円（120,000,000円）として読みました」; 12345 → 「12,345円として読みました」."""
    return f"{spelled(value)}として読みました"


def spelled(value: int) -> str:
    """Yen in units, then every digit when the units hide some: 「1億2,000万円（120,000,000円）」, 「12,345円」."""
    digits = f"{value:,}円"
    spoken = format_yen(value)
    return f"{spoken}（{digits}）" if spoken != digits else digits
