"""A member walks the comparison: htmx swaps, back button, reload, shared URL, differences only, a quote."""

from __future__ import annotations

import time
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import settle, shot


def answer_as_restaurant(page, base):
    page.goto(base + "/compare/")
    page.get_by_label("商工会議所の会員").check()
    settle(page)
    assert "membership=jcci" in page.url  # htmx pushed the state into the URL
    page.get_by_label("事業の形態").select_option("company")
    settle(page)
    page.get_by_label("業種をさがす").fill("レストラン")
    settle(page)
    industry = page.get_by_label("業種", exact=True)
    industry.select_option("60")
    settle(page)
    page.get_by_label("年間売上高").fill("5,000万円")
    page.get_by_label("年間売上高").press("Tab")
    settle(page)
    page.get_by_label("補償を始めたい日").fill("2026-12-01")
    page.get_by_label("補償を始めたい日").press("Tab")
    settle(page)


def test_member_flow_desktop(site, page):
    answer_as_restaurant(page, site.url)
    results = page.locator("#results")
    assert "加入条件を満たす制度（3件）" in results.inner_text()
    # 飲食業 5,000万円 set A is the pamphlet's nearest example, shown as a reference, not as a price
    assert "参考：パンフレットの保険料例（飲食業・売上高5,000万円・セットA）：約3万円" in results.inner_text()
    assert page.locator("#revenue-readback").inner_text() == "5,000万円（50,000,000円）として読みました"
    assert page.get_by_label("年間売上高").input_value() == "5,000万円"
    # the page was never reloaded: htmx swapped the region in place
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1

    # choose plans and compare: Silver is not open to a chamber member, so pick across the other programmes
    page.get_by_label("商工会議所 情報漏えい賠償 プレミアムプラン セットC").check()
    settle(page)
    page.get_by_label("商工会議所 情報漏えい賠償 プレミアムプラン セットD").check()
    settle(page)
    headers = page.locator("table.matrix thead th").all_inner_texts()
    assert any("セットC" in h for h in headers) and any("セットD" in h for h in headers)
    rows_all = page.locator("table.matrix tbody tr").count()
    page.get_by_label("違いのある行だけ表示する").check()
    settle(page)
    rows_diff = page.locator("table.matrix tbody tr").count()
    assert rows_diff < rows_all

    # a cell's pamphlet quote opens
    first_source = page.locator("table.matrix details.source").first
    first_source.locator("summary").click()
    assert first_source.locator("blockquote").is_visible()
    shot(page, "compare-desktop")

    # reload and a shared URL keep the whole state
    url = page.url
    page.reload()
    settle(page)
    assert page.get_by_label("違いのある行だけ表示する").is_checked()
    assert page.locator("table.matrix tbody tr").count() == rows_diff
    other = page.context.new_page()
    other.goto(url)
    assert other.get_by_label("年間売上高").input_value() == "5,000万円"
    assert other.locator("table.matrix tbody tr").count() == rows_diff
    other.close()

    # refining the answer (plans, differences only) replaced the history entry; a different answer (another
    # revenue) adds one, and Back returns to the answers before it with the form showing every one of them
    # (not only the ones the last whole-form render had): the page keeps no htmx snapshot and asks the server
    history_length = page.evaluate("() => history.length")
    page.get_by_label("年間売上高").fill("1億")
    page.get_by_label("年間売上高").press("Tab")
    settle(page)
    assert "revenue=1" in page.url
    assert page.evaluate("() => history.length") == history_length + 1
    with page.expect_response(lambda r: r.request.headers.get("hx-history-restore-request") == "true"):
        page.go_back()
    settle(page)
    assert page.get_by_label("違いのある行だけ表示する").is_checked()
    assert page.get_by_label("年間売上高").input_value() == "5,000万円"
    assert page.get_by_label("商工会議所 情報漏えい賠償 プレミアムプラン セットC").is_checked()
    assert page.get_by_label("商工会議所 情報漏えい賠償 プレミアムプラン セットD").is_checked()
    page.get_by_label("個人情報（顧客名簿など）を扱う").check()  # the next change carries them all
    settle(page)
    assert "revenue=5" in page.url and "premium-C" in page.url and "premium-D" in page.url
    assert page.evaluate("() => history.length") == history_length + 1  # a refinement: replaced, not added
    assert page.js_errors == []


def test_bad_revenue_shows_message_and_keeps_text(site, page):
    page.goto(site.url + "/compare/?membership=jcci")
    page.get_by_label("年間売上高").fill("たくさん")
    page.get_by_label("年間売上高").press("Tab")
    settle(page)
    assert page.get_by_label("年間売上高").input_value() == "たくさん"
    assert page.locator("#id_revenue").get_attribute("aria-invalid") == "true"
    assert "数字で入力" in page.locator("#compare").inner_text()


