"""Find every quote in a catalogue data file and check it against its seed text.

A quote matches when it occurs in the seed with all whitespace removed from both sides. This module is
pure (no Django) so helpers and the test-suite can use it alike:

    python -m comparisons.catalogue.quotes comparisons/catalogue/data/silver-cyber.yaml
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

_WS = re.compile(r"\s+")
CATALOGUE_DIR = Path(__file__).resolve().parent / "data"
PROJECT_DIR = Path(__file__).resolve().parents[2]


def seeds_dir() -> Path:
    """Where the pamphlet texts live: $SEEDS_DIR, else ../shared/seeds beside the project."""
    env = os.environ.get("SEEDS_DIR")
    if env:
        return Path(env)
    return PROJECT_DIR.parent / "shared" / "seeds"


def normalise(text: str) -> str:
    return _WS.sub("", text)


@cache
def seed_text(seed: str) -> str:
    path = seeds_dir() / seed
    if not path.is_file():
        raise FileNotFoundError(f"seed file not found: {path}")
    return normalise(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class QuoteRef:
    path: str  # where in the data file, e.g. "coverages[3].by_plan.GI"
    seed: str
    quote: str

    def found(self) -> bool:
        return normalise(self.quote) in seed_text(self.seed)


def iter_quotes(data: object, *, default_seed: str, path: str = "") -> Iterator[QuoteRef]:
    """Yield every quote in a parsed data file, with the seed it must come from."""
    if isinstance(data, dict):
        seed = data.get("seed", default_seed) if isinstance(data.get("seed"), str) else default_seed
        for key, value in data.items():
            here = f"{path}.{key}" if path else str(key)
            if key == "quote" and isinstance(value, str):
                yield QuoteRef(path or "(top)", seed, value)
            elif key == "rule_quotes" and isinstance(value, dict):
                for rule, q in value.items():
                    if isinstance(q, str):
                        yield QuoteRef(f"{here}.{rule}", seed, q)
            elif key in ("extra_quotes", "constraint_quotes") and isinstance(value, list):
                for i, q in enumerate(value):
                    if isinstance(q, str):
                        yield QuoteRef(f"{here}[{i}]", seed, q)
                    elif isinstance(q, dict):
                        yield from iter_quotes(q, default_seed=seed, path=f"{here}[{i}]")
            else:
                yield from iter_quotes(value, default_seed=seed, path=here)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from iter_quotes(item, default_seed=default_seed, path=f"{path}[{i}]")


def quotes_in_data(data: dict) -> list[QuoteRef]:
    """Every quote of one parsed data file: a programme file (`product.seed`) or a fragment (`seed`)."""
    product = data.get("product")
    default_seed = product["seed"] if isinstance(product, dict) else data["seed"]
    return list(iter_quotes(data, default_seed=default_seed))


def quotes_in_file(path: Path) -> list[QuoteRef]:
    return quotes_in_data(yaml.safe_load(path.read_text(encoding="utf-8")))


def main(argv: list[str]) -> int:
    bad = 0
    total = 0
    for name in argv:
        if Path(name).name == "taxonomy.yaml":  # the harmonised rows: no quotes, no seed
            continue
        for ref in quotes_in_file(Path(name)):
            total += 1
            if not ref.found():
                bad += 1
                print(f"NOT FOUND {name}: {ref.path} [{ref.seed}]: {ref.quote!r}")
    print(f"{total} quotes checked, {bad} not found")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
