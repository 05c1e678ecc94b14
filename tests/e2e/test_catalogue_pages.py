"""A member browses the four programmes and opens a pamphlet quote."""

from __future__ import annotations

from .conftest import shot


def test_home_to_product_and_open_a_quote(site, page):
    page.goto(site.url + "/")
    cards = page.locator("article.product-card")
    assert cards.count() == 4
    shot(page, "home-desktop")
    page.get_by_role("link", name="シルバー人材センター向け サイバー・情報漏えい保険").first.click()
    page.wait_for_url("**/products/silver-cyber/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("シルバー人材センター向け")
    assert page.get_by_text("141,150円").first.is_visible()
    source = page.locator("details.source").first
    source.locator("summary").click()
    assert source.locator("blockquote").is_visible()
    shot(page, "silver-desktop")
    assert page.js_errors == []


def test_product_page_on_a_phone(site, phone_page):
    phone_page.goto(site.url + "/products/jcci-leak-liability/")
    assert phone_page.get_by_text("パンフレット期間外").first.is_visible()
    # Nothing wider than the screen except inside the scrollable tables.
    overflow = phone_page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert overflow
    shot(phone_page, "mitsui-phone")


def test_keyboard_reaches_the_skip_link_first(site, page):
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "本文へ移動"
