"""Agencies, their agents, and the applications they prepare for member businesses.

Applications are written only through enrollment.services (create, save with optimistic locking,
transition), which also record every change in ApplicationEvent.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from comparisons.catalogue.models import Option, Plan, Product, ProductEdition
from comparisons.domain.calendar import CalendarRangeError, check_supported


def validate_supported_date(value) -> None:
    """A date in the years the holiday calendar covers (comparisons.domain.calendar), else a Japanese error."""
    try:
        check_supported(value)
    except CalendarRangeError as exc:
        raise ValidationError(str(exc), code="date_out_of_range") from exc


def person_name(user) -> str:
    """A person's name in Japanese order, family name first (山田 花子), everywhere (pages, audit trail,
    PDF, admin); the username when no name is set."""
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


class Agency(models.Model):
    name = models.CharField("代理店名", max_length=200)
    code = models.CharField("代理店コード", max_length=20, unique=True)
    phone = models.CharField("電話番号", max_length=20, blank=True)
    accepts_member_requests = models.BooleanField("会員からの相談を受け付ける", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "代理店"
        verbose_name_plural = "代理店"

    def __str__(self) -> str:
        return self.name


class Agent(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="agents")

    class Meta:
        verbose_name = "代理店の担当者"
        verbose_name_plural = "代理店の担当者"

    def __str__(self) -> str:
        return f"{person_name(self.user)}（{self.agency}）"


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "下書き"
        REVIEW = "review", "確認待ち"
        SUBMITTED = "submitted", "提出済"
        ACCEPTED = "accepted", "受付"
        RETURNED = "returned", "差戻し"

    class Membership(models.TextChoices):
        JCCI = "jcci", "商工会議所"
        SILVER = "silver", "シルバー人材センター"
        NONE = "none", "なし"

    class AccountType(models.TextChoices):
        ORDINARY = "ordinary", "普通"
        CURRENT = "current", "当座"

    public_id = models.UUIDField("受付番号", default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField("状態", max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("版", default=1)

    # What is applied for
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="applications")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="applications")
    options = models.ManyToManyField(Option, blank=True, related_name="applications", verbose_name="特約")
    desired_start = models.DateField(
        "補償開始希望日", null=True, blank=True, validators=[validate_supported_date]
    )
    risk_code = models.CharField("リスク区分コード", max_length=4, blank=True)
    revenue = models.BigIntegerField("年間売上高（円）", null=True, blank=True)
    rank = models.CharField("国庫補助ランク", max_length=1, blank=True)
    liability_limit = models.BigIntegerField("賠償の支払限度額（フリーセット）", null=True, blank=True)
    cost_limit = models.BigIntegerField("費用の支払限度額（フリーセット）", null=True, blank=True)
    # What the pamphlet leaves to the application (enrollment/application_terms.py says which, per programme)
    liability_deductible = models.BigIntegerField("免責金額（賠償）", null=True, blank=True)
    cost_deductible = models.BigIntegerField("免責金額（費用）", null=True, blank=True)
    copay_percent = models.PositiveSmallIntegerField("自己負担割合（%）", null=True, blank=True)
    option_limits = models.JSONField(
        "特約の支払限度額", default=dict, blank=True
    )  # option code → yen | "same"

    # Applicant
    applicant_name = models.CharField("加入者名（法人名・屋号）", max_length=200, blank=True)
    applicant_kana = models.CharField("フリガナ", max_length=200, blank=True)
    corporate_number = models.CharField("法人番号", max_length=13, blank=True)
    representative = models.CharField("代表者名", max_length=100, blank=True)
    postal_code = models.CharField("郵便番号", max_length=8, blank=True)
    prefecture = models.CharField("都道府県", max_length=10, blank=True)
    city = models.CharField("市区町村", max_length=100, blank=True)
    address_line = models.CharField("番地・建物名", max_length=200, blank=True)
    phone = models.CharField("電話番号", max_length=30, blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    membership = models.CharField("会員の種類", max_length=10, choices=Membership.choices, blank=True)
    membership_body = models.CharField("所属する商工会議所・シルバー人材センター", max_length=100, blank=True)

    # 告知事項 {note index: {"answer": "yes" | "no" | "", "detail": text}} and the security check sheet
    disclosures = models.JSONField("告知事項の回答", default=dict, blank=True)
    security_answers = models.JSONField("セキュリティ対策の回答", default=dict, blank=True)

    # Direct debit (programmes that debit an account)
    bank_code = models.CharField("金融機関コード", max_length=4, blank=True)
    branch_code = models.CharField("支店コード", max_length=3, blank=True)
    account_type = models.CharField("預金種目", max_length=10, choices=AccountType.choices, blank=True)
    account_number = models.CharField("口座番号", max_length=7, blank=True)
    account_holder_kana = models.CharField("口座名義（半角カナ）", max_length=100, blank=True)

    memo = models.TextField("代理店メモ", blank=True)
    comparison_query = models.TextField("比較の条件（URL）", blank=True)
    requested_by_member = models.BooleanField("会員からの相談", default=False)
    member_contact_name = models.CharField("会員のご担当者名（相談時）", max_length=100, blank=True)
    member_contact_phone = models.CharField("会員の電話番号（相談時）", max_length=30, blank=True)
    request_token = models.UUIDField(
        "相談フォームの送信番号", null=True, blank=True, unique=True, editable=False
    )

    # What was typed but could not be read (field → the text as typed): kept so that nothing is lost, shown
    # in its field with its message, and blocking 確認待ち until fixed.
    draft_input = models.JSONField("誤りのある入力（入力のまま）", default=dict, blank=True)

    # The pamphlet edition the application is made under, and the terms as they stood at the last save
    # (frozen once submitted): a later catalogue change never alters them.
    edition = models.ForeignKey(
        ProductEdition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name="パンフレットの版",
    )
    terms = models.JSONField("申込の条件（記録）", default=dict, blank=True)

    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="最終更新者",
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "加入申込"
        verbose_name_plural = "加入申込"
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["desired_start"])]

    def __str__(self) -> str:
        return f"{self.applicant_name or '（名称未入力）'} {self.plan}"

    @property
    def reference(self) -> str:
        return str(self.public_id).split("-")[0].upper()


class ApplicationEvent(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", "作成"
        SAVED = "saved", "保存"
        TRANSITION = "transition", "状態の変更"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("日時", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="実施者",
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    changes = models.JSONField("変更内容", default=dict, blank=True)  # field → [before, after]
    comment = models.TextField("コメント", blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "申込の履歴"
        verbose_name_plural = "申込の履歴"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"
