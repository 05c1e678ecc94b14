"""The simulator form: a scenario, what happened, how it was found and made known, the amounts, the plans, the
options and the figures set on the application — all in the URL."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from comparisons.compare.forms import MAX_PLANS, refuse_unknown_choices_plainly
from comparisons.domain import terms
from comparisons.domain.money import MoneyError, format_yen, parse_yen, readback
from comparisons.domain.payout import COST_TYPES, SCENARIOS

MAX_PERSONS = 10_000_000
TRI_STATE = [("", "わからない"), ("yes", "はい"), ("no", "いいえ")]
TRI_FACTS = {
    "authority_report": "公的機関（個人情報保護委員会など）へ文書で届出・報告した",
    "police_report": "警察へ被害届を出した・不正アクセス禁止法に基づく援助を申し出た",
    "published": "自社で公表した（ホームページ・記者会見・社告など）",
    "press": "新聞・テレビ・インターネットなどで報道された",
    "apology_letters": "被害者にお詫び状・通知を送った",
    "web_or_email": "ホームページの運営・メールの送受信の業務で起きた",
    "card_data": "クレジットカード番号などが第三者に知られた",
    # facts the pamphlets' conditions need; left 「わからない」, the condition is shown as an assumption
    **{
        k: terms.FACTS[k]
        for k in ("emailed_program_defect", "insurer_consent", "notified_insurer_early", "dispatched_worker")
    },
}
MAX_DAYS = 3650
DISCOVERY_CHOICES = [(k, v) for k, v in terms.DISCOVERY.items() if k != "external"]


def term_field_name(plan_key: str, key: str) -> str:
    """The URL parameter of a figure set on the application, for one compared plan."""
    return f"term.{plan_key}.{key}"


class SimulateForm(forms.Form):
    scenario = forms.ChoiceField(
        label="どんな事故ですか",
        choices=[(s.key, s.label) for s in SCENARIOS.values()],
        widget=forms.RadioSelect,
        initial="ransomware",
    )
    loaded = forms.CharField(required=False, widget=forms.HiddenInput)
    events = forms.MultipleChoiceField(
        label="起きたこと（いくつでも）",
        choices=list(terms.EVENTS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    discovered_by = forms.ChoiceField(
        label="だれが見つけ・知らせましたか", choices=DISCOVERY_CHOICES, required=False
    )
    leaked_info = forms.ChoiceField(
        label="漏えいした（おそれのある）情報の種類",
        choices=[("", "わからない・漏えいではない")] + list(terms.INFORMATION.items()),
        required=False,
        help_text="個人情報か、取引先などの企業情報かで、支払われる特約が変わるプランがあります。",
    )
    perpetrator = forms.ChoiceField(
        label="だれの行為によるものですか", choices=list(terms.PERPETRATORS.items()), required=False
    )
    claim_country = forms.ChoiceField(
        label="損害賠償を請求された国", choices=list(terms.COUNTRIES.items()), required=False
    )
    abroad = forms.BooleanField(label="海外での業務・海外拠点で起きた", required=False)
    days_since_discovery = forms.IntegerField(
        label="事故を見つけた日から、最後に費用がかかった日までの日数",
        help_text="見つけた日の翌日を1日目として数えます。わからなければ空欄（期間の条件は前提として表示します）。",
        min_value=0,
        max_value=MAX_DAYS,
        required=False,
        error_messages={
            "invalid": "日数は数字で入力してください。",
            "min_value": "日数は0以上で入力してください。",
            "max_value": f"日数は{MAX_DAYS:,}日以下で入力してください。",
        },
    )
    risk_code = forms.ChoiceField(label="業種（リスク区分）", required=False)
    persons = forms.IntegerField(
        label="被害を受けた人数（個人の見舞金の対象）",
        min_value=0,
        max_value=MAX_PERSONS,
        required=False,
        error_messages={"invalid": "人数は数字で入力してください。"},
    )
    companies = forms.IntegerField(
        label="被害を受けた法人の数（法人への見舞金の対象）",
        min_value=0,
        max_value=MAX_PERSONS,
        required=False,
        error_messages={"invalid": "法人の数は数字で入力してください。"},
    )
    plans = forms.MultipleChoiceField(
        label="比べるプラン（4つまで）", required=False, widget=forms.CheckboxSelectMultiple
    )
    options = forms.MultipleChoiceField(
        label="付けるオプション", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, plan_choices=(), option_choices=(), industries=(), term_specs=(), **kwargs):
        """term_specs: (plan_key, plan title, ApplicationTerm) for the compared plans' application terms."""
        super().__init__(*args, **kwargs)
        self.readbacks: dict[str, str] = {}  # field name → how its typed amount was read (money.readback)
        for key, label in TRI_FACTS.items():
            self.fields[key] = forms.ChoiceField(label=label, choices=TRI_STATE, required=False)
        for cost in COST_TYPES.values():
            self.fields[cost.key] = forms.CharField(
                label=cost.label, required=False, max_length=40, help_text=cost.help
            )
        self.fields["plans"].choices = list(plan_choices)
        self.fields["options"].choices = list(option_choices)
        self.fields["risk_code"].choices = [("", "わからない・選ばない")] + list(industries)
        self.term_specs = list(term_specs)
        for plan_key, title, term in self.term_specs:
            name = term_field_name(plan_key, term.key)
            if term.choices:
                field = forms.TypedChoiceField(
                    label=f"{title}：{term.label}",
                    choices=[("", "申込書で決定（わからない）")]
                    + [(str(v), "なし" if v == 0 else format_yen(v)) for v in term.choices],
                    required=False,
                    coerce=int,
                    empty_value=None,
                )
            else:
                field = forms.CharField(
                    label=f"{title}：{term.label}",
                    required=False,
                    max_length=40,
                    help_text="空欄のときは「申込書で決定」として計算します。"
                    + ("10 のように％で入力してください。" if term.key == "insured_share" else ""),
                )
            self.fields[name] = field
        refuse_unknown_choices_plainly(self)

    @property
    def amount_fields(self):
        return [self[key] for key in COST_TYPES]

    @property
    def fact_fields(self):
        return [self[key] for key in TRI_FACTS]

    @property
    def term_fields(self):
        return [self[term_field_name(k, t.key)] for k, _title, t in self.term_specs]

    def clean(self):
        data = super().clean()
        for key in COST_TYPES:
            raw = (self.data.get(key) or "").strip()
            if not raw:
                data[key] = 0
                continue
            try:
                data[key] = parse_yen(raw)
            except MoneyError as exc:
                self.add_error(key, str(exc))
            else:
                self.readbacks[key] = readback(data[key])
        data["terms"] = self._clean_terms(data)
        return data

    def _clean_terms(self, data) -> dict[str, dict[str, int | Decimal]]:
        """plan_key → {term key: value} for the figures the member entered (yen; insured_share a fraction)."""
        out: dict[str, dict] = {}
        for plan_key, _title, term in self.term_specs:
            name = term_field_name(plan_key, term.key)
            if term.choices:
                value = data.get(name)
            else:
                raw = (self.data.get(name) or "").strip()
                if not raw:
                    continue
                if term.key == "insured_share":
                    try:
                        pct = Decimal(raw.rstrip("%％").strip())
                    except ArithmeticError:
                        self.add_error(name, "自己負担割合は 0〜100 の数字（％）で入力してください。")
                        continue
                    if not 0 <= pct <= 100:
                        self.add_error(name, "自己負担割合は 0〜100 の数字（％）で入力してください。")
                        continue
                    value = pct / 100
                else:
                    try:
                        value = parse_yen(raw)
                    except MoneyError as exc:
                        self.add_error(name, str(exc))
                        continue
                    self.readbacks[name] = readback(value)
            if value is not None:
                out.setdefault(plan_key, {})[term.key] = value
        return out

    def clean_plans(self):
        plans = self.cleaned_data.get("plans") or []
        if len(plans) > MAX_PLANS:
            raise forms.ValidationError(
                f"比べられるプランは{MAX_PLANS}つまでです。チェックを外してください。"
            )
        return plans
