"""The agent's autosave under failure (static/js/autosave.js): nothing typed is ever lost.

Each failure is made real: the request aborted (page.route), a 500, the CSRF cookie changed as a login in
another tab does, the session expired, the tab closed before the save. Each test waits for a condition in
the page or the database, never for a fixed time.
"""

from __future__ import annotations

import secrets

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session

from enrollment import services
from enrollment.models import Agency, Agent, Application

from ..integration.test_enrollment_services import complete_data, make_application
from .conftest import settle, shot

PASSWORD = "autosave-pass-2026"


@pytest.fixture
def application(site):
    agency = Agency.objects.create(name="みなと保険サービス", code="AS1")
    user = get_user_model().objects.create_user("agent-autosave", password=PASSWORD, last_name="山田")
    Agent.objects.create(user=user, agency=agency)
    return make_application(agency, actor=user, applicant_name="山田商事株式会社")


def login(page, site, next_path: str = "/agents/") -> None:
    page.goto(f"{site.url}/agents/login/?next={next_path}")
    page.get_by_label("ユーザー名").fill("agent-autosave")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{site.url}{next_path}")


def open_application(page, site, application) -> None:
    login(page, site, f"/agents/applications/{application.public_id}/")
    settle(page)


def memo_in_db(application) -> str:
    return Application.objects.get(pk=application.pk).memo


def wait_saved(page, application, memo: str) -> None:
    page.wait_for_function("() => !document.querySelector('#autosave-failure:not([hidden])')")
    page.wait_for_function(
        "() => document.querySelector('#autosave-status').textContent.includes('保存しました')"
    )
    assert memo_in_db(application) == memo


def failure_text(page) -> str:
    box = page.locator("#autosave-failure")
    box.wait_for(state="visible")
    return box.inner_text()


def local_copy(page, application) -> dict | None:
    return page.evaluate(
        f"() => JSON.parse(localStorage.getItem('application-draft:{application.public_id}'))"
    )


def test_a_network_error_is_shown_kept_and_retried(site, page, application):
    open_application(page, site, application)
    page.route("**/autosave/", lambda route: route.abort())
    page.get_by_label("代理店メモ").fill("ネットワークが切れる前に入力")
    page.get_by_label("代理店メモ").dispatch_event("change")
    text = failure_text(page)
    assert (
        "保存できませんでした。" in text and "通信できません" in text and "自動でもう一度保存します" in text
    )
    assert "✓ 下書きを保存しました" not in page.locator("#autosave-status").inner_text()
    assert local_copy(page, application)["fields"]["memo"] == ["ネットワークが切れる前に入力"]
    shot(page, "autosave-network-error")
    page.unroute("**/autosave/")
    page.get_by_role("button", name="今すぐもう一度保存する").click()
    wait_saved(page, application, "ネットワークが切れる前に入力")
    assert local_copy(page, application) is None


def test_a_server_error_is_shown_and_retried_by_itself(site, page, application):
    open_application(page, site, application)
    failures = {"left": 1}

    def once_500(route):
        if failures["left"]:
            failures["left"] -= 1
            route.fulfill(status=500, body="Internal Server Error")
        else:
            route.continue_()

    page.route("**/autosave/", once_500)
    page.get_by_label("代理店メモ").fill("500のあとも残る")
    page.get_by_label("代理店メモ").dispatch_event("change")
    assert "サーバーでエラーが起きました（500）" in failure_text(page)
    wait_saved(page, application, "500のあとも残る")  # the automatic retry, no click


def test_a_changed_csrf_token_gets_a_fresh_one_and_saves(site, page, application):
    open_application(page, site, application)
    # Logging in again in another tab rotates the CSRF cookie: the page's token no longer matches.
    page.context.add_cookies([{"name": "csrftoken", "value": secrets.token_hex(16), "url": site.url}])
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if "/autosave/" in r.url else None)
    page.get_by_label("代理店メモ").fill("CSRFが変わっても保存")
    page.get_by_label("代理店メモ").dispatch_event("change")
    wait_saved(page, application, "CSRFが変わっても保存")
    assert statuses[:2] == [403, 200]  # refused once, then saved with the fresh token


