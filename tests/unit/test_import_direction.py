"""Imports point down only: surfaces → compare → catalogue → domain, and nothing in comparisons imports the
agents' app. Every import in every module is read (function-local ones too), so a shortcut that reaches
upward fails here, not in a review."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each package of the project, with the packages it may import (its own always allowed). A package not
# listed here fails the test: a new one must be given its place.
ALLOWED: dict[str, set[str]] = {
    "comparisons.domain": set(),
    "comparisons.catalogue": {"comparisons.domain"},
    "comparisons.compare": {"comparisons.domain", "comparisons.catalogue"},
    "comparisons.simulator": {"comparisons.domain", "comparisons.catalogue", "comparisons.compare"},
    "comparisons.products": {"comparisons.domain", "comparisons.catalogue", "comparisons.compare"},
    "comparisons.handout": {
        "comparisons.domain",
        "comparisons.catalogue",
        "comparisons.compare",
        "comparisons.simulator",
        "comparisons.pdf",
    },
    "comparisons.api": {
        "comparisons.domain",
        "comparisons.catalogue",
        "comparisons.compare",
        "comparisons.simulator",
    },
    "comparisons.templatetags": {"comparisons.domain"},
    "comparisons.management": {"comparisons.domain", "comparisons.catalogue"},
    "comparisons.migrations": set(),
    # infrastructure modules at the app's top: they serve every feature and import none
    "comparisons.pdf": set(),
    "comparisons.context_processors": set(),
    "comparisons.urls": {
        "comparisons.compare",
        "comparisons.handout",
        "comparisons.products",
        "comparisons.simulator",
    },
    "comparisons.apps": {"comparisons.catalogue"},
    "comparisons.models": {"comparisons.catalogue"},
    "comparisons": set(),
    "enrollment": {"comparisons.domain", "comparisons.catalogue", "comparisons.compare", "comparisons.pdf"},
    "config": {"comparisons", "enrollment"},  # settings and the root URLconf wire the apps together
}
PROJECT_PACKAGES = ("comparisons", "enrollment", "config")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package_of(module: str) -> str:
    """The most specific key of ALLOWED that contains the module."""
    candidates = [k for k in ALLOWED if module == k or module.startswith(k + ".")]
    if not candidates:
        raise AssertionError(f"{module} belongs to no layer in ALLOWED: give it one")
    return max(candidates, key=len)


def _imports(path: Path, module: str) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{a.name}" for a in node.names] if not node.module or node.level else [target]
            found += [(node.lineno, name) for name in names]
    return found


def _sources() -> list[Path]:
    return sorted(p for pkg in PROJECT_PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def _target_package(name: str) -> str | None:
    """The layer an imported name belongs to, or None for a name outside the project."""
    if name.split(".")[0] not in PROJECT_PACKAGES:
        return None
    return _package_of(name)


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path: Path):
    module = _module_name(path)
    own = _package_of(module)
    wrong = []
    for line, name in _imports(path, module):
        target = _target_package(name)
        if target is None or target == own:
            continue
        if target not in ALLOWED[own] and not any(target.startswith(a + ".") for a in ALLOWED[own]):
            wrong.append(f"line {line}: {name} ({own} may import only {sorted(ALLOWED[own]) or 'itself'})")
    assert not wrong, "\n".join(wrong)


def test_domain_imports_no_django():
    """The domain is pure: no request, no ORM, no settings."""
    wrong = []
    for path in sorted((ROOT / "comparisons" / "domain").rglob("*.py")):
        for line, name in _imports(path, _module_name(path)):
            if name.split(".")[0] == "django":
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_relative_and_upward_imports(tmp_path, monkeypatch):
    """The checker itself: a relative import resolves to its package, and an upward one is refused."""
    path = ROOT / "comparisons" / "domain" / "example.py"
    source = "from .money import format_yen\nfrom comparisons.compare.results import build\n"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: source)
    found = _imports(path, _module_name(path))
    assert found == [(1, "comparisons.domain.money.format_yen"), (2, "comparisons.compare.results")]
    targets = [_target_package(name) for _line, name in found]
    assert targets == ["comparisons.domain", "comparisons.compare"]
    assert "comparisons.compare" not in ALLOWED["comparisons.domain"]
