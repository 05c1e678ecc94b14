"""Issue 13's points about the agent's application, through the real pages and services: dates in range and
one odd record never taking a page down, the member's contact, membership and revenue required, what each
pamphlet leaves to the application, 告知事項 with their content, pasted input normalised then checked,
transitions that save first, names printed exactly (𠮷 on the PDF's text layer and glyphs)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from enrollment import services
from enrollment.models import Application

from .test_enrollment_services import (  # noqa: F401
    complete_data,
    first_of_month_ahead,
    make_application,
    save,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def detail(app):
    return reverse("enrollment:application_detail", args=[app.public_id])


def pdf_of(client, app) -> bytes:
    response = client.get(reverse("enrollment:application_pdf", args=[app.public_id]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    return response.content


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def blocking(app) -> list[str]:
    app.refresh_from_db()
    return [c.message for c in services.application_checks(app, today=timezone.localdate()) if c.blocking]


# --- dates in range; one odd record never takes a page down ----------------------------------------------


@pytest.mark.parametrize("typed", ["9999-12-31", "1900-01-01", "2100-01-01"])
def test_a_date_outside_the_calendar_is_refused_with_its_range(client, agency, agent_user, typed):
    client.force_login(agent_user)
    app = make_application(agency, actor=agent_user)
    html = client.post(
        detail(app), {"version": app.version, "desired_start": typed, "memo": "残す"}
    ).content.decode()
    assert "1949年から2099年までの日付を入力してください" in html
    app.refresh_from_db()
    assert app.desired_start is None and app.memo == "残す"  # the rest is saved, the date kept as typed
    assert app.draft_input == {"desired_start": typed}


def test_one_record_with_an_odd_date_never_takes_the_list_page_or_pdf_down(client, agency, agent_user):
    client.force_login(agent_user)
    good = make_application(agency, actor=agent_user, applicant_name="正常な申込")
    odd = make_application(agency, actor=agent_user, applicant_name="おかしな申込")
    Application.objects.filter(pk=odd.pk).update(desired_start=dt.date(9999, 12, 31))  # e.g. an old import
    for url in (reverse("enrollment:dashboard"), reverse("enrollment:dashboard") + "?due=soon"):
        response = client.get(url)
        assert response.status_code == 200
    html = client.get(reverse("enrollment:dashboard")).content.decode()
    assert good.reference in html and odd.reference in html
    assert "日付を計算できません" in html  # that row says what is wrong
    response = client.get(detail(odd))
    assert response.status_code == 200 and "日付を計算できません" in response.content.decode()
    assert "9999" in text_of(pdf_of(client, odd))


# --- the member's contact -------------------------------------------------------------------------------


def test_the_members_contact_is_masked_in_lists_full_on_the_page_and_in_the_trail(client, agency, agent_user):
    client.force_login(agent_user)
    app = make_application(
        agency,
        actor=None,
        requested_by_member=True,
        member_contact_name="佐藤花子",
        member_contact_phone="090-1234-5678",
        applicant_name="佐藤商店",
    )
    listing = client.get(reverse("enrollment:dashboard")).content.decode()
    assert "佐●●" in listing and "末尾5678" in listing
    assert "佐藤花子" not in listing and "090-1234-5678" not in listing
    page = client.get(detail(app)).content.decode()
    assert "佐藤花子" in page and "090-1234-5678" in page
    created = app.events.get(action="created")
    assert created.changes["member_contact_name"] == ["", "佐●●"]
    assert created.changes["member_contact_phone"] == ["", "末尾5678（一部を伏せています）"]


# --- required where the pamphlet requires it ------------------------------------------------------------


def test_membership_is_required_where_the_programme_is_for_members_only(agency, agent_user):
    app = make_application(agency, actor=agent_user, membership="")
    save(app, **complete_data(app))
    assert any("会員の種類を選んでください" in m for m in blocking(app))
    save(app, membership="jcci")
    assert not any("会員" in m for m in blocking(app))
    aig = make_application(agency, slug="aig-personal-info", plan="basic", membership="")
    save(aig, **complete_data(aig))
    assert not any("会員" in m for m in blocking(aig))  # AIG: any business


@pytest.mark.parametrize(
    ("slug", "plan", "needed"),
    [
        ("sompo-jcci-cyber", "basic", True),  # 売上高等により算出
        ("jcci-leak-liability", "standard-B", True),  # 年間売上高・業種・セキュリティ状況等
        ("aig-personal-info", "basic", True),  # 業務の内容、直近会計年度の売上高等
        ("silver-cyber", "FII", False),  # 国庫補助ランクの定額
    ],
)
def test_revenue_is_required_wherever_the_premium_depends_on_it(agency, agent_user, slug, plan, needed):
    app = make_application(agency, slug=slug, plan=plan, risk_code="60" if slug.startswith("jcci") else "")
    data = complete_data(app)
    data.pop("revenue", None)
    save(app, **data)
    assert any("年間売上高を入力してください" in m for m in blocking(app)) is needed


# --- what the pamphlet leaves to the application ---------------------------------------------------------


def test_aig_collects_its_base_limit_deductible_copay_and_riders_limits(client, agency, agent_user):
    client.force_login(agent_user)
    app = make_application(
        agency, slug="aig-personal-info", plan="basic", options=["corp_info", "ip"], membership="none"
    )
    html = client.get(detail(app)).content.decode()
    for label in (
        "個人情報漏洩特約の支払限度額",
        "個人情報漏洩特約の免責金額",
        "個人情報漏洩特約の自己負担割合",
        "企業情報漏洩特約の支払限度額",
        "特許等知的財産権特約の支払限度額",
    ):
        assert label in html, label
    # the riders' choices are the pamphlet's: 企業情報漏洩 1,000万・3,000万・同額; 知財 1,000万・3,000万
    assert re.search(r'name="option_limit_corp_info".*?1,000万円.*?3,000万円.*?と同額', html, re.S)
    data = {
        "version": app.version,
        "liability_limit": "1億円",
        "liability_deductible": "10万円",
        "copay_percent": "10%",
        "option_limit_corp_info": "same",
        "option_limit_ip": "30000000",
        "options": ["corp_info", "ip"],
    }
    client.post(detail(app), data)
    app.refresh_from_db()
    assert (app.liability_limit, app.liability_deductible, app.copay_percent) == (100_000_000, 100_000, 10)
    assert app.option_limits == {"corp_info": "same", "ip": 30_000_000}
    text = text_of(pdf_of(client, app))
    assert (
        "1億円" in text
        and "10%" in text
        and "個人情報漏洩特約の支払限度額と同額" in text
        and "3,000万円" in text
    )
    assert "要見積" in text  # the pamphlet prints no premium: choices do not invent one


def test_sompo_limits_and_deductibles_are_amounts_agreed_with_the_insurer(client, agency, agent_user):
    client.force_login(agent_user)
    app = make_application(agency)
    missing = blocking(app)
    for label in ("賠償責任の支払限度額", "費用の支払限度額", "賠償責任の免責金額", "費用の免責金額"):
        assert any(label in m and "申込書で決定" in m for m in missing), label
    client.post(
        detail(app), {"version": app.version, "liability_limit": "5,000万円", "cost_limit": "たくさん"}
    )
    app.refresh_from_db()
    assert app.liability_limit == 50_000_000 and app.draft_input == {"cost_limit": "たくさん"}


def test_mitsui_free_set_has_both_deductibles_from_the_pamphlets_lists(client, agency, agent_user):
    client.force_login(agent_user)
    app = make_application(agency, slug="jcci-leak-liability", plan="premium-E", risk_code="60")
    html = client.get(detail(app)).content.decode()
    assert 'name="liability_deductible"' in html and 'name="cost_deductible"' in html
    # 「なし、1、3、5、10、20、30、50、100、150、300、500、1,000万円 なし、10万円」
    assert '<option value="15000000"' not in html and '<option value="1500000">150万円</option>' in html
    assert '<option value="100000">10万円</option>' in html


# --- 告知事項 as each pamphlet asks them ---------------------------------------------------------------------


def test_disclosures_take_the_content_they_ask_for(client, agency, agent_user):
    client.force_login(agent_user)
    app = make_application(agency, slug="aig-personal-info", plan="basic", membership="none")
    data = {
        "version": app.version,
        "disclosure_0_detail": "ソフトウェア開発業（顧客名簿 約2万件）",
        "disclosure_2": "yes",
        "disclosure_2_detail": "",
        "disclosure_3": "no",
    }
    client.post(detail(app), data)
    messages = blocking(app)
    assert any("告知事項③ 他の保険契約" in m and "その内容を記入" in m for m in messages)
    data |= {"version": app.version, "disclosure_2_detail": "○○損保 サイバー保険 1億円（2026年3月満期）"}
    client.post(detail(app), data)
    app.refresh_from_db()
    assert app.disclosures["2"] == {"answer": "yes", "detail": "○○損保 サイバー保険 1億円（2026年3月満期）"}
    assert not any("告知事項" in m for m in blocking(app))
    text = text_of(pdf_of(client, app)).replace("\n", "")
    assert (
        "「あり」の内容：○○損保 サイバー保険 1億円（2026年3月満期）" in text and "ソフトウェア開発業" in text
    )


# --- pasted input: normalise, then check ---------------------------------------------------------------


def test_pasted_values_are_never_cut_and_are_normalised_then_checked(client, agency, agent_user):
    client.force_login(agent_user)
    app = make_application(agency)
    html = client.get(detail(app)).content.decode()
    assert "maxlength" not in html  # the browser never cuts a paste
    client.post(
        detail(app),
        {
            "version": app.version,
            "corporate_number": "T8-7001-1000-5901",
            "postal_code": "〒１００－０００１",
        },
    )
    app.refresh_from_db()
    assert (app.corporate_number, app.postal_code) == ("8700110005901", "100-0001")
    html = client.post(detail(app), {"version": app.version, "applicant_name": "名" * 201}).content.decode()
    assert "200文字以内です（入力は201文字です）" in html


def test_letters_in_a_bank_code_are_an_error_never_a_blank(client, agency, agent_user):
    client.force_login(agent_user)
    app = make_application(agency)
    save(app, bank_code="0001", branch_code="001")
    app.refresh_from_db()
    html = client.post(
        detail(app), {"version": app.version, "bank_code": "OOO1", "branch_code": "001"}
    ).content.decode()
    assert "金融機関コードに使えない文字「O」" in html
    app.refresh_from_db()
    assert app.bank_code == "0001"  # never silently erased


def test_yucho_symbol_and_number_become_branch_and_account(client, agency, agent_user):
    client.force_login(agent_user)
    app = make_application(agency)
    html = client.post(
        detail(app), {"version": app.version, "yucho_symbol": "10180", "yucho_number": "12345671"}
    ).content.decode()
    app.refresh_from_db()
    assert (app.bank_code, app.branch_code, app.account_type, app.account_number) == (
        "9900",
        "018",
        "ordinary",
        "1234567",
    )
    assert "店番018" in html or "店番" in client.get(detail(app)).content.decode()


def test_an_emoji_in_a_name_is_refused_with_a_message(client, agency, agent_user):
    client.force_login(agent_user)
    app = make_application(agency)
    html = client.post(detail(app), {"version": app.version, "representative": "山田😀太郎"}).content.decode()
    assert "代表者名に絵文字「😀」は使えません" in html


# --- a transition saves what was typed first ------------------------------------------------------------


def test_a_transition_saves_what_was_typed_just_before_the_click(client, agency, agent_user):
    client.force_login(agent_user)
    app = make_application(agency, actor=agent_user)
    save(app, **complete_data(app))
    app.refresh_from_db()
    form = client.get(detail(app)).context["form"]
    data = {k: v for k, v in form.as_data().items()}
    data |= {"version": app.version, "memo": "0.85秒前に入力したメモ", "to_status": "review", "comment": ""}
    response = client.post(reverse("enrollment:application_transition", args=[app.public_id]), data)
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Application.Status.REVIEW and app.memo == "0.85秒前に入力したメモ"


def test_a_refused_transition_still_keeps_what_was_typed(client, agency, agent_user):
    client.force_login(agent_user)
    app = make_application(agency, actor=agent_user)
    data = {"version": app.version, "applicant_name": "入力した名前", "memo": "メモ", "to_status": "review"}
    client.post(reverse("enrollment:application_transition", args=[app.public_id]), data)
    app.refresh_from_db()
    assert app.status == Application.Status.DRAFT
    assert (app.applicant_name, app.memo) == ("入力した名前", "メモ")


# --- names print exactly as typed -----------------------------------------------------------------------


def _fonts_with_glyph(pdf: bytes, char: str) -> list[str]:
    """The embedded fonts that draw `char` with a real glyph: their ToUnicode map gives the glyph (CID) used
    for it, which must not be 0 (.notdef, the empty box), and the font program is embedded."""
    utf16 = char.encode("utf-16-be").hex().upper()
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            cids = [
                int(cid, 16)
                for cid, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", cmap)
                if uni.upper() == utf16
            ]
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            if cids and all(cid != 0 for cid in cids) and embedded:
                found.append(str(font["/BaseFont"]))
    return found


def test_a_name_outside_jis_x_0208_prints_as_typed(client, agency, agent_user):
    client.force_login(agent_user)
    app = make_application(agency, actor=agent_user)
    save(app, applicant_name="株式会社𠮷野髙商店", representative="𠮷野 髙志")
    pdf = pdf_of(client, app)
    text = text_of(pdf)
    assert "株式会社𠮷野髙商店" in text and "𠮷野 髙志" in text  # the text layer
    # and a font that has the glyph is embedded (IPAex has 髙 but not 𠮷; Noto Sans CJK JP has both)
    assert any("Noto-Sans-CJK-JP" in name for name in _fonts_with_glyph(pdf, "𠮷"))


def test_no_internal_note_reaches_the_pdf(client, agency, agent_user):
    client.force_login(agent_user)
    for slug, plan in (
        ("sompo-jcci-cyber", "basic"),
        ("jcci-leak-liability", "premium-E"),
        ("silver-cyber", "FII"),
        ("aig-personal-info", "basic"),
    ):
        app = make_application(
            agency, slug=slug, plan=plan, risk_code="29" if slug.startswith("jcci") else ""
        )
        save(app, **complete_data(app))
        text = text_of(pdf_of(client, app))
        for marker in (".txt", "抽出テキスト", "推定", "reading", "と読む", "読み取", "seed", "コード推定"):
            assert marker not in text, (slug, marker)
        assert "パンフレット（" in text  # cited by title and edition
