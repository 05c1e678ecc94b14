"""The agent pages: who may see what, the dashboard, creating, editing with autosave, lifecycle, login."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from comparisons.catalogue import selectors
from enrollment import services
from enrollment.models import Agency, Agent, Application
from enrollment.views import get_application_for, mask_name

from .test_enrollment_services import complete_data, make_application

pytestmark = pytest.mark.django_db
Status = Application.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


# --- fixtures ----------------------------------------------------------------------------------------


def _user(username, **extra):
    return get_user_model().objects.create_user(username, password="pw-for-tests-2026", **extra)


@pytest.fixture
def agency():
    return Agency.objects.create(name="みなと保険サービス", code="A1")


@pytest.fixture
def other_agency():
    return Agency.objects.create(name="さくら保険事務所", code="B1")


@pytest.fixture
def agent(agency):
    user = _user("agent-a", last_name="山田", first_name="花子", email="agent-a@example.jp")
    Agent.objects.create(user=user, agency=agency)
    return user


@pytest.fixture
def other_agent(other_agency):
    user = _user("agent-b")
    Agent.objects.create(user=user, agency=other_agency)
    return user


@pytest.fixture
def staff():
    return _user("staff", is_staff=True, last_name="管理")


@pytest.fixture
def nobody():
    return _user("nobody")


@pytest.fixture
def application(agency, agent):
    return make_application(agency, actor=agent, applicant_name="山田商事株式会社")


@pytest.fixture
def foreign_application(other_agency, other_agent):
    return make_application(other_agency, actor=other_agent, applicant_name="佐藤工業株式会社")


def detail_url(app):
    return reverse("enrollment:application_detail", args=[app.public_id])


def autosave_url(app):
    return reverse("enrollment:application_autosave", args=[app.public_id])


def transition_url(app):
    return reverse("enrollment:application_transition", args=[app.public_id])


def form_data(app, **changes) -> dict:
    """What the detail form posts: the stored values plus the changes."""
    app.refresh_from_db()
    data = {
        "version": app.version,
        "desired_start": app.desired_start.isoformat() if app.desired_start else "",
        "applicant_name": app.applicant_name,
        "applicant_kana": app.applicant_kana,
        "corporate_number": app.corporate_number,
        "representative": app.representative,
        "postal_code": app.postal_code,
        "prefecture": app.prefecture,
        "city": app.city,
        "address_line": app.address_line,
        "phone": app.phone,
        "email": app.email,
        "membership": app.membership,
        "membership_body": app.membership_body,
        "bank_code": app.bank_code,
        "branch_code": app.branch_code,
        "account_type": app.account_type,
        "account_number": app.account_number,
        "account_holder_kana": app.account_holder_kana,
        "memo": app.memo,
        "options": [o.code for o in app.options.all()],
    }
    for key, answer in (app.disclosures or {}).items():
        data[f"disclosure_{key}"] = "on" if answer["answer"] == "confirmed" else answer["answer"]
        data[f"disclosure_{key}_detail"] = answer["detail"]
    data.update(changes)
    return data


def complete(app, actor):
    app.refresh_from_db()
    return services.save_application(
        application=app, data=complete_data(app), expected_version=app.version, actor=actor
    )


# --- access ------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, application):
    login = reverse("enrollment:login")
    for url in (
        reverse("enrollment:dashboard"),
        reverse("enrollment:application_create"),
        detail_url(application),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(login)
    for url in (autosave_url(application), transition_url(application)):
        response = client.post(url, {})
        assert response.status_code == 302 and response["Location"].startswith(login)


def test_agent_of_another_agency_gets_404_everywhere(client, other_agent, application):
    client.force_login(other_agent)
    assert client.get(detail_url(application)).status_code == 404
    assert client.post(detail_url(application), form_data(application)).status_code == 404
    assert client.post(autosave_url(application), form_data(application), **HTMX).status_code == 404
    response = client.post(transition_url(application), {"to_status": "review", "version": 1})
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_get_application_for_is_shared_with_the_pdf_view(agent, other_agent, staff, application):
    from django.http import Http404

    assert get_application_for(agent, application.public_id) == application
    assert get_application_for(staff, application.public_id) == application
    with pytest.raises(Http404):
        get_application_for(other_agent, application.public_id)
    with pytest.raises(Http404):
        get_application_for(agent, "not-a-uuid")


def test_staff_sees_every_agency(client, staff, application, foreign_application):
    client.force_login(staff)
    html = client.get(reverse("enrollment:dashboard")).content.decode()
    assert application.reference in html and foreign_application.reference in html
    assert client.get(detail_url(foreign_application)).status_code == 200


def test_agent_sees_only_their_agency(client, agent, application, foreign_application):
    client.force_login(agent)
    html = client.get(reverse("enrollment:dashboard")).content.decode()
    assert application.reference in html
    assert foreign_application.reference not in html


def test_user_without_agent_gets_a_japanese_403(client, nobody, application):
    client.force_login(nobody)
    for url in (
        reverse("enrollment:dashboard"),
        reverse("enrollment:application_create"),
        detail_url(application),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "代理店の担当者として登録されていません" in response.content.decode()
    assert client.post(transition_url(application), {"to_status": "review", "version": 1}).status_code == 403


def test_views_refuse_wrong_methods(client, agent, application):
    client.force_login(agent)
    assert client.get(autosave_url(application)).status_code == 405
    assert client.get(transition_url(application)).status_code == 405
    assert client.post(reverse("enrollment:dashboard")).status_code == 405


# --- dashboard ---------------------------------------------------------------------------------------


def test_dashboard_masks_personal_data(client, agent, application):
    complete(application, agent)
    application.refresh_from_db()
    services.save_application(
        application=application,
        data={"corporate_number": "8700110005901"},
        expected_version=application.version,
        actor=agent,
    )
    client.force_login(agent)
    html = client.get(reverse("enrollment:dashboard")).content.decode()
    assert "山●●" in html
    assert "山田商事" not in html
    assert "ヤマダショウジ" not in html
    assert "03-1234-5678" not in html
    assert "info@example.jp" not in html
    assert "8700110005901" not in html
    for heading in (
        "受付番号",
        "加入者（マスク）",
        "制度・プラン",
        "状態",
        "補償開始希望日",
        "申込締切",
        "更新日時",
    ):
        assert f">{heading}</th>" in html
    assert "新しい申込を作成" in html


def test_mask_name():
    assert mask_name("山田商事株式会社") == "山●●"
    assert mask_name("") == "（未入力）"


def test_dashboard_filters(client, agent, agency):
    today = timezone.localdate()
    soon = make_application(
        agency,
        slug="silver-cyber",
        plan="FI",
        applicant_name="近藤",
        desired_start=today + dt.timedelta(days=7),
    )
    later = make_application(
        agency,
        slug="silver-cyber",
        plan="FI",
        applicant_name="遠藤",
        desired_start=today + dt.timedelta(days=90),
    )
    sompo = make_application(agency, applicant_name="損田")
    complete(sompo, agent)
    sompo.refresh_from_db()
    services.transition(
        application=sompo, to_status=Status.REVIEW, actor=agent, expected_version=sompo.version, today=today
    )
    client.force_login(agent)
    url = reverse("enrollment:dashboard")

    html = client.get(url, {"status": "review"}).content.decode()
    assert sompo.reference in html and soon.reference not in html

    html = client.get(url, {"product": "silver-cyber"}).content.decode()
    assert soon.reference in html and later.reference in html and sompo.reference not in html

    html = client.get(url, {"due": "soon"}).content.decode()
    assert soon.reference in html and later.reference not in html and sompo.reference not in html

    # Filters are links and GET forms: the status links keep the other filters.
    html = client.get(url, {"product": "silver-cyber"}).content.decode()
    assert "?product=silver-cyber&amp;status=draft" in html


def test_dashboard_search(client, agent, agency):
    app = make_application(agency, applicant_name="山田商事株式会社")
    app.refresh_from_db()
    services.save_application(
        application=app, data={"applicant_kana": "ヤマダショウジ"}, expected_version=app.version, actor=agent
    )
    other = make_application(agency, applicant_name="佐藤工業")
    client.force_login(agent)
    url = reverse("enrollment:dashboard")
    for query in ("山田", "やまだ", "ヤマダ", app.reference, app.reference.lower()):
        html = client.get(url, {"q": query}).content.decode()
        assert app.reference in html, query
        assert other.reference not in html, query
        assert "山田商事" not in html  # searching by name still shows it masked
    html = client.get(url, {"q": "存在しない会社"}).content.decode()
    assert "条件に合う申込はありません" in html


def test_dashboard_htmx_returns_the_results_partial(client, agent, application):
    client.force_login(agent)
    html = client.get(reverse("enrollment:dashboard"), {"q": "山田"}, **HTMX).content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html
    # the count goes to the page's status region, which stays outside the swap (screen readers hear it)
    assert '<span id="dashboard-status" hx-swap-oob="innerHTML">1件の申込が見つかりました。</span>' in html
    page = client.get(reverse("enrollment:dashboard"), {"q": "山田"}).content.decode()
    assert page.count('id="dashboard-status"') == 1


def test_dashboard_paginates_by_20(client, agent, agency):
    for i in range(23):
        make_application(agency, applicant_name=f"会社{i}")
    client.force_login(agent)
    response = client.get(reverse("enrollment:dashboard"))
    assert len(response.context["page"].object_list) == 20
    assert "次のページ" in response.content.decode()
    response = client.get(reverse("enrollment:dashboard"), {"page": 2})
    assert len(response.context["page"].object_list) == 3


def test_dashboard_notice_of_member_requests(client, agent, agency):
    plan = selectors.product("silver-cyber").plans[0]
    from comparisons.catalogue.models import Plan

    services.create_from_comparison(
        agency=agency,
        plan=Plan.objects.get(product__slug="silver-cyber", code=plan.code),
        requested_by_member=True,
    )
    client.force_login(agent)
    html = client.get(reverse("enrollment:dashboard")).content.decode()
    assert "会員からの相談が1件あります" in html
    assert "requested=1" in html


# --- create ------------------------------------------------------------------------------------------


def test_agent_creates_an_application_for_their_agency(client, agent, agency):
    client.force_login(agent)
    url = reverse("enrollment:application_create")
    assert "制度・プラン" in client.get(url).content.decode()
    response = client.post(
        url, {"plan": "sompo-jcci-cyber:basic", "options": ["bi"], "desired_start": "2026-12-01"}
    )
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(app)
    assert app.agency == agency
    assert app.membership == "jcci"
    assert [o.code for o in app.options.all()] == ["bi"]
    assert app.events.get().actor == agent


def test_create_adds_automatic_options_and_rejects_foreign_ones(client, agent):
    client.force_login(agent)
    url = reverse("enrollment:application_create")
    response = client.post(url, {"plan": "silver-cyber:GI", "options": ["bi"]})
    assert response.status_code == 200
    assert "bi は候補にありません" in response.content.decode()
    client.post(url, {"plan": "silver-cyber:GI"})
    app = Application.objects.get()
    assert [o.code for o in app.options.all()] == ["mail_liability"]  # set automatically for the 限定 plans
    assert app.membership == "silver"


def test_create_options_partial_follows_the_plan(client, agent):
    client.force_login(agent)
    html = client.get(
        reverse("enrollment:application_create"), {"plan": "sompo-jcci-cyber:basic"}, **HTMX
    ).content.decode()
    assert 'id="option-field"' in html and "自主的停止による利益補償追加条項" in html
    assert "<html" not in html


def test_staff_without_agent_must_pick_an_agency(client, staff, agency):
    client.force_login(staff)
    url = reverse("enrollment:application_create")
    response = client.post(url, {"plan": "sompo-jcci-cyber:basic"})
    assert response.status_code == 200
    assert "代理店を選んでください" in response.content.decode()
    assert not Application.objects.exists()
    client.post(url, {"plan": "sompo-jcci-cyber:basic", "agency": agency.pk})
    assert Application.objects.get().agency == agency


def test_create_without_a_plan_shows_the_error(client, agent):
    client.force_login(agent)
    response = client.post(reverse("enrollment:application_create"), {"plan": ""})
    assert "制度・プランを選んでください" in response.content.decode()


# --- detail and save ---------------------------------------------------------------------------------


def test_detail_shows_every_group_and_the_side_panel(client, agent, application):
    client.force_login(agent)
    html = client.get(detail_url(application)).content.decode()
    for text in (
        "申込内容",
        "加入者",
        "告知事項",
        "口座振替",
        "確認事項",
        "要対応",
        "申込締切",
        "保険料",
        "要見積",
        "履歴",
    ):
        assert text in html, text
    assert reverse("enrollment:application_pdf", args=[application.public_id]) in html
    # every 告知事項 of the pamphlet, with the answer it asks for (業務内容: a description, not yes/no)
    for note in selectors.product("sompo-jcci-cyber").notes_of("disclosure"):
        assert note.title in html
    assert 'name="disclosure_2_detail"' in html and 'name="disclosure_2"' not in html  # ②業務内容
    assert 'name="disclosure_5"' in html  # 売上高等の確認: a confirmation
    assert 'name="risk_code"' not in html  # the risk table is the Mitsui programme's
    assert 'name="rank"' not in html


def test_detail_fields_follow_the_programme(client, agent, agency):
    client.force_login(agent)
    mitsui = make_application(agency, slug="jcci-leak-liability", plan="premium-E")
    html = client.get(detail_url(mitsui)).content.decode()
    assert 'name="risk_code"' in html and 'name="liability_limit"' in html and 'name="cost_limit"' in html
    assert "1億円" in html  # free-set choices shown as yen
    silver = make_application(agency, slug="silver-cyber", plan="FI")
    html = client.get(detail_url(silver)).content.decode()
    assert 'name="rank"' in html and 'name="bank_code"' not in html
    assert "振込" in html


def test_save_valid_form(client, agent, application):
    client.force_login(agent)
    data = form_data(
        application,
        applicant_kana="やまだしょうじ",
        corporate_number="8700110005901",
        postal_code="1000001",
        phone="0312345678",
        account_holder_kana="ヤマダ　ハナコ",
        bank_code="0001",
        branch_code="001",
        account_number="1234",
        disclosure_2_detail="金属加工業",
        disclosure_5="on",
        options=["bi", "voluntary_shutdown"],
    )
    response = client.post(detail_url(application), data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.applicant_kana == "ヤマダショウジ"
    assert (application.postal_code, application.prefecture, application.city) == (
        "100-0001",
        "東京都",
        "千代田区",
    )
    assert application.phone == "03-1234-5678"
    assert application.account_holder_kana == "ﾔﾏﾀﾞ ﾊﾅｺ"
    assert application.account_number == "0001234"
    assert application.disclosures == {
        "2": {"answer": "", "detail": "金属加工業"},
        "5": {"answer": "confirmed", "detail": ""},
    }
    assert sorted(o.code for o in application.options.all()) == ["bi", "voluntary_shutdown"]
    assert application.version == 2
    html = client.get(detail_url(application)).content.decode()
    assert "保存しました" in html
    assert "みずほ" in html and "東京営業部" in html


def test_errors_are_shown_beside_fields_valid_ones_saved_and_nothing_typed_is_lost(
    client, agent, application
):
    client.force_login(agent)
    data = form_data(
        application,
        applicant_name="新しい名前",
        corporate_number="8700110005902",
        postal_code="000-0000",
        phone="03-1234-567",
        bank_code="9999",
        email="not-an-email",
        applicant_kana="Yamada",
    )
    response = client.post(detail_url(application), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "チェックデジット" in html
    assert "この郵便番号は見つかりません" in html
    assert "この電話番号は日本の電話番号として正しくありません" in html
    assert "この金融機関コードは見つかりません" in html
    assert "メールアドレスを正しく入力してください" in html
    assert "フリガナに使えない文字「Y」があります" in html
    # beside the field, tied to it for screen readers
    assert re.search(r'id="id_corporate_number"', html)
    assert 'aria-describedby="id_corporate_number_helptext id_corporate_number_error"' in html
    assert 'id="id_corporate_number_error"' in html
    # nothing typed is lost: the valid field is saved, the invalid ones are kept as typed with their message
    assert 'value="新しい名前"' in html and 'value="8700110005902"' in html and 'value="not-an-email"' in html
    application.refresh_from_db()
    assert application.applicant_name == "新しい名前" and application.version == 2
    assert application.draft_input["corporate_number"] == "8700110005902"
    assert application.draft_input["email"] == "not-an-email"
    assert application.corporate_number == ""  # never a half-read value
    # a reload shows them again as typed, with their messages, and they block 確認待ち
    html = client.get(detail_url(application)).content.decode()
    assert 'value="8700110005902"' in html and "チェックデジット" in html
    assert "法人番号の入力「8700110005902」を読み取れません" in html


def test_revenue_accepts_japanese_amounts(client, agent, agency):
    client.force_login(agent)
    app = make_application(agency, slug="jcci-leak-liability", plan="standard-B")
    client.post(detail_url(app), form_data(app, revenue="1億2,000万円", risk_code="10"))
    app.refresh_from_db()
    assert app.revenue == 120_000_000 and app.risk_code == "10"
    html = client.get(detail_url(app)).content.decode()
    assert 'value="1億2,000万円"' in html
    assert "パンフレットの保険料例" in html
    response = client.post(detail_url(app), form_data(app, revenue="たくさん"))
    assert "数字で入力してください" in response.content.decode()


def test_branch_code_is_checked_against_the_bank(client, agent, application):
    client.force_login(agent)
    html = client.post(
        detail_url(application), form_data(application, bank_code="0001", branch_code="999")
    ).content.decode()
    assert "みずほに、この支店コード（3桁）の支店は見つかりません" in html


def test_concurrent_edit_keeps_the_input_and_overwrites_nothing(client, agent, staff, application):
    client.force_login(agent)
    stale = form_data(application, applicant_name="代理店Aの入力")
    application.refresh_from_db()
    services.save_application(
        application=application, data={"applicant_name": "先に保存した内容"}, expected_version=1, actor=staff
    )
    response = client.post(detail_url(application), stale)
    html = response.content.decode()
    assert response.status_code == 409
    assert services.ConcurrentEditError.message in html
    assert 'role="alert"' in html
    assert 'value="代理店Aの入力"' in html
    application.refresh_from_db()
    assert application.applicant_name == "先に保存した内容"
    assert application.version == 2


def test_postal_code_htmx_fills_an_empty_address(client, agent, application):
    client.force_login(agent)
    url = detail_url(application)
    html = client.get(url, {"lookup": "postal", "postal_code": "100-0001"}, **HTMX).content.decode()
    assert 'value="東京都"' in html and 'value="千代田区"' in html
    assert 'id="address-fields" class="row" hx-swap-oob="true"' in html
    html = client.get(
        url, {"lookup": "postal", "postal_code": "000-0000", "prefecture": "大阪府"}, **HTMX
    ).content.decode()
    assert "この郵便番号は見つかりません" in html and "hx-swap-oob" not in html
    assert client.get(url, {"lookup": "postal", "postal_code": "100"}, **HTMX).status_code == 204
    html = client.get(url, {"lookup": "postal", "postal_code": "10A-0001"}, **HTMX).content.decode()
    assert "使えない文字「A」" in html


def test_postal_code_covering_several_towns_offers_them_and_overwrites_nothing(client, agent, application):
    client.force_login(agent)
    url = detail_url(application)
    html = client.get(url, {"lookup": "postal", "postal_code": "618-0000"}, **HTMX).content.decode()
    assert (
        "複数の地域" in html and "京都府乙訓郡大山崎町にする" in html and "大阪府三島郡島本町にする" in html
    )
    assert "hx-swap-oob" not in html  # nothing filled until the agent picks
    html = client.get(
        url, {"lookup": "postal", "postal_code": "618-0000", "pick": "1"}, **HTMX
    ).content.decode()
    assert 'value="大阪府"' in html and 'value="三島郡島本町"' in html
    # an address the agent typed is never replaced: the towns are offered
    html = client.get(
        url, {"lookup": "postal", "postal_code": "100-0001", "prefecture": "大阪府", "city": "北区"}, **HTMX
    ).content.decode()
    assert "書き換えていません" in html and "hx-swap-oob" not in html and "東京都千代田区千代田にする" in html


def test_saving_never_refills_the_address(client, agent, application):
    """The server fills the address only when a new postal code meets an empty address."""
    client.force_login(agent)
    client.post(
        detail_url(application), form_data(application, postal_code="100-0001", prefecture="", city="")
    )
    application.refresh_from_db()
    assert (application.prefecture, application.city) == ("東京都", "千代田区")
    client.post(detail_url(application), form_data(application, city="千代田区丸の内"))
    client.post(detail_url(application), form_data(application, memo="再保存"))
    application.refresh_from_db()
    assert application.city == "千代田区丸の内"
    client.post(
        detail_url(application), form_data(application, postal_code="618-0000", prefecture="", city="")
    )
    application.refresh_from_db()
    assert (application.prefecture, application.city) == ("", "")  # two towns: the agent picks


def test_bank_lookup_htmx(client, agent, application):
    client.force_login(agent)
    url = detail_url(application)
    html = client.get(
        url, {"lookup": "bank", "bank_code": "0001", "branch_code": "001"}, **HTMX
    ).content.decode()
    assert "みずほ" in html and "東京営業部" in html
    html = client.get(url, {"lookup": "bank", "bank_code": "9999"}, **HTMX).content.decode()
    assert "この金融機関コードは見つかりません" in html


# --- autosave ----------------------------------------------------------------------------------------


def test_autosave_saves_and_bumps_the_version(client, agent, application):
    client.force_login(agent)
    response = client.post(autosave_url(application), form_data(application, memo="電話で確認済み"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "下書きを保存しました（" in html
    assert '<input type="hidden" name="version" id="id_version" value="2" hx-swap-oob="true">' in html
    assert 'id="side-panel"' in html and 'id="audit"' in html  # checks, dates and history follow the save
    assert "<html" not in html
    application.refresh_from_db()
    assert application.memo == "電話で確認済み" and application.version == 2


def test_autosave_with_an_error_saves_the_valid_fields_and_keeps_the_invalid_one(client, agent, application):
    client.force_login(agent)
    html = client.post(
        autosave_url(application), form_data(application, memo="メモ", phone="123"), **HTMX
    ).content.decode()
    assert "ほかの項目は下書きに保存しました" in html and "入力のまま残しています" in html
    assert 'data-field="phone"' in html and "電話番号" in html  # the script puts it beside the field
    application.refresh_from_db()
    assert application.memo == "メモ" and application.version == 2
    assert application.draft_input == {"phone": "123"} and application.phone == ""
    # fixed: saved, and the kept input is gone
    client.post(autosave_url(application), form_data(application, phone="03-1234-5678"), **HTMX)
    application.refresh_from_db()
    assert application.phone == "03-1234-5678" and application.draft_input == {}


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        # read back beside the field: units, then every digit
        ("1億2,000万円", "1億2,000万円（120,000,000円）として読みました"),
        ("５千万円", "5,000万円（50,000,000円）として読みました"),  # full-width: 5 × 1,000 × 1万
        ("三億", "3億円（300,000,000円）として読みました"),
        # refused beside the field, naming both readings (1億 + 2,000万 or 1億 + 2,000), nothing saved
        ("1億2000", "1億2,000万円（120,000,000円）とも100,002,000円とも読めます"),
        ("1,5億", "カンマの位置が正しくありません"),
    ],
)
def test_the_agents_revenue_is_read_back_or_refused_beside_the_field(client, agent, agency, typed, shown):
    app = make_application(agency, slug="jcci-leak-liability", plan="premium-D", actor=agent)
    client.force_login(agent)
    html = client.post(autosave_url(app), form_data(app, revenue=typed), **HTMX).content.decode()
    readback = re.search(r'<p class="readback" id="revenue-readback"([^>]*)>(.*?)</p>', html)
    assert 'hx-swap-oob="true"' in readback[1]
    app.refresh_from_db()
    if "読みました" in shown:
        assert readback[2] == shown and app.revenue == services_revenue(typed)
    else:
        # the message goes beside the field (autosave.js reads data-field); nothing is read back
        assert readback[2] == "" and app.revenue is None
        assert re.search(rf'data-field="revenue" data-message="[^"]*{re.escape(shown)}', html)
    # saved with the button: the page (after its redirect) shows the same beside the field, or keeps what was
    # typed with the message
    page = client.post(detail_url(app), form_data(app, revenue=typed), follow=True).content.decode()
    if "読みました" in shown:
        assert shown in page.split('id="revenue-readback"', 1)[1].split("</p>", 1)[0]
    else:
        assert shown in page and f'value="{typed}"' in page


def test_the_agents_limits_set_on_the_application_are_read_back(client, agent, application):
    """Sompo: 支払限度額・免責金額 are set on the application; each amount typed is read back beside it."""
    client.force_login(agent)
    data = form_data(
        application, liability_limit="1億", cost_deductible="５万円", liability_deductible="1万5"
    )
    html = client.post(autosave_url(application), data, **HTMX).content.decode()

    def shown(name):
        return re.search(rf'<p class="readback" id="{name}-readback"[^>]*hx-swap-oob="true">(.*?)</p>', html)[
            1
        ]

    assert shown("liability_limit") == "1億円（100,000,000円）として読みました"
    assert shown("cost_deductible") == "5万円（50,000円）として読みました"  # full-width 5 × 1万
    assert shown("liability_deductible") == ""  # 1万5: 15,000円 or 10,005円? refused beside the field
    assert re.search(r'data-field="liability_deductible" data-message="[^"]*15,000円とも10,005円とも', html)
    page = client.get(detail_url(application)).content.decode()  # as stored, read back on the page too
    assert "1億円（100,000,000円）として読みました" in page.split('id="liability_limit-readback"', 1)[1][:80]


def services_revenue(typed: str) -> int:
    return {"1億2,000万円": 120_000_000, "５千万円": 50_000_000, "三億": 300_000_000}[typed]


# The holiday calendar (holidays, JP) covers 1949–2099: a date outside it is refused on every agent's surface
# with calendar.CalendarRangeError's message, never stored and never given to a business-day rule.
RANGE_MESSAGE = "1949年から2099年までの日付を入力してください"


@pytest.mark.parametrize("day", ["2100-01-01", "1948-12-31", "9999-12-31"])
def test_the_agents_date_outside_the_calendar_is_refused_on_every_surface(client, agent, application, day):
    client.force_login(agent)
    # autosave: kept as typed, its message put beside the field (data-field), the date not stored
    html = client.post(autosave_url(application), form_data(application, desired_start=day), **HTMX)
    html = html.content.decode()
    assert "入力のまま残しています" in html and 'href="#id_desired_start"' in html
    assert re.search(rf'data-field="desired_start" data-message="{RANGE_MESSAGE}', html)
    application.refresh_from_db()
    assert application.desired_start != dt.date.fromisoformat(day)
    assert application.draft_input.get("desired_start") == day
    # the save button: the message beside the field, what was typed kept
    page = client.post(detail_url(application), form_data(application, desired_start=day)).content.decode()
    field = page.split('id="id_desired_start"', 1)[1].split("</div>", 2)
    assert f'value="{day}"' in page and RANGE_MESSAGE in "".join(field[:2])
    # a new application
    create = reverse("enrollment:application_create")
    page = client.post(create, {"plan": "sompo-jcci-cyber:basic", "desired_start": day}).content.decode()
    assert RANGE_MESSAGE in page and Application.objects.count() == 1


@pytest.mark.parametrize("day", [dt.date(1949, 1, 1), dt.date(2099, 12, 1)])
def test_the_agents_date_at_the_calendars_edges_is_accepted(client, agent, application, day):
    client.force_login(agent)
    html = client.post(
        autosave_url(application), form_data(application, desired_start=day.isoformat()), **HTMX
    ).content.decode()
    assert "下書きを保存しました" in html
    application.refresh_from_db()
    assert application.desired_start == day
    page = client.get(detail_url(application)).content.decode()
    assert 'min="1949-01-01"' in page and 'max="2099-12-31"' in page


def test_autosave_conflict_is_reported(client, agent, staff, application):
    client.force_login(agent)
    stale = form_data(application, memo="古い版から")
    services.save_application(
        application=application, data={"memo": "別の人"}, expected_version=1, actor=staff
    )
    html = client.post(autosave_url(application), stale, **HTMX).content.decode()
    assert services.ConcurrentEditError.message in html and 'role="alert"' in html
    application.refresh_from_db()
    assert application.memo == "別の人"


# --- lifecycle ---------------------------------------------------------------------------------------


def _transition(client, app, to, comment=""):
    app.refresh_from_db()
    response = client.post(transition_url(app), {"to_status": to, "version": app.version, "comment": comment})
    assert response.status_code == 302 and response["Location"] == detail_url(app)
    app.refresh_from_db()
    return client.get(detail_url(app)).content.decode()


def test_lifecycle_through_the_pages(client, agent, staff, application):
    client.force_login(agent)
    html = _transition(client, application, "review")
    assert application.status == Status.DRAFT
    assert "フリガナが未入力です。" in html
    assert "「確認待ち」にできません" in html

    complete(application, agent)
    html = _transition(client, application, "review")
    assert application.status == Status.REVIEW
    assert "状態を「確認待ち」に変更しました" in html
    html = _transition(client, application, "submitted")
    assert application.status == Status.SUBMITTED
    assert "受付する" not in html  # staff-only buttons are not shown to agents
    html = _transition(client, application, "accepted")
    assert application.status == Status.SUBMITTED
    assert "受付・差戻しは管理者のみが行えます" in html

    client.force_login(staff)
    html = client.get(detail_url(application)).content.decode()
    assert "受付する" in html and "差戻す" in html and "差戻しの理由（必須）" in html
    html = _transition(client, application, "returned")
    assert application.status == Status.SUBMITTED
    assert "差戻しの理由を入力してください" in html
    html = _transition(client, application, "returned", comment="口座名義をご確認ください")
    assert application.status == Status.RETURNED
    assert "口座名義をご確認ください" in html  # the comment is in the history


def test_transition_with_bad_input_is_a_message_not_a_500(client, agent, application):
    client.force_login(agent)
    for data in ({"to_status": "nonsense", "version": 1}, {"to_status": "review", "version": "x"}, {}):
        response = client.post(transition_url(application), data)
        assert response.status_code == 302
    html = client.get(detail_url(application)).content.decode()
    assert "状態を変更できませんでした" in html
    html = _transition(client, application, "accepted")
    assert "「下書き」から「受付」には変更できません" in html


def test_stale_transition_shows_the_conflict(client, agent, staff, application):
    client.force_login(agent)
    services.save_application(application=application, data={"memo": "x"}, expected_version=1, actor=staff)
    client.post(transition_url(application), {"to_status": "review", "version": 1})
    html = client.get(detail_url(application)).content.decode()
    assert services.ConcurrentEditError.message in html


def test_audit_trail_on_the_page(client, agent, application):
    client.force_login(agent)
    client.post(
        detail_url(application),
        form_data(application, applicant_name="山田商事合同会社", phone="03-1234-5678"),
    )
    html = client.get(detail_url(application)).content.decode()
    audit = html[html.index('id="audit"') :]
    assert "山田 花子" in audit
    assert "加入者名（法人名・屋号）：山●● → 山●●" in audit  # personal fields masked, as in lists
    assert "電話番号：（空欄） → 末尾5678（一部を伏せています）" in audit
    assert "03-1234-5678" not in audit and "山田商事合同会社" not in audit
    assert "作成" in audit and "保存" in audit


def test_accepted_application_is_read_only(client, agent, staff, application):
    complete(application, agent)
    for to, who in (("review", agent), ("submitted", agent), ("accepted", staff)):
        application.refresh_from_db()
        services.transition(
            application=application,
            to_status=to,
            actor=who,
            expected_version=application.version,
            today=timezone.localdate(),
        )
    client.force_login(agent)
    html = client.get(detail_url(application)).content.decode()
    assert "編集できません" in html and "hx-post" not in html and " disabled" in html
    response = client.post(detail_url(application), form_data(application, memo="変更"))
    application.refresh_from_db()
    assert application.memo == "" and response.status_code == 200


# --- login, logout, password reset ---------------------------------------------------------------------


def test_login_page_and_login(client, agent):
    html = client.get(reverse("enrollment:login")).content.decode()
    assert "代理店ログイン" in html and "パスワードを忘れた方" in html
    response = client.post(
        reverse("enrollment:login"), {"username": "agent-a", "password": "pw-for-tests-2026"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("enrollment:dashboard")
    response = client.post(reverse("enrollment:login"), {"username": "agent-a", "password": "wrong"})
    assert "正しいユーザー名とパスワードを入力してください" in response.content.decode()


def test_login_view_keeps_the_site_name_in_the_header(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    from enrollment.views import LoginView

    request = rf.get(reverse("enrollment:login"))
    request.user, request.session = AnonymousUser(), SessionStore()
    response = LoginView.as_view()(request)
    response.render()
    assert "サイバー保険 比較・申込ナビ" in response.content.decode()


def test_logout_is_a_post(client, agent):
    client.force_login(agent)
    html = client.get(reverse("enrollment:dashboard")).content.decode()
    assert f'action="{reverse("enrollment:logout")}"' in html
    client.post(reverse("enrollment:logout"))
    assert client.get(reverse("enrollment:dashboard")).status_code == 302


def test_password_reset_sends_an_email(client, agent):
    html = client.get(reverse("enrollment:password_reset")).content.decode()
    assert "パスワードの再設定" in html
    response = client.post(reverse("enrollment:password_reset"), {"email": "agent-a@example.jp"})
    assert response.status_code == 302 and response["Location"] == reverse("enrollment:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["agent-a@example.jp"]
    assert "パスワード再設定" in message.subject
    link = re.search(r"https?://[^/\s]+(/agents/password-reset/\S+/)", message.body).group(1)
    response = client.get(link, follow=True)
    assert "新しいパスワードの設定" in response.content.decode()
    assert "メールを送りました" in client.get(reverse("enrollment:password_reset_done")).content.decode()


def test_security_check_sheet_answers_are_saved(client, agent, application):
    # Sompo: 「セキュリティ対策確認シート」の提出による割引 (最大60%): the sheet and the rate, if known
    client.force_login(agent)
    html = client.get(detail_url(application)).content.decode()
    assert "確認シートの回答による割引率" in html and "60%" in html
    response = client.post(
        detail_url(application), form_data(application, security_sheet="submitted", security_rate="40")
    )
    assert response.status_code in (200, 302)
    application.refresh_from_db()
    assert application.security_answers == {"sheet": "submitted", "rate": 0.4}
    bad = client.post(detail_url(application), form_data(application, security_rate="90"))
    assert "正しく選択" in bad.content.decode()


def test_silver_has_no_security_sheet(client, agent, agency):
    app = make_application(agency, actor=agent, slug="silver-cyber", plan="FII")
    client.force_login(agent)
    assert "確認シート" not in client.get(detail_url(app)).content.decode()


def test_no_template_syntax_reaches_the_agents_pages(client, agent, application):
    from tests.integration.test_pages import TEMPLATE_SYNTAX

    client.force_login(agent)
    for url, headers in [
        (reverse("enrollment:dashboard"), {}),
        (reverse("enrollment:dashboard") + "?q=山田", HTMX),
        (reverse("enrollment:application_create"), {}),
        (detail_url(application), {}),
        (reverse("enrollment:password_reset"), {}),
    ]:
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        html = response.content.decode()
        found = TEMPLATE_SYNTAX.search(html)
        assert found is None, (url, html[max(0, found.start() - 80) : found.start() + 80])


def _agent_urls(application) -> list[str]:
    """Every URL of the agents' side, with this application's id where the pattern takes one."""

    from enrollment import urls as enrollment_urls

    urls = []

    for pattern in enrollment_urls.urlpatterns:
        kwargs = {}
        converters = pattern.pattern.converters
        if "public_id" in converters:
            kwargs["public_id"] = application.public_id
        if set(converters) - {"public_id"}:
            continue  # tokens and slugs: not pages an agent returns to
        urls.append(reverse(f"enrollment:{pattern.name}", kwargs=kwargs))
    return urls


def test_a_login_next_at_a_post_only_url_goes_back_to_a_page(client, agent, application):
    """Finding 2: the session expired, then 確認待ちにする/提出する; after the login the browser must land on
    the application page (where the input kept on the device is offered back), never GET a POST-only view.
    Checked for every agents' URL that refuses GET."""
    client.force_login(agent)
    post_only = [url for url in _agent_urls(application) if client.get(url).status_code == 405]
    assert transition_url(application) in post_only and autosave_url(application) in post_only
    client.logout()
    for url in post_only:
        response = client.post(
            reverse("enrollment:login") + f"?next={url}",
            {"username": "agent-a", "password": "pw-for-tests-2026"},
        )
        assert response.status_code == 302, url
        assert client.get(response["Location"]).status_code == 200, (url, response["Location"])
        expected = (
            detail_url(application) if str(application.public_id) in url else reverse("enrollment:dashboard")
        )
        assert response["Location"] == expected
        client.logout()