def test_an_expired_session_sends_the_agent_to_log_in_and_back_with_the_input(site, page, application):
    open_application(page, site, application)
    Session.objects.all().delete()  # the session expired
    page.get_by_label("代理店メモ").fill("期限切れでも消えない入力")
    page.get_by_label("代理店メモ").dispatch_event("change")
    text = failure_text(page)
    assert "ログインの有効期限が切れました" in text
    assert "ログイン" not in page.locator("#autosave-status").inner_text()  # never the login page in the box
    shot(page, "autosave-session-expired")
    page.get_by_role("link", name="ログインし直して続ける").click()
    page.get_by_label("ユーザー名").fill("agent-autosave")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{site.url}/agents/applications/{application.public_id}/")
    banner = page.locator("#local-copy")
    banner.wait_for(state="visible")
    assert "代理店メモ" in banner.inner_text()
    page.get_by_role("button", name="入力を戻して保存する").click()
    assert page.get_by_label("代理店メモ").input_value() == "期限切れでも消えない入力"
    wait_saved(page, application, "期限切れでも消えない入力")


def test_a_closed_tab_offers_the_input_back(site, page, browser, application):
    open_application(page, site, application)
    page.route("**/autosave/", lambda route: route.abort())  # nothing reaches the server before the close
    page.get_by_label("番地・建物名").fill("丸の内1-1-1 閉じる前")
    page.wait_for_function(
        f"() => (localStorage.getItem('application-draft:{application.public_id}') || '').includes('閉じる前')"
    )
    context = page.context
    page.close()
    again = context.new_page()
    again.goto(f"{site.url}/agents/applications/{application.public_id}/")
    banner = again.locator("#local-copy")
    banner.wait_for(state="visible")
    assert "番地・建物名" in banner.inner_text()
    shot(again, "autosave-local-copy")
    again.get_by_role("button", name="入力を戻して保存する").click()
    again.wait_for_function(
        "() => document.querySelector('#autosave-status').textContent.includes('保存しました')"
    )
    assert Application.objects.get(pk=application.pk).address_line == "丸の内1-1-1 閉じる前"


def _leaving_is_held(page) -> bool:
    """Whether the page asks before it is left: its beforeunload handler cancels the event (what makes the
    browser show its 'leave this page?' dialog)."""
    return page.evaluate(
        "() => { const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented; }"
    )


def test_leaving_with_unsaved_input_warns(site, page, application):
    open_application(page, site, application)
    assert _leaving_is_held(page) is False  # nothing typed: leave freely
    page.route("**/autosave/", lambda route: route.abort())
    page.get_by_label("代理店メモ").fill("まだ保存されていない")
    assert _leaving_is_held(page) is True  # typed, not yet saved
    page.get_by_label("代理店メモ").dispatch_event("change")
    failure_text(page)
    assert _leaving_is_held(page) is True  # the save failed
    page.unroute("**/autosave/")
    page.get_by_role("button", name="今すぐもう一度保存する").click()
    wait_saved(page, application, "まだ保存されていない")
    assert _leaving_is_held(page) is False  # saved: leave freely


def test_an_invalid_field_stays_as_typed_and_the_others_are_saved(site, page, application):
    open_application(page, site, application)
    page.get_by_label("電話番号", exact=True).fill("03-1234")
    page.get_by_label("代理店メモ").fill("メモは保存される")
    page.get_by_label("代理店メモ").dispatch_event("change")
    page.locator(".field-autosave-error").first.wait_for()
    assert "電話番号" in page.locator("#autosave-status").inner_text()
    assert page.get_by_label("電話番号", exact=True).input_value() == "03-1234"
    assert page.get_by_label("電話番号", exact=True).get_attribute("aria-invalid") == "true"
    app = Application.objects.get(pk=application.pk)
    assert app.memo == "メモは保存される" and app.draft_input == {"phone": "03-1234"}
    page.reload()
    assert page.get_by_label("電話番号", exact=True).input_value() == "03-1234"  # still as typed


