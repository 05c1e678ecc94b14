"""Fragments of the results partial, rendered once and served to every member whose answers show the same.

A fragment (the summary, one programme's price block or eligibility card, the matrix's header, the dates
table) is kept under a digest of exactly what it shows and the catalogue's version (the `{% fragment %}`
tag, comparisons/templatetags/fragments.py). Most answers are choices among a few values, so their
fragments are shared by many members. The revenue is not: nearly every member types a different one, and
it appears in what the page shows — in the links, which carry the member's answers
(「…?revenue=23456000&…」), and in a few sentences (「年間売上高：例は5,000万円、あなたは2,345万6,000円」).

So the member's revenue is a *hole* in a fragment. Before keying and rendering, every string of what the
fragment shows has the member's revenue replaced by a placeholder (in a link: the query's `revenue=` value
as the member typed it, URL-encoded; in a sentence: the amount as `format_yen` writes it); the fragment is
rendered from those placeholders and kept so; the member's own words are put back into the copy served.
Two members whose results differ only in their revenue's own words get the same fragment, each with their
own revenue in it. One whose revenue changes anything else (another example, a rule, a verdict, a figure
given as a number) gets a different key, because what the fragment shows differs beyond the hole.

Why that is exact: masking then unmasking gives back the original (the placeholders are characters of
Unicode's private-use area, which no catalogue text holds; a member who types one gets no holes), and the
key is the digest of the masked data the fragment is rendered from (`Holes.key`). So two equal keys
mean one member's data is the other's with the revenue's words swapped, and a template that prints those
strings as they are (escaping leaves the placeholders alone) prints the one with the other's words swapped
too. A template that cut or encoded a placeholder would leave a piece of it in the output (`Holes.unmask`
says so), and a render that still shows the member's words after masking (a catalogue text equal to them:
catalogue records, comparisons.domain.types, are never masked; they hold no member's words and they are
many) is not kept masked: the tag keeps those renders under the data as it is, for the members whose data
is exactly the same. What a fragment shows must reach it through its key parts (plain data whose repr
shows all of it), the member's words through the variables the tag masks: a review of the templates, and
tests that compare each kept render with one from nothing, hold that.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote_plus

from comparisons.domain.money import format_yen

# Characters of Unicode's private-use area: in no catalogue text; a member who types one gets no holes
# (Holes.of), and a render that still holds one after unmasking is never kept (Holes.unmask).
_OPEN, _CLOSE = "\ue000", "\ue001"
QUERY_HOLE = f"{_OPEN}revenue-query{_CLOSE}"
AMOUNT_HOLE = f"{_OPEN}revenue-amount{_CLOSE}"
_CATALOGUE_MODULE = "comparisons.domain.types"


@dataclass(frozen=True)
class Hole:
    """One way the member's revenue appears: `words`, where `before` allows the character before them and
    `after` the one after (a string's start and end always do), replaced by `placeholder`."""

    words: str
    placeholder: str
    before: Callable[[str], bool]
    after: Callable[[str], bool]

    def sub(self, text: str) -> str:
        """`text` with these words replaced where they are the revenue (str.find: no regex to compile for
        each member's own words)."""
        at = text.find(self.words)
        if at < 0:
            return text
        size, parts, done = len(self.words), [], 0
        while at >= 0:
            end = at + size
            if (at == 0 or self.before(text[at - 1])) and (end == len(text) or self.after(text[end])):
                parts += (text[done:at], self.placeholder)
                done = end
                at = text.find(self.words, end)
            else:
                at = text.find(self.words, at + 1)
        return "".join(parts) + text[done:] if parts else text


_QUERY_BEFORE = frozenset("?&;'\"")  # a query's start, 「&」 (「&amp;」 in HTML), a quote (a repr's string)
_QUERY_AFTER = frozenset("&#'\"")
_AMOUNT_NOT_BEFORE = frozenset("0123456789０１２３４５６７８９,，.億兆万約")


def _amount_may_follow(character: str) -> bool:
    return character not in _AMOUNT_NOT_BEFORE


def _anything(_character: str) -> bool:
    return True


@dataclass(frozen=True)
class Holes:
    """The member's revenue as it appears in what the page shows, each with its placeholder: a Hole where it
    is the member's revenue and not part of another value (「revenue=1」 is not in 「revenue=10」, 「1億円」
    not in 「11億円」)."""

    holes: tuple[Hole, ...] = ()

    def __bool__(self) -> bool:
        """False when there is nothing to mask (no revenue answered): a fragment is then kept as it is."""
        return bool(self.holes)

    @classmethod
    def of(cls, *, typed: str, revenue: int | None) -> Holes:
        """The holes of one request: `typed` the query's revenue value as sent (「1億2,000万円」,
        「120000000」), `revenue` the amount it was read as (yen; None when unanswered or unreadable).
        No holes when there is nothing to mask, or when the typed value holds a placeholder character."""
        if _OPEN in typed or _CLOSE in typed:
            return cls()
        holes = []
        if typed:
            # in a query: after its start or 「&」 (「&amp;」 in HTML), before 「&」, 「#」 or its end
            words = "revenue=" + quote_plus(typed)
            holes.append(Hole(words, QUERY_HOLE, _QUERY_BEFORE.__contains__, _QUERY_AFTER.__contains__))
        if revenue is not None:
            # not the tail of a larger amount (「11億円」, 「1億2,000万円」's 「2,000万円」)
            words = format_yen(revenue)
            holes.append(Hole(words, AMOUNT_HOLE, _amount_may_follow, _anything))
        return cls(tuple(holes))

    def mask_text(self, text: str) -> str:
        """`text` with each hole's words replaced by its placeholder."""
        for hole in self.holes:
            text = hole.sub(text)
        return text

    def mask(self, value):
        """`value` (plain data: str, tuple, list, dict, frozen dataclasses, numbers, dates) with every string
        masked: a part with nothing to mask is returned as it is (the same object), a changed container as
        a new one, a changed dataclass as a copy (its cached properties dropped). Catalogue records
        (comparisons.domain.types) are returned as they are: they hold no member's words, and they are many
        (a programme's whole catalogue hangs from its result)."""
        if not self.holes:
            return value
        if isinstance(value, str):
            return self.mask_text(value)
        if isinstance(value, tuple | list):
            items = [self.mask(v) for v in value]
            if all(a is b for a, b in zip(items, value, strict=True)):
                return value
            return type(value)(items) if not hasattr(value, "_fields") else type(value)(*items)
        if isinstance(value, set | frozenset):
            items = {self.mask(v) for v in value}
            return value if items == value else type(value)(items)
        if isinstance(value, dict):
            masked = {self.mask(k): self.mask(v) for k, v in value.items()}
            pairs = zip(masked.items(), value.items(), strict=True)
            same = all(k is j and v is w for (k, v), (j, w) in pairs)
            return value if same else masked
        names = _field_names(type(value))
        if names is None:  # not a dataclass, or a catalogue record
            return value
        changed = {}
        for name in names:
            now = getattr(value, name)
            masked = self.mask(now)
            if masked is not now:
                changed[name] = masked
        if not changed:
            return value
        new = copy.copy(value)
        state = getattr(new, "__dict__", None)
        if state is not None:
            for name in [k for k in state if k not in names]:
                del state[name]  # a cached property of the unmasked value
        for name, masked in changed.items():
            object.__setattr__(new, name, masked)
        return new

    def key(self, *parts) -> str:
        """A hex digest of `parts` (plain data whose repr shows all of it) with the holes masked: the same for
        two members whose parts differ only in their revenue's words.

        Masked in their repr (fast, ~0.1 ms for the summary instead of ~0.5 ms): every string of the parts
        shows there as it is, between quotes, unless it holds a character repr escapes, so each Hole finds
        the same words with the same characters around them (a string's start or end is a quote there;
        a number or a field name is never between quotes) as `mask` does in the data. Two differences
        remain, each only ever making keys differ: a catalogue record's text is masked here and not in the
        render (a constant text holding this member's words makes their key their own), and a backslash
        (an escaped character, whose escape could hide or fake the character before the words) sends the
        parts through `mask` itself, under another prefix."""
        text = repr(parts)
        if "\\" in text:
            return "d" + hashlib.sha256(repr(self.mask(parts)).encode()).hexdigest()
        return "t" + hashlib.sha256(self.mask_text(text).encode()).hexdigest()

    def shown_in(self, text: str) -> bool:
        """Whether `text` (rendered from masked data) still shows a hole's words: it read the member's
        revenue from somewhere not masked, or prints words equal to it of its own; not to be kept."""
        return any(hole.sub(text) != text for hole in self.holes)

    def unmask(self, text: str) -> str | None:
        """`text` (rendered from masked data) with the member's words put back; None when a placeholder was
        damaged on the way (cut, encoded): then the masked render must not be kept or served."""
        for hole in self.holes:
            text = text.replace(hole.placeholder, hole.words)
        if _OPEN in text or _CLOSE in text or "%EE%80%8" in text:
            return None
        return text


NO_HOLES = Holes()

_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names (kept per class), or None for anything else and for catalogue records."""
    try:
        return _FIELDS[cls]
    except KeyError:
        names = None
        if dataclasses.is_dataclass(cls) and cls.__module__ != _CATALOGUE_MODULE:
            names = tuple(f.name for f in dataclasses.fields(cls))
        _FIELDS[cls] = names
        return names
