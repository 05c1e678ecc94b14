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
Unicode's private-use area, which no answer or catalogue text holds), so two equal masked keys mean one
member's data is the other's with the revenue's words swapped; a template that prints those strings as
they are (escaping leaves the placeholders alone) then prints the one with the other's words swapped too.
A template that cut or encoded a placeholder would leave a piece of it in the output: such a render is
served as it is and never kept (`Holes.unmask` says so). Catalogue records (comparisons.domain.types) are
never masked: they hold no member's words, and they are many.
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
        masked; an unchanged part is returned as it is (the same object), a changed dataclass as a copy
        (its cached properties dropped). Catalogue records are returned as they are."""
        if not self.holes:
            return value
        if isinstance(value, str):
            return self.mask_text(value)
        if isinstance(value, tuple | list):
            items = [self.mask(v) for v in value]
            if all(a is b for a, b in zip(items, value, strict=True)):
                return value
            return type(value)(items) if not hasattr(value, "_fields") else type(value)(*items)
        if isinstance(value, dict):
            masked = {self.mask(k): self.mask(v) for k, v in value.items()}
            same = all(a is b for a, b in zip(masked.items(), value.items(), strict=True))
            return value if same else masked
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if type(value).__module__ == _CATALOGUE_MODULE:
                return value
            names = [f.name for f in dataclasses.fields(value)]
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
        return value

    def key(self, *parts) -> str:
        """A hex digest of `parts` (plain data whose repr shows all of it) with the holes masked in their
        repr: the same for two members whose parts differ only in their revenue's words.

        Masking the repr rather than the data (`mask`) is the same where it matters and three times faster:
        the two differ only inside catalogue records, which `mask` leaves alone; a catalogue text holding a
        member's words makes that member's key differ from every other member's, so no other member is
        served a fragment rendered with it."""
        return hashlib.sha256(self.mask_text(repr(parts)).encode()).hexdigest()

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