def test_changes_swap_the_results_and_keep_the_form(site, page):
    """A plain change swaps only the results (the form the member is typing in stays the same element); a bad
    answer brings the form back with its message, and the corrected answer clears it; a search narrows the
    industry list."""
    page.goto(site.url + "/compare/?membership=jcci")
    page.evaluate("() => { document.getElementById('compare-form').dataset.mark = 'kept'; }")
    page.get_by_label("年間売上高").fill("1億")
    page.get_by_label("年間売上高").press("Tab")
    settle(page)
    assert "revenue=1" in page.url
    assert page.evaluate("() => document.getElementById('compare-form').dataset.mark") == "kept"
    assert "加入条件を満たす制度（2件）" in page.locator("#results").inner_text()  # Mitsui needs more answers
    assert page.locator("#compare-status").inner_text() == (
        "結果を更新しました。加入条件を満たす制度は2件、まだ判定できない制度は1件です。"
    )

    page.get_by_label("年間売上高").fill("たくさん")
    page.get_by_label("年間売上高").press("Tab")
    settle(page)
    assert page.locator("#id_revenue").get_attribute("aria-invalid") == "true"
    assert "数字で入力" in page.locator("#compare-form").inner_text()
    page.get_by_label("年間売上高").fill("3億")
    page.get_by_label("年間売上高").press("Tab")
    settle(page)
    assert page.locator("#id_revenue").get_attribute("aria-invalid") != "true"
    assert "数字で入力" not in page.locator("#compare-form").inner_text()
    assert page.get_by_label("年間売上高").input_value() == "3億"

    page.get_by_label("業種をさがす").fill("建設")
    page.locator("#industry-field").get_by_text("「建設」で").wait_for()
    settle(page)
    options = page.locator("#id_industry option").all_inner_texts()
    assert any("建設" in o for o in options) and not any("飲食" in o for o in options)
    assert page.get_by_label("業種をさがす").input_value() == "建設"
    assert page.evaluate("() => document.activeElement.id") == "id_industry_q"  # typing can go on
    assert page.locator("#compare-status").inner_text().startswith("「建設」で")
    assert page.locator("#compare-status").count() == 1
    assert page.js_errors == []


def test_member_flow_phone(site, phone_page):
    page = phone_page
    page.goto(site.url + "/compare/?membership=silver&organisation=silver_center&rank=B&start=2026-06-15")
    assert "81,190円" in page.content()
    assert (
        "2026年6月12日" in page.locator("#results").inner_text()
    )  # the day before, moved before the weekend
    page.get_by_label("ランク", exact=False).first.select_option("A")
    settle(page)
    assert "rank=A" in urlparse(page.url).query
    overflow = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert overflow
    shot(page, "compare-phone")


def test_works_without_javascript(site, nojs_page):
    page = nojs_page
    page.goto(site.url + "/compare/")
    page.get_by_label("シルバー人材センター（事業協会の会員）").check()
    page.get_by_label("国庫補助ランク（シルバー人材センターの方）").select_option("C")
    page.get_by_role("button", name="この内容で結果を見る").click()
    page.wait_for_load_state()
    assert "rank=C" in page.url
    assert "25,250円" in page.content()
    shot(page, "compare-nojs")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/products/silver-cyber/",
        "/compare/",
        "/compare/?membership=jcci&industry=60&revenue=1億&start=2026-12-01&handles=personal_data",
    ],
)
def test_no_serious_accessibility_violations(site, page, path):
    page.goto(site.url + path)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]


def test_usable_at_200_percent_zoom(site, browser):
    # A 1280px window at 200% zoom lays out like a 640px one: nothing may need sideways scrolling.
    context = browser.new_context(viewport={"width": 640, "height": 450}, locale="ja-JP")
    page = context.new_page()
    page.goto(site.url + "/compare/?membership=jcci&industry=60&revenue=1億&start=2026-12-01")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.get_by_role("button", name="この内容で結果を見る").scroll_into_view_if_needed()
    assert page.get_by_role("button", name="この内容で結果を見る").is_visible()
    context.close()