def test_a_transition_saves_what_was_typed_just_before_the_click(site, page, application):
    user = get_user_model().objects.get(username="agent-autosave")
    services.save_application(
        application=application, data=complete_data(application), expected_version=1, actor=user
    )
    open_application(page, site, application)
    page.get_by_label("代理店メモ").fill("クリックの直前に入力")  # the 2 s input delay has not passed
    page.get_by_role("button", name="確認待ちにする").click()
    page.wait_for_url(f"{site.url}/agents/applications/{application.public_id}/")
    page.get_by_text("状態を「確認待ち」に変更しました").wait_for()
    app = Application.objects.get(pk=application.pk)
    assert app.status == Application.Status.REVIEW and app.memo == "クリックの直前に入力"
    assert page.js_errors == []


def test_a_conflict_is_shown_and_the_input_kept_for_after_the_reload(site, page, application):
    open_application(page, site, application)
    # Someone else saves the application after this page was loaded (optimistic lock: version 1 → 2).
    user = get_user_model().objects.get(username="agent-autosave")
    services.save_application(
        application=application, data={"memo": "別の人の保存"}, expected_version=1, actor=user
    )
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if "/autosave/" in r.url else None)
    page.get_by_label("代表者名").fill("あとから入力した代表者")
    page.get_by_label("代表者名").dispatch_event("change")
    text = failure_text(page)
    assert statuses == [409]
    assert "別の人が保存しました" in text and "入力はこの端末に残しています" in text
    assert "自動保存オン" not in page.locator("#autosave-status").inner_text()
    assert local_copy(page, application)["fields"]["representative"] == ["あとから入力した代表者"]
    page.get_by_role("link", name="最新の内容を読み込む").click()
    page.locator("#local-copy").wait_for(state="visible")  # the input is offered back on the latest version
    page.get_by_role("button", name="入力を戻して保存する").click()
    page.wait_for_function(
        "() => document.querySelector('#autosave-status').textContent.includes('保存しました')"
    )
    app = Application.objects.get(pk=application.pk)
    assert app.representative == "あとから入力した代表者" and app.memo == "別の人の保存"


def test_the_saved_tick_goes_away_while_a_save_fails(site, page, application):
    open_application(page, site, application)
    page.get_by_label("代理店メモ").fill("一度目は保存できる")
    page.get_by_label("代理店メモ").dispatch_event("change")
    wait_saved(page, application, "一度目は保存できる")
    page.route("**/autosave/", lambda route: route.fulfill(status=500, body="Internal Server Error"))
    page.get_by_label("代理店メモ").fill("二度目は500")
    page.get_by_label("代理店メモ").dispatch_event("change")
    failure_text(page)
    assert "保存しました" not in page.locator("#autosave-status").inner_text()
    assert "保存されていない入力があります" in page.locator("#autosave-status").inner_text()


def test_another_agencys_login_in_another_tab_is_said_and_not_retried(site, page, application):
    open_application(page, site, application)
    other = Agency.objects.create(name="ほかの代理店", code="AS2")
    stranger = get_user_model().objects.create_user("agent-other", password=PASSWORD, last_name="佐藤")
    Agent.objects.create(user=stranger, agency=other)
    tab = page.context.new_page()  # same browser: the new login replaces this tab's session too
    tab.goto(f"{site.url}/agents/login/")
    tab.get_by_label("ユーザー名").fill("agent-other")
    tab.get_by_label("パスワード").fill(PASSWORD)
    tab.get_by_role("button", name="ログイン").click()
    tab.wait_for_url(f"{site.url}/agents/")
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if "/autosave/" in r.url else None)
    page.get_by_label("代理店メモ").fill("別の代理店でログインした後")
    page.get_by_label("代理店メモ").dispatch_event("change")
    text = failure_text(page)
    assert "いまログインしている利用者には表示されません" in text
    assert "秒後に自動で" not in text and "サーバーでエラー" not in text
    assert page.get_by_role("link", name="ログインし直して続ける").is_visible()
    assert statuses == [403, 404]  # the new login rotated the token (refreshed once); then no retry
    assert local_copy(page, application)["fields"]["memo"] == ["別の代理店でログインした後"]


def _rotate_csrf_cookie(page, site) -> None:
    """What logging in again in another tab does: the CSRF cookie changes, the page's token is stale."""
    page.context.add_cookies([{"name": "csrftoken", "value": secrets.token_hex(16), "url": site.url}])


