"""Load the programme data files into the database: validate everything, then write in one transaction."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comparisons.catalogue import loader


class Command(BaseCommand):
    help = "カタログ（comparisons/catalogue/data/*.yaml）を検証してデータベースに読み込みます。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=str(settings.CATALOGUE_DIR),
            help="the catalogue folder (taxonomy.yaml and one file per programme)",
        )
        parser.add_argument(
            "--check",
            nargs="*",
            metavar="FILE",
            help="only validate (all files, or the files named); write nothing",
        )

    def handle(self, *args, **opts):
        directory = Path(opts["dir"])
        taxonomy, files = loader.discover(directory)
        check_only = opts["check"] is not None
        if opts["check"]:
            named = [Path(f).resolve() for f in opts["check"]]
            # A fragment needs its programme file, so validate those together.
            files = [
                f
                for f in files
                if f.resolve() in named or any(n.name.split(".")[0] == f.name.split(".")[0] for n in named)
            ]
        try:
            catalogue = loader.parse_files(taxonomy, files)
        except loader.CatalogueError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"catalogue not loaded: {len(exc.problems)} problem(s)") from exc
        if check_only:
            self.stdout.write(self.style.SUCCESS(f"OK: {len(files)} file(s) valid"))
            return
        with transaction.atomic():
            counts = loader.write_catalogue(catalogue)
        summary = ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
        self.stdout.write(self.style.SUCCESS(f"catalogue loaded: {summary}"))
