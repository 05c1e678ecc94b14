"""List the catalogue facts of a programme whose quote no longer occurs in the new edition of its pamphlet.

    manage.py check_pamphlet silver-cyber new-2027.txt
    manage.py check_pamphlet jcci-leak-liability new.txt --seed 004=new-flyer.txt

Exit status: 0 nothing stale, 1 some facts to read again, 2 the check could not run (unknown product,
unreadable file). The logic is `comparisons.catalogue.pamphlet_check`.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comparisons.catalogue import pamphlet_check
from comparisons.catalogue.pamphlet_check import Fact, PamphletCheckError, Report

_SHOWN_RUN = 40  # characters of a changed run shown before "…"
_SHOWN_CHANGES = 8  # changed runs shown for one passage (a sentence rewritten has many)


class Command(BaseCommand):
    help = (
        "新しい版のパンフレット（抽出テキスト）に、カタログの各事実の引用がまだあるかを確認し、"
        "見つからない引用（読み直すべき事実）を一覧にします。終了コード: 0 変更なし、1 要確認あり、2 エラー。"
    )

    def add_arguments(self, parser):
        parser.add_argument("product", help="the programme's slug, e.g. silver-cyber")
        parser.add_argument("new_text", help="the new pamphlet's extracted text (UTF-8)")
        parser.add_argument(
            "--seed",
            action="append",
            default=[],
            metavar="SEED=FILE",
            help="the new text of another seed the programme quotes (e.g. the Mitsui flyer: "
            "--seed 004_f9a230ec5007b52a.txt=flyer.txt, or a unique prefix: --seed 004=flyer.txt); "
            "without it those quotes are listed as not checked",
        )
        parser.add_argument(
            "--dir",
            default=str(settings.CATALOGUE_DIR),
            help="the catalogue folder (default: comparisons/catalogue/data)",
        )

    def handle(self, *args, **opts):
        try:
            pamphlet_check.product_files(
                opts["product"], directory=Path(opts["dir"])
            )  # before reading any file
            report = pamphlet_check.check(
                opts["product"],
                text=pamphlet_check.read_text(Path(opts["new_text"])),
                others=self._other_texts(opts["seed"]),
                directory=Path(opts["dir"]),
            )
        except PamphletCheckError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if opts["verbosity"] >= 1:
            self._write_details(report)
        self._write_summary(report)
        if report.having("stale"):
            raise SystemExit(1)

    def _other_texts(self, pairs: list[str]) -> dict[str, pamphlet_check.Text]:
        texts = {}
        for pair in pairs:
            name, sep, path = pair.partition("=")
            if not (sep and name and path):
                raise PamphletCheckError(
                    f"--seed は「引用元=ファイル」の形で指定してください: {pair!r}（expected --seed SEED=FILE）"
                )
            texts[name] = pamphlet_check.read_text(Path(path))
        return texts

    def _write_details(self, report: Report) -> None:
        names = ", ".join(f"{text.name} in place of {seed}" for seed, text in report.texts.items())
        self.stdout.write(f"{report.product}: {names}")
        stale = report.having("stale")
        if stale:
            shown: dict[tuple[str, str], str] = {}  # each quote is shown once, then referred to
            self._heading("Stale: the quote no longer occurs in the new text (read these facts again)")
            for (file, section), facts in groupby(stale, key=lambda f: (f.file, f.section)):
                self.stdout.write(f"\n{file} › {section}")
                for entry, in_entry in groupby(facts, key=lambda f: f.entry):
                    in_entry = list(in_entry)
                    self.stdout.write(f"  {entry}  {in_entry[0].label}".rstrip())
                    for fact in in_entry:
                        self._write_stale(fact, first=shown.setdefault((fact.seed, fact.quote), fact.path))
        fewer = report.having("fewer")
        if fewer:
            self._heading(
                "Found, but fewer times than in the old text "
                "(one of the places it was quoted from changed: check which one the fact means)"
            )
            for fact in fewer:
                self._write_listed(fact, f"({fact.occurrences[0]} → {fact.occurrences[1]} times)")
                if fact.closest:
                    self._write_passage(fact.closest, label="changed place")
        unchecked = report.having("unchecked")
        if unchecked:
            seeds = sorted({f.seed for f in unchecked})
            self._heading(
                f"Not checked (other seed: {', '.join(seeds)}): "
                f"give its new text with --seed {seeds[0]}=FILE to check these"
            )
            for fact in unchecked:
                self._write_listed(fact, f"[{fact.seed}]")
        for seed in report.without_old_text:
            self.stdout.write(f"\n(The old text of {seed} is not in the seeds folder: counts not compared.)")
        self.stdout.write("")

    def _heading(self, text: str) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.WARNING(text))

    def _write_listed(self, fact: Fact, note: str) -> None:
        self.stdout.write(f"  {fact.file} › {fact.path}  {fact.label}  {note}")
        self.stdout.write(f"    quote: {_one_line(fact.quote)}")

    def _write_stale(self, fact: Fact, *, first: str) -> None:
        out = self.stdout
        if fact.path != fact.entry:
            out.write(f"    at {fact.path}")
        if first != fact.path:
            out.write(f"    the same quote as {first} (see above)")
            return
        out.write(f"    old: {_one_line(fact.quote)}")
        if fact.closest is None:
            out.write("    new: no similar passage (removed, or rewritten beyond recognition)")
        else:
            self._write_passage(fact.closest, label="new")

    def _write_passage(self, passage: pamphlet_check.Passage, *, label: str) -> None:
        found = "where the quote stood" if passage.at_place else "the most similar passage"
        self.stdout.write(
            f"    {label}: {passage.text}  (line {passage.line}, {found}, {passage.similarity:.0%} similar)"
        )
        if passage.changes:
            shown = [_change(old, new) for old, new in passage.changes[:_SHOWN_CHANGES]]
            if len(passage.changes) > _SHOWN_CHANGES:
                shown.append(f"… {len(passage.changes) - _SHOWN_CHANGES} more")
            self.stdout.write(f"    changed: {'; '.join(shown)}")

    def _write_summary(self, report: Report) -> None:
        stale = report.having("stale")
        by_section = ", ".join(f"{s} {n}" for s, n in report.stale_by_section().items())
        summary = (
            f"{report.product}: {len(report.checked)} quotes checked, {len(stale)} stale"
            + (f" ({by_section})" if by_section else "")
            + f", {len(report.having('fewer'))} found fewer times"
            + f", {len(report.having('unchecked'))} not checked (other seed)"
            + f" / 要確認 {len(stale)}件"
        )
        self.stdout.write(self.style.WARNING(summary) if stale else self.style.SUCCESS(summary))
        if len(stale) * 2 > len(report.checked):
            names = ", ".join(t.name for t in report.texts.values())
            self.stderr.write(
                f"半数以上の引用が見つかりません。{report.product} のパンフレットか確認してください: {names}"
                f"（more than half of the quotes are missing: is this the pamphlet of {report.product}?）"
            )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cut(text: str) -> str:
    return text if len(text) <= _SHOWN_RUN else text[: _SHOWN_RUN - 1] + "…"


def _change(old: str, new: str) -> str:
    if not old:
        return f"added 「{_cut(new)}」"
    if not new:
        return f"removed 「{_cut(old)}」"
    return f"{_cut(old)} → {_cut(new)}"
