"""load_catalogue: idempotent, and a bad file is rejected whole with the file and the entry named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command

from comparisons.catalogue import quotes
from comparisons.catalogue.models import Coverage, Plan, Product

CATALOGUE = Path(quotes.CATALOGUE_DIR)


def dump_catalogue() -> str:
    models = list(apps.get_app_config("comparisons").get_models())
    rows = []
    for model in models:
        rows += list(model.objects.order_by("pk"))
    return serializers.serialize("json", rows)


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    before = dump_catalogue()
    assert Product.objects.count() == 4
    call_command("load_catalogue", verbosity=0)
    assert dump_catalogue() == before


@pytest.fixture
def catalogue_copy(tmp_path) -> Path:
    for f in CATALOGUE.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        # a quote that is not in the seed
        ("silver-cyber.yaml", "quote: ", "quote: 存在しない文言 ", "quote not found"),
        # an unknown harmonised item
        ("sompo-jcci-cyber.yaml", "item: liability_", "item: no_such_", "is not in taxonomy.yaml"),
        # money as text instead of yen
        ("silver-cyber.yaml", "annual_premium: 141150", "annual_premium: '141,150円'", "annual_premium"),
    ],
)
def test_bad_file_is_rejected_whole(catalogue_copy, file, old, new, expected):
    _edit(catalogue_copy / file, old, new)
    before = dump_catalogue()
    with pytest.raises(CommandError):
        call_command("load_catalogue", dir=str(catalogue_copy), verbosity=0)
    assert dump_catalogue() == before


@pytest.mark.django_db
def test_error_names_the_file_and_the_entry(catalogue_copy, capsys):
    _edit(catalogue_copy / "silver-cyber.yaml", "annual_premium: 141150", "annual_premium: -5")
    with pytest.raises(CommandError):
        call_command("load_catalogue", dir=str(catalogue_copy), verbosity=0)
    err = capsys.readouterr().err
    assert "silver-cyber.yaml: premiums.table[0]" in err


@pytest.mark.django_db
def test_a_valid_change_is_written_and_other_rows_keep_their_ids(catalogue_copy):
    plan_ids = dict(Plan.objects.values_list("code", "pk"))
    _edit(catalogue_copy / "silver-cyber.yaml", "short_name: ", "short_name: 改 ")
    call_command("load_catalogue", dir=str(catalogue_copy), verbosity=0)
    assert Product.objects.get(slug="silver-cyber").short_name.startswith("改")
    assert dict(Plan.objects.values_list("code", "pk")) == plan_ids
    assert Coverage.objects.count() > 100


@pytest.mark.django_db
def test_check_mode_writes_nothing(catalogue_copy):
    _edit(catalogue_copy / "silver-cyber.yaml", "short_name: ", "short_name: 改 ")
    call_command("load_catalogue", dir=str(catalogue_copy), check=[], verbosity=0)
    assert not Product.objects.get(slug="silver-cyber").short_name.startswith("改")


@pytest.mark.django_db
def test_the_built_catalogue_follows_a_reload(catalogue_copy):
    from comparisons.catalogue import selectors

    assert not selectors.product("silver-cyber").short_name.startswith("改")
    _edit(catalogue_copy / "silver-cyber.yaml", "short_name: ", "short_name: 改 ")
    call_command("load_catalogue", dir=str(catalogue_copy), verbosity=0)
    assert selectors.product("silver-cyber").short_name.startswith("改")


@pytest.mark.django_db
def test_the_built_catalogue_follows_an_admin_edit():
    from comparisons.catalogue import selectors
    from comparisons.catalogue.admin import touch_catalogue

    assert selectors.product("aig-personal-info").summary != "編集済み"
    # The admin's save path touches the catalogue version; a write that does not is not seen.
    Product.objects.filter(slug="aig-personal-info").update(summary="編集済み")
    assert selectors.product("aig-personal-info").summary != "編集済み"
    touch_catalogue()
    assert selectors.product("aig-personal-info").summary == "編集済み"


@pytest.mark.django_db
def test_values_derived_from_the_catalogue_follow_it():
    """per_catalogue computes once per catalogue version, again after an admin edit, and every time when
    there is no version (rows written by hand)."""
    from comparisons.catalogue import selectors
    from comparisons.catalogue.admin import touch_catalogue
    from comparisons.catalogue.models import CatalogueVersion

    made = []

    def names():
        made.append(1)
        return tuple(p.short_name for p in selectors.products())

    first = selectors.per_catalogue("test:names", names)
    assert selectors.per_catalogue("test:names", names) is first and len(made) == 1
    Product.objects.filter(slug="aig-personal-info").update(short_name="AIG 編集済み")
    touch_catalogue()
    edited = selectors.per_catalogue("test:names", names)
    assert len(made) == 2 and "AIG 編集済み" in edited
    CatalogueVersion.objects.all().delete()
    selectors.per_catalogue("test:names", names)
    selectors.per_catalogue("test:names", names)
    assert len(made) == 4
