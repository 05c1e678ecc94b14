"""enrollment.services with the real catalogue: checks from the pamphlets' rules, locking, lifecycle, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from comparisons.catalogue.models import Option, Plan
from enrollment import services
from enrollment.models import Application, ApplicationEvent

pytestmark = pytest.mark.django_db
Status = Application.Status


# --- helpers shared with the view tests --------------------------------------------------------------


def first_of_month_ahead(months: int, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    index = today.year * 12 + today.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def make_application(agency, *, slug="sompo-jcci-cyber", plan="basic", options=(), actor=None, **fields):
    plan_row = Plan.objects.get(product__slug=slug, code=plan)
    return services.create_from_comparison(
        agency=agency,
        plan=plan_row,
        options=list(Option.objects.filter(product=plan_row.product, code__in=options)),
        membership=fields.pop("membership", "jcci" if slug != "silver-cyber" else "silver"),
        actor=actor,
        **fields,
    )


def complete_answers(product) -> dict:
    """告知事項 answered as the pamphlet asks: なし for each 「有無」, a description where content is asked,
    the confirmation where one is asked."""
    from enrollment import disclosures

    answers = {}
    for q in disclosures.questions(product):
        if q.kind == "yes_no":
            answers[q.key] = {"answer": "no", "detail": ""}
        elif q.kind == "text":
            answers[q.key] = {
                "answer": "",
                "detail": "金属製品の製造・販売（顧客の個人情報 約3,000件を保有）",
            }
        elif q.kind == "confirm":
            answers[q.key] = {"answer": "confirmed", "detail": ""}
    return answers


def complete_terms(product, plan_code: str, chosen=()) -> dict:
    """The figures the pamphlet leaves to the application, filled in with realistic values."""
    from enrollment import application_terms

    amounts = {
        "liability_limit": 100_000_000,
        "cost_limit": 10_000_000,
        "liability_deductible": 0,
        "cost_deductible": 0,
    }
    data: dict = {"option_limits": {}}
    for term in application_terms.needed(application_terms.terms_for(product, plan_code), set(chosen)):
        if term.kind == "choice":
            value = term.choices[0]
        elif term.kind == "percent":
            value = 10
        else:
            value = amounts.get(term.name, 50_000_000)
        if term.option:
            data["option_limits"][term.option] = value
        else:
            data[term.name] = value
    return data


def complete_data(application: Application) -> dict:
    """Every field an application of its programme needs before it can go to 確認待ち."""
    product = services.product_for(application)
    data = {
        "desired_start": first_of_month_ahead(3),
        "applicant_name": "山田商事株式会社",
        "applicant_kana": "ヤマダショウジ",
        "representative": "山田太郎",
        "postal_code": "100-0001",
        "prefecture": "東京都",
        "city": "千代田区",
        "address_line": "千代田1-1",
        "phone": "03-1234-5678",
        "email": "info@example.jp",
        "disclosures": complete_answers(product),
        **complete_terms(product, application.plan.code, services.chosen_codes(application)),
    }
    if services.revenue_needed(product):
        data["revenue"] = 300_000_000
    if services.debits_account(product):
        data |= {
            "bank_code": "0001",
            "branch_code": "001",
            "account_type": "ordinary",
            "account_number": "1234567",
            "account_holder_kana": "ﾔﾏﾀﾞｼﾖｳｼﾞ",
        }
    return data


def save(application, actor=None, options=None, **data):
    application.refresh_from_db()
    return services.save_application(
        application=application, data=data, expected_version=application.version, actor=actor, options=options
    )


def options_of(application, *codes):
    return list(Option.objects.filter(product=application.product, code__in=codes))


def checks(application):
    application.refresh_from_db()
    return services.application_checks(application, today=timezone.localdate())


# --- checks from the catalogue's rules -----------------------------------------------------------------


def test_free_set_costs_above_half_the_liability_is_blocking(agency):
    app = make_application(agency, slug="jcci-leak-liability", plan="premium-E", risk_code="10")
    save(app, liability_limit=100_000_000, cost_limit=100_000_000)
    found = [c for c in checks(app) if c.field in ("liability_limit", "cost_limit")]
    assert found and all(c.blocking for c in found)
    assert "50%以下" in found[0].message

    save(app, cost_limit=50_000_000)
    assert not [c for c in checks(app) if c.field in ("liability_limit", "cost_limit")]


def test_free_set_limits_missing_is_blocking(agency):
    app = make_application(agency, slug="jcci-leak-liability", plan="premium-E", risk_code="10")
    assert any(c.blocking and c.field == "liability_limit" for c in checks(app))


def test_sompo_voluntary_shutdown_needs_business_interruption(agency):
    app = make_application(agency, options=["voluntary_shutdown"])
    found = [c for c in checks(app) if c.field == "options"]
    assert len(found) == 1 and found[0].blocking
    assert "自主的停止による利益補償追加条項" in found[0].message
    assert "利益・営業継続費用補償追加条項" in found[0].message

    save(app, options=options_of(app, "voluntary_shutdown", "bi"))
    assert not [c for c in checks(app) if c.field == "options"]


def test_mitsui_it_option_not_for_it_industries(agency):
    app = make_application(
        agency, slug="jcci-leak-liability", plan="standard-B", options=["it"], risk_code="48"
    )
    found = [c for c in checks(app) if c.field == "options"]
    assert found and found[0].blocking
    assert "リスク区分コード48" in found[0].message

    save(app, risk_code="10")
    assert not [c for c in checks(app) if c.field == "options"]


def test_silver_needs_a_rank(agency):
    app = make_application(agency, slug="silver-cyber", plan="FI")
    assert any(c.blocking and c.field == "rank" for c in checks(app))
    save(app, rank="A")
    assert not any(c.field == "rank" for c in checks(app))


def test_membership_must_match_the_programme(agency):
    app = make_application(agency, membership="silver")
    found = [c for c in checks(app) if c.field == "membership"]
    assert found and found[0].blocking


def test_complete_sompo_application_has_no_blocking_check(agency):
    app = make_application(agency)
    save(app, **complete_data(app))
    assert [c.message for c in checks(app) if c.blocking] == []


# --- optimistic locking ---------------------------------------------------------------------------------


def test_concurrent_edit_second_save_is_refused(agency, agent_user, staff_user):
    app = make_application(agency)
    version = app.version
    services.save_application(
        application=app, data={"applicant_name": "最初の保存"}, expected_version=version, actor=agent_user
    )
    with pytest.raises(services.ConcurrentEditError) as info:
        services.save_application(
            application=app,
            data={"applicant_name": "上書きしようとした"},
            expected_version=version,
            actor=staff_user,
        )
    assert "別の人が保存しました" in info.value.message
    app.refresh_from_db()
    assert app.applicant_name == "最初の保存"
    assert app.version == version + 1


def test_saving_without_changes_keeps_the_version(agency):
    app = make_application(agency)
    saved = save(app, applicant_name="")
    assert saved.version == app.version
    assert app.events.filter(action=ApplicationEvent.Action.SAVED).count() == 0


# --- lifecycle -------------------------------------------------------------------------------------------


def _move(app, to, actor, comment=""):
    app.refresh_from_db()
    return services.transition(
        application=app,
        to_status=to,
        actor=actor,
        expected_version=app.version,
        comment=comment,
        today=timezone.localdate(),
    )


def test_lifecycle(agency, agent_user, staff_user):
    app = make_application(agency, actor=agent_user)
    with pytest.raises(ValidationError) as info:
        _move(app, Status.REVIEW, agent_user)
    assert "加入者名が未入力です。" in info.value.messages

    save(app, actor=agent_user, **complete_data(app))
    assert _move(app, Status.REVIEW, agent_user).status == Status.REVIEW
    assert _move(app, Status.SUBMITTED, agent_user).status == Status.SUBMITTED

    with pytest.raises(PermissionDenied):
        _move(app, Status.ACCEPTED, agent_user)
    with pytest.raises(PermissionDenied):
        _move(app, Status.RETURNED, agent_user, comment="理由")
    with pytest.raises(ValidationError) as info:
        _move(app, Status.RETURNED, staff_user)
    assert "差戻しの理由" in info.value.messages[0]

    returned = _move(app, Status.RETURNED, staff_user, comment="口座名義を確認してください")
    assert returned.status == Status.RETURNED
    assert _move(app, Status.DRAFT, agent_user).status == Status.DRAFT
    save(app, actor=agent_user, account_holder_kana="ﾔﾏﾀﾞ ﾀﾛｳ")
    _move(app, Status.REVIEW, agent_user)
    _move(app, Status.SUBMITTED, agent_user)
    assert _move(app, Status.ACCEPTED, staff_user).status == Status.ACCEPTED

    with pytest.raises(ValidationError):
        save(app, actor=staff_user, memo="受付後は編集できない")


def test_transition_not_in_the_table_is_refused(agency, agent_user):
    app = make_application(agency)
    with pytest.raises(ValidationError) as info:
        _move(app, Status.ACCEPTED, agent_user)
    assert "「下書き」から「受付」には変更できません" in info.value.messages[0]


# --- audit trail -----------------------------------------------------------------------------------------


def test_audit_trail_records_who_and_what_with_personal_data_masked(agency, agent_user, staff_user):
    app = make_application(agency, actor=agent_user)
    save(app, actor=agent_user, applicant_name="山田商事株式会社", phone="03-1234-5678")
    save(app, actor=staff_user, phone="03-9999-0000", options=options_of(app, "bi"))

    events = list(app.events.order_by("at", "id"))
    assert [e.action for e in events] == ["created", "saved", "saved"]
    assert events[0].actor == agent_user
    first, second = events[1], events[2]
    assert first.actor == agent_user
    # Personal fields masked the same way everywhere (names 山●●, numbers by their last digits)
    assert first.changes["applicant_name"] == ["（空欄）", "山●●"]
    assert first.changes["phone"] == ["（空欄）", "末尾5678（一部を伏せています）"]
    assert second.actor == staff_user
    assert second.changes["phone"] == ["末尾5678（一部を伏せています）", "末尾0000（一部を伏せています）"]
    # … and the rest in words: options by their names
    assert second.changes["options"] == ["（空欄）", "利益・営業継続費用補償追加条項"]
    assert "03-9999-0000" not in str(second.changes)
