"""Forms of the agent pages. Every message is Japanese; nothing here writes: views call enrollment.services.

ApplicationForm holds every field the pamphlets ask for. All fields are optional so that a half-filled draft
can be saved; what is still missing before submission is reported by services.application_checks.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from comparisons.domain.calendar import FIRST_YEAR, LAST_YEAR, CalendarRangeError, check_supported
from comparisons.domain.money import MoneyError, format_yen, parse_yen, readback
from comparisons.domain.types import ProductInfo, RiskCategoryInfo

from . import application_terms, disclosures, validators
from .models import Agency, Application
from .services import TRACKED_FIELDS, debits_account, revenue_needed

DATE_ERROR = {"invalid": "日付は 2026-12-01 のように、正しい年月日で入力してください。"}
# Fields whose text is a name that prints as typed: an emoji cannot be printed or carried by the insurer.
NAME_FIELDS = (
    "applicant_name",
    "applicant_kana",
    "representative",
    "membership_body",
    "address_line",
    "city",
)


def _meta(name: str):
    return Application._meta.get_field(name)


def _char(name: str, *, help_text: str = "", **attrs) -> forms.CharField:
    """A text field with no `maxlength` in the page: the browser would cut a pasted value silently. The
    length is checked after normalising, with a message that says by how much (`ApplicationForm.clean`)."""
    field = _meta(name)
    return forms.CharField(
        label=field.verbose_name,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs) if attrs else None,
    )


def _with_blank(choices, blank: str = "選んでください") -> list:
    return [("", blank), *choices]


def check_date(value):
    """A date in the years the holiday calendar covers; the Japanese message names the range."""
    if value is not None:
        try:
            check_supported(value)
        except CalendarRangeError as exc:
            raise ValidationError(str(exc)) from exc
    return value


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


def _term_value(raw: str):
    return raw if raw == application_terms.SAME else int(raw)


def _percent(text: str) -> int:
    raw = unicodedata.normalize("NFKC", text or "").strip().rstrip("%％").strip()
    if not raw.isdigit() or not 0 <= int(raw) <= 100:
        raise ValidationError("自己負担割合は0〜100の数（%）で入力してください（例：10）。")
    return int(raw)


class ApplicationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    # 申込内容
    options = forms.MultipleChoiceField(
        label="付ける特約（オプション）", required=False, widget=forms.CheckboxSelectMultiple
    )
    desired_start = forms.DateField(
        label=_meta("desired_start").verbose_name,
        required=False,
        widget=forms.DateInput(
            attrs={"type": "date", "min": f"{FIRST_YEAR}-01-01", "max": f"{LAST_YEAR}-12-31"},
            format="%Y-%m-%d",
        ),
        error_messages=DATE_ERROR,
        validators=[check_date],
    )
    risk_code = forms.ChoiceField(
        label=_meta("risk_code").verbose_name,
        required=False,
        help_text="パンフレットのリスク区分表の業種です。IT業務特約を付けられない業種があります。",
    )
    revenue = forms.CharField(
        label="年間売上高",
        required=False,
        help_text="例：3億、1億2,000万円、300,000,000（全角数字も使えます）",
    )
    rank = forms.ChoiceField(label=_meta("rank").verbose_name, required=False)

    # 加入者
    applicant_name = _char("applicant_name", autocomplete="organization")
    applicant_kana = _char(
        "applicant_kana", help_text="カタカナ（ひらがなで入力しても、カタカナに直して保存します）"
    )
    corporate_number = _char(
        "corporate_number",
        help_text="13桁（法人の場合）。「T」で始まる登録番号やハイフン入りでも入力できます。個人事業主の方は空欄。",
        inputmode="numeric",
    )
    representative = _char("representative")
    postal_code = _char(
        "postal_code",
        help_text="例：100-0001。入力すると都道府県・市区町村の候補を出します（入力済みの住所は書き換えません）。",
        inputmode="numeric",
        autocomplete="postal-code",
    )
    prefecture = _char("prefecture", autocomplete="address-level1")
    city = _char("city", autocomplete="address-level2")
    address_line = _char("address_line", help_text="町名・番地・建物名", autocomplete="address-line1")
    phone = _char(
        "phone",
        help_text="例：03-1234-5678。海外の番号は +1 202 555 0143 のように国番号から",
        inputmode="tel",
        autocomplete="tel",
    )
    email = forms.EmailField(
        label=_meta("email").verbose_name,
        required=False,
        max_length=None,  # no maxlength in the page; the length is checked after normalising
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
    bank_code = _char("bank_code", help_text="4桁（例：0001）。ゆうちょ銀行は9900", inputmode="numeric")
    branch_code = _char("branch_code", help_text="3桁", inputmode="numeric")
    yucho_symbol = forms.CharField(
        label="ゆうちょ銀行の記号（5桁）",
        required=False,
        help_text="通帳の記号・番号を入れると、口座振替用の店番・口座番号に変換します。",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    yucho_number = forms.CharField(
        label="ゆうちょ銀行の番号（8桁まで）",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    account_type = forms.ChoiceField(
        label=_meta("account_type").verbose_name,
        required=False,
        choices=_with_blank(Application.AccountType.choices),
    )
    account_number = _char("account_number", help_text="7桁以内の数字", inputmode="numeric")
    account_holder_kana = _char(
        "account_holder_kana",
        help_text="通帳の名義をカナで（半角カナに変換。小さい「ャ」「ッ」などは大きい字になります：キャノン → ｷﾔﾉﾝ）。",
    )

    memo = forms.CharField(
        label=_meta("memo").verbose_name,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="代理店内のメモです。申込書には印字されません。",
    )

    # The application's own fields this form edits (the JSON ones are built from several form fields).
    APPLICATION_FIELDS = tuple(
        f for f in TRACKED_FIELDS if f not in ("disclosures", "security_answers", "option_limits")
    )
    BANK_FIELDS = ("bank_code", "branch_code", "account_type", "account_number", "account_holder_kana")
    DETAIL_MAX = 2000

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
        self.readbacks: dict[str, str] = {}  # field name → how its typed amount was read (money.readback)
        self.product = product
        self.plan_code = plan_code
        self.plan = product.plan(plan_code)
        self.addresses: list[validators.Address] = []
        self.yucho: validators.YuchoAccount | None = None
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
            if revenue_needed(product):
                self.fields["revenue"].help_text = (
                    "保険料の算出基礎です（必須）。" + self.fields["revenue"].help_text
                )
        if not debits_account(product):
            for name in (*self.BANK_FIELDS, "yucho_symbol", "yucho_number"):
                del self.fields[name]
        self._add_terms()
        self._add_disclosures()
        self._add_security()
        if not self.is_bound:  # a stored amount is read back as the agent left it
            for name in self.amount_names:
                if isinstance(self.initial.get(name), str) and self.initial[name]:
                    self.readbacks[name] = readback(parse_yen(self.initial[name]))

        if not editable:
            for name, field in self.fields.items():
                if name != "version":
                    field.disabled = True

    @property
    def amount_names(self) -> list[str]:
        """The fields where an amount of yen is typed (money.parse_yen), each read back beside it."""
        terms = [t.form_field for t in self.terms if t.kind == "amount" and t.form_field in self.fields]
        return (["revenue"] if "revenue" in self.fields else []) + terms

    def _add_terms(self) -> None:
        self.terms = application_terms.terms_for(self.product, self.plan_code)
        for term in self.terms:
            help_text = term.help_text + (
                f"（{self.product.option(term.option).name}を付けるときに必要）" if term.option else ""
            )
            if term.kind == "choice":
                field = forms.TypedChoiceField(
                    label=term.label,
                    required=False,
                    coerce=_term_value,
                    empty_value=None,
                    choices=_with_blank([(str(v), application_terms.choice_label(v)) for v in term.choices]),
                    help_text=help_text,
                )
            else:
                field = forms.CharField(
                    label=term.label + ("（%）" if term.kind == "percent" and "%" not in term.label else ""),
                    required=False,
                    help_text=help_text + ("" if term.kind == "percent" else "（例：1億、5,000万円）"),
                )
            self.fields[term.form_field] = field
        if self.plan and self.plan.free_set and "cost_limit" in self.fields:
            ratio = int(float(self.plan.free_set.get("cost_max_ratio_of_liability", 1)) * 100)
            self.fields["cost_limit"].help_text = f"賠償損害の支払限度額の{ratio}%以下で選んでください。"

    def _add_disclosures(self) -> None:
        self.questions = disclosures.questions(self.product)
        for q in self.questions:
            if q.kind == "yes_no":
                self.fields[f"disclosure_{q.key}"] = forms.ChoiceField(
                    label=q.title,
                    help_text=q.body,
                    choices=list(disclosures.ANSWER_LABELS.items()),
                    required=False,
                    widget=forms.RadioSelect,
                )
            if q.kind == "confirm":
                self.fields[f"disclosure_{q.key}"] = forms.BooleanField(
                    label=f"{q.title}：加入者と確認しました", help_text=q.body, required=False
                )
            if q.detail_label:
                self.fields[f"disclosure_{q.key}_detail"] = forms.CharField(
                    label=q.title if q.kind in ("text", "optional_text") else q.detail_label,
                    help_text=q.body if q.kind in ("text", "optional_text", "basis") else "",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def _add_security(self) -> None:
        self.security_discount = security_discount(self.product)
        if self.security_discount is None:
            return
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
        # The catalogue says whether the printed rate is the most (Mitsui 「最大60%割引」) or can be exceeded
        # (Sompo 「最大 60%以上 割引」): then the top choice reads 「60%以上」 and no cap is stated.
        capped = self.security_discount.is_ceiling is True
        self.fields["security_rate"] = forms.ChoiceField(
            label="確認シートの回答による割引率",
            choices=[("", "わからない・保険会社の判定を待つ")]
            + [(str(r), f"{r}%" if capped or r < top else f"{r}%以上") for r in range(0, top + 1, 10)],
            required=False,
            help_text="割引率は確認シートの回答で保険会社が決めます"
            + (
                f"（最大{top}%）。"
                if capped
                else f"（パンフレットの記載は「最大{top}%以上」で、{top}%は上限ではありません）。"
            )
            + "わかる場合だけ選んでください。",
        )

    # --- initial values from a stored application ---------------------------------------------------

    @staticmethod
    def initial_for(application: Application, product: ProductInfo) -> dict:
        initial = {name: getattr(application, name) for name in ApplicationForm.APPLICATION_FIELDS}
        initial["revenue"] = format_yen(application.revenue) if application.revenue is not None else ""
        initial["version"] = application.version
        initial["options"] = [o.code for o in application.options.all()]
        for term in application_terms.terms_for(product, application.plan.code):
            value = application_terms.value_of(application, term)
            if term.kind == "choice":
                initial[term.form_field] = "" if value is None else str(value)
            elif term.kind == "amount":
                initial[term.form_field] = "" if value is None else format_yen(int(value))
            else:
                initial[term.form_field] = "" if value is None else str(value)
        for q in disclosures.questions(product):
            answer = disclosures.answer_of(application.disclosures or {}, q)
            initial[f"disclosure_{q.key}"] = (
                answer["answer"] == "confirmed" if q.kind == "confirm" else answer["answer"]
            )
            initial[f"disclosure_{q.key}_detail"] = answer["detail"]
        answers = application.security_answers or {}
        initial["security_sheet"] = answers.get("sheet", "")
        initial["security_rate"] = "" if answers.get("rate") is None else str(int(answers["rate"] * 100))
        return initial

    def as_data(self) -> dict:
        """The form's initial values as a POST would carry them (to show stored draft input with its
        message: the page binds this with the text as typed on top)."""
        data = {}
        for name, bf in self.initial_fields():
            value = bf.value()
            if isinstance(value, list | tuple):
                data[name] = [str(v) for v in value]
            elif value is None:
                data[name] = ""
            elif isinstance(value, bool):
                data[name] = "on" if value else ""
            else:
                data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return data

    def initial_fields(self):
        return [(name, self[name]) for name in self.fields]

    # --- grouping for the template -------------------------------------------------------------------

    def has(self, name: str) -> bool:
        return name in self.fields

    @property
    def term_fields(self):
        return [(t, self[t.form_field]) for t in self.terms]

    @property
    def disclosure_rows(self):
        rows = []
        for q in self.questions:
            rows.append(
                {
                    "question": q,
                    "answer": self[f"disclosure_{q.key}"] if f"disclosure_{q.key}" in self.fields else None,
                    "detail": self[f"disclosure_{q.key}_detail"]
                    if f"disclosure_{q.key}_detail" in self.fields
                    else None,
                }
            )
        return rows

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
            value = parse_yen(raw)
        except MoneyError as exc:
            raise ValidationError(str(exc)) from exc
        self.readbacks["revenue"] = readback(value)
        return value

    def clean_applicant_kana(self) -> str:
        return self._clean_with("applicant_kana", validators.clean_katakana)

    def clean_corporate_number(self) -> str:
        return self._clean_with("corporate_number", validators.clean_corporate_number)

    def clean_postal_code(self) -> str:
        value = (self.cleaned_data.get("postal_code") or "").strip()
        if not value:
            return ""
        self.addresses = validators.postal_candidates(value)
        return self.addresses[0].postal_code

    def clean_phone(self) -> str:
        return self._clean_with("phone", validators.clean_phone)

    def clean_bank_code(self) -> str:
        value = validators.digits_only(self.cleaned_data.get("bank_code") or "", label="金融機関コード")
        if not value:
            return ""
        if len(value) != 4:
            raise ValidationError(f"金融機関コードは4桁の数字です（入力は{len(value)}桁です。例：0001）。")
        validators.bank_name(value)
        return value

    def clean_branch_code(self) -> str:
        value = validators.digits_only(self.cleaned_data.get("branch_code") or "", label="支店コード")
        if value and len(value) != 3:
            raise ValidationError(f"支店コードは3桁の数字です（入力は{len(value)}桁です）。")
        return value

    def clean_account_number(self) -> str:
        return self._clean_with("account_number", validators.clean_account_number)

    def clean_account_holder_kana(self) -> str:
        return self._clean_with("account_holder_kana", validators.clean_account_holder)

    def _clean_terms(self) -> None:
        for term in self.terms:
            name = term.form_field
            if name not in self.cleaned_data or term.kind == "choice":
                continue
            raw = (self.cleaned_data.get(name) or "").strip()
            try:
                if not raw:
                    self.cleaned_data[name] = None
                elif term.kind == "percent":
                    self.cleaned_data[name] = _percent(raw)
                else:
                    self.cleaned_data[name] = parse_yen(raw)
                    self.readbacks[name] = readback(self.cleaned_data[name])
            except (MoneyError, ValidationError) as exc:
                self.add_error(name, exc.messages if isinstance(exc, ValidationError) else str(exc))

    def _clean_lengths(self) -> None:
        for name in list(self.cleaned_data):
            value = self.cleaned_data.get(name)
            if not isinstance(value, str) or not value:
                continue
            try:
                if name in self.APPLICATION_FIELDS:
                    limit = getattr(_meta(name), "max_length", None)
                    if limit:
                        validators.check_length(value, max_length=limit, label=self.fields[name].label)
                elif name.startswith("disclosure_"):
                    validators.check_length(value, max_length=self.DETAIL_MAX, label=self.fields[name].label)
                if name in NAME_FIELDS:
                    validators.check_no_emoji(value, label=self.fields[name].label)
            except ValidationError as exc:
                self.add_error(name, exc)

    def _clean_yucho(self, data: dict) -> None:
        symbol, number = (data.get("yucho_symbol") or "").strip(), (data.get("yucho_number") or "").strip()
        if not (symbol or number):
            return
        try:
            self.yucho = validators.convert_yucho(symbol, number)
        except ValidationError as exc:
            self.add_error("yucho_symbol" if not symbol or "記号" in exc.messages[0] else "yucho_number", exc)
            return
        data.update(
            bank_code=validators.YUCHO_BANK_CODE,
            branch_code=self.yucho.branch_code,
            account_type=self.yucho.account_type,
            account_number=self.yucho.account_number,
        )
        for name in ("bank_code", "branch_code", "account_number"):
            self.errors.pop(name, None)

    def clean(self):
        data = super().clean()
        self._clean_terms()
        self._clean_lengths()
        self._clean_yucho(data)
        if (
            len(self.addresses) == 1
            and "postal_code" in self.changed_data
            and not data.get("prefecture")
            and not data.get("city")
        ):
            # Only a new code on an empty address fills it; a typed prefecture or city is never replaced.
            data["prefecture"], data["city"] = self.addresses[0].prefecture, self.addresses[0].city
        bank, branch = data.get("bank_code"), data.get("branch_code")
        if bank and branch and "branch_code" not in self.errors:
            try:
                validators.branch_name(bank, branch)
            except ValidationError as exc:
                self.add_error("branch_code", exc)
        return data

    # --- what to save --------------------------------------------------------------------------------

    def application_data(self) -> dict:
        """The values to save (services.save_application): every field this programme uses that is valid;
        an invalid one is left out (see `draft_input`)."""
        cleaned = self.cleaned_data
        data = {
            name: cleaned[name]
            for name in self.APPLICATION_FIELDS
            if name in self.fields and name in cleaned and name not in self.errors
        }
        for term in self.terms:
            if term.form_field in cleaned and term.form_field not in self.errors and not term.option:
                data[term.name] = cleaned[term.form_field]
        option_limits = {
            t.option: cleaned[t.form_field]
            for t in self.terms
            if t.option and cleaned.get(t.form_field) not in (None, "") and t.form_field not in self.errors
        }
        data["option_limits"] = option_limits
        answers = {}
        for q in self.questions:
            answer, detail = f"disclosure_{q.key}", f"disclosure_{q.key}_detail"
            if answer in self.errors or detail in self.errors:
                continue
            value = cleaned.get(answer)
            entry = {
                "answer": ("confirmed" if value else "") if q.kind == "confirm" else (value or ""),
                "detail": (cleaned.get(detail) or "").strip(),
            }
            if entry["answer"] or entry["detail"]:
                answers[q.key] = entry
        data["disclosures"] = answers
        if self.security_discount is not None:
            rate = cleaned.get("security_rate")
            data["security_answers"] = {
                "sheet": cleaned.get("security_sheet") or "",
                "rate": int(rate) / 100 if rate else None,
            }
        return data

    def draft_input(self) -> dict:
        """The fields that could not be read, with the text as typed (field → text)."""
        out = {}
        for name in self.errors:
            if name in self.fields and name not in ("version", "options"):
                raw = self.data.get(name, "")
                # NUL cannot be stored (PostgreSQL refuses it in text and JSON) and is never meant: drop it
                raw = raw.replace("\x00", "") if isinstance(raw, str) else ""
                if raw.strip():
                    out[name] = raw[:2000]
        return out

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
        widget=forms.DateInput(
            attrs={"type": "date", "min": f"{FIRST_YEAR}-01-01", "max": f"{LAST_YEAR}-12-31"},
            format="%Y-%m-%d",
        ),
        error_messages=DATE_ERROR,
        validators=[check_date],
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
