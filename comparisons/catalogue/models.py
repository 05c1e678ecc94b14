"""The product catalogue: four programmes as data, every fact with the seed and quote it comes from.

Rows are written only by the `load_catalogue` command from the data files in `comparisons/catalogue/data/`.
"""

from __future__ import annotations

from django.db import models


class Sourced(models.Model):
    """A fact and where it comes from: a seed file and a verbatim quote of it."""

    source_seed = models.CharField("出典ファイル", max_length=64)
    source_quote = models.TextField("出典（原文）")
    reading_note = models.TextField(
        "読み取りの注記",
        blank=True,
        help_text="抽出テキストが崩れている箇所の読み方（最善の読み取りであることを示す）",
    )

    class Meta:
        abstract = True

    @property
    def source(self) -> dict[str, str]:
        return {"seed": self.source_seed, "quote": self.source_quote}


class CoverageGroup(models.TextChoices):
    LIABILITY = "liability", "損害賠償責任"
    COSTS = "costs", "事故対応の費用"
    BUSINESS_INTERRUPTION = "business_interruption", "休業・営業損失"
    SERVICES = "services", "付帯サービス"
    CONDITIONS = "conditions", "条件・範囲"


class Insurer(models.Model):
    name = models.CharField("保険会社名", max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "保険会社"
        verbose_name_plural = "保険会社"

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    class Kind(models.TextChoices):
        GROUP = "group", "団体制度"
        INDIVIDUAL = "individual", "個別契約"

    class PremiumKind(models.TextChoices):
        EXACT = "exact", "保険料表あり"
        EXAMPLE = "example", "保険料例のみ"
        QUOTE_REQUIRED = "quote_required", "要見積"

    class CostLimitRelation(models.TextChoices):
        INSIDE_LIABILITY = "inside_liability", "賠償責任の限度額の内枠"
        SEPARATE_CAPPED = "separate_capped", "賠償責任とは別枠（上限あり）"
        PER_ITEM = "per_item", "特約・費目ごと"
        SET_ON_APPLICATION = "set_on_application", "申込書で決定"

    slug = models.SlugField("スラッグ", unique=True)
    name = models.CharField("制度名", max_length=200)
    short_name = models.CharField("略称", max_length=40)
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    summary = models.TextField("概要", blank=True)
    seed = models.CharField("パンフレット（主）", max_length=64)
    order = models.PositiveSmallIntegerField("表示順", default=0)
    insurers = models.ManyToManyField(Insurer, through="ProductInsurer", related_name="products")

    policyholder = models.CharField("保険契約者", max_length=200, blank=True)
    policyholder_quote = models.TextField(blank=True)
    eligible_members = models.TextField("加入できる方")
    eligible_members_quote = models.TextField()

    valid_from = models.DateField("パンフレット有効期間（開始）", null=True, blank=True)
    valid_to = models.DateField("パンフレット有効期間（終了）", null=True, blank=True)
    period_text = models.CharField("期間の表示", max_length=200)
    period_quote = models.TextField()
    period_seed = models.CharField(max_length=64)
    pamphlet_date = models.CharField("パンフレット作成日", max_length=100, blank=True)
    pamphlet_date_quote = models.TextField(blank=True)

    premium_kind = models.CharField("保険料の示し方", max_length=20, choices=PremiumKind.choices)
    premium_basis = models.TextField("保険料の算出基礎")
    premium_basis_quote = models.TextField()

    cost_limit_relation = models.CharField(
        "費用の限度額の関係", max_length=30, choices=CostLimitRelation.choices
    )
    cost_limit_relation_text = models.TextField(blank=True)
    cost_limit_relation_quote = models.TextField()
    inquiries = models.CharField(
        "確認先", max_length=300, blank=True, help_text="パンフレットで決まらないことの問い合わせ先"
    )
    inquiries_quote = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = "保険制度"
        verbose_name_plural = "保険制度"

    def __str__(self) -> str:
        return self.name


class ProductInsurer(Sourced):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="insurer_roles")
    insurer = models.ForeignKey(Insurer, on_delete=models.PROTECT, related_name="roles")
    role = models.CharField("役割", max_length=20)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = "引受保険会社"
        verbose_name_plural = "引受保険会社"

    def __str__(self) -> str:
        return f"{self.insurer}（{self.role}）"


