"""Every member page, on a desktop and on a phone: axe-core finds no violation, nothing scrolls up and down
inside the page (a box that traps the wheel or the thumb), every control a finger taps is at least 44 px
tall, and every form control shows the site's strong focus ring. Each page is photographed at both widths
(E2E_SCREENSHOTS, /tmp/e2e-shots) to be looked at.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import _page, settle, shot

RESTAURANT = (
    "membership=jcci&organisation=company&industry=60&revenue=1億2,000万円&handles=card_data"
    "&handles=business_interruption&start=2026-12-01"
)
PAGES = {
    "home": "/",
    "product-sompo": "/products/sompo-jcci-cyber/",
    "product-mitsui": "/products/jcci-leak-liability/",
    "product-silver": "/products/silver-cyber/",
    "product-aig": "/products/aig-personal-info/",
    "compare-start": "/compare/",
    "compare-restaurant": f"/compare/?{RESTAURANT}",
    "compare-four-plans": (
        "/compare/?membership=jcci&plans=sompo-jcci-cyber:basic&plans=jcci-leak-liability:premium-B"
        "&plans=silver-cyber:FII&plans=aig-personal-info:basic&options=sompo-jcci-cyber:bi&handles=ransomware"
    ),
    "simulator": "/simulate/",
    "simulator-four-plans": (
        "/simulate/?scenario=card_leak&plans=sompo-jcci-cyber:basic&plans=jcci-leak-liability:premium-B"
        "&plans=silver-cyber:FII&plans=aig-personal-info:basic"
    ),
    "agent-request": f"/agents/request/?{RESTAURANT}&plans=jcci-leak-liability:premium-B",
}

# A vertical scroll box inside the page: an element that scrolls up and down on its own.
NESTED_SCROLL = """() => [...document.querySelectorAll('body *')].filter((el) => {
  const style = getComputedStyle(el);
  return ['auto', 'scroll'].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1
    && el.clientHeight > 0;
}).map((el) => el.id || el.className || el.tagName)"""

# Controls a finger taps, shorter than 44 px. A checkbox or radio counts with its label (the label is the
# target); a link inside a sentence is exempt (WCAG 2.5.8's inline exception).
SMALL_TARGETS = """() => {
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
    && getComputedStyle(el).visibility !== 'hidden' && !el.closest('.visually-hidden'); };
  const inSentence = (a) => getComputedStyle(a).display === 'inline'
    && (a.parentElement.textContent.trim().length > a.textContent.trim().length);
  const small = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
    if (!visible(el) || el.closest('.skip-link') || el.type === 'hidden') continue;
    if (el.tagName === 'A' && inSentence(el)) continue;
    let box = el.getBoundingClientRect();
    if (el.type === 'checkbox' || el.type === 'radio') {
      const row = el.closest('.form-check') || el.labels[0];
      if (row) box = row.getBoundingClientRect();
    }
    if (box.height < 44 - 0.5) small.push(`${el.tagName} ${(el.id || el.textContent || el.name || '').trim().slice(0, 30)} ${Math.round(box.height)}px`);
  }
  return small;
}"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", list(PAGES))
def test_member_page(site, browser, name, width):
    context, page = _page(browser, width=width)
    try:
        page.goto(site.url + PAGES[name])
        settle(page)
        violations = Axe().run(page).response["violations"]
        assert violations == [], [
            (v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations
        ]
        assert page.evaluate(NESTED_SCROLL) == []
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
        if width == 390:
            assert page.evaluate(SMALL_TARGETS) == []
        shot(page, f"page-{name}-{width}")
        assert page.js_errors == []
    finally:
        context.close()


def ring(page) -> dict:
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return {tag: document.activeElement.tagName, id: document.activeElement.id, type: document.activeElement.type,
                style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor}; }"""
    )


def test_every_form_control_gets_the_strong_focus_ring(site, page):
    """Tab through the comparison's form and the simulator's: each control shows the 3 px amber ring."""
    for path in (f"/compare/?{RESTAURANT}", "/simulate/"):
        page.goto(site.url + path)
        settle(page)
        page.locator("form").first.locator("input, select, button").first.focus()
        seen = set()
        for _ in range(300):  # through the whole form, to its submit button
            state = ring(page)
            if state["tag"] in ("INPUT", "SELECT", "BUTTON", "SUMMARY"):
                assert (state["style"], state["width"], state["color"]) == (
                    "solid",
                    "3px",
                    "rgb(255, 191, 71)",
                ), state
                seen.add(state["type"] or state["tag"])
            if state["type"] == "submit":
                break
            page.keyboard.press("Tab")
        assert {"radio", "select-one", "text", "checkbox", "submit"} <= seen, seen


def test_the_simulator_announces_its_result_from_outside_the_swap(site, page):
    page.goto(site.url + "/simulate/?plans=silver-cyber:FII")
    status = page.locator("#sim-status")
    assert status.get_attribute("role") == "status"
    assert page.evaluate(
        "() => !document.getElementById('simulator').contains(document.getElementById('sim-status'))"
    )
    page.evaluate("() => { document.getElementById('sim-status').dataset.mark = 'kept'; }")
    page.get_by_label("DDoS攻撃でサイトが止まった（漏えいなし）").check()
    settle(page)
    assert status.inner_text().startswith("計算しました。シルバー サイバー保険 充実プラン II型：")
    assert (
        page.evaluate("() => document.getElementById('sim-status').dataset.mark") == "kept"
    )  # the same node
    assert page.locator("#sim-status").count() == 1


def test_the_simulators_summary_is_readable_on_a_phone(site, phone_page):
    page = phone_page
    page.goto(site.url + PAGES["simulator-four-plans"])
    widths = page.locator(".sim-summary tbody th").evaluate_all(
        "(cells) => cells.map((c) => c.getBoundingClientRect().width)"
    )
    assert len(widths) == 4 and min(widths) > 250  # a plan's name has the card's width, not one character
    shot(page, "simulator-phone")


def test_a_product_pages_contents_open_their_section_and_the_risk_table_searches(site, page):
    page.goto(site.url + "/products/jcci-leak-liability/")
    section = page.locator("details#risk-table")
    assert section.get_attribute("open") is None  # long: closed at first
    page.locator("nav.toc").get_by_role("link", name="リスク区分表（業種）").click()
    assert section.get_attribute("open") is not None
    page.get_by_label("業種をさがす（例：レストラン、建設、ソフトウェア）").fill("レストラン")
    page.locator("#risk-count").get_by_text("「レストラン」で").wait_for()
    settle(page)
    rows = page.locator("#risk-results tbody tr").all_inner_texts()
    assert any("飲食店" in r for r in rows) and not any("建設業" in r for r in rows)
    assert "q=" in page.url
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    assert page.locator("#risk-status").inner_text().startswith("「レストラン」で")
    # the programme's comparison opens with it chosen
    page.get_by_role("link", name="この制度を選んでくらべる").first.click()
    page.wait_for_url("**/compare/**")
    assert page.get_by_label("商工会議所 情報漏えい賠償 プレミアムプラン セットB").is_checked()
    assert page.get_by_label("商工会議所の会員").is_checked()
