"""How a member page names where a fact comes from: the pamphlet's title and edition, and its section.

Members never see the seed file's name (it is an internal handle of the extracted text). A fact is cited as
『<programme>』パンフレット（<edition>） plus the heading of the pamphlet's section its quote sits under,
found in the pamphlet's text: the nearest heading line before the quote. Headings are the extracted text's
markdown headings (「## 5 加入について(2019年3月始期契約)」) and, in a text extracted without them, short
lines the pamphlet sets as headings (「【共通】」, 「■2025年3月1日より加入の場合のスケジュール」). Where no
heading is found, or the pamphlet's text is not at hand, the section is "" and the title and edition stand
alone.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from functools import cache, lru_cache

from .quotes import normalise, seeds_dir

_MARKDOWN_HEADING = re.compile(r"^(#{1,4})\s+(?P<text>.+)$")
# Headings of a text extracted without markdown: a bracketed title, a short ■/▼ line with no sentence end,
# a chapter numbered I / II / III, a short title line (「ご加入について」「特にご注意いただきたいこと」), and the
# first cell of a pamphlet's feature table (「特長1	外部起因・内部起因の事故を幅広くカバー …」).
_PLAIN_HEADING = re.compile(
    r"^(?:【(?P<bracket>[^】]{2,30})】"
    r"|[■▼](?P<mark>[^。■]{2,40})"
    r"|(?P<roman>(?:I{1,3}|IV|V) \S[^。]{1,25})"
    r"|(?P<title>[^\t。、]{2,30}(?:について|いただきたいこと|のご説明\)))"
    r"|(?P<feature>特長\d+)\t(?P<feature_title>\S+).*)$"
)
_TAGS = re.compile(r"<[^>]*>")
# Headings too generic to name a section (the one above them is used instead).
_GENERIC = re.compile(
    r"^(POINT|<?注目!?>?|〈?ご連絡先〉?|ポイント.?|Case \d+|受付時間|引受保険会社|担当営業店|取扱代理店|商工会議所名"
    r"|募集文書作成担当店|窓口|事故が起った場合)$",
    re.IGNORECASE,
)


def clean_heading(raw: str) -> str:
    """A heading as a member reads it: no markdown, tags or decorative marks."""
    text = _TAGS.sub("", raw).replace("**", "")
    text = re.sub(r"\s+", " ", text).strip(" ■▼#<>〈〉")
    return text


def _plain_heading(line: str) -> str | None:
    match = _PLAIN_HEADING.match(line)
    if match is None:
        return None
    if match.group("feature"):
        return f"{match.group('feature')} {match.group('feature_title')}"
    return next(g for g in match.group("bracket", "mark", "roman", "title") if g)


@cache
def _headings(seed: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Every heading of a pamphlet's text with its offset in the whitespace-free text (ascending)."""
    path = seeds_dir() / seed
    if not path.is_file():
        return (), ()
    offsets: list[int] = []
    titles: list[str] = []
    position = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        match = _MARKDOWN_HEADING.match(stripped)
        text = match.group("text") if match else None
        if text is None:
            text = _plain_heading(stripped)
        if text:
            title = clean_heading(text)
            if title and not _GENERIC.match(title):
                offsets.append(position)
                titles.append(title)
        position += len(normalise(line))
    return tuple(offsets), tuple(titles)


@cache
def _text(seed: str) -> str:
    path = seeds_dir() / seed
    return normalise(path.read_text(encoding="utf-8")) if path.is_file() else ""


@lru_cache(maxsize=8192)
def section_of(seed: str, quote: str) -> str:
    """The heading of the section a quote sits under in its pamphlet, or "" (no heading before it, the
    quote not found, or the pamphlet's text not at hand)."""
    if not seed or not quote:
        return ""
    at = _text(seed).find(normalise(quote))
    if at < 0:
        return ""
    offsets, titles = _headings(seed)
    index = bisect_right(offsets, at) - 1
    return titles[index] if index >= 0 else ""


def edition(*, pamphlet_date: str, valid_from: dt.date | None, valid_to: dt.date | None) -> str:
    """The pamphlet's edition in words: its own edition line, else the period it is valid for."""
    if pamphlet_date:
        return pamphlet_date
    if valid_from and valid_to:
        return f"有効期間 {valid_from:%Y年%-m月%-d日}～{valid_to:%Y年%-m月%-d日}"
    if valid_from:
        return f"{valid_from:%Y年%-m月%-d日}から有効"
    return "発行時期の記載なし"