class ProductNote(Sourced):
    class Kind(models.TextChoices):
        HOTLINE = "hotline", "連絡先"
        SERVICE = "service", "付帯サービス"
        QUOTE_REQUIREMENT = "quote_requirement", "見積に必要な情報"
        DISCOUNT = "discount", "割引"
        DOCUMENT = "document", "必要書類"
        DISCLOSURE = "disclosure", "告知事項"
        EXCLUSION = "exclusion", "お支払いできない主な場合"
        NOTICE = "notice", "ご注意"
        TERRITORY = "territory", "補償地域"
        DEDUCTIBLE = "deductible", "免責金額"
        INSURED = "insured", "被保険者"
        PAYMENT = "payment", "保険料の払込"
        OTHER = "other", "その他"

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField("種類", max_length=30, choices=Kind.choices)
    title = models.CharField("見出し", max_length=200)
    body = models.TextField("内容", blank=True)
    value = models.DecimalField("数値", max_digits=14, decimal_places=4, null=True, blank=True)
    is_ceiling = models.BooleanField(
        "割引率は上限",
        null=True,
        blank=True,
        help_text="割引の数値が上限か（「最大60%以上」のように超えうるなら いいえ）。割引率のない情報は空欄",
    )
    ceiling_quote = models.TextField("上限かどうかの出典（原文）", blank=True)
    ceiling_seed = models.CharField("上限かどうかの出典ファイル", max_length=64, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["product", "kind", "order"]
        verbose_name = "制度の情報"
        verbose_name_plural = "制度の情報"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class CoverageItem(models.Model):
    """A row of the harmonised taxonomy (the same kind of cover across insurers)."""

    key = models.SlugField("キー", max_length=50, unique=True)
    group = models.CharField("区分", max_length=30, choices=CoverageGroup.choices)
    label = models.CharField("項目名", max_length=100)
    help_text = models.TextField("説明", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = "補償項目（共通分類）"
        verbose_name_plural = "補償項目（共通分類）"

    def __str__(self) -> str:
        return self.label


class Plan(Sourced):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="plans")
    code = models.CharField("プランコード", max_length=30)
    name = models.CharField("プラン名", max_length=100)
    family = models.CharField("系統", max_length=30)
    family_name = models.CharField("系統名", max_length=100)
    level = models.CharField("型・セット", max_length=10, blank=True)
    description = models.TextField("説明", blank=True)
    territory = models.CharField("補償地域", max_length=200, blank=True)
    free_set = models.JSONField(
        "フリーセットの選択肢",
        null=True,
        blank=True,
        help_text="限度額・免責金額の選べる値と、費用／賠償の上限比率",
    )
    conditions = models.JSONField(
        "プランの条件",
        default=list,
        blank=True,
        help_text="プランのすべての補償にかかる条件（地域・行為者など）",
    )
    application_terms = models.JSONField(
        "申込書で決まる条件", default=list, blank=True, help_text="加入者が入力できる限度額・免責金額など"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["product", "order"]
        constraints = [models.UniqueConstraint(fields=["product", "code"], name="unique_plan_code")]
        verbose_name = "プラン"
        verbose_name_plural = "プラン"

    def __str__(self) -> str:
        return f"{self.product.short_name} {self.name}"


class Option(Sourced):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="options")
    code = models.CharField("コード", max_length=40)
    name = models.CharField("特約名", max_length=200)
    description = models.TextField("説明", blank=True)
    requires = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_by", verbose_name="必要な特約"
    )
    excludes = models.ManyToManyField("self", symmetrical=True, blank=True, verbose_name="併用できない特約")
    only_plans = models.ManyToManyField(
        Plan, blank=True, related_name="available_options", verbose_name="付帯できるプラン（空欄は全プラン）"
    )
    excluded_risk_codes = models.JSONField("付帯できないリスク区分コード", default=list, blank=True)
    automatic = models.BooleanField("自動セット", default=False)
    constraint_quotes = models.JSONField("制約の出典", default=list, blank=True)
    rule_quotes = models.JSONField("各制約の出典", default=dict, blank=True)
    effects = models.JSONField(
        "補償への効果",
        default=list,
        blank=True,
        help_text="補償を狭める（情報漏えい限定）、地域を広げる など",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["product", "order"]
        constraints = [models.UniqueConstraint(fields=["product", "code"], name="unique_option_code")]
        verbose_name = "特約・オプション"
        verbose_name_plural = "特約・オプション"

    def __str__(self) -> str:
        return self.name


class Coverage(Sourced):
    """One cell of the matrix: a plan × a harmonised coverage item."""

    class Status(models.TextChoices):
        INCLUDED = "included", "補償あり"
        OPTIONAL = "optional", "オプション"
        NOT_COVERED = "not_covered", "補償なし"
        NOT_STATED = "not_stated", "記載なし"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="coverages")
    item = models.ForeignKey(CoverageItem, on_delete=models.PROTECT, related_name="coverages")
    own_name = models.CharField("パンフレットでの名称", max_length=200, blank=True)
    status = models.CharField("補償", max_length=20, choices=Status.choices)
    option = models.ForeignKey(
        Option,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coverages",
        verbose_name="特約",
    )
    limit = models.BigIntegerField("支払限度額（円）", null=True, blank=True)
    limit_text = models.CharField("限度額の説明", max_length=300, blank=True)
    sublimit = models.BigIntegerField("内枠限度額（円）", null=True, blank=True)
    sublimit_text = models.CharField("内枠の説明", max_length=300, blank=True)
    paid_share = models.DecimalField(
        "縮小支払割合（保険会社が支払う割合）", max_digits=5, decimal_places=4, null=True, blank=True
    )
    deductible = models.BigIntegerField("免責金額（円）", null=True, blank=True)
    deductible_text = models.CharField("免責の説明", max_length=300, blank=True)
    per_person_limit = models.BigIntegerField("1名あたり限度額（円）", null=True, blank=True)
    per_entity_limit = models.BigIntegerField("1法人あたり限度額（円）", null=True, blank=True)
    formula = models.JSONField("算式", null=True, blank=True)
    triggers = models.JSONField("支払の契機", default=list, blank=True)
    conditions = models.JSONField(
        "条件",
        default=list,
        blank=True,
        help_text="条件（種類・文・パラメータ・出典）。エンジンが評価するか、前提として表示",
    )
    notes = models.JSONField("補償の内容（説明）", default=list, blank=True)
    reason = models.TextField(
        "補償なし・記載なしの理由", blank=True, help_text="パンフレットに基づく理由（出典はこの補償の原文）"
    )
    pays = models.JSONField(
        "支払う費用の種類",
        null=True,
        blank=True,
        help_text="シミュレーターの費用の種類のうち、この補償が支払うもの（空欄は項目どおり）",
    )
    application_terms = models.JSONField("申込書で決まる値の対応", null=True, blank=True)
    part = models.PositiveSmallIntegerField(
        "補償の順番", default=0, help_text="同じ項目に複数の補償があるときの順（0が主な補償）"
    )

    class Meta:
        ordering = ["plan", "item__order", "part"]
        constraints = [models.UniqueConstraint(fields=["plan", "item", "part"], name="unique_plan_item_part")]
        verbose_name = "補償内容"
        verbose_name_plural = "補償内容"

    def __str__(self) -> str:
        return f"{self.plan.code} × {self.item.key}: {self.get_status_display()}"


