"""A member's comparison handed to an agent, who logs in, completes, submits and prints the application."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from enrollment.models import Agency, Agent, Application

from .conftest import settle, shot


def make_agent():
    agency = Agency.objects.create(name="みなと保険サービス", code="E2E", phone="03-0000-0001")
    user = get_user_model().objects.create_user("agent-e2e", password="pass-e2e-2026", last_name="山田")
    Agent.objects.create(user=user, agency=agency)
    return agency


def test_member_to_agent_to_pdf(site, page, browser):
    make_agent()
    start = timezone.localdate() + dt.timedelta(days=45)
    # 1. the member compares and hands the comparison to the agency
    page.goto(
        f"{site.url}/compare/?membership=silver&organisation=silver_center&rank=B"
        f"&plans=silver-cyber:FII&start={start:%Y-%m-%d}"
    )
    page.get_by_role("link", name="この内容で代理店に相談・申込").click()
    page.get_by_label("相談する代理店").select_option(label="みなと保険サービス")
    page.get_by_label("事業所名（会社名・屋号）").fill("公益社団法人みなと市シルバー人材センター")
    page.get_by_label("ご担当者名").fill("鈴木")
    page.get_by_label("電話番号").fill("045-123-4567")
    page.get_by_label("入力した内容と比較の条件を、選んだ代理店に伝えることに同意します").check()
    page.get_by_role("button", name="代理店に伝える").click()
    assert "代理店にお伝えしました" in page.content()
    reference = Application.objects.get().reference
    assert reference in page.content()

    # 2. the agent logs in and finds it
    agent = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP").new_page()
    agent.goto(f"{site.url}/agents/")
    agent.get_by_label("ユーザー名").fill("agent-e2e")
    agent.get_by_label("パスワード").fill("pass-e2e-2026")
    agent.get_by_role("button", name="ログイン").click()
    agent.wait_for_url(f"{site.url}/agents/")
    assert reference in agent.content()
    assert "公益社団法人みなと市シルバー人材センター" not in agent.content()  # masked in the list
    shot(agent, "agent-dashboard")
    agent.get_by_role("link", name=reference).first.click()

    # 3. completes the application; the postal code fills the prefecture and city
    agent.get_by_label("フリガナ").fill("こうえきしゃだんほうじんみなとしシルバージンザイセンター")
    agent.get_by_label("代表者名").fill("鈴木 一郎")
    agent.get_by_label("郵便番号").fill("100-0001")
    agent.get_by_label("郵便番号").press("Tab")
    settle(agent)
    assert agent.get_by_label("都道府県").input_value() == "東京都"
    agent.get_by_label("番地・建物名").fill("1-1-1")
    agent.get_by_label("電話番号", exact=True).fill("03-1234-5678")
    agent.get_by_role("button", name="保存する").click()
    agent.get_by_text("保存しました。").wait_for()  # the form is sent after a fresh CSRF token is fetched
    assert agent.get_by_label("フリガナ").input_value().startswith("コウエキシャダンホウジン")
    shot(agent, "agent-detail")

    # 4. submits: draft → review → submitted, each recorded in the audit trail
    agent.get_by_role("button", name="確認待ちにする").click()
    agent.get_by_text("状態を「確認待ち」に変更しました").wait_for()
    agent.get_by_role("button", name="提出する").click()
    agent.get_by_text("状態を「提出済」に変更しました").wait_for()
    app = Application.objects.get()
    assert app.status == "submitted"
    assert app.events.filter(action="transition").count() == 2
    assert "提出済" in agent.content()

    # 5. prints the application
    href = agent.get_by_role("link", name="申込書をPDFで開く").first.get_attribute("href")
    pdf = agent.request.get(site.url + href)
    assert pdf.ok and pdf.body()[:4] == b"%PDF"
    agent.context.close()
