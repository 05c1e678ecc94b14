"""Which catalogue facts a new edition of a pamphlet no longer supports.

Insurers reissue their pamphlets every year. Given a programme's slug and the text of its new edition, this
module finds every quote of that programme's data files (`<slug>.yaml` and its fragments `<slug>.*.yaml`, read
generically by `quotes.iter_quotes`, so new kinds of entries are checked as soon as they carry a `quote`) and
compares it with the new text the way `quotes.QuoteRef.found` compares it with the seed: whitespace removed on
both sides. A quote missing from the new text is *stale*: its fact must be read again. For each stale quote the
passage that now stands at its place is found with `difflib` (by the old seed text around the quote; else the
most similar passage of the new text), and the runs that differ (a figure, a date) are named, so the reader
sees what changed. A quote still found, but fewer times than in the old text, is reported too: one of the
places it was quoted from changed.

Pure: no Django. `comparisons/management/commands/check_pamphlet.py` is the command around it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml

from . import quotes

# A passage of the new text counts as "the closest" only from this difflib ratio up (0–1): below it the
# quote's sentence was removed or rewritten beyond recognition.
MIN_SIMILARITY = 0.6
# The quote's place in the new text is trusted (see `closest_passage`) when the text around it there matches
# the text around it in the old one at least this well (difflib ratio, the quote itself left out).
MIN_CONTEXT_SIMILARITY = 0.8
_CONTEXT = 60  # characters on each side of a quote in the old text that locate its place in the new one
_GRAM = 3  # length of the n-grams that anchor the search for a quote's closest passage
_COMMON_GRAM = 400  # an n-gram that occurs more often than this in the text anchors nothing
_CANDIDATES = 8  # alignments examined closely per quote (and places of a quote in the old text)
_SEPARATION = 16  # characters between two alignments examined
_NUMERAL = set("0123456789０１２３４５６７８９,.，．")
_TOKEN = re.compile(r"[0-9０-９](?:[0-9０-９]|[,.，．](?=[0-9０-９]))*|.", re.S)
# Where a changed run at a passage's edge is taken to end (besides whitespace in the printed text).
_BOUNDARY = set("。、，()（）「」『』【】[]<>〈〉・:：;；")
_EDGE_REACH = 30  # at most this many characters added at an edge to reach a boundary
_PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

Status = Literal["current", "stale", "fewer", "unchecked"]


class PamphletCheckError(Exception):
    """A problem to fix before anything can be checked. The message is Japanese, then English in brackets."""


@dataclass(frozen=True, eq=False)
class Text:
    """One pamphlet text: `flat` (whitespace removed, for matching) and the way back to the printed `raw`.

    `where[i]` is the index in `raw` of `flat[i]`. Build it with `Text.of(name, raw)`.
    """

    name: str
    raw: str
    flat: str
    where: tuple[int, ...]

    @classmethod
    def of(cls, name: str, raw: str) -> Text:
        kept = [(i, ch) for i, ch in enumerate(raw) if not ch.isspace()]
        return cls(name, raw, "".join(ch for _i, ch in kept), tuple(i for i, _ch in kept))

    def count(self, quote: str) -> int:
        """How many times the quote occurs (whitespace-normalised, non-overlapping)."""
        flat = quotes.normalise(quote)
        return self.flat.count(flat) if flat else 0

    def printed(self, start: int, end: int) -> str:
        """The raw text behind `flat[start:end]`, each run of whitespace shown as one space."""
        if start >= end:
            return ""
        return re.sub(r"\s+", " ", self.raw[self.where[start] : self.where[end - 1] + 1])

    def line_of(self, flat_index: int) -> int:
        """The 1-based line of `raw` that holds `flat[flat_index]`."""
        return bisect.bisect_right(self._newlines, self.where[flat_index]) + 1

    @cached_property
    def _newlines(self) -> list[int]:
        return [i for i, ch in enumerate(self.raw) if ch == "\n"]

    @cached_property
    def _grams(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for i in range(len(self.flat) - _GRAM + 1):
            index.setdefault(self.flat[i : i + _GRAM], []).append(i)
        return index


@dataclass(frozen=True)
class Passage:
    """The passage of a new text closest to a stale quote.

    `text` as printed (whitespace runs shown as one space); `line` 1-based in the new file; `similarity` the
    difflib ratio (0–1) of the whitespace-free quote and passage; `changes` the runs that differ, as
    (old, new) pairs of whitespace-free text, a figure always whole ("81,330" → "83,120"); "" on one side
    for a run only added or only removed. `at_place`: found where the quote stood (by the old text around
    it), not by searching the new text for the most similar passage.
    """

    text: str
    line: int
    similarity: float
    changes: tuple[tuple[str, str], ...]
    at_place: bool


@dataclass(frozen=True)
class Fact:
    """One quote of the catalogue and what the new text says about it.

    `file` the data file's name; `path` where the quote sits (`coverages[3].by_plan.GI`); `entry` the entry
    that holds it (`coverages[3]`) and `label` what that entry is about (`liability_leak (plans: GI,FI)`).
    `status`: current (found), stale (not found), fewer (found, but fewer times than in the old seed text:
    one of the places it was quoted from changed), unchecked (its own `seed:`, no new text given for it).
    `closest`: for a stale quote the passage that took its place or is most like it; for `fewer`, what now
    stands at a place where it stood; None when there is none. `occurrences` (old, new) for `fewer`.
    """

    file: str
    path: str
    entry: str
    label: str
    seed: str
    quote: str
    status: Status
    closest: Passage | None = None
    occurrences: tuple[int, int] | None = None

    @property
    def section(self) -> str:
        """The top-level key of the data file the fact sits under (`coverages`, `premiums` …)."""
        return _PATH_TOKEN.match(self.path).group(0)


@dataclass(frozen=True)
class Report:
    """Every quote of one programme, checked.

    `texts` maps each checked seed to the new text given for it; `without_old_text` names the checked seeds
    whose old text is not in `quotes.seeds_dir()`, so the counts of their quotes could not be compared.
    """

    product: str
    main_seed: str
    texts: Mapping[str, Text]
    facts: tuple[Fact, ...] = field(default_factory=tuple)
    without_old_text: tuple[str, ...] = ()

    def having(self, status: Status) -> list[Fact]:
        return [f for f in self.facts if f.status == status]

    @property
    def checked(self) -> list[Fact]:
        return [f for f in self.facts if f.status != "unchecked"]

    def stale_by_section(self) -> Counter[str]:
        return Counter(f.section for f in self.having("stale"))


def product_files(product: str, *, directory: Path = quotes.CATALOGUE_DIR) -> list[Path]:
    """The programme's data files: `<slug>.yaml` first, then its fragments `<slug>.*.yaml` (see SCHEMA.md).

    Raises PamphletCheckError naming the known slugs when there is no such programme.
    """
    files = [p for p in sorted(directory.glob("*.yaml")) if p.name != "taxonomy.yaml"]
    mine = [p for p in files if p.name.split(".")[0] == product]
    main = directory / f"{product}.yaml"
    if main not in mine:
        known = ", ".join(sorted({p.name.split(".")[0] for p in files})) or "(none)"
        raise PamphletCheckError(
            f"「{product}」という商品はカタログにありません。指定できる商品: {known}"
            f"（unknown product {product!r} in {directory}; known: {known}）"
        )
    return [main] + [p for p in mine if p != main]


def read_text(path: Path, *, name: str | None = None) -> Text:
    """Read a new pamphlet text (UTF-8, a BOM allowed) from `path`.

    Raises PamphletCheckError when the file is missing, a folder, unreadable, not UTF-8 text (a PDF: extract
    its text first) or empty.
    """
    shown = str(path)
    if not path.exists():
        raise PamphletCheckError(f"ファイルが見つかりません: {shown}（file not found）")
    if path.is_dir():
        raise PamphletCheckError(
            f"フォルダが指定されました。テキストファイルを指定してください: {shown}（is a directory, not a file）"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PamphletCheckError(
            f"ファイルを読めません: {shown}: {exc.strerror}（cannot read the file）"
        ) from exc
    if data.startswith(b"%PDF"):
        raise PamphletCheckError(
            f"PDF が指定されました。テキストを抽出したファイル（pdftotext など）を指定してください: {shown}"
            "（a PDF, not its text: extract the text first, e.g. with pdftotext）"
        )
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PamphletCheckError(
            f"UTF-8 のテキストとして読めません: {shown}（not UTF-8 text: {exc.reason} at byte {exc.start}）"
        ) from exc
    if not raw.strip():
        raise PamphletCheckError(f"ファイルが空です: {shown}（the file is empty）")
    return Text.of(name or path.name, raw)


def check(
    product: str,
    *,
    text: Text,
    others: Mapping[str, Text] | None = None,
    directory: Path = quotes.CATALOGUE_DIR,
) -> Report:
    """Check every quote of a programme against the new edition of its pamphlet.

    `text` replaces the programme's main seed (`product.seed`); `others` maps another seed the programme cites
    (its file name, or a unique prefix such as `004`) to its new text. A quote whose seed has no new text is
    `unchecked`. Where the old seed text is still in `quotes.seeds_dir()`, a quote found fewer times than
    before is `fewer`. Raises PamphletCheckError for an unknown product, or a seed in `others` that the
    programme does not cite besides its main one.
    """
    main_seed, refs = _main_seed_and_refs(product, directory)
    cited = sorted({r.seed for _f, _d, r in refs} - {main_seed})
    texts = {main_seed: text}
    if others and not cited:
        raise PamphletCheckError(
            f"{product} の引用はすべて {main_seed} からのものです。--seed は不要です"
            f"（every quote of {product} comes from {main_seed}: --seed is not needed）"
        )
    for name, other in (others or {}).items():
        if name == main_seed:
            raise PamphletCheckError(
                f"{main_seed} は主な引用元です。新しいテキストは位置引数で指定してください"
                f"（{main_seed} is the main seed: give its new text as the positional argument）"
            )
        texts[seed_choice(name, cited)] = other
    facts = []
    for path, data, ref in refs:
        entry = _entry_of(ref.path)
        base = dict(
            file=path.name,
            path=ref.path,
            entry=entry,
            label=label_of(_node_at(data, entry)),
            seed=ref.seed,
            quote=ref.quote,
        )
        new = texts.get(ref.seed)
        if new is None:
            facts.append(Fact(**base, status="unchecked"))
            continue
        now = new.count(ref.quote)
        if now == 0:
            closest = closest_passage(ref.quote, new, old=_old_text(ref.seed))
            facts.append(Fact(**base, status="stale", closest=closest))
            continue
        old = _old_text(ref.seed)
        before = None if old is None else old.count(quotes.normalise(ref.quote))
        if before is not None and now < before:
            place = changed_place(ref.quote, new, old=old)
            facts.append(Fact(**base, status="fewer", closest=place, occurrences=(before, now)))
        else:
            facts.append(Fact(**base, status="current"))
    return Report(
        product=product,
        main_seed=main_seed,
        texts=dict(texts),
        facts=tuple(facts),
        without_old_text=tuple(seed for seed in texts if _old_text(seed) is None),
    )


def closest_passage(
    quote: str, text: Text, *, old: str | None = None, min_similarity: float = MIN_SIMILARITY
) -> Passage | None:
    """The passage of `text` that took the place of `quote`, or the one most like it; None if nothing is.

    `old` is the old seed text, whitespace removed (`quotes.seed_text`). Where it holds the quote, the quote's
    surroundings there are looked up in the new text and the quote's place is carried across the difference,
    so a row of figures is found by the rows around it even when all its figures changed: what now stands
    there is the passage, however unlike the quote, when the surroundings match (difflib ratio ≥
    `MIN_CONTEXT_SIMILARITY`) and something stands there. Otherwise (no old text, the quote's place now
    empty, or its surroundings changed too) the whole new text is searched for the passage most like the
    quote, kept when their ratio is ≥ `min_similarity`. A figure at either end is kept whole.
    """
    q = quotes.normalise(quote)
    if len(q) < _GRAM or not text.flat:
        return None
    places = _places(q, old, text) if old else []
    if places:
        best = max(places, key=lambda span: _ratio(q, text.flat[span[0] : span[1]]))
        return _passage(q, text, *best, at_place=True)
    span = _searched_span(q, text, min_similarity)
    return None if span is None else _passage(q, text, *span, at_place=False)


def changed_place(quote: str, text: Text, *, old: str) -> Passage | None:
    """For a quote found fewer times in `text` than in `old`: what now stands at a place where it stood
    (found as in `closest_passage`), or None when no such place can be told."""
    q = quotes.normalise(quote)
    if len(q) < _GRAM:
        return None
    for start, end in _places(q, old, text):
        if text.flat[start:end] != q:
            return _passage(q, text, start, end, at_place=True)
    return None


def _passage(q: str, text: Text, start: int, end: int, *, at_place: bool) -> Passage:
    passage = text.flat[start:end]
    return Passage(
        text=text.printed(start, end),
        line=text.line_of(start),
        similarity=_ratio(q, passage),
        changes=tuple(changes(q, passage)),
        at_place=at_place,
    )


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _places(q: str, old: str, text: Text) -> list[tuple[int, int]]:
    """Where each place of `q` in `old` now lies in `text`, found by the text around it: [(start, end)] of
    `text.flat`, for the places whose surroundings match well enough and where something still stands."""
    places = []
    at = old.find(q)
    for _ in range(_CANDIDATES):
        if at < 0:
            break
        lo = max(0, at - _CONTEXT)
        context = old[lo : at + len(q) + _CONTEXT]
        before, after = context[: at - lo], context[at - lo + len(q) :]
        around = _best_match(context, text)
        if around is not None:
            # The place is what stands between the text before the quote and the text after it.
            window = text.flat[around.start : around.end]
            matched = [
                m
                for m in SequenceMatcher(None, before, window, autojunk=False).get_matching_blocks()
                if m.size
            ]
            js = matched[-1].b + matched[-1].size if matched else 0
            matched = [
                m
                for m in SequenceMatcher(None, after, window[js:], autojunk=False).get_matching_blocks()
                if m.size
            ]
            je = js + matched[0].b if matched else len(window)
            start, end = _whole_numbers(text.flat, around.start + js, around.start + je)
            outside = _ratio(before + after, window[:js] + window[je:])
            if end > start and outside >= MIN_CONTEXT_SIMILARITY:
                places.append((start, end))
        at = old.find(q, at + 1)
    return places


def _searched_span(q: str, text: Text, min_similarity: float) -> tuple[int, int] | None:
    """The stretch of the whole `text` most like `q` (see `closest_passage`), widened at rewritten ends."""
    best = _best_match(q, text)
    if best is None or best.ratio < min_similarity:
        return None
    start, end = _whole_numbers(text.flat, best.start, best.end)
    # Where the quote's own start or end found no match, the new text there was rewritten: take the
    # rewritten run up to the next boundary, so a longer replacement is shown whole.
    if best.open_start:
        start = _boundary_before(text, start)
    if best.open_end:
        end = _boundary_after(text, end)
    return start, end


def _best_match(q: str, text: Text) -> _Span | None:
    best: _Span | None = None
    for offset in _candidate_offsets(q, text):
        span = _best_span(q, text.flat, offset)
        if span and (best is None or span.ratio > best.ratio):
            best = span
    return best


def changes(old: str, new: str) -> list[tuple[str, str]]:
    """The runs in which `old` and `new` differ, as (old, new) pairs; a figure is compared whole.

    `changes("保険料81,330円", "保険料83,120円") == [("81,330", "83,120")]`; "" on one side for a run only
    removed or only added.
    """
    a, b = _tokens(old), _tokens(new)
    return [
        ("".join(a[i1:i2]), "".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        if tag != "equal"
    ]


def _tokens(text: str) -> list[str]:
    """Characters, except that a figure (digits with their separators: 1,000 / 0.5) is one token."""
    return _TOKEN.findall(text)


def label_of(node: Any) -> str:
    """A short description of a catalogue entry from its identifying fields, whatever kind it is.

    `{item: cost_forensic, own_name: …, plans: [FI, FII]}` → `cost_forensic … (plans: FI,FII)`;
    `{plan: GI, rank: B}` → `GI rank B`; an entry with none of these fields → "".
    """
    if not isinstance(node, dict):
        return ""
    parts = []
    primary = next(
        (node[k] for k in ("item", "code", "rule", "mode", "kind", "plan") if _scalar(node, k)), None
    )
    if primary is not None:
        parts.append(str(primary))
    parts += [f"{k} {node[k]}" for k in ("rank", "industry") if _scalar(node, k)]
    name = next((str(node[k]) for k in ("own_name", "title", "name") if _scalar(node, k)), None)
    if name:
        parts.append(name if len(name) <= 30 else name[:29] + "…")
    plans = node.get("plans")
    if isinstance(plans, list) and plans:
        parts.append(f"(plans: {','.join(map(str, plans))})")
    elif isinstance(plans, str):
        parts.append(f"(plans: {plans})")
    return " ".join(parts)


def _scalar(node: dict, key: str) -> bool:
    return isinstance(node.get(key), str | int | float) and node.get(key) != ""


def _main_seed_and_refs(product: str, directory: Path) -> tuple[str, list[tuple[Path, Any, quotes.QuoteRef]]]:
    refs = []
    main_seed = ""
    for path in product_files(product, directory=directory):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            main_seed = main_seed or data["product"]["seed"]
            refs += [(path, data, ref) for ref in quotes.quotes_in_data(data)]
        except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
            raise PamphletCheckError(
                f"カタログのファイルを読めません: {path.name}。load_catalogue --check で確認してください"
                f"（cannot read the data file: {exc!r}; run load_catalogue --check）"
            ) from exc
    return main_seed, refs


def _entry_of(path: str) -> str:
    """`coverages[3].by_plan.GI` → `coverages[3]`; `premiums.table[3]` stays; `product.period` stays."""
    cut = path.find("]")
    return path if cut < 0 else path[: cut + 1]


def _node_at(data: Any, path: str) -> Any:
    node = data
    for key, index in _PATH_TOKEN.findall(path):
        try:
            node = node[int(index)] if index else node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _old_text(seed: str) -> str | None:
    try:
        return quotes.seed_text(seed)
    except FileNotFoundError:
        return None


def _candidate_offsets(q: str, text: Text) -> list[int]:
    """Offsets of `text.flat` where `q` may start, most shared n-grams first, `_SEPARATION` apart."""
    votes: Counter[int] = Counter()
    for p in range(len(q) - _GRAM + 1):
        hits = text._grams.get(q[p : p + _GRAM], ())
        if len(hits) <= _COMMON_GRAM:
            votes.update(i - p for i in hits)
    chosen: list[int] = []
    for offset, _n in votes.most_common():
        if all(abs(offset - o) > _SEPARATION for o in chosen):
            chosen.append(offset)
            if len(chosen) == _CANDIDATES:
                break
    return chosen


@dataclass(frozen=True)
class _Span:
    ratio: float
    start: int
    end: int
    open_start: bool  # the quote's first characters matched nothing
    open_end: bool  # the quote's last characters matched nothing


def _best_span(q: str, flat: str, offset: int) -> _Span | None:
    """The stretch of `flat` near `offset` that matches `q` best."""
    lo = max(0, offset - len(q) // 2)
    window = flat[lo : offset + len(q) + len(q) // 2]
    blocks = [b for b in SequenceMatcher(None, q, window, autojunk=False).get_matching_blocks() if b.size]
    best = None
    for i, first in enumerate(blocks):
        matched = 0
        for last in blocks[i:]:
            matched += last.size
            # Unmatched ends of the quote stand for the text just outside the matched stretch.
            start = max(0, lo + first.b - first.a)
            end = min(len(flat), lo + last.b + last.size + len(q) - last.a - last.size)
            ratio = 2 * matched / (len(q) + end - start)
            if best is None or ratio > best.ratio:
                best = _Span(ratio, start, end, first.a > 0, last.a + last.size < len(q))
    return best


def _whole_numbers(flat: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so that a figure cut by either edge is kept whole."""
    while 0 < start < end and flat[start - 1] in _NUMERAL and flat[start] in _NUMERAL:
        start -= 1
    while start < end < len(flat) and flat[end] in _NUMERAL and flat[end - 1] in _NUMERAL:
        end += 1
    return start, end


