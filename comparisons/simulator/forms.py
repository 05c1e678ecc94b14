"""The simulator form: a scenario, who found it, how many people, the amounts and the plans — all in the URL."""

from __future__ import annotations

from django import forms

from comparisons.compare.forms import MAX_PLANS
from comparisons.domain.money import MoneyError, parse_yen
from comparisons.domain.payout import COST_TYPES, SCENARIOS

MAX_PERSONS = 10_000_000


class SimulateForm(forms.Form):
    scenario = forms.ChoiceField(
        label="どんな事故ですか",
        choices=[(s.key, s.label) for s in SCENARIOS.values()],
        widget=forms.RadioSelect,
        initial="ransomware",
    )
    loaded = forms.CharField(required=False, widget=forms.HiddenInput)
    discovered_by = forms.ChoiceField(
        label="どうやって見つかりましたか",
        choices=[
            ("self", "自社で気づいた"),
            ("external", "公的機関・セキュリティ会社・カード会社などからの通報"),
        ],
        required=False,
    )
    persons = forms.IntegerField(
        label="被害を受けた人数（見舞金の対象）",
        min_value=0,
        max_value=MAX_PERSONS,
        required=False,
        error_messages={"invalid": "人数は数字で入力してください。"},
    )
    plans = forms.MultipleChoiceField(
        label="比べるプラン（4つまで）", required=False, widget=forms.CheckboxSelectMultiple
    )
    options = forms.MultipleChoiceField(
        label="付けるオプション", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, plan_choices=(), option_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        for cost in COST_TYPES.values():
            self.fields[cost.key] = forms.CharField(
                label=cost.label, required=False, max_length=40, help_text=cost.help
            )
        self.fields["plans"].choices = list(plan_choices)
        self.fields["options"].choices = list(option_choices)

    @property
    def amount_fields(self):
        return [self[key] for key in COST_TYPES]

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
        return data

    def clean_plans(self):
        plans = self.cleaned_data.get("plans") or []
        if len(plans) > MAX_PLANS:
            raise forms.ValidationError(
                f"比べられるプランは{MAX_PLANS}つまでです。チェックを外してください。"
            )
        return plans