def test_keyboard_only(site, page):
    page.goto(site.url + "/compare/")
    page.locator("#id_membership_0").focus()
    page.keyboard.press("Space")  # choose 商工会議所の会員
    settle(page)
    assert "membership=jcci" in page.url
    # the control the member used keeps focus after the swap
    assert page.evaluate("() => document.activeElement.id") == "id_membership_0"
    page.keyboard.press("Tab")  # to 事業の形態
    assert page.evaluate("() => document.activeElement.id") == "id_organisation"
    page.keyboard.press("Tab")
    page.keyboard.type("ソフトウェア")
    settle(page)
    assert "ソフトウェア業（22）" in page.locator("#id_industry").inner_text()
    page.locator("#id_industry").focus()
    page.keyboard.press("Tab")
    page.keyboard.type("3億")
    page.keyboard.press("Tab")
    settle(page)
    assert "revenue=3" in page.url
    assert "加入条件を満たす制度" in page.locator("#results").inner_text()


def test_typing_during_a_slow_whole_form_answer_is_kept(site, page):
    """A new search re-renders the whole form; if its answer is slow and the member meanwhile types in
    another field, what they typed survives the swap and is sent."""
    page.goto(site.url + "/compare/?membership=jcci")

    def slow(route):
        time.sleep(0.8)
        route.continue_()

    page.route(lambda url: "industry_q=%E5%BB%BA%E8%A8%AD" in url, slow)  # 建設
    page.get_by_label("業種をさがす").fill("建設")
    page.get_by_label("年間売上高").click()  # the search box's change goes out, slowly
    page.keyboard.type("3億")
    page.locator("#industry-field").get_by_text("「建設」で").wait_for()  # the slow answer has landed
    settle(page)
    page.wait_for_function("() => location.search.includes('revenue=3')")
    assert page.get_by_label("年間売上高").input_value() == "3億"
    assert page.js_errors == []


def test_compare_to_simulator_and_handout(site, page):
    page.goto(site.url + "/compare/?membership=silver&rank=B&plans=silver-cyber:GII&plans=silver-cyber:FII")
    pdf = page.request.get(site.url + page.get_by_role("link", name="PDFで保存・印刷").get_attribute("href"))
    assert pdf.ok and pdf.body()[:4] == b"%PDF"
    page.get_by_role("link", name="このプランで事故のときの支払額を試算").click()
    page.wait_for_url("**/simulate/**")
    assert page.locator(".sim-summary tbody tr").count() == 2


ROWS = "tbody[id^='matrix-rows-']"


def test_unchanged_matrix_rows_are_kept_not_sent_again(site, page):
    """Another revenue keeps the matrix's rows as the page shows them (the same elements: an open 条件と出典
    stays open) and the answer carries no rows; other plans bring other rows; and should the page have lost
    its rows when an answer without them arrives, the results are asked for again in full."""
    page.goto(site.url + "/compare/?membership=jcci&industry=60&revenue=1億")
    rows = page.locator(ROWS)
    first_id = rows.get_attribute("id")
    page.evaluate(
        "(sel) => { const r = document.querySelector(sel); r.dataset.mark = 'kept';"
        " r.querySelector('details').open = true; }",
        ROWS,
    )
    sent: list[str] = []
    page.on("response", lambda r: sent.append(r.text()) if "/compare/?" in r.url else None)
    page.get_by_label("年間売上高").fill("3億")
    page.get_by_label("年間売上高").press("Tab")
    settle(page)
    assert "revenue=3" in page.url
    assert rows.get_attribute("id") == first_id and rows.get_attribute("data-mark") == "kept"
    assert page.evaluate(f'() => document.querySelector("{ROWS} details").open')
    assert rows.locator("tr[data-item]").count() > 10
    assert page.locator("tbody[data-matrix-placeholder]").count() == 0
    assert sent and "data-item=" not in sent[-1] and first_id in sent[-1]  # the answer left the rows out

    page.get_by_label("損保ジャパン サイバー 基本補償").check()
    settle(page)
    assert rows.get_attribute("id") != first_id and rows.locator("tr[data-item]").count() > 10
    assert "data-item=" in sent[-1]

    # the page loses its rows (say, a script of the browser's) just as an answer without them is on its way
    fetched: list[str | None] = []
    page.on("request", lambda r: fetched.append(r.headers.get("x-compare-matrix")))
    page.evaluate(
        """(sel) => {
          const rows = document.querySelector(sel);
          const id = rows.id;
          rows.remove();
          htmx.ajax("GET", location.pathname + location.search,
                    { target: "#results", swap: "innerHTML", headers: { "X-Compare-Matrix": id } });
        }""",
        ROWS,
    )
    page.locator(f"{ROWS}:not([data-matrix-placeholder]) tr[data-item]").first.wait_for()
    settle(page)
    assert page.locator("tbody[data-matrix-placeholder]").count() == 0
    assert rows.locator("tr[data-item]").count() > 10
    assert len(fetched) == 2 and fetched[1] in ("", None)  # the answer without rows, then once in full
    assert page.js_errors == []