class RiskCategory(Sourced):
    """A row of the Mitsui リスク区分表; also the industry list a member picks from."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="risk_categories")
    code = models.CharField("リスク区分コード", max_length=4)
    major = models.CharField("大リスク区分", max_length=100)
    name = models.CharField("中リスク区分", max_length=200)
    code_inferred = models.BooleanField(
        "コードは推定", default=False, help_text="抽出テキストにコードが無く、並びから読んだもの"
    )
    keywords = models.JSONField("検索語", default=list, blank=True)
    it_option_excluded = models.BooleanField("IT業務特約を付帯できない", default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["product", "code"], name="unique_risk_code")]
        verbose_name = "リスク区分"
        verbose_name_plural = "リスク区分"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PremiumRate(Sourced):
    """An exact premium from a table (Silver: plan × 国庫補助ランク)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="premium_rates")
    rank = models.CharField("ランク", max_length=10)
    annual_premium = models.PositiveIntegerField("年間保険料（円）")

    class Meta:
        ordering = ["plan", "rank"]
        constraints = [models.UniqueConstraint(fields=["plan", "rank"], name="unique_plan_rank")]
        verbose_name = "保険料（表）"
        verbose_name_plural = "保険料（表）"

    def __str__(self) -> str:
        return f"{self.plan.code} {self.rank}: {self.annual_premium}円"


