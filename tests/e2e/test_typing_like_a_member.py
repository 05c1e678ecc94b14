"""Typing as members do: through a Japanese IME (Chrome DevTools Input.imeSetComposition / Input.insertText),
a date retyped segment by segment, and a whole-form answer landing while a field has focus."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, quote, urlparse

from .conftest import settle

START = "/compare/?membership=jcci&organisation=company&start=2026-12-01"
DEBOUNCE_S = 0.5  # the search's hx-trigger delay


def compare_requests(page) -> list[dict[str, list[str]]]:
    """The query of every request the page sends to /compare/ (htmx's and navigations), as they go out."""
    sent: list[dict[str, list[str]]] = []
    page.on(
        "request",
        lambda r: (
            sent.append(parse_qs(urlparse(r.url).query)) if urlparse(r.url).path == "/compare/" else None
        ),
    )
    return sent


def compose(cdp, *steps: str, commit: str) -> None:
    """Type through an IME: each step is the composition so far (unconverted kana, then the conversion),
    and `commit` is the text the IME inserts when the member confirms."""
    for text in steps:
        cdp.send(
            "Input.imeSetComposition", {"text": text, "selectionStart": len(text), "selectionEnd": len(text)}
        )
    cdp.send("Input.insertText", {"text": commit})


def url_query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def move_to_year(page, field) -> None:
    """Put the caret in the date field's year segment, whatever order the browser's locale gives the
    segments: ArrowUp on the first segment shows which part it is, ArrowDown puts it back."""
    field.focus()
    before = field.input_value()
    page.keyboard.press("ArrowUp")
    after = field.input_value()
    page.keyboard.press("ArrowDown")
    changed = next(
        i for i, (a, b) in enumerate(zip(before.split("-"), after.split("-"), strict=True)) if a != b
    )
    # year-month-day in the value: 0 means the first segment is the year; otherwise it is last (m/d/y, d/m/y)
    for _ in range(0 if changed == 0 else 2):
        page.keyboard.press("ArrowRight")


def test_revenue_date_and_search_typed_through_an_ime(site, page):
    page.goto(site.url + START)
    settle(page)
    sent = compare_requests(page)
    cdp = page.context.new_cdp_session(page)

    # 1. The industry search: composing 「れすとらん」 sends nothing, however long the member pauses; the
    #    committed 「レストラン」 is searched once, and the field holds only what was committed.
    page.get_by_label("業種をさがす").focus()
    for text in ("れ", "れす", "れすと", "れすとら", "れすとらん"):
        cdp.send(
            "Input.imeSetComposition", {"text": text, "selectionStart": len(text), "selectionEnd": len(text)}
        )
    # twice the search's delay: a request would have gone out by now (wait_for_timeout, not sleep, so that
    # Playwright delivers the request events meanwhile)
    page.wait_for_timeout(DEBOUNCE_S * 2 * 1000)
    assert not [q for q in sent if "industry_q" in q]
    compose(cdp, "レストラン", commit="レストラン")
    page.wait_for_function("() => new URLSearchParams(location.search).get('industry_q') === 'レストラン'")
    settle(page)
    assert page.get_by_label("業種をさがす").input_value() == "レストラン"
    assert [q["industry_q"] for q in sent if "industry_q" in q] == [["レストラン"]]
    assert any("飲食店（60）" in o for o in page.locator("#id_industry option").all_inner_texts())
    page.get_by_label("業種", exact=True).select_option("60")
    settle(page)

    # 2. The revenue in kanji numerals through the IME, read back beside the field
    page.get_by_label("年間売上高").focus()
    compose(cdp, "いちおくにせんまん", "一億二千万", commit="一億二千万円")
    assert page.get_by_label("年間売上高").input_value() == "一億二千万円"
    page.get_by_label("年間売上高").press("Tab")
    page.wait_for_function("() => new URLSearchParams(location.search).get('revenue') === '一億二千万円'")
    settle(page)
    assert page.locator("#revenue-readback").inner_text() == "1億2,000万円（120,000,000円）として読みました"

    # 3. The date: retyping the year 2026 → 2027 passes through 0002, 0020 and 0202, none of which is sent;
    #    the field keeps focus and the complete date is.
    field = page.get_by_label("補償を始めたい日")
    move_to_year(page, field)
    settle(page)
    sent.clear()
    page.keyboard.type("2027")
    page.wait_for_function("() => new URLSearchParams(location.search).get('start') === '2027-12-01'")
    settle(page)
    starts = [q["start"][0] for q in sent if "start" in q]
    assert starts == ["2027-12-01"], starts
    assert field.input_value() == "2027-12-01"
    assert page.evaluate("() => document.activeElement.id") == "id_start"

    assert url_query(page)["industry"] == ["60"]
    assert page.js_errors == []


def test_a_focused_field_is_not_replaced_by_a_whole_form_answer(site, page):
    """A new search re-renders the whole form. If its answer lands while the member is typing a date, the
    date field is the same element afterwards, still focused, and the partly typed year is not lost."""
    page.goto(site.url + START)
    settle(page)
    sent = compare_requests(page)
    landed = []

    def slow(route):
        time.sleep(1.0)
        route.continue_()
        landed.append(True)

    page.route(lambda url: f"industry_q={quote('建設')}" in url, slow)
    page.get_by_label("業種をさがす").fill("建設")
    field = page.get_by_label("補償を始めたい日")
    move_to_year(page, field)  # the search's change goes out, slowly
    page.evaluate("() => { document.getElementById('id_start').dataset.mark = 'typed-in'; }")
    page.keyboard.type("20")  # the year reads 0020 …
    page.locator("#industry-field").get_by_text("「建設」で").wait_for()  # … when the whole form is swapped
    settle(page)
    assert page.evaluate("() => document.getElementById('id_start').dataset.mark") == "typed-in"
    assert page.evaluate("() => document.activeElement.id") == "id_start"
    page.keyboard.type("27")  # … and the member goes on typing where they were
    page.wait_for_function("() => new URLSearchParams(location.search).get('start') === '2027-12-01'")
    settle(page)
    assert field.input_value() == "2027-12-01"
    assert not [q for q in sent if q.get("start", [""])[0].startswith("00")]
    assert any("建設業（14）" in o for o in page.locator("#id_industry option").all_inner_texts())
    assert page.js_errors == []


def test_an_invalid_date_left_behind_is_sent_and_explained(site, page):
    """A year outside the calendar is not sent while typed, but when the member leaves the field the server
    says what is wrong beside it."""
    page.goto(site.url + START)
    settle(page)
    field = page.get_by_label("補償を始めたい日")
    move_to_year(page, field)
    settle(page)
    page.keyboard.type("2100")
    for _ in range(3):  # past the field's own calendar button
        if page.evaluate("() => document.activeElement.id") != "id_start":
            break
        page.keyboard.press("Tab")
    page.wait_for_function("() => new URLSearchParams(location.search).get('start') === '2100-12-01'")
    settle(page)
    assert "1949年から2099年までの日付" in page.locator("#compare-form").inner_text()
    assert page.locator("#id_start").get_attribute("aria-invalid") == "true"
    assert page.js_errors == []
