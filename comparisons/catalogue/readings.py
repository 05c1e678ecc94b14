"""Kana readings of the リスク区分表's names, so a member who types 「いんしょく」 finds 飲食店.

Readings are worked out by pykakasi (a maintained kanji → kana converter) when the catalogue is loaded and
stored with the row's search words; the web processes never load its dictionaries (~130 MB).
"""

from __future__ import annotations

from functools import cache


@cache
def _converter():
    import pykakasi  # imported here: only the loader needs it

    return pykakasi.kakasi()


def readings(*texts: str) -> list[str]:
    """Hiragana readings of the texts that contain kanji, in order, without duplicates.

    「飲食店」 → 「いんしょくてん」; a text without kanji (「レストラン」) is searchable as it is and gives none.
    """
    found: list[str] = []
    for text in texts:
        if not any("\u4e00" <= ch <= "\u9fff" for ch in text or ""):
            continue
        reading = "".join(part["hira"] for part in _converter().convert(text))
        if reading and reading not in found:
            found.append(reading)
    return found
