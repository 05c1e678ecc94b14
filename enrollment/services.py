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

from comparisons.catalogue import editions, selectors
from comparisons.catalogue.models import Option, Plan, ProductEdition, RiskCategory
from comparisons.domain import calendar, pricing, terms
from comparisons.domain.calendar import CalendarRangeError
from comparisons.domain.money import format_yen
from comparisons.domain.schedule import Schedule, compute_schedule
from comparisons.domain.types import ProductInfo

from . import application_terms, disclosures
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
    "liability_deductible",
    "cost_deductible",
    "copay_percent",
    "option_limits",
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
# Fields the agent does not edit but the trail records (set when a member asks for advice).
CONTACT_FIELDS = ("member_contact_name", "member_contact_phone")
# Personal data: the trail keeps only a masked form (山●●, 末尾5678), the same rule everywhere.
PERSONAL_FIELDS = {
    "applicant_name",
    "applicant_kana",
    "representative",
    "corporate_number",
    "postal_code",
    "address_line",
    "phone",
    "email",
    "account_number",
    "account_holder_kana",
    "member_contact_name",
    "member_contact_phone",
}


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
    member_contact_name: str = "",
    member_contact_phone: str = "",
    request_token=None,
    applicant_name: str = "",
    actor=None,
) -> Application:
    """A new draft for `plan` (the programme's current edition recorded with it). Raises ValidationError."""
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
        member_contact_name=member_contact_name,
        member_contact_phone=member_contact_phone,
        request_token=request_token,
        applicant_name=applicant_name,
        updated_by=actor,
        edition=editions.current_edition(plan.product.slug),
    )
    application.full_clean()
    application.save()
    application.options.set([o for o in options if o.product_id == plan.product_id])
    product = product_for(application)
    application.terms = terms_record(application, product)
    application.save(update_fields=["terms"])
    recorded = {
        f: ["", describe(f, _value(application, f), product)]
        for f in (*TRACKED_FIELDS, *CONTACT_FIELDS)
        if _value(application, f) not in (None, "", {}, [])
    }
    ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=ApplicationEvent.Action.CREATED,
        to_status=application.status,
        changes=recorded,
        comment="会員の比較結果から作成" if requested_by_member else "代理店が作成",
    )
    return application


def product_for(application: Application) -> ProductInfo:
    """The programme as the application's pamphlet edition describes it (never the live catalogue, which a
    new edition may have changed). An application older than editions gets the current one recorded."""
    if application.edition_id is None:
        edition = editions.current_edition(application.product.slug)
        Application.objects.filter(pk=application.pk, edition__isnull=True).update(edition=edition)
        application.edition = edition
    return editions.product_of(application.edition_id)


def _value(application: Application, field: str):
    value = getattr(application, field)
    return value.isoformat() if isinstance(value, dt.date) else value


def mask(field: str, value) -> str:
    """A personal value as lists and the trail show it: names 山●●, numbers by their last digits."""
    text = str(value or "").strip()
    if not text:
        return ""
    if field in ("phone", "member_contact_phone", "corporate_number", "account_number"):
        digits = "".join(c for c in text if c.isdigit())
        return f"末尾{digits[-4:] if field != 'account_number' else digits[-3:]}（一部を伏せています）"
    if field == "email":
        local, _, domain = text.partition("@")
        return f"{local[:1]}●●@{domain}"
    if field == "postal_code":
        return f"{text[:3]}-●●●●"
    if field == "address_line":
        return "●●（変更あり）"
    return f"{text[0]}●●"


def _masked_change(before: str, after: str) -> list[str]:
    """[before, after] for the trail; when masking makes a real change look like none (末尾5678 → 末尾5678),
    the after side says the hidden part changed."""
    if before == after:
        after = f"{after.removesuffix('（一部を伏せています）')}（伏せた部分を変更）"
    return [before, after]


