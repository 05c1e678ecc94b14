"""Every fact in the catalogue carries a verbatim quote of its seed: check each one against the seed text.

This test never skips: without the seeds it fails, so a CI run without ../shared cannot pass silently.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from comparisons.catalogue import loader, quotes

CATALOGUE = Path(quotes.CATALOGUE_DIR)
DATA_FILES = sorted(p for p in CATALOGUE.glob("*.yaml") if p.name != "taxonomy.yaml")
SEED_FILES = [
    "000_5e1d44bf16253f64.txt",
    "001_2c0c958d2657dea0.txt",
    "002_4340c91da37dd191.txt",
    "003_b97a62a0f69314e3.txt",
    "004_f9a230ec5007b52a.txt",
]


def test_seeds_are_present():
    missing = [s for s in SEED_FILES if not (quotes.seeds_dir() / s).is_file()]
    assert not missing, f"seed files missing from {quotes.seeds_dir()}: {missing}"


def test_every_programme_has_a_data_file():
    slugs = {p.name.split(".")[0] for p in DATA_FILES}
    assert slugs == {"sompo-jcci-cyber", "jcci-leak-liability", "silver-cyber", "aig-personal-info"}


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_quote_is_in_its_seed(path):
    refs = quotes.quotes_in_file(path)
    assert len(refs) > 20, "a programme file with so few quotes cannot be complete"
    missing = [f"{r.path}: {r.quote[:50]}" for r in refs if not r.found()]
    assert missing == []


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_fact_object_has_a_quote(path):
    """Walk each file: any mapping with a figure or rule in it must carry its own quote or sit under one."""
    data = loader.read_yaml(path)
    unsourced = []

    def walk(node, where, covered):
        if isinstance(node, dict):
            has_quote = "quote" in node
            for key, value in node.items():
                if key in ("by_plan",):
                    for code, override in value.items():
                        walk(override, f"{where}.{key}.{code}", covered or has_quote)
                elif isinstance(value, (dict, list)):
                    walk(value, f"{where}.{key}", covered or has_quote)
            factual = any(k in node for k in ("limit", "annual_premium", "rule", "mode", "status", "code"))
            if factual and not (has_quote or covered):
                unsourced.append(where)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{where}[{i}]", covered)

    walk(data, path.name, False)
    assert unsourced == []


def test_normalise_ignores_whitespace_only():
    assert quotes.normalise(" 1,000 万円\n(税込)") == "1,000万円(税込)"
    assert quotes.normalise("１０００") != quotes.normalise("1000")
