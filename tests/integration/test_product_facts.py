"""Each programme's page shows every fact its pamphlet gives a member or an agent.

For each product the test lists the kinds of facts the catalogue holds for it (every field of ProductInfo
that carries facts, and each kind of note), and checks that every entry of each kind appears on that
product's page (both plan families, for Mitsui's page that shows one family's coverage at a time). A new
kind of fact in ProductInfo fails the test until it is listed here, and so shown.
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import re

import pytest

from comparisons.domain.money import format_yen
from comparisons.domain.types import ProductInfo
from comparisons.products.facts import MODE_LABELS, NOTE_SECTIONS
from comparisons.templatetags.catalogue import pamphlet_words

pytestmark = pytest.mark.django_db

SLUGS = ["sompo-jcci-cyber", "jcci-leak-liability", "silver-cyber", "aig-personal-info"]
# ProductInfo's fields that are not facts for the page: handles, and what is shown through another kind.
NOT_FACTS = {
    "slug",
    "short_name",
    "kind",
    "sources",
    "valid_from",
    "valid_to",
    "premium_kind",
    "cost_limit_relation",
}


def flat(text: str) -> str:
    return re.sub(r"\s+", "", html_lib.unescape(text))


def page_text(client, slug: str, product: ProductInfo) -> str:
    families = dict.fromkeys(p.family for p in product.plans)
    pages = [client.get(f"/products/{slug}/?family={family}") for family in families]
    assert all(r.status_code == 200 for r in pages)
    return flat(re.sub(r"<[^>]+>", "", "".join(r.content.decode() for r in pages)))


def kinds_of_facts(product: ProductInfo, risk_rows) -> dict[str, list[str]]:
    """What the catalogue says about the product, by kind: each entry as the text the page must show."""
    kinds: dict[str, list[str]] = {
        "name": [product.name],
        "summary": [product.summary],
        "insurers": [name for name, _role in product.insurers],
        "eligible_members": [product.eligible_members],
        "policyholder": [product.policyholder],
        "period_text": [product.period_text],
        "pamphlet_date": [product.pamphlet_date],
        "premium_basis": [product.premium_basis],
        "cost_limit_relation_text": [product.cost_limit_relation_text],
        "inquiries": [product.inquiries],
        "plans": [p.name for p in product.plans]
        + [p.description for p in product.plans]
        + [c.text for p in product.plans for c in p.conditions]
        + [term.label for p in product.plans for term in p.application_terms],
        "options": [o.name for o in product.options]
        + [o.description for o in product.options]
        + [e["text"] for o in product.options for e in o.effects if e.get("text")],
        "notes": [label for kind, label in NOTE_SECTIONS if product.notes_of(kind)]
        + [n.title for n in product.notes]
        + [n.body for n in product.notes],
        "eligibility": [rule.message for rule in product.eligibility],
        "schedule": [MODE_LABELS[s.mode] for s in product.schedule]
        + [pamphlet_words(s.source.quote) for s in product.schedule],
        "premium_rates": [format_yen(r.annual_premium) for r in product.premium_rates],
        "premium_examples": [e.industry for e in product.premium_examples]
        + [format_yen(e.annual_premium, approximate=e.approximate) for e in product.premium_examples],
        "worked_examples": [w.title for w in product.worked_examples if w.kind == "payout"]
        + [
            f"{dt:%Y年%-m月%-d日}"
            for w in product.worked_examples
            if w.kind == "schedule"
            for dt in [_iso(w.expected.get("start"))]
            if dt
        ],
        "coverage": sorted(
            {
                cell.label
                for plan in product.plans
                for cell in plan.cells.values()
                if cell.status != "not_stated"
            }
        ),
    }
    if any(rule.rule == "risk_code_required" for rule in product.eligibility):
        kinds["risk_table"] = ["リスク区分表"] + [r.name for r in risk_rows] + [r.major for r in risk_rows]
    return {kind: [t for t in texts if t] for kind, texts in kinds.items()}


def _iso(value):
    import datetime as dt

    return dt.date.fromisoformat(str(value)) if value else None


def test_every_field_of_the_product_is_a_listed_kind(catalogue):
    """A field added to ProductInfo is a new kind of fact: it fails here until kinds_of_facts lists it."""
    fields = {f.name for f in dataclasses.fields(ProductInfo)}
    listed = set(kinds_of_facts(catalogue["silver-cyber"], []))
    assert fields - NOT_FACTS - listed == set()


@pytest.mark.parametrize("slug", SLUGS)
def test_each_kind_of_fact_appears_on_the_products_page(client, catalogue, slug):
    from comparisons.catalogue import selectors

    product = catalogue[slug]
    text = page_text(client, slug, product)
    kinds = kinds_of_facts(product, selectors.risk_categories())
    missing = {
        kind: [entry for entry in entries if flat(entry) not in text] for kind, entries in kinds.items()
    }
    missing = {kind: entries for kind, entries in missing.items() if entries}
    assert missing == {}


def test_mitsui_page_has_what_a_member_needed_and_did_not_find(client):
    """The issue's list: ①–④ who cannot join and industries outside the table, the table itself, the
    application windows and the 2019 schedule, the damage example (10万件, 1億7,370万円)."""
    text = flat(client.get("/products/jcci-leak-liability/").content.decode())
    for words in (
        "官公庁、地方公共団体、独立行政法人は加入できません",
        "株式公開を行っていない消費者向貸金業者は加入できません",
        "売上高が5,000億円を超える事業者は加入できません",
        "「冠婚葬祭互助会」と呼ばれる事業者",
        "リスク区分表に該当する区分がない事業者は加入できません",
        "加入申込期間2018年11月1日～12月31日",
        "加入申込期間毎月1日～末日",
        "2019年11月に申込",
        "2020年2月25日",
        "10万件の個人情報漏えい",
        "1億7,370万円",
        "飲食店",
    ):
        assert flat(words) in text, words


def test_sompo_page_states_its_application_rule_and_worked_example(client):
    text = flat(client.get("/products/sompo-jcci-cyber/").content.decode())
    assert flat("補償開始月の前月の15日（休日の場合は翌営業日）") in text
    assert flat("補償開始月の翌々月の5日（休日の場合は翌営業日）") in text
    # the pamphlet's example: start 2025-03-01, deadline 2025-02-17 (15th and 16th are a weekend), debit
    # 2025-05-07 (5th and 6th are holidays)
    assert flat("2025年2月17日までに申込") in text
    assert flat("2025年3月1日午後4時") in text
    assert flat("2025年5月7日") in text


def test_the_risk_table_can_be_searched(client):
    page = client.get("/products/jcci-leak-liability/?q=レストラン").content.decode()
    table = page.split('id="risk-results"')[1].split("</table>")[0]
    assert "飲食店" in table and "建設業" not in table
    assert "「レストラン」で" in page
    partial = client.get(
        "/products/jcci-leak-liability/?q=建設", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="risk-results"
    ).content.decode()
    assert partial.lstrip().startswith('<div id="risk-results">') and "建設業" in partial
    assert 'id="risk-status" hx-swap-oob="innerHTML"' in partial


@pytest.mark.parametrize(
    ("slug", "compare", "simulate"),
    [
        (
            "silver-cyber",
            "membership=silver&plans=silver-cyber%3AFII",
            "plans=silver-cyber%3AGII&plans=silver-cyber%3AFII",
        ),
        ("aig-personal-info", "plans=aig-personal-info%3Abasic", "plans=aig-personal-info%3Abasic"),
    ],
)
def test_links_open_the_comparison_and_simulator_with_the_programme_chosen(client, slug, compare, simulate):
    page = client.get(f"/products/{slug}/").content.decode()
    assert f'href="/compare/?{compare}"' in page.replace("&amp;", "&")
    assert f'href="/simulate/?{simulate}"' in page.replace("&amp;", "&")
