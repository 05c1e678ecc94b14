"""Internal notes stay internal: no member page and no handout shows the extracted text's file names, the
words 「抽出テキスト」 or 「読み取りの注記」, a reading note itself, or a data key of the catalogue.

Each kind of leak is stopped where it arises: templates cite a source by the pamphlet's title, edition and
section (never the file), a reading note becomes one plain sentence, quotes lose the extracted text's markup,
and the catalogue's member-facing texts are checked here too. Every page a member can reach is rendered,
with answers that bring out every part of it, and the handout PDF is read back as text.
"""

from __future__ import annotations

import html as html_lib
import io
import re

import pytest
from pypdf import PdfReader

from comparisons.domain.eligibility import MEMBERSHIPS, ORGANISATIONS
from comparisons.domain.matrix import WORRIES
from comparisons.domain.payout import SCENARIOS
from comparisons.templatetags.catalogue import UNCLEAR_READING

pytestmark = pytest.mark.django_db

SLUGS = ["sompo-jcci-cyber", "jcci-leak-liability", "silver-cyber", "aig-personal-info"]
EVERY_PLAN = "&".join(
    f"plans={p}"
    for p in (
        "sompo-jcci-cyber:basic",
        "jcci-leak-liability:premium-E",
        "silver-cyber:FIII",
        "aig-personal-info:basic",
    )
)
EVERY_OPTION = "&".join(
    f"options={o}"
    for o in (
        "sompo-jcci-cyber:bi",
        "sompo-jcci-cyber:voluntary_shutdown",
        "jcci-leak-liability:it",
        "aig-personal-info:cyber_response",
        "aig-personal-info:cyber_double",
        "aig-personal-info:overseas",
    )
)
MEMBERS = [
    # a chamber restaurant with card data, worried about an outage
    "membership=jcci&organisation=company&industry=60&revenue=1億2,000万円&handles=card_data"
    "&handles=business_interruption&start=2026-12-01",
    # a silver centre at rank B worried about a lost laptop
    "membership=silver&organisation=silver_center&rank=B&handles=lost_device&start=2026-06-15",
    # a software house doing IT work for clients
    "membership=jcci&organisation=company&industry=22&revenue=３億&handles=it_services&start=2026-12-01",
    # neither member, with every plan, option and worry, differences only
    "membership=none&organisation=company&industry=53&revenue=6000億&"
    + "&".join(f"handles={w}" for w in WORRIES)
    + f"&{EVERY_PLAN}&{EVERY_OPTION}&diff=on&security=30&start=2019-06-01",
]
PAGES = [
    "/",
    *(f"/products/{slug}/" for slug in SLUGS),
    "/products/jcci-leak-liability/?family=premium",
    "/products/jcci-leak-liability/?q=レストラン",
    "/compare/",
    *(f"/compare/?{q}" for q in MEMBERS),
    "/compare/?revenue=たくさん&start=0002-13-01&plans=x:y",
    *(f"/simulate/?scenario={key}&{EVERY_PLAN}&{EVERY_OPTION}" for key in SCENARIOS),
    f"/agents/request/?{MEMBERS[0]}&plans=jcci-leak-liability:standard-B",
]
HANDOUTS = [
    *(f"/compare/handout.pdf?{q}" for q in MEMBERS),
    f"/compare/handout.pdf?scenario=card_leak&{EVERY_PLAN}&{EVERY_OPTION}",
]

INTERNAL_WORDS = re.compile(r"抽出テキスト|抽出時|読み取りの注記|reading_note|\bseed\b")
SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}")
SNAKE_CASE = re.compile(r"(?<![\w-])[a-z]+(?:_[a-z0-9]+)+(?![\w-])")
URL = re.compile(r"https?://\S+")


def data_keys(catalogue) -> set[str]:
    """Every key the catalogue and the domain use for a thing a member sees by its name."""
    from comparisons.catalogue import selectors

    keys = {key for key, *_ in selectors.taxonomy_rows()}
    keys |= set(WORRIES) | set(MEMBERSHIPS) | set(ORGANISATIONS) | set(SCENARIOS)
    keys |= {"included", "optional", "not_covered", "not_stated", "exact", "example", "quote_required"}
    for product in catalogue.values():
        keys.add(product.slug)
        keys |= {plan.code for plan in product.plans} | {o.code for o in product.options}
        keys |= {rule.rule for rule in product.eligibility} | {note.kind for note in product.notes}
    keys.discard("none")  # 「どちらでもない」's key; the word never appears in Japanese prose anyway
    return keys


