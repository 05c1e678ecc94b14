"""The only writers of applications: create, save (optimistic locking), transition. Each records an event.

The checks an agent sees (dates, deadlines, the catalogue's option and free-set constraints) are computed by
`application_checks` from the same domain functions the comparison uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from comparisons.catalogue import selectors
from comparisons.catalogue.models import Option, Plan
from comparisons.domain import calendar, pricing, terms
from comparisons.domain.schedule import Schedule, compute_schedule
from comparisons.domain.types import ProductInfo

from .models import Agency, Application, ApplicationEvent

Status = Application.Status

# Who may move an application where. Staff (the insurer's or the agency's back office) accept or return.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.REVIEW): "agent",
    (Status.REVIEW, Status.DRAFT): "agent",
    (Status.REVIEW, Status.SUBMITTED): "agent",
    (Status.RETURNED, Status.DRAFT): "agent",
    (Status.SUBMITTED, Status.ACCEPTED): "staff",
    (Status.SUBMITTED, Status.RETURNED): "staff",
}
EDITABLE = {Status.DRAFT, Status.RETURNED}
TRACKED_FIELDS = (
    "desired_start",
    "risk_code",
    "revenue",
    "rank",
    "liability_limit",
    "cost_limit",
    "applicant_name",
    "applicant_kana",
    "corporate_number",
    "representative",
    "postal_code",
    "prefecture",
    "city",
    "address_line",
    "phone",
    "email",
    "membership",
    "membership_body",
    "disclosures",
    "security_answers",
    "bank_code",
    "branch_code",
    "account_type",
    "account_number",
    "account_holder_kana",
    "memo",
)
PERSONAL_FIELDS = {"corporate_number", "phone", "email", "account_number", "address_line"}


class ConcurrentEditError(Exception):
    """Someone saved the application since this copy was loaded."""

    message = "この申込は、あなたが開いた後に別の人が保存しました。最新の内容を読み込み直してから、もう一度入力してください。"


@transaction.atomic
def create_from_comparison(
    *,
    agency: Agency,
    plan: Plan,
    options: list[Option] = (),
    desired_start: dt.date | None = None,
    risk_code: str = "",
    revenue: int | None = None,
    rank: str = "",
    membership: str = "",
    comparison_query: str = "",
    requested_by_member: bool = False,
    member_contact: str = "",
    applicant_name: str = "",
    actor=None,
) -> Application:
    application = Application(
        agency=agency,
        product=plan.product,
        plan=plan,
        desired_start=desired_start,
        risk_code=risk_code,
        revenue=revenue,
        rank=rank,
        membership=membership,
        comparison_query=comparison_query,
        requested_by_member=requested_by_member,
        member_contact=member_contact,
        applicant_name=applicant_name,
        updated_by=actor,
    )
    application.full_clean()
    application.save()
    application.options.set([o for o in options if o.product_id == plan.product_id])
    ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=ApplicationEvent.Action.CREATED,
        to_status=application.status,
        comment="会員の比較結果から作成" if requested_by_member else "代理店が作成",
    )
    return application


def _value(application: Application, field: str):
    value = getattr(application, field)
    return value.isoformat() if isinstance(value, dt.date) else value


def _masked(field: str, value):
    if field in PERSONAL_FIELDS and value:
        return "（変更あり）"
    return value


@transaction.atomic
def save_application(
    *, application: Application, data: dict, expected_version: int, actor, options: list[Option] | None = None
) -> Application:
    """Save fields of an editable application if nobody saved it since `expected_version`."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    if locked.status not in EDITABLE:
        raise ValidationError(
            f"「{locked.get_status_display()}」の申込は編集できません。下書きに戻してください。"
        )
    before = {f: _value(locked, f) for f in TRACKED_FIELDS}
    for field, value in data.items():
        if field in TRACKED_FIELDS:
            setattr(locked, field, value)
    locked.updated_by = actor
    locked.full_clean()
    changes = {
        f: [_masked(f, before[f]), _masked(f, _value(locked, f))]
        for f in TRACKED_FIELDS
        if before[f] != _value(locked, f)
    }
    if options is not None:
        old = sorted(locked.options.values_list("code", flat=True))
        new = sorted(o.code for o in options)
        if old != new:
            changes["options"] = [old, new]
    if not changes:
        return locked
    locked.version = F("version") + 1
    locked.save()
    if options is not None:
        locked.options.set(options)
    locked.refresh_from_db()
    ApplicationEvent.objects.create(
        application=locked, actor=actor, action=ApplicationEvent.Action.SAVED, changes=changes
    )
    return locked


@transaction.atomic
def transition(
    *,
    application: Application,
    to_status: str,
    actor,
    expected_version: int,
    comment: str = "",
    today: dt.date,
) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    who = TRANSITIONS.get((locked.status, to_status))
    if who is None:
        raise ValidationError(
            f"「{locked.get_status_display()}」から「{Status(to_status).label}」には変更できません。"
        )
    if who == "staff" and not getattr(actor, "is_staff", False):
        raise PermissionDenied("受付・差戻しは管理者のみが行えます。")
    if to_status in (Status.REVIEW, Status.SUBMITTED):
        blocking = [c.message for c in application_checks(locked, today=today) if c.blocking]
        if blocking:
            raise ValidationError(blocking)
    if to_status == Status.RETURNED and not comment.strip():
        raise ValidationError("差戻しの理由を入力してください。")
    from_status = locked.status
    locked.status = to_status
    locked.version = F("version") + 1
    locked.updated_by = actor
    locked.save()
    locked.refresh_from_db()
    ApplicationEvent.objects.create(
        application=locked,
        actor=actor,
        action=ApplicationEvent.Action.TRANSITION,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
    )
    return locked


