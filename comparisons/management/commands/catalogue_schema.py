"""Write the catalogue's JSON Schema and its reference (SCHEMA.md) from the pydantic models."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from comparisons.catalogue import quotes, schema


class Command(BaseCommand):
    help = "Generate comparisons/catalogue/data/catalogue.schema.json and SCHEMA.md from catalogue/schema.py"

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="fail when the committed files are out of date"
        )

    def handle(self, *args, check=False, **options):
        files = {
            quotes.CATALOGUE_DIR / schema.SCHEMA_FILE: schema.json_schema_text(),
            quotes.CATALOGUE_DIR / schema.REFERENCE_FILE: schema.reference_markdown(),
        }
        stale = [
            p.name for p, text in files.items() if not p.is_file() or p.read_text(encoding="utf-8") != text
        ]
        if check:
            if stale:
                raise SystemExit(f"out of date: {', '.join(stale)} (run manage.py catalogue_schema)")
            self.stdout.write("up to date")
            return
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {', '.join(p.name for p in files)}")
