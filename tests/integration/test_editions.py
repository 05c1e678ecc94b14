"""A new pamphlet edition leaves old applications unchanged: each application reads its programme from the
edition it was made under, and once submitted from the terms recorded then."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from comparisons.catalogue import editions, selectors
from comparisons.catalogue.models import ProductEdition
from enrollment import services
from enrollment.models import Application

from .test_enrollment_services import complete_data, make_application

pytestmark = pytest.mark.django_db  # each test's new edition is rolled back with it


def _pdf_text(client, application) -> str:
    response = client.get(f"/agents/applications/{application.public_id}/application.pdf")
    assert response.status_code == 200
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def _submit(application, actor):
    application.refresh_from_db()
    services.save_application(
        application=application,
        data=complete_data(application),
        expected_version=application.version,
        actor=actor,
    )
    for to in ("review", "submitted"):
        application.refresh_from_db()
        services.transition(
            application=application,
            to_status=to,
            actor=actor,
            expected_version=application.version,
            today=timezone.localdate(),
        )
    application.refresh_from_db()
    return application


def _publish_new_edition(tmp_path: Path) -> None:
    """A new Sompo edition: the programme renamed, an option renamed, a new period, a notice reworded."""
    data_dir = tmp_path / "data"
    shutil.copytree(settings.CATALOGUE_DIR, data_dir)
    path = data_dir / "sompo-jcci-cyber.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["product"]["name"] = "商工会議所の「情報セキュリティサポート保険」2026年度版"
    doc["product"]["period"]["valid_from"] = dt.date(2026, 3, 1)
    doc["product"]["period"]["valid_to"] = dt.date(2027, 2, 1)
    for option in doc["options"]:
        if option["code"] == "bi":
            option["name"] = "利益・営業継続費用補償特約（新）"
    for note in doc["notes"]:
        if note["kind"] == "notice":
            note["title"] = "新しい版のお知らせ"
            break
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    call_command("load_catalogue", dir=str(data_dir), verbosity=0)


def test_loading_the_same_catalogue_twice_adds_no_edition():
    before = ProductEdition.objects.count()
    call_command("load_catalogue", verbosity=0)
    assert ProductEdition.objects.count() == before == 4


def test_a_snapshot_rebuilds_the_same_programme():
    for product in selectors.products():
        assert editions.from_snapshot(editions.snapshot(product)) == product


def test_a_new_edition_never_alters_a_submitted_application_or_its_pdf(client, agency, agent_user, tmp_path):
    client.force_login(agent_user)
    old = _submit(make_application(agency, actor=agent_user, options=["bi"]), agent_user)
    assert old.status == Application.Status.SUBMITTED
    assert old.terms["pamphlet"]["edition"] == "2025年3月1日～2026年2月1日"
    assert [o["name"] for o in old.terms["options"]] == ["利益・営業継続費用補償追加条項"]
    page_before = client.get(f"/agents/applications/{old.public_id}/").content.decode()
    pdf_before = _pdf_text(client, old)
    assert "利益・営業継続費用補償追加条項" in pdf_before
    assert "2025年3月1日～2026年2月1日" in pdf_before  # the pamphlet cited by its edition

    _publish_new_edition(tmp_path)
    assert ProductEdition.objects.filter(product_slug="sompo-jcci-cyber").count() == 2
    old.refresh_from_db()
    pdf_after = _pdf_text(client, old)
    assert pdf_after == pdf_before
    assert "2026年度版" not in pdf_after and "（新）" not in pdf_after
    page_after = client.get(f"/agents/applications/{old.public_id}/").content.decode()
    assert "利益・営業継続費用補償追加条項" in page_after and "2026年度版" not in page_after
    assert page_after.count("新しい版のお知らせ") == page_before.count("新しい版のお知らせ") == 0

    # a new application is made under the new edition
    new = make_application(agency, actor=agent_user, options=["bi"])
    assert new.edition_id != old.edition_id
    assert new.terms["pamphlet"]["edition"] == "2026年3月1日～2027年2月1日"
    assert [o["name"] for o in new.terms["options"]] == ["利益・営業継続費用補償特約（新）"]
    assert "2026年度版" in _pdf_text(client, new)


def test_a_draft_keeps_its_edition_too(client, agency, agent_user, tmp_path):
    draft = make_application(agency, actor=agent_user, options=["bi"])
    _publish_new_edition(tmp_path)
    draft.refresh_from_db()
    product = services.product_for(draft)
    assert product.option("bi").name == "利益・営業継続費用補償追加条項"
    assert "2026年度版" not in product.name