class PremiumExample(Sourced):
    """A worked premium example (Mitsui): an illustration, not a rate."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="premium_examples")
    industry = models.CharField("業種", max_length=100)
    risk_code = models.CharField("リスク区分コード", max_length=4, blank=True)
    annual_revenue = models.BigIntegerField("年間売上高（円）")
    set_name = models.CharField("セット", max_length=10)
    it_option = models.BooleanField("IT業務特約", default=False)
    annual_premium = models.PositiveIntegerField("年間保険料（円）")
    approximate = models.BooleanField("概算（約）", default=True)
    assumptions = models.TextField("前提", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan__product", "order"]
        verbose_name = "保険料例"
        verbose_name_plural = "保険料例"

    def __str__(self) -> str:
        return f"{self.industry} {self.plan.code}: 約{self.annual_premium}円"


class EligibilityRule(Sourced):
    class Rule(models.TextChoices):
        MEMBERSHIP_REQUIRED = "membership_required", "会員であること"
        ORGANISATION_EXCLUDED = "organisation_excluded", "加入できない団体"
        REVENUE_MAX = "revenue_max", "売上高の上限"
        RISK_CODE_REQUIRED = "risk_code_required", "リスク区分表にある業種"

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="eligibility_rules")
    rule = models.CharField("ルール", max_length=40, choices=Rule.choices)
    params = models.JSONField("パラメータ", default=dict, blank=True)
    message = models.TextField("加入できない理由の表示")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["product", "order"]
        verbose_name = "加入条件"
        verbose_name_plural = "加入条件"

    def __str__(self) -> str:
        return f"{self.product.short_name}: {self.get_rule_display()}"


class ScheduleRule(Sourced):
    class Mode(models.TextChoices):
        MONTHLY = "monthly", "毎月加入"
        ANNUAL = "annual", "年間加入"
        MID_TERM = "mid_term", "中途加入"

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="schedule_rules")
    mode = models.CharField("加入方式", max_length=20, choices=Mode.choices)
    start = models.JSONField("開始日の規則", default=dict)
    deadline = models.JSONField("申込締切の規則", default=dict)
    debit = models.JSONField("保険料払込の規則", default=dict)
    term = models.JSONField("保険期間の規則", default=dict)
    first_start = models.DateField("対象の最初の開始日", null=True, blank=True)
    last_start = models.DateField("対象の最後の開始日", null=True, blank=True)
    carries_over = models.BooleanField(
        "期間外にも当てはまる規則",
        default=False,
        help_text="パンフレットが毎月の規則として書いているとき（期間外の開始日の日付は【推定】として計算）",
    )
    carries_over_text = models.TextField("期間外に当てはまるかの根拠", blank=True)
    carries_over_quote = models.TextField("期間外に当てはまるかの出典（原文）", blank=True)
    carries_over_seed = models.CharField("期間外に当てはまるかの出典ファイル", max_length=64, blank=True)
    extra_quotes = models.JSONField("その他の出典", default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["product", "order"]
        verbose_name = "加入スケジュールの規則"
        verbose_name_plural = "加入スケジュールの規則"

    def __str__(self) -> str:
        return f"{self.product.short_name}: {self.get_mode_display()}"


class WorkedExample(Sourced):
    """An example the pamphlet prints (payout, schedule, premium); the tests run each one."""

    class Kind(models.TextChoices):
        PAYOUT = "payout", "支払例"
        SCHEDULE = "schedule", "スケジュール例"
        PREMIUM = "premium", "保険料例"

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="worked_examples")
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    title = models.CharField("内容", max_length=300)
    plans = models.JSONField("対象プラン", default=list, blank=True)
    inputs = models.JSONField("前提", default=dict, blank=True)
    expected = models.JSONField("結果", default=dict, blank=True)
    extra_quotes = models.JSONField("その他の出典", default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["product", "order"]
        verbose_name = "パンフレットの例"
        verbose_name_plural = "パンフレットの例"

    def __str__(self) -> str:
        return self.title


class CatalogueVersion(models.Model):
    """One row: a token that changes whenever the catalogue's content changes.

    `load_catalogue` writes a hash of the files it loaded (so loading the same files twice changes nothing);
    an edit in the admin writes a fresh random token. Every process compares it with the token of the
    catalogue it has built in memory (comparisons.selectors) and rebuilds only when it differs.
    """

    token = models.CharField(max_length=64)

    class Meta:
        verbose_name = "カタログの版"
        verbose_name_plural = "カタログの版"

    def __str__(self) -> str:
        return self.token


class ProductEdition(models.Model):
    """One edition of a programme as it was loaded: the pamphlet it comes from and a plain snapshot of
    everything the catalogue said about it. Written by comparisons.catalogue.editions when the content of a
    programme changes (a new pamphlet, a corrected figure); never changed or deleted afterwards, so an
    application made under an edition keeps its terms whatever the catalogue says later."""

    product_slug = models.SlugField("制度（スラッグ）")
    title = models.CharField("パンフレットの名称", max_length=200)
    edition_label = models.CharField("版", max_length=200)
    valid_from = models.DateField("有効期間（開始）", null=True, blank=True)
    valid_to = models.DateField("有効期間（終了）", null=True, blank=True)
    content_hash = models.CharField("内容のハッシュ", max_length=64)
    catalogue_token = models.CharField("カタログの版", max_length=64, blank=True)
    snapshot = models.JSONField("内容（スナップショット）")
    loaded_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        ordering = ["product_slug", "-loaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["product_slug", "content_hash"], name="edition_unique_content")
        ]
        verbose_name = "パンフレットの版"
        verbose_name_plural = "パンフレットの版"

    def __str__(self) -> str:
        return f"{self.title}（{self.edition_label}）"