@dataclass(frozen=True)
class Check:
    message: str
    blocking: bool  # prevents 確認待ち / 提出
    field: str = ""


REQUIRED = {
    "applicant_name": "加入者名",
    "applicant_kana": "フリガナ",
    "representative": "代表者名",
    "postal_code": "郵便番号",
    "prefecture": "都道府県",
    "city": "市区町村",
    "address_line": "番地・建物名",
    "phone": "電話番号",
    "desired_start": "補償開始希望日",
}
BANK_FIELDS = {
    "bank_code": "金融機関コード",
    "branch_code": "支店コード",
    "account_type": "預金種目",
    "account_number": "口座番号",
    "account_holder_kana": "口座名義",
}


def debits_account(product: ProductInfo) -> bool:
    """Does the programme collect the premium by direct debit (so the application needs an account)?"""
    return any((s.debit or {}).get("kind") == "day_in_month_after" for s in product.schedule)


IT_SERVICES_ITEM = "liability_it_services"


def application_quote(
    application: Application, product: ProductInfo, *, today: dt.date | None = None
) -> pricing.Quote:
    """The premium of the application as it stands: plan, rank, industry, revenue, limits, whether a chosen
    option adds the IT-services cover (Mitsui's examples differ with it) and the desired start (the
    pamphlet's figures hold only in its period; a mid-term join is quoted by the agent). `today` is the JST
    date (default: now). Raises pricing.QuoteError."""
    chosen = {o.code for o in application.options.all()}
    plan = product.plan(application.plan.code)
    start = application.desired_start
    it_option = plan is not None and any(
        c.option in chosen for c in plan.cells.values() if c.item == IT_SERVICES_ITEM and c.option
    )
    return pricing.quote(
        product,
        plan_code=application.plan.code,
        rank=application.rank or None,
        risk_code=application.risk_code or None,
        revenue=application.revenue,
        it_option=it_option,
        liability=application.liability_limit,
        costs=application.cost_limit,
        risk_table={r.code: r for r in selectors.risk_categories()},
        start=start if start and calendar.is_supported(start) else None,
        today=today or timezone.localdate(),
    )


def schedule_for(application: Application, product: ProductInfo, *, today: dt.date) -> Schedule | None:
    if not application.desired_start or not product.schedule:
        return None
    if not calendar.is_supported(application.desired_start):
        return None  # a year the holiday calendar does not cover: the form says so beside the field
    return compute_schedule(
        product.schedule,
        requested_start=application.desired_start,
        today=today,
        valid_from=product.valid_from,
        valid_to=product.valid_to,
        period_text=product.period_text,
    )


def application_checks(
    application: Application, *, today: dt.date, product: ProductInfo | None = None
) -> list[Check]:
    """Everything an agent should fix or know before submitting, from the catalogue's rules."""
    product = product or selectors.product(application.product.slug)
    checks: list[Check] = []
    for field, label in REQUIRED.items():
        if not getattr(application, field):
            checks.append(Check(f"{label}が未入力です。", True, field))
    if application.membership and product.eligibility:
        for rule in product.eligibility:
            if rule.rule == "membership_required" and application.membership not in rule.params.get(
                "any_of", []
            ):
                checks.append(Check(rule.message, True, "membership"))
    if debits_account(product):
        for field, label in BANK_FIELDS.items():
            if not getattr(application, field):
                checks.append(Check(f"口座振替のため{label}が必要です。", True, field))
    if product.premium_kind == "exact" and not application.rank:
        checks.append(Check("保険料の計算に国庫補助ランクが必要です。", True, "rank"))
    for disclosure_index, note in enumerate(product.notes_of("disclosure")):
        if str(disclosure_index) not in (application.disclosures or {}):
            checks.append(Check(f"告知事項「{note.title}」に回答してください。", True, "disclosures"))
    checks += _option_checks(application, product)
    checks += _limit_and_date_checks(application, product, today=today)
    return checks


def _limit_and_date_checks(application: Application, product: ProductInfo, *, today: dt.date) -> list[Check]:
    checks: list[Check] = []
    plan = product.plan(application.plan.code)
    if plan and plan.free_set:
        try:
            pricing.check_free_set(
                plan.free_set, liability=application.liability_limit, costs=application.cost_limit
            )
        except pricing.QuoteError as exc:
            checks.append(
                Check(str(exc), True, "liability_limit" if exc.param == "liability" else "cost_limit")
            )
    schedule = schedule_for(application, product, today=today)
    if schedule:
        for warning in schedule.warnings:
            checks.append(Check(warning, schedule.deadline_passed and "締切" in warning, "desired_start"))
    return checks


def _option_checks(application: Application, product: ProductInfo) -> list[Check]:
    """The pamphlet's option rules, from the terms engine (the same function as every other surface)."""
    chosen = [o.code for o in application.options.all()]
    return [
        Check(
            p.message + (f"（パンフレット：「{p.source.quote}」）" if p.source else ""),
            True,
            "options",
        )
        for p in terms.option_problems(
            product, application.plan.code, chosen, risk_code=application.risk_code or None
        )
    ]