def field_labels(product: ProductInfo, plan_code: str) -> dict[str, str]:
    """The programme's own names for the figures decided on the application (Sompo 「賠償責任の支払限度額
    （申込書の保険金額）」, Mitsui 「賠償損害の支払限度額（フリーセットで選択）」 …), by Application field."""
    return {t.name: t.label for t in application_terms.terms_for(product, plan_code) if ":" not in t.name}


def describe(field: str, value, product: ProductInfo) -> str:
    """A field's value in words for the trail: money in yen, dates in Japanese, choices by their label,
    options and 告知事項 by their names; personal fields masked (`mask`)."""
    if value in (None, "", [], {}):
        return "（空欄）"
    if field in PERSONAL_FIELDS:
        return mask(field, value)
    if field in ("liability_deductible", "cost_deductible") and int(value) == 0:
        return "なし"  # as the page and the PDF say it (application_terms.display)
    if field in ("revenue", "liability_limit", "cost_limit", "liability_deductible", "cost_deductible"):
        return format_yen(int(value))
    if field == "copay_percent":
        return f"{value}%"
    if field == "desired_start":
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return f"{day.year}年{day.month}月{day.day}日"
    if field == "options":
        return "、".join(o.name if (o := product.option(code)) else code for code in value)
    if field == "option_limits":
        return "、".join(
            f"{o.name if (o := product.option(code)) else code} {application_terms.choice_label(v)}"
            for code, v in sorted(value.items())
        )
    if field == "disclosures":
        found = {q.key: q for q in disclosures.questions(product)}
        return "、".join(
            f"{found[k].title if k in found else k}：{disclosures.display(found[k], disclosures.answer_of(value, found[k])) if k in found else v}"
            for k, v in sorted(value.items())
        )
    if field == "security_answers":
        sheet = {"submitted": "回答して添付する", "not_submitted": "提出しない"}.get(
            value.get("sheet"), "未選択"
        )
        rate = value.get("rate")
        return f"確認シート：{sheet}・割引率：{'保険会社の判定' if rate is None else f'{round(rate * 100)}%'}"
    if field == "draft_input":
        return "、".join(
            f"{_label(k)}「{mask(k, v) if k in PERSONAL_FIELDS else v}」" for k, v in sorted(value.items())
        )
    choices = dict(Application._meta.get_field(field).choices or [])
    if choices:
        return str(choices.get(value, value))
    return str(value)


def _label(field: str) -> str:
    try:
        return str(Application._meta.get_field(field).verbose_name)
    except Exception:  # noqa: BLE001 - a form-only field (disclosure_0 …): its name is all there is
        return field


