"""Forms of the agent pages. Every message is Japanese; nothing here writes: views call enrollment.services.

ApplicationForm holds every field the pamphlets ask for. All fields are optional so that a half-filled draft
can be saved; what is still missing before submission is reported by services.application_checks.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from comparisons.domain.money import MoneyError, format_yen, parse_yen
from comparisons.domain.types import ProductInfo, RiskCategoryInfo

from . import validators
from .models import Agency, Application
from .services import TRACKED_FIELDS, debits_account

YES_NO = [("yes", "はい"), ("no", "いいえ")]
DATE_ERROR = {"invalid": "日付は 2026-12-01 のように、正しい年月日で入力してください。"}


def _meta(name: str):
    return Application._meta.get_field(name)


def _char(name: str, *, help_text: str = "", **attrs) -> forms.CharField:
    field = _meta(name)
    return forms.CharField(
        label=field.verbose_name,
        max_length=field.max_length,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs) if attrs else None,
    )


def _with_blank(choices, blank: str = "選んでください") -> list:
    return [("", blank), *choices]


def uses_risk_code(product: ProductInfo) -> bool:
    """The programme prices and restricts options by the industry's risk code (Mitsui's リスク区分表)."""
    return any(rule.rule == "risk_code_required" for rule in product.eligibility) or any(
        o.excluded_risk_codes for o in product.options
    )


def uses_rank(product: ProductInfo) -> bool:
    return product.premium_kind == "exact"


def automatic_options(product: ProductInfo, plan_code: str) -> list[str]:
    """Options the pamphlet sets automatically for this plan (the agent does not choose them)."""
    return [
        o.code for o in product.options if o.automatic and (not o.only_plans or plan_code in o.only_plans)
    ]


def selectable_options(product: ProductInfo, plan_code: str):
    return [o for o in product.options if not o.automatic and (not o.only_plans or plan_code in o.only_plans)]


def risk_choices(rows: list[RiskCategoryInfo]) -> list:
    groups: dict[str, list] = {}
    for r in rows:
        label = f"{r.code} {r.name}{'（コード推定）' if r.code_inferred else ''}"
        groups.setdefault(r.major or "その他", []).append((r.code, label))
    return _with_blank(list(groups.items()))


class ApplicationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    # 申込内容
    options = forms.MultipleChoiceField(
        label="付ける特約（オプション）", required=False, widget=forms.CheckboxSelectMultiple
    )
    desired_start = forms.DateField(
        label=_meta("desired_start").verbose_name,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERROR,
    )
    risk_code = forms.ChoiceField(
        label=_meta("risk_code").verbose_name,
        required=False,
        help_text="パンフレットのリスク区分表の業種です。IT業務特約を付けられない業種があります。",
    )
    revenue = forms.CharField(
        label="年間売上高",
        required=False,
        max_length=40,
        help_text="例：3億、1億2,000万円、300,000,000（全角数字も使えます）",
    )
    rank = forms.ChoiceField(label=_meta("rank").verbose_name, required=False)
    liability_limit = forms.TypedChoiceField(
        label=_meta("liability_limit").verbose_name, required=False, coerce=int, empty_value=None
    )
    cost_limit = forms.TypedChoiceField(
        label=_meta("cost_limit").verbose_name, required=False, coerce=int, empty_value=None
    )

    # 加入者
    applicant_name = _char("applicant_name", autocomplete="organization")
    applicant_kana = _char(
        "applicant_kana", help_text="カタカナ（ひらがなで入力しても、カタカナに直して保存します）"
    )
    corporate_number = _char(
        "corporate_number",
        help_text="13桁（法人の場合）。個人事業主の方は空欄のままにしてください。",
        inputmode="numeric",
    )
    representative = _char("representative")
    postal_code = _char(
        "postal_code",
        help_text="例：100-0001。入力すると都道府県・市区町村を自動で入れます。",
        inputmode="numeric",
        autocomplete="postal-code",
    )
    prefecture = _char("prefecture", autocomplete="address-level1")
    city = _char("city", autocomplete="address-level2")
    address_line = _char("address_line", help_text="町名・番地・建物名", autocomplete="address-line1")
    phone = _char("phone", help_text="例：03-1234-5678", inputmode="tel", autocomplete="tel")
    email = forms.EmailField(
        label=_meta("email").verbose_name,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "メールアドレスを正しく入力してください（例：info@example.jp）。"},
    )
    membership = forms.ChoiceField(
        label=_meta("membership").verbose_name,
        required=False,
        choices=_with_blank(Application.Membership.choices),
    )
    membership_body = _char("membership_body", help_text="例：東京商工会議所、○○市シルバー人材センター")

    # 口座振替
    bank_code = _char("bank_code", help_text="4桁（例：0001）", inputmode="numeric")
    branch_code = _char("branch_code", help_text="3桁", inputmode="numeric")
    account_type = forms.ChoiceField(
        label=_meta("account_type").verbose_name,
        required=False,
        choices=_with_blank(Application.AccountType.choices),
    )
    account_number = _char("account_number", help_text="7桁以内の数字", inputmode="numeric")
    account_holder_kana = _char(
        "account_holder_kana", help_text="カナで入力してください（半角カナに変換して登録します）。"
    )

    memo = forms.CharField(
        label=_meta("memo").verbose_name,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="代理店内のメモです。申込書には印字されません。",
    )

    # The application's own fields this form edits: all the tracked ones but the two stored as answers.
    APPLICATION_FIELDS = tuple(f for f in TRACKED_FIELDS if f not in ("disclosures", "security_answers"))
    BANK_FIELDS = ("bank_code", "branch_code", "account_type", "account_number", "account_holder_kana")

    def __init__(
        self,
        *args,
        product: ProductInfo,
        plan_code: str,
        risk_rows: list[RiskCategoryInfo] | None = None,
        editable: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.product = product
        self.plan_code = plan_code
        self.plan = product.plan(plan_code)
        self.address: validators.Address | None = None
        self.automatic = automatic_options(product, plan_code)

        self.fields["options"].choices = [(o.code, o.name) for o in selectable_options(product, plan_code)]
        if not self.fields["options"].choices:
            del self.fields["options"]
        if uses_risk_code(product) and risk_rows is not None:
            self.fields["risk_code"].choices = risk_choices(risk_rows)
        else:
            del self.fields["risk_code"]
        if uses_rank(product):
            ranks = sorted({r.rank for r in product.premium_rates})
            self.fields["rank"].choices = _with_blank([(r, f"{r}ランク") for r in ranks])
            del self.fields["revenue"]
        else:
            del self.fields["rank"]
        if self.plan and self.plan.free_set:
            free_set = self.plan.free_set
            self.fields["liability_limit"].choices = _with_blank(
                [(v, format_yen(v)) for v in free_set["liability_choices"]]
            )
            self.fields["cost_limit"].choices = _with_blank(
                [(v, format_yen(v)) for v in free_set["cost_choices"]]
            )
            ratio = int(float(free_set.get("cost_max_ratio_of_liability", 1)) * 100)
            self.fields["cost_limit"].help_text = f"賠償の支払限度額の{ratio}%以下で選んでください。"
        else:
            del self.fields["liability_limit"]
            del self.fields["cost_limit"]
        if not debits_account(product):
            for name in self.BANK_FIELDS:
                del self.fields[name]

        self.disclosure_names = []
        for index, note in enumerate(product.notes_of("disclosure")):
            name = f"disclosure_{index}"
            self.fields[name] = forms.ChoiceField(
                label=note.title,
                help_text=note.body if note.body != note.title.split(" ", 1)[-1] else "",
                choices=YES_NO,
                required=False,
                widget=forms.RadioSelect,
            )
            self.disclosure_names.append(name)

        self.security_discount = security_discount(product)
        if self.security_discount is not None:
            top = int(self.security_discount.value * 100)
            self.fields["security_sheet"] = forms.ChoiceField(
                label="セキュリティ対策の確認シート",
                choices=[
                    ("", "選んでください"),
                    ("submitted", "回答して添付する"),
                    ("not_submitted", "提出しない（割引なし）"),
                ],
                required=False,
                help_text=f"パンフレット：{self.security_discount.title}（{self.security_discount.body}）",
            )
            self.fields["security_rate"] = forms.ChoiceField(
                label="確認シートの回答による割引率",
                choices=[("", "わからない・保険会社の判定を待つ")]
                + [(str(r), f"{r}%") for r in range(0, top + 1, 10)],
                required=False,
                help_text=f"割引率は確認シートの回答で保険会社が決めます（最大{top}%）。わかる場合だけ選んでください。",
            )

        if not editable:
            for name, field in self.fields.items():
                if name != "version":
                    field.disabled = True

    # --- initial values from a stored application ---------------------------------------------------

    @staticmethod
    def initial_for(application: Application) -> dict:
        initial = {name: getattr(application, name) for name in ApplicationForm.APPLICATION_FIELDS}
        initial["revenue"] = format_yen(application.revenue) if application.revenue is not None else ""
        initial["version"] = application.version
        initial["options"] = [o.code for o in application.options.all()]
        for key, answer in (application.disclosures or {}).items():
            initial[f"disclosure_{key}"] = answer
        answers = application.security_answers or {}
        initial["security_sheet"] = answers.get("sheet", "")
        initial["security_rate"] = "" if answers.get("rate") is None else str(int(answers["rate"] * 100))
        return initial

    # --- grouping for the template -------------------------------------------------------------------

    def has(self, name: str) -> bool:
        return name in self.fields

    @property
    def disclosure_fields(self):
        return [self[name] for name in self.disclosure_names]

    @property
    def bank_fields(self):
        return [self[name] for name in self.BANK_FIELDS if name in self.fields]

    # --- field cleaning ------------------------------------------------------------------------------

    def _clean_with(self, name: str, validator):
        value = (self.cleaned_data.get(name) or "").strip()
        return validator(value) if value else ""

    def clean_revenue(self) -> int | None:
        raw = (self.cleaned_data.get("revenue") or "").strip()
        if not raw:
            return None
        try:
            return parse_yen(raw)
        except MoneyError as exc:
            raise ValidationError(str(exc)) from exc

    def clean_applicant_kana(self) -> str:
        return self._clean_with("applicant_kana", validators.clean_katakana)

    def clean_corporate_number(self) -> str:
        return self._clean_with("corporate_number", validators.clean_corporate_number)

    def clean_postal_code(self) -> str:
        value = (self.cleaned_data.get("postal_code") or "").strip()
        if not value:
            return ""
        self.address = validators.lookup_postal_code(value)
        return self.address.postal_code

    def clean_phone(self) -> str:
        return self._clean_with("phone", validators.clean_phone)

    def clean_bank_code(self) -> str:
        value = validators.digits(self.cleaned_data.get("bank_code") or "")
        if not value:
            return ""
        if len(value) != 4:
            raise ValidationError("金融機関コードは4桁の数字で入力してください（例：0001）。")
        validators.bank_name(value)
        return value

    def clean_branch_code(self) -> str:
        value = validators.digits(self.cleaned_data.get("branch_code") or "")
        if value and len(value) != 3:
            raise ValidationError("支店コードは3桁の数字で入力してください。")
        return value

    def clean_account_number(self) -> str:
        return self._clean_with("account_number", validators.clean_account_number)

    def clean_account_holder_kana(self) -> str:
        return self._clean_with("account_holder_kana", validators.clean_account_holder)

    def clean(self):
        data = super().clean()
        if self.address:
            # The postal code decides the prefecture and city; fill them when it changed or they are empty.
            if "postal_code" in self.changed_data or not data.get("prefecture") or not data.get("city"):
                data["prefecture"] = self.address.prefecture
                data["city"] = self.address.city
        bank, branch = data.get("bank_code"), data.get("branch_code")
        if bank and branch:
            try:
                validators.branch_name(bank, branch)
            except ValidationError as exc:
                self.add_error("branch_code", exc)
        return data

    # --- what to save --------------------------------------------------------------------------------

    def application_data(self) -> dict:
        """The cleaned values for services.save_application (only the fields this programme uses)."""
        data = {
            name: self.cleaned_data[name]
            for name in self.APPLICATION_FIELDS
            if name in self.fields and name in self.cleaned_data
        }
        if self.address and "prefecture" not in data:
            data["prefecture"], data["city"] = self.address.prefecture, self.address.city
        data["disclosures"] = {
            name.removeprefix("disclosure_"): self.cleaned_data[name]
            for name in self.disclosure_names
            if self.cleaned_data.get(name)
        }
        if self.security_discount is not None:
            rate = self.cleaned_data.get("security_rate")
            data["security_answers"] = {
                "sheet": self.cleaned_data.get("security_sheet") or "",
                "rate": int(rate) / 100 if rate else None,
            }
        return data

    def option_codes(self) -> list[str]:
        chosen = list(self.cleaned_data.get("options") or []) if "options" in self.fields else []
        return sorted(set(chosen) | set(self.automatic))


def security_discount(product: ProductInfo):
    """The programme's discount that depends on a security check sheet (Sompo, Mitsui), if it names one."""
    return next(
        (
            n
            for n in product.notes_of("discount")
            if n.value and "シート" in f"{n.title}{n.body}" and n.value < 1
        ),
        None,
    )