def test_the_save_button_survives_a_changed_csrf_token(site, page, application):
    open_application(page, site, application)
    page.route("**/autosave/", lambda route: route.abort())  # only the full-form post may save
    page.get_by_label("代理店メモ").fill("保存ボタンで送る")
    _rotate_csrf_cookie(page, site)
    page.get_by_role("button", name="保存する", exact=True).click()
    page.get_by_text("保存しました。").wait_for()
    assert memo_in_db(application) == "保存ボタンで送る"


def test_a_transition_survives_a_changed_csrf_token(site, page, application):
    user = get_user_model().objects.get(username="agent-autosave")
    services.save_application(
        application=application, data=complete_data(application), expected_version=1, actor=user
    )
    open_application(page, site, application)
    _rotate_csrf_cookie(page, site)
    page.get_by_label("代理店メモ").fill("トークンが変わった後の提出")
    page.get_by_role("button", name="確認待ちにする").click()
    page.get_by_text("状態を「確認待ち」に変更しました").wait_for()
    app = Application.objects.get(pk=application.pk)
    assert app.status == Application.Status.REVIEW and app.memo == "トークンが変わった後の提出"


def test_a_transition_after_the_session_expired_logs_in_back_to_the_application(site, page, application):
    user = get_user_model().objects.get(username="agent-autosave")
    services.save_application(
        application=application, data=complete_data(application), expected_version=1, actor=user
    )
    open_application(page, site, application)
    page.route("**/autosave/", lambda route: route.abort())
    Session.objects.all().delete()
    page.get_by_label("代理店メモ").fill("期限切れの後に提出")
    page.get_by_role("button", name="確認待ちにする").click()
    page.get_by_label("ユーザー名").fill("agent-autosave")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.unroute("**/autosave/")
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{site.url}/agents/applications/{application.public_id}/")  # never the 405
    page.locator("#local-copy").wait_for(state="visible")
    page.get_by_role("button", name="入力を戻して保存する").click()
    wait_saved(page, application, "期限切れの後に提出")


FOCUS_COVERED = """async () => {
  // once the page has stopped scrolling (the browser's smooth scroll to the field and the page's correction)
  let last = -1, still = 0;
  while (still < 3) {
    await new Promise((r) => requestAnimationFrame(r));
    still = window.scrollY === last ? still + 1 : 0;
    last = window.scrollY;
  }
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const bar = document.querySelector('.form-actions');
  if (bar.contains(el)) return [el.id || el.name || el.textContent.trim().slice(0, 20), false];
  const a = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
  const covered = getComputedStyle(bar).position === 'sticky'
    && a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right;
  return [el.id || el.name || el.textContent.trim().slice(0, 20), covered];
}"""


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_the_focused_field_is_never_hidden_behind_the_actions_bar(site, browser, application, width, height):
    """Finding 4: with several invalid fields listed in the bar, every tab stop stays visible."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        open_application(page, site, application)
        for label, value in (("電話番号", "03-1234"), ("メールアドレス", "info@"), ("法人番号", "123")):
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_label("代理店メモ").dispatch_event("change")
        page.wait_for_function("() => document.querySelectorAll('#autosave-status [data-field]').length >= 3")
        page.reload()  # the page as it opens: the fields kept as typed listed in the bar
        settle(page)
        covered, stops = [], 0
        for _ in range(300):
            page.keyboard.press("Tab")
            result = page.evaluate(FOCUS_COVERED)
            if result is None:
                break
            stops += 1
            if result[1]:
                covered.append(result[0])
        assert (stops, covered) == (stops, []) and stops > 30, (stops, covered)
    finally:
        context.close()


def test_a_double_click_on_save_sends_the_form_once(site, page, application):
    open_application(page, site, application)
    posts = []
    page.on(
        "request",
        lambda r: (
            posts.append(r.url)
            if r.method == "POST" and r.url.endswith(f"{application.public_id}/")
            else None
        ),
    )
    page.get_by_label("代理店メモ").fill("二度押し")
    page.get_by_role("button", name="保存する", exact=True).dblclick()
    page.get_by_text("保存しました。").wait_for()
    settle(page)
    assert len(posts) == 1 and memo_in_db(application) == "二度押し"
    assert page.locator("#conflict").count() == 0