def visible_text(page: str) -> str:
    """What a member sees or hears: the text, and the attributes read aloud or shown (alt, title, aria-label,
    placeholder); never scripts, styles, link targets or other attributes. URLs are addresses, not prose."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    spoken = " ".join(
        m.group(2) for m in re.finditer(r'\b(alt|title|aria-label|placeholder)="([^"]*)"', page)
    )
    text = re.sub(r"<[^>]+>", " ", page)
    return URL.sub(" ", html_lib.unescape(f"{text} {spoken}"))


LIMIT_TERMS_EXPLAINED = "ほかの支払限度額の中に含まれる上限です"


def unexplained_limit_terms(text: str) -> bool:
    """A limit shown as 内枠 or 外枠 comes with what that means."""
    flat = re.sub(r"\s+", "", text)
    return bool(re.search("内枠|外枠", flat)) and LIMIT_TERMS_EXPLAINED not in flat


def leaks(text: str, keys: set[str]) -> list[str]:
    found = [m.group(0) for m in INTERNAL_WORDS.finditer(text)]
    found += [m.group(0) for m in SEED_FILE.finditer(text)]
    found += [m.group(0) for m in SNAKE_CASE.finditer(text)]
    found += [key for key in keys if re.search(rf"(?<![A-Za-z0-9_-]){re.escape(key)}(?![A-Za-z0-9_-])", text)]
    return sorted(set(found))


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("htmx", [False, True])
def test_no_internal_note_on_a_member_page(client, catalogue, url, htmx):
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"} if htmx else {}
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    page = response.content.decode()
    assert leaks(visible_text(page), data_keys(catalogue)) == [], url
    assert not unexplained_limit_terms(visible_text(page)), url


def test_reading_notes_are_said_in_plain_words(client, catalogue):
    """A reading of an unclear passage still reaches the member, as one plain sentence."""
    page = client.get("/products/jcci-leak-liability/?family=premium").content.decode()
    assert UNCLEAR_READING in page
    assert "結合セル" not in page and "列目" not in page


def test_sources_are_cited_by_title_edition_and_section(client):
    page = html_lib.unescape(client.get("/products/jcci-leak-liability/").content.decode())
    assert (
        "出典：『情報漏えい賠償責任保険～サイバーリスク補償型』パンフレット（2019年3月始期契約）の「ご加入の対象となる方」"
        in page
    )
    silver = html_lib.unescape(client.get("/products/silver-cyber/").content.decode())
    assert (
        "『シルバー人材センター向け サイバー・情報漏えい保険』パンフレット（有効期間 2026年4月1日～2027年4月1日）"
        in silver
    )


def test_quotes_lose_the_extracted_texts_markup(client):
    """A Mitsui exclusion's quote holds <sup>(注1)</sup> in the extracted text; the page shows the words."""
    page = html_lib.unescape(client.get("/products/jcci-leak-liability/").content.decode())
    assert "「記名被保険者が金融機関(注1)に該当する場合において" in page
    assert "<sup>" not in page


@pytest.mark.parametrize("url", HANDOUTS)
def test_no_internal_note_in_the_handout(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    # the online version's address (printed under the QR code, wrapped over lines) is an address, not prose
    text = re.sub(r"オンライン版：.*?(?=ご回答の内容)", " ", text, flags=re.S)
    assert leaks(text, data_keys(catalogue)) == []
    assert not unexplained_limit_terms(text)
    assert "パンフレット（題名と版）" in re.sub(r"\s+", "", text)


def test_the_catalogues_member_facing_texts_hold_no_internal_note(catalogue):
    """Texts a member reads come from the catalogue's data: none may speak of the extracted text or of how a
    table was read (that belongs in reading_note, which members see only as the plain sentence)."""
    from comparisons.catalogue import selectors

    internal = re.compile(r"抽出|読み取り|PDF|結合セル|列目|\.txt")
    texts: list[tuple[str, str]] = []
    for p in catalogue.values():
        texts += [
            (p.slug, t) for t in (p.summary, p.period_text, p.premium_basis, p.cost_limit_relation_text)
        ]
        texts += [(p.slug, t) for t in (p.eligible_members, p.policyholder)]
        for plan in p.plans:
            texts += [(plan.code, t) for t in (plan.name, plan.description, plan.territory)]
            for cell in plan.cells.values():
                fields = (cell.own_name, cell.limit_text, cell.sublimit_text, cell.deductible_text)
                texts += [(cell.item, t) for t in (*fields, *(c.text for c in cell.conditions), *cell.notes)]
            texts += [(plan.code, c.text) for c in plan.conditions]
        texts += [(o.code, t) for o in p.options for t in (o.name, o.description)]
        texts += [(o.code, e.get("text", "")) for o in p.options for e in o.effects]
        texts += [(n.kind, t) for n in p.notes for t in (n.title, n.body)]
        texts += [(e.rule, e.message) for e in p.eligibility]
        texts += [(w.kind, w.title) for w in p.worked_examples]
    texts += [(r.code, r.name) for r in selectors.risk_categories()]
    bad = [(where, text) for where, text in texts if text and internal.search(text)]
    assert bad == []