class ApplicationCreateForm(forms.Form):
    """Choose the programme and plan (and options) of a new application."""

    agency = forms.ModelChoiceField(
        label="代理店",
        queryset=Agency.objects.all(),
        empty_label="選んでください",
        help_text="管理者は、どの代理店の申込として作成するかを選んでください。",
    )
    plan = forms.ChoiceField(label="制度・プラン", help_text="制度ごとにまとめて並べています。")
    options = forms.MultipleChoiceField(
        label="付ける特約（オプション）", required=False, widget=forms.CheckboxSelectMultiple
    )
    desired_start = forms.DateField(
        label="補償開始希望日",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERROR,
        help_text="あとから変更できます。",
    )

    def __init__(self, *args, products: list[ProductInfo], needs_agency: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.products = {p.slug: p for p in products}
        self.fields["plan"].choices = _with_blank(
            [
                (p.short_name, [(f"{p.slug}:{pl.code}", f"{p.short_name}｜{pl.name}") for pl in p.plans])
                for p in products
            ]
        )
        self.fields["plan"].error_messages["required"] = "制度・プランを選んでください。"
        if not needs_agency:
            del self.fields["agency"]
        else:
            self.fields["agency"].error_messages["required"] = "代理店を選んでください。"
        product, plan_code = self.chosen_product()
        self.fields["options"].choices = (
            [(o.code, o.name) for o in selectable_options(product, plan_code)] if product else []
        )

    def chosen_product(self) -> tuple[ProductInfo | None, str]:
        key = (self.data.get("plan") if self.is_bound else self.initial.get("plan")) or ""
        slug, _, code = str(key).partition(":")
        product = self.products.get(slug)
        if product is None or product.plan(code) is None:
            return None, ""
        return product, code
