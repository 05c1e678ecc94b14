"""Four members reach their answer — the summary — in 6 interactions or fewer, on a desktop and on a phone.

After 「この内容で結果を見る」 the summary is in the viewport and has focus; axe-core finds no violation on the
page with the summary; each page is photographed at both widths (E2E_SCREENSHOTS, /tmp/e2e-shots).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import SHOTS, _page, settle, shot

MAX_INTERACTIONS = 6


class Member:
    """Counts what the member does: each click, choice or typed answer is one interaction."""

    def __init__(self, page):
        self.page = page
        self.interactions = 0

    def do(self, action) -> None:
        action()
        self.interactions += 1
        settle(self.page)

    def submit(self) -> None:
        self.do(lambda: self.page.get_by_role("button", name="この内容で結果を見る").click())
        self.page.wait_for_function("() => document.activeElement && document.activeElement.id === 'summary'")


def restaurant(m: Member) -> None:
    """A 商工会議所 restaurant with 1億2,000万円 revenue and card data, worried about business interruption
    (事業の形態 left for the card that needs it: see check_the_answer)."""
    page = m.page
    m.do(lambda: page.get_by_label("商工会議所の会員").check())
    m.do(lambda: page.get_by_label("業種", exact=True).select_option("60"))
    m.do(lambda: page.get_by_label("年間売上高").fill("1億2,000万円"))
    m.do(lambda: page.get_by_label("クレジットカード情報を扱う").check())
    m.do(lambda: page.get_by_label("システムが止まると営業できない").check())
    m.submit()


def silver(m: Member) -> None:
    """A シルバー人材センター at rank B, worried about a lost laptop."""
    page = m.page
    m.do(lambda: page.get_by_label("シルバー人材センター（事業協会の会員）").check())
    m.do(lambda: page.get_by_label("国庫補助ランク（シルバー人材センターの方）").select_option("B"))
    m.do(lambda: page.get_by_label("パソコン・USBメモリの紛失・盗難が心配").check())
    m.submit()


def software(m: Member) -> None:
    """A software company doing IT services for clients, revenue typed as 「３億」."""
    page = m.page
    m.do(lambda: page.get_by_label("商工会議所の会員").check())
    m.do(lambda: page.get_by_label("業種をさがす").fill("ソフトウェア"))
    page.locator("#industry-field").get_by_text("「ソフトウェア」で").wait_for()
    m.do(lambda: page.get_by_label("業種", exact=True).select_option("22"))
    m.do(lambda: page.get_by_label("年間売上高").fill("３億"))
    m.do(lambda: page.get_by_label("取引先のためにIT業務（開発・データ入力など）を行う").check())
    m.submit()


def non_member(m: Member) -> None:
    m.do(lambda: m.page.get_by_label("どちらでもない").check())
    m.submit()


MEMBERS = {"restaurant": restaurant, "silver": silver, "software": software, "non-member": non_member}


def summary_text(page) -> str:
    return page.locator("#summary").text_content()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", list(MEMBERS))
def test_member_reaches_the_summary(site, browser, name, width):
    context, page = _page(browser, width=width)
    try:
        page.goto(site.url + "/compare/")
        history = page.evaluate("() => history.length")
        member = Member(page)
        MEMBERS[name](member)
        assert member.interactions <= MAX_INTERACTIONS
        # every answer refined the first one: the history entry was replaced each time, so one Back leaves
        assert page.evaluate("() => history.length") == history

        # the summary is on screen (its top within the window) and has focus
        top = page.evaluate("() => document.getElementById('summary').getBoundingClientRect().top")
        assert -1 <= top < page.viewport_size["height"] / 2
        assert page.evaluate("() => document.activeElement.id") == "summary"
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")

        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"summary-{name}-{width}-on-screen.png"))  # what the member sees
        text = summary_text(page)
        assert "並び順：" in text
        check_the_answer(name, page, text)

        violations = Axe().run(page).response["violations"]
        assert violations == [], [
            (v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations
        ]
        shot(page, f"summary-{name}-{width}")
        assert page.js_errors == []
    finally:
        context.close()


def check_the_answer(name: str, page, text: str) -> None:
    if name == "restaurant":
        # two programmes answered; Mitsui's waits for 事業の形態, and its card's one action asks it
        assert "加入条件を満たす制度（2件）" in text and "まだ判定できない制度（1件）" in text
        assert "「システムが止まると営業できない」に合うオプション：利益・営業継続費用補償追加条項" in text
        assert "保険料が変わります" in text
        assert "加入できない制度（1件）" in text
        mitsui = page.locator('article[aria-labelledby="card-jcci-leak-liability"]')
        assert "？ まだ判定できません" in mitsui.inner_text()
        mitsui.get_by_role("link", name="「事業の形態」に答える").click()
        assert page.evaluate("() => location.hash") == "#id_organisation"
        page.get_by_label("事業の形態").select_option("company")
        settle(page)
        text = summary_text(page)
        assert "加入条件を満たす制度（3件）" in text
        mitsui_text = page.locator('article[aria-labelledby="card-jcci-leak-liability"]').inner_text()
        assert "パンフレットの加入条件は満たしています（パンフレットは期間外）" in mitsui_text
        assert "参考：パンフレットの保険料例（飲食業・売上高5,000万円・セットA）" in mitsui_text
        # adding the offered option: the matrix shows its effect in the business-interruption row
        offer = page.locator('article[aria-labelledby="card-sompo-jcci-cyber"] .offer a')
        assert "options=sompo-jcci-cyber%3Abi" in offer.get_attribute("href")
        offer.click()
        settle(page)
        row = page.locator('table.matrix tr[data-item="bi_lost_profit"]')
        assert "利益・営業継続費用補償追加条項を付帯" in row.inner_text()
        assert page.get_by_label("損保ジャパン サイバー：利益・営業継続費用補償追加条項").is_checked()
    elif name == "silver":
        assert "年間 81,190円" in text and "確定額（パンフレットの保険料表・ランクB）" in text
        assert "パソコン・USBメモリの紛失・盗難が心配：補償あり" in text
        assert "「商工会議所の会員」であれば、さらに2つの制度" in text
    elif name == "software":
        assert page.get_by_label("年間売上高").input_value() == "３億"
        assert "revenue=" in page.url
        assert "IT業務特約" in text and "ITサービス業務補償追加条項" in text
        assert "参考：パンフレットの保険料例（インターネットサービス業・売上高3億円" in text
    else:
        assert "加入条件を満たす制度（1件）" in text and "AIG" in text
        assert "「商工会議所の会員」であれば、さらに2つの制度" in text
        assert "「シルバー人材センター（事業協会の会員）」であれば、さらに1つの制度" in text


def test_next_month_in_one_tap(site, page):
    page.goto(site.url + "/compare/?membership=jcci")
    button = page.get_by_role("button", name="来月1日から")
    start = button.get_attribute("data-start")
    button.click()
    settle(page)
    assert page.get_by_label("補償を始めたい日").input_value() == start
    assert f"start={start}" in page.url
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1  # no reload


def test_next_month_in_one_tap_without_javascript(site, nojs_page):
    page = nojs_page
    page.goto(site.url + "/compare/?membership=jcci")
    button = page.get_by_role("button", name="来月1日から")
    start = button.get_attribute("value")
    button.click()
    page.wait_for_load_state()
    assert page.get_by_label("補償を始めたい日").input_value() == start
    assert page.url.endswith("#summary")
    assert page.locator("#summary").is_visible()
