"""A member runs an incident through the compared plans and changes an amount."""

from __future__ import annotations

from .conftest import settle, shot


def totals(page) -> list[str]:
    return page.locator(".sim-summary .paid-total").all_inner_texts()


def test_simulator_flow(site, page):
    page.goto(
        site.url + "/simulate/?plans=silver-cyber:GII&plans=silver-cyber:FII&plans=sompo-jcci-cyber:basic"
    )
    page.get_by_label("攻撃の疑いを自社で発見（結果は攻撃なし）").check()
    settle(page)
    assert "scenario=attack_suspected_self" in page.url
    assert page.get_by_label("原因・被害範囲の調査費用").input_value() == "500万円"
    # 情報漏えい限定 pays nothing; 充実 「各費用について、損害額に縮小支払割合を乗じた金額」 less the deductible 「各費用の合算に
    # 対して適用」: 500万 × 90% − 10万 = 440万
    assert totals(page)[:2] == ["0円", "440万円"]
    shot(page, "simulator-desktop")

    page.get_by_label("原因・被害範囲の調査費用").fill("1,000万円")
    page.get_by_label("原因・被害範囲の調査費用").press("Tab")
    settle(page)
    assert totals(page)[1] == "890万円"  # 1,000万 × 90% − 10万
    assert "1,000万円 × 90% − 10万円 = 890万円" in page.locator("#sim-results").inner_text()
    assert page.get_by_label("原因・被害範囲の調査費用").input_value() == "1,000万円"

    # found by a public body's report: the 情報漏えい限定 plan's サイバー攻撃対応費用 now responds (100%):
    # 1,000万 − 10万 = 990万 (「…外部通報(*3)によって発見されていたときに支出する費用に限ります」)
    page.get_by_label("だれが見つけ・知らせましたか").select_option("public_body")
    settle(page)
    assert totals(page)[:2] == ["990万円", "990万円"]  # 充実 too: ② before ①

    # a forbidden option combination is refused beside the options, with the rule and its quote
    page.get_by_text("オプション（特約）を付ける").click()
    page.get_by_label("損保ジャパン サイバー：自主的停止による利益補償追加条項").check()
    settle(page)
    assert "付けられないオプションの組み合わせです" in page.locator("#sim-results").inner_text()
    assert "付帯されている場合のみ" in page.locator("#simulator").inner_text()

    page.get_by_label("原因・被害範囲の調査費用").fill("たくさん")
    page.get_by_label("原因・被害範囲の調査費用").press("Tab")
    settle(page)
    assert "数字で入力" in page.locator("#simulator").inner_text()
    assert page.get_by_label("原因・被害範囲の調査費用").input_value() == "たくさん"
    assert page.js_errors == []


def test_simulator_without_javascript(site, nojs_page):
    page = nojs_page
    page.goto(site.url + "/simulate/?plans=silver-cyber:FII")
    page.get_by_label("DDoS攻撃でサイトが止まった（漏えいなし）").check()
    page.get_by_role("button", name="計算する").click()
    page.wait_for_load_state()
    assert "scenario=ddos" in page.url
    assert "DDoS" in page.locator("#sim-results").inner_text()


def test_handout_from_the_simulator(site, page):
    page.goto(site.url + "/simulate/?scenario=ddos&plans=silver-cyber:GII&plans=silver-cyber:FII")
    link = page.get_by_role("link", name="この試算をPDFで保存・印刷")
    response = page.request.get(site.url + link.get_attribute("href").replace("&amp;", "&"))
    assert response.ok and response.body()[:4] == b"%PDF"
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