def _is_boundary(text: Text, i: int) -> bool:
    """Whether flat[i - 1] and flat[i] are apart: whitespace between them in the printed text, or flat[i]
    a punctuation mark."""
    return text.flat[i] in _BOUNDARY or text.where[i] - text.where[i - 1] > 1


def _boundary_before(text: Text, start: int) -> int:
    floor = max(0, start - _EDGE_REACH)
    while start > floor and not _is_boundary(text, start) and text.flat[start - 1] not in _BOUNDARY:
        start -= 1
    return start


def _boundary_after(text: Text, end: int) -> int:
    ceiling = min(len(text.flat), end + _EDGE_REACH)
    while end < ceiling and not _is_boundary(text, end):
        end += 1
    return end


def seed_choice(name: str, seeds: Iterable[str]) -> str:
    """The seed file name a user means by `name`: the exact name or a unique prefix (`004` for `004_f9a…`).

    Raises PamphletCheckError when no seed, or more than one, matches.
    """
    seeds = list(seeds)
    if name in seeds:
        return name
    matches = [s for s in seeds if s.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    listed = ", ".join(seeds)
    if not matches:
        raise PamphletCheckError(
            f"{name} はこの商品の引用元ではありません。引用元: {listed}（not a seed of this product; its seeds: {listed}）"
        )
    raise PamphletCheckError(
        f"{name} に当てはまる引用元が複数あります: {', '.join(matches)}（ambiguous seed name）"
    )
