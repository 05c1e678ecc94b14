"""A member hands their comparison to an agency: a draft application an agent of that agency picks up."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from comparisons.catalogue import selectors
from comparisons.catalogue.models import Option, Plan
from comparisons.compare.forms import CompareForm, compare_request, plan_and_option_choices

from . import services
from .models import Agency
from .validators import clean_phone


class MemberRequestForm(forms.Form):
    plan = forms.ChoiceField(label="申し込みたいプラン")
    agency = forms.ModelChoiceField(
        label="相談する代理店",
        queryset=Agency.objects.filter(accepts_member_requests=True),
        empty_label="選んでください",
        error_messages={
            "required": "代理店を選んでください。",
            "invalid_choice": "代理店を選び直してください。",
        },
    )
    applicant_name = forms.CharField(label="事業所名（会社名・屋号）", max_length=200)
    contact_name = forms.CharField(label="ご担当者名", max_length=100)
    phone = forms.CharField(label="電話番号", max_length=20, help_text="代理店からこの番号にご連絡します。")
    consent = forms.BooleanField(
        label="入力した内容と比較の条件を、選んだ代理店に伝えることに同意します",
        error_messages={"required": "代理店に伝えるには、同意のチェックが必要です。"},
    )

    def __init__(self, *args, plan_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "選んでください"), *plan_choices]
        self.fields["plan"].error_messages["required"] = "プランを選んでください。"

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])


def _comparison(query):
    """The member's comparison answers (invalid ones dropped), and the plans it compared."""
    products = selectors.products()
    plan_choices, option_choices = plan_and_option_choices(products)
    industries = [("業種", [(r.code, r.name) for r in selectors.risk_categories()])]
    form = CompareForm(query, industries=industries, plan_choices=plan_choices, option_choices=option_choices)
    form.is_valid()
    return compare_request(form.cleaned_data), dict(plan_choices)


@require_http_methods(["GET", "POST"])
def request_application(request: HttpRequest) -> HttpResponse:
    query = request.GET
    req, labels = _comparison(query)
    offered = [(key, labels[key]) for key in req.plans if key in labels] or list(labels.items())
    form = MemberRequestForm(
        request.POST or None, plan_choices=offered, initial={"plan": req.plans[0] if req.plans else ""}
    )
    if request.method == "POST" and form.is_valid():
        slug, _, code = form.cleaned_data["plan"].partition(":")
        plan = Plan.objects.select_related("product").get(product__slug=slug, code=code)
        options = list(
            Option.objects.filter(
                product=plan.product,
                code__in=[o.partition(":")[2] for o in req.options if o.startswith(slug + ":")],
            )
        )
        data = form.cleaned_data
        application = services.create_from_comparison(
            agency=data["agency"],
            plan=plan,
            options=options,
            desired_start=req.start,
            risk_code=req.answers.risk_code if req.answers.risk_code not in (None, "none") else "",
            revenue=req.answers.revenue,
            rank=req.rank or "",
            membership=req.answers.membership or "",
            comparison_query=query.urlencode(),
            requested_by_member=True,
            member_contact=f"{data['contact_name']}（{data['phone']}）",
            applicant_name=data["applicant_name"],
        )
        return render(
            request, "member/request_done.html", {"application": application, "agency": data["agency"]}
        )
    return render(request, "member/request.html", {"form": form, "req": req, "query": query.urlencode()})
