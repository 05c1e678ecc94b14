"""The comparison form: every answer is a GET parameter, so the whole state lives in the URL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.choices import BaseChoiceIterator

from comparisons.domain import terms
from comparisons.domain.calendar import FIRST_YEAR, LAST_YEAR, CalendarRangeError, check_supported
from comparisons.domain.eligibility import MEMBERSHIPS, NOT_IN_TABLE, ORGANISATIONS, Answers
from comparisons.domain.matrix import WORRIES
from comparisons.domain.money import MoneyError, parse_yen, readback

from .results import Request, chosen_options

MAX_PLANS = 4
SECURITY_RATES = [(str(r), f"{r}%") for r in (0, 10, 20, 30, 40, 50, 60)]


class NormalChoices(BaseChoiceIterator):
    """Choices already in Django's normal form, [(value, label)] or [(group, [(value, label), …])], handed to
    a field as they are. The form is built on every answer; a plain list would be normalised twice each
    time (by the field and by its widget), a tenth of the time a new answer takes with 100 industries.
    Never changed once made, so a form's copy of its class's fields shares them rather than deep-copying
    every (value, label) pair on every answer (Django's ChoiceField.__deepcopy__, ~150 copies a form)."""

    def __init__(self, choices: list[tuple]):
        self._items = tuple(choices)

    def __copy__(self) -> NormalChoices:
        return self

    def __deepcopy__(self, memo) -> NormalChoices:
        return self

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


class CompareForm(forms.Form):
    membership = forms.ChoiceField(
        label="どちらの会員ですか",
        choices=NormalChoices(list(MEMBERSHIPS.items())),
        required=False,
        widget=forms.RadioSelect,
    )
    organisation = forms.ChoiceField(
        label="事業の形態",
        choices=NormalChoices([("", "選んでください"), *ORGANISATIONS.items()]),
        required=False,
    )
    industry_q = forms.CharField(
        label="業種をさがす",
        required=False,
        max_length=50,
        help_text="例：飲食店、レストラン、建設、ソフトウェア",
    )
    industry = forms.ChoiceField(label="業種", required=False)
    revenue = forms.CharField(
        label="年間売上高",
        required=False,
        max_length=40,
        help_text="例：3億、1億2,000万円、5千万、三億、300,000,000（全角数字も使えます）",
    )
    rank = forms.ChoiceField(
        label="国庫補助ランク（シルバー人材センターの方）",
        choices=NormalChoices(
            [("", "わからない・該当しない"), ("A", "Aランク"), ("B", "Bランク"), ("C", "Cランク")]
        ),
        required=False,
    )
    handles = forms.MultipleChoiceField(
        label="扱っているもの・心配なこと（いくつでも）",
        choices=NormalChoices([(k, v[0]) for k, v in WORRIES.items()]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start = forms.DateField(
        label="補償を始めたい日",
        required=False,
        # min/max: the years the holiday calendar covers; the browser marks a date outside them invalid,
        # and app.js sends a date only when it is complete and valid.
        widget=forms.DateInput(
            attrs={"type": "date", "min": f"{FIRST_YEAR}-01-01", "max": f"{LAST_YEAR}-12-31"}
        ),
        error_messages={"invalid": "日付は 2026-12-01 のように、正しい年月日で入力してください。"},
    )
    plans = forms.MultipleChoiceField(
        label="比べるプラン（4つまで）", required=False, widget=forms.CheckboxSelectMultiple
    )
    options = forms.MultipleChoiceField(
        label="付けるオプション", required=False, widget=forms.CheckboxSelectMultiple
    )
    diff = forms.BooleanField(label="違いのある行だけ表示する", required=False)
    security = forms.ChoiceField(
        label="セキュリティ割引（仮定）", choices=NormalChoices(SECURITY_RATES), required=False
    )

    def __init__(self, *args, industries=(), plan_choices=(), option_choices=(), products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.products = list(products)
        self.fields["industry"].choices = NormalChoices(
            [("", "選んでください"), *industries, (NOT_IN_TABLE, "この中にない")]
        )
        self.fields["plans"].choices = NormalChoices(list(plan_choices))
        self.fields["options"].choices = NormalChoices(list(option_choices))
        refuse_unknown_choices_plainly(self)

    def clean_revenue(self) -> int | None:
        raw = self.cleaned_data.get("revenue", "").strip()
        if not raw:
            return None
        try:
            value = parse_yen(raw)
        except MoneyError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if value == 0:
            raise forms.ValidationError("年間売上高は1円以上で入力してください。")
        return value

    def clean_plans(self) -> list[str]:
        plans = self.cleaned_data.get("plans") or []
        if len(plans) > MAX_PLANS:
            raise forms.ValidationError(
                f"比べられるプランは{MAX_PLANS}つまでです。チェックを外してください。"
            )
        return plans

    def clean(self):
        """A plan + options combination the pamphlet forbids is refused beside the options, naming the rule
        and its quote (terms.option_problems); the comparison is then built without those options."""
        data = super().clean()
        messages, bad = option_problem_messages(
            self.products, data.get("plans") or [], data.get("options") or [], risk_code=data.get("industry")
        )
        if messages:
            self.add_error("options", messages)
            data["options"] = [o for o in data.get("options") or [] if o not in bad]
        return data

    def clean_start(self) -> dt.date | None:
        start = self.cleaned_data.get("start")
        if start:
            try:
                check_supported(start)
            except CalendarRangeError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return start

    @property
    def revenue_readback(self) -> str:
        """「＝ 120,000,000円」: the revenue as it was understood, shown beside the field ("" if none)."""
        value = self.cleaned_data.get("revenue") if hasattr(self, "cleaned_data") else None
        return readback(value) if value and "revenue" not in self.errors else ""


def option_problem_messages(
    products, plan_keys, option_keys, *, risk_code=None
) -> tuple[list[str], set[str]]:
    """The pamphlets' option rules broken by these "slug:code" plans and options: (messages naming the plan,
    the rule and its quote; the option keys that break one)."""
    by_slug = {p.slug: p for p in products}
    messages: list[str] = []
    bad: set[str] = set()
    for key in plan_keys:
        slug, _, code = key.partition(":")
        product = by_slug.get(slug)
        if product is None or product.plan(code) is None:
            continue
        chosen = chosen_options(option_keys, slug)
        risk = risk_code if risk_code and risk_code != NOT_IN_TABLE else None
        for problem in terms.option_problems(product, code, chosen, risk_code=risk):
            text = f"{product.short_name} {product.plan(code).name}：{problem.stated}"
            if text not in messages:
                messages.append(text)
            bad.add(f"{slug}:{problem.option}")
    return messages, bad


def refuse_unknown_choices_plainly(form: forms.Form) -> None:
    """An answer that is not one of a field's choices gets a plain message that does not repeat it: Django's
    default echoes the value, which is a data key such as 「silver-cyber:GX」 (or anything typed into a URL)."""
    for field in form.fields.values():
        if isinstance(field, forms.ChoiceField):
            field.error_messages["invalid_choice"] = "正しく選択してください。候補にない答えです。"


def plan_and_option_choices(products) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """("slug:code", label) choices for every plan and every option a member can add."""
    plans = [(f"{p.slug}:{pl.code}", f"{p.short_name} {pl.name}") for p in products for pl in p.plans]
    options = [
        (f"{p.slug}:{o.code}", f"{p.short_name}：{o.name}")
        for p in products
        for o in p.options
        if not o.automatic
    ]
    return plans, options


def compare_request(data: dict) -> Request:
    """A validated CompareForm's answers as the comparison's plain request (invalid answers are absent)."""
    answers = Answers(
        membership=data.get("membership") or None,
        organisation=data.get("organisation") or None,
        risk_code=data.get("industry") or None,
        revenue=data.get("revenue"),
        wants_it_services="it_services" in (data.get("handles") or []),
    )
    return Request(
        answers=answers,
        rank=data.get("rank") or None,
        start=data.get("start"),
        plans=tuple(data.get("plans") or ()),
        options=tuple(data.get("options") or ()),
        worries=tuple(data.get("handles") or ()),
        differences_only=bool(data.get("diff")),
        security_rate=Decimal(data.get("security") or 0) / 100,
    )