@transaction.atomic
def save_application(
    *,
    application: Application,
    data: dict,
    expected_version: int,
    actor,
    options: list[Option] | None = None,
    draft_input: dict | None = None,
) -> Application:
    """Save fields of an editable application if nobody saved it since `expected_version`.

    data: field → cleaned value (only what is valid); draft_input: field → text as typed for the fields that
    could not be read (kept, shown with their message, blocking submission) — None leaves it as it is.
    Raises ConcurrentEditError, ValidationError (not editable, or a model check)."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError()
    if locked.status not in EDITABLE:
        raise ValidationError(
            f"「{locked.get_status_display()}」の申込は編集できません。下書きに戻してください。"
        )
    product = product_for(locked)
    before = {f: _value(locked, f) for f in (*TRACKED_FIELDS, "draft_input")}
    for field, value in data.items():
        if field in TRACKED_FIELDS:
            setattr(locked, field, value)
    if draft_input is not None:
        locked.draft_input = draft_input
    locked.updated_by = actor
    locked.full_clean()
    changes = {
        f: _masked_change(describe(f, before[f], product), describe(f, _value(locked, f), product))
        for f in (*TRACKED_FIELDS, "draft_input")
        if before[f] != _value(locked, f)
    }
    if options is not None:
        old = sorted(locked.options.values_list("code", flat=True))
        new = sorted(o.code for o in options)
        if old != new:
            changes["options"] = [describe("options", old, product), describe("options", new, product)]
    if not changes:
        return locked
    locked.version = F("version") + 1
    locked.save()
    if options is not None:
        locked.options.set(options)
    locked.refresh_from_db()
    locked.terms = terms_record(locked, product)
    locked.save(update_fields=["terms"])
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
    save: dict | None = None,
) -> Application:
    """Move the application to `to_status`, after saving what was typed (`save`: the keyword arguments of
    save_application but application/expected_version/actor) in the same transaction, so a memo typed just
    before the click is never lost. Raises ConcurrentEditError, PermissionDenied, ValidationError (the
    blocking checks, one message each)."""
    if save is not None:
        saved = save_application(
            application=application, expected_version=expected_version, actor=actor, **save
        )
        expected_version = saved.version
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
    locked.terms = terms_record(locked, product_for(locked), today=today)
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


def application_quote(
    application: Application, product: ProductInfo, *, today: dt.date | None = None
) -> pricing.Quote:
    """The premium of the application as it stands: plan, rank, industry, revenue, limits, the chosen
    options (a combination the pamphlet refuses gets no figure; Mitsui's examples differ with IT業務特約) and
    the desired start (the pamphlet's figures hold only in its period; a mid-term join is quoted by the
    agent). `today` is the JST date (default: now). Raises pricing.QuoteError."""
    start = application.desired_start
    return pricing.quote(
        product,
        plan_code=application.plan.code,
        rank=application.rank or None,
        risk_code=application.risk_code or None,
        revenue=application.revenue,
        options=tuple(o.code for o in application.options.all()),
        liability=application.liability_limit,
        costs=application.cost_limit,
        risk_table={r.code: r for r in selectors.risk_categories()},
        start=start if start and calendar.is_supported(start) else None,
        today=today or timezone.localdate(),
    )


class ScheduleError(ValueError):
    """The dates cannot be computed for the application's value (a year outside the calendar …)."""


def schedule_for(application: Application, product: ProductInfo, *, today: dt.date) -> Schedule | None:
    """The dates by the pamphlet's rule, None without a start or a rule. Raises ScheduleError (Japanese
    message) for a start the rule cannot take, e.g. a year outside the holiday calendar."""
    if not application.desired_start or not product.schedule:
        return None
    try:
        return _compute(application, product, today=today)
    except (CalendarRangeError, ValueError, OverflowError) as exc:
        raise ScheduleError(
            f"補償開始希望日（{application.desired_start:%Y-%m-%d}）から日付を計算できません：{exc}"
        ) from exc


def safe_schedule(
    application: Application, product: ProductInfo, *, today: dt.date
) -> tuple[Schedule | None, str]:
    """(schedule, "") or (None, why not): for pages that must render whatever one record holds."""
    try:
        return schedule_for(application, product, today=today), ""
    except ScheduleError as exc:
        return None, str(exc)


def _compute(application: Application, product: ProductInfo, *, today: dt.date) -> Schedule:
    return compute_schedule(
        product.schedule,
        requested_start=application.desired_start,
        today=today,
        valid_from=product.valid_from,
        valid_to=product.valid_to,
        period_text=product.period_text,
    )


def application_documents(product: ProductInfo) -> list:
    """The documents the pamphlet asks for with the application (those for a claim are left out)."""
    return [n for n in product.notes_of("document") if "保険金請求" not in f"{n.title}{n.body}"]


def revenue_needed(product: ProductInfo) -> bool:
    """The premium depends on the annual revenue (the pamphlet's premium basis names 売上高)."""
    return product.premium_kind != "exact" and "売上高" in product.premium_basis


def chosen_codes(application: Application) -> set[str]:
    return {o.code for o in application.options.all()}


def _membership_agrees(application: Application) -> list[Check]:
    """A member of no body has no 所属 to print: the two must agree before the application goes on."""
    if application.membership == Application.Membership.NONE and (application.membership_body or "").strip():
        return [
            Check(
                "会員の種類が「なし」なのに、所属（商工会議所・センター名）が入力されています。"
                "会員の種類を選び直すか、所属を消してください。",
                True,
                "membership_body",
            )
        ]
    return []


def _entry_checks(application: Application, product: ProductInfo) -> list[Check]:
    """What is missing or unreadable among the fields typed by the agent."""
    checks: list[Check] = []
    for field, raw in sorted((application.draft_input or {}).items()):
        checks.append(Check(f"{_label(field)}の入力「{raw}」を読み取れません。直してください。", True, field))
    for field, label in REQUIRED.items():
        if not getattr(application, field) and field not in (application.draft_input or {}):
            checks.append(Check(f"{label}が未入力です。", True, field))
    for rule in product.eligibility:
        allowed = rule.params.get("any_of", [])
        if rule.rule == "membership_required" and application.membership not in allowed:
            names = "・".join(str(dict(Application.Membership.choices).get(a, a)) for a in allowed)
            if not application.membership:
                checks.append(
                    Check(
                        f"会員の種類を選んでください（この制度は{names}の会員のみ加入できます）。",
                        True,
                        "membership",
                    )
                )
            else:
                checks.append(Check(rule.message, True, "membership"))
    checks += _membership_agrees(application)
    if debits_account(product):
        for field, label in BANK_FIELDS.items():
            if not getattr(application, field) and field not in (application.draft_input or {}):
                checks.append(Check(f"口座振替のため{label}が必要です。", True, field))
    if product.premium_kind == "exact" and not application.rank:
        checks.append(Check("保険料の計算に国庫補助ランクが必要です。", True, "rank"))
    if (
        revenue_needed(product)
        and application.revenue is None
        and "revenue" not in (application.draft_input or {})
    ):
        checks.append(Check("年間売上高を入力してください（保険料の算出基礎です）。", True, "revenue"))
    for message in disclosures.problems(
        disclosures.questions(product), application.disclosures or {}, revenue=application.revenue
    ):
        if "年間売上高" not in message or not revenue_needed(product):
            checks.append(Check(message, True, "disclosures"))
    return checks


def application_checks(
    application: Application, *, today: dt.date, product: ProductInfo | None = None
) -> list[Check]:
    """Everything an agent should fix or know before submitting, from the pamphlet's rules (the edition the
    application is made under). Never raises for an odd stored value: that value becomes a check."""
    product = product or product_for(application)
    checks = _entry_checks(application, product)
    chosen = chosen_codes(application)
    plan_code = application.plan.code
    for term in application_terms.needed(application_terms.terms_for(product, plan_code), chosen):
        if application_terms.value_of(application, term) in (None, ""):
            checks.append(
                Check(
                    f"{term.label}を入力してください（パンフレットでは申込書で決定）。", True, term.form_field
                )
            )
    checks += _option_checks(application, product)
    checks += _limit_and_date_checks(application, product, today=today)
    return checks


def _limit_and_date_checks(application: Application, product: ProductInfo, *, today: dt.date) -> list[Check]:
    checks: list[Check] = []
    plan = product.plan(application.plan.code)
    if plan and plan.free_set and application.liability_limit and application.cost_limit:
        try:
            pricing.check_free_set(
                plan.free_set, liability=application.liability_limit, costs=application.cost_limit
            )
        except pricing.QuoteError as exc:
            checks.append(
                Check(str(exc), True, "liability_limit" if exc.param == "liability" else "cost_limit")
            )
    schedule, error = safe_schedule(application, product, today=today)
    if error:
        checks.append(Check(error, True, "desired_start"))
    if schedule:
        for warning in schedule.warnings:
            checks.append(Check(warning, schedule.deadline_passed and "締切" in warning, "desired_start"))
    return checks


def premium_statement(application: Application, product: ProductInfo) -> dict:
    """What the premium is, in words: {"kind", "text", "note"} and, for an example, "label" — an exact
    figure, the pamphlet's example for exactly this case (labelled as an example), 要見積, or an empty box
    with why the pamphlet gives no figure for this case and its nearest example as a reference. Never a
    figure the pamphlet does not give. All premium reading goes through `application_quote`."""
    try:
        q = application_quote(application, product)
    except pricing.QuoteError as exc:
        return {"kind": product.premium_kind, "text": "", "note": str(exc)}
    if q.annual_premium is not None and q.kind == "exact":
        return {"kind": q.kind, "text": format_yen(q.annual_premium), "note": q.notes[0] if q.notes else ""}
    if q.annual_premium is not None:
        notes = [n for n in q.notes if not n.startswith("保険料例の前提：")]
        return {
            "kind": q.kind,
            "text": f"例：{format_yen(q.annual_premium, approximate=q.approximate)}",
            "label": "（パンフレットの保険料例）",
            "note": "確定額ではありません。" + "".join(notes),
        }
    if q.kind == "quote_required":
        return {"kind": q.kind, "text": "要見積", "note": "保険料は保険会社の見積で決まります。"}
    # no figure for this case: the box stays blank for the agent; the pamphlet's nearest figure is a reference
    note = q.kind_label + "。" + "".join(q.reasons)
    if q.example is not None:
        e = q.example
        note += f"参考：{e.title}：{format_yen(e.annual_premium, approximate=e.approximate)}（{'／'.join(e.differences)}）"
    return {"kind": q.kind, "text": "", "note": note}


def _dates_rule(product: ProductInfo) -> str:
    """The pamphlet's dates rule in its own words (the quote of each schedule rule)."""
    return " ／ ".join(s.source.quote for s in product.schedule if s.source and s.source.quote)


def _industry_name(application: Application) -> str:
    if not application.risk_code:
        return ""
    row = RiskCategory.objects.filter(product_id=application.product_id, code=application.risk_code).first()
    return row.name if row else ""


def terms_record(application: Application, product: ProductInfo, *, today: dt.date | None = None) -> dict:
    """The terms the application is made under, as plain data stored with it: the pamphlet (title and
    edition), the catalogue version, plan, options, the figures decided on the application, the premium
    statement and the dates rule. Rewritten on each save of a draft; the one written when it leaves the
    draft states stays, whatever the catalogue says later."""
    edition = (
        ProductEdition.objects.filter(pk=application.edition_id)
        .values("pk", "edition_label", "catalogue_token")
        .first()
        or {}
    )
    label = edition.get("edition_label") or editions.edition_label(product)
    chosen = chosen_codes(application)
    decided = application_terms.needed(application_terms.terms_for(product, application.plan.code), chosen)
    plan = product.plan(application.plan.code)
    return {
        "pamphlet": {"title": product.name, "edition": label, "citation": editions.citation(product, label)},
        "catalogue_version": edition.get("catalogue_token", ""),
        "edition_id": edition.get("pk"),
        "plan": {"code": application.plan.code, "name": plan.name if plan else application.plan.name},
        "options": [
            {"code": o.code, "name": o.name, "automatic": o.automatic}
            for o in product.options
            if o.code in chosen
        ],
        "decided": [
            {
                "label": t.label,
                "value": application_terms.display(t, application_terms.value_of(application, t)),
            }
            for t in decided
        ],
        "premium": premium_statement(application, product),
        "industry": _industry_name(application),
        "dates_rule": _dates_rule(product),
        "recorded_on": (today or dt.date.today()).isoformat(),
    }


def _option_checks(application: Application, product: ProductInfo) -> list[Check]:
    """The pamphlet's option rules, from the terms engine (the same function as every other surface)."""
    chosen = [o.code for o in application.options.all()]
    return [
        Check(p.stated, True, "options")
        for p in terms.option_problems(
            product, application.plan.code, chosen, risk_code=application.risk_code or None
        )
    ]