def test_a_full_page_post_after_the_session_expired_logs_in_back_to_the_application(client, application):
    response = client.post(transition_url(application), {"to_status": "review", "version": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('enrollment:login')}?next={detail_url(application)}"


# --- a changed CSRF token (finding 3) ------------------------------------------------------------------


def _csrf_client(agent):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    return client


def test_a_refused_csrf_token_gets_a_japanese_page_that_resends_the_same_input(agent, application):
    client = _csrf_client(agent)
    client.get(detail_url(application))  # the page sets the CSRF cookie
    data = form_data(application, memo="トークンが変わっても消えないメモ", csrfmiddlewaretoken="x" * 64)
    response = client.post(
        detail_url(application),
        data,
        HTTP_ORIGIN="http://testserver",
        HTTP_REFERER=f"http://testserver{detail_url(application)}",
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "送信できませんでした" in page and "CSRF verification failed" not in page
    assert 'value="トークンが変わっても消えないメモ"' in page
    assert f'href="{detail_url(application)}"' in page  # back to the application
    # The offered form carries a token that works: sending it saves what was typed.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    resend = {}
    for name, value in fields:
        resend.setdefault(name, []).append(value)
    response = client.post(detail_url(application), resend, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).memo == "トークンが変わっても消えないメモ"
    assert token


def test_a_post_from_another_site_is_never_offered_for_resending(agent, application):
    client = _csrf_client(agent)
    client.get(detail_url(application))
    data = form_data(application, memo="よそのサイトからの送信", csrfmiddlewaretoken="x" * 64)
    for origin in ({"HTTP_ORIGIN": "https://evil.example"}, {}):
        response = client.post(detail_url(application), data, **origin)
        assert response.status_code == 403
        page = response.content.decode()
        assert "送信できませんでした" in page and "よそのサイトからの送信" not in page
        assert "もう一度送信する" not in page


def test_the_list_marks_estimated_deadlines_and_the_filter_says_it_uses_them(client, agent, agency):
    """Finding 7: Silver from 2027-01-01 (deadline moved by the year-end reading) and Sompo from 2027-04-01
    (outside the pamphlet's period) have estimated deadlines: the list marks them as the detail page does."""
    silver = make_application(
        agency, actor=agent, slug="silver-cyber", plan="FII", desired_start=dt.date(2027, 1, 1)
    )
    sompo = make_application(agency, actor=agent, desired_start=dt.date(2027, 4, 1))
    client.force_login(agent)
    html = client.get(reverse("enrollment:dashboard")).content.decode()
    rows = re.findall(r"<tr.*?</tr>", html, re.S)
    for app in (silver, sompo):
        row = next(r for r in rows if app.reference in r)
        assert "【推定】" in row, app.product.slug
    assert "【推定】の締切日も含みます" in html


def test_the_trail_uses_the_programmes_own_words(client, agent, application):
    """Finding 12: Sompo has no free set: its trail says 賠償責任の支払限度額（申込書の保険金額）; a deductible of
    0 reads なし as on the PDF; a masked phone changed in its hidden digits still shows a change."""
    services.save_application(
        application=application,
        data={"liability_limit": 100_000_000, "liability_deductible": 0, "phone": "03-1111-5678"},
        expected_version=application.version,
        actor=agent,
    )
    application.refresh_from_db()
    services.save_application(
        application=application,
        data={"phone": "06-2222-5678"},
        expected_version=application.version,
        actor=agent,
    )
    client.force_login(agent)
    html = client.get(detail_url(application)).content.decode()
    audit = html[html.index('id="audit"') :]
    assert "フリーセット" not in audit
    assert "賠償責任の支払限度額" in audit
    assert re.search(r"賠償責任の免責金額.*?なし", audit, re.S) and "0円" not in audit
    assert "伏せた部分を変更" in audit
