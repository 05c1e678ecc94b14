"""A member hands their comparison to an agency: a draft application an agent of that agency picks up.

One draft per request: the form carries a one-time number (a reload or a second click of the same form is
refused and shows the first draft's reference), the same business asking the same agency for the same plan
while its draft is open is refused (its name compared NFKC-normalised, spaces removed), each address may create
only settings.MEMBER_REQUEST_RATE drafts (django-ratelimit, counted in the "ratelimit" cache; only posts that
would create a draft count, so an office sharing one address is not blocked by typos or repeated clicks, and
a refusal says how long to wait and gives the agency's phone), and a successful POST redirects to the
confirmation page.
"""

from __future__ import annotations

import math
import unicodedata
import uuid

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import get_usage

from comparisons.catalogue import selectors
from comparisons.catalogue.models import Option, Plan
from comparisons.compare.forms import CompareForm, compare_request, plan_and_option_choices
from comparisons.compare.results import chosen_options
from comparisons.domain.calendar import is_supported

from . import services
from .models import Agency, Application
from .validators import check_length, check_no_emoji, clean_phone

DONE_SESSION_KEY = "member_request_done"


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
    applicant_name = forms.CharField(label="事業所名（会社名・屋号）")
    contact_name = forms.CharField(label="ご担当者名")
    phone = forms.CharField(
        label="電話番号",
        help_text="代理店からこの番号にご連絡します。海外の番号は +1 202 555 0143 のように国番号から。",
    )
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
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

    def clean_applicant_name(self) -> str:
        value = self.cleaned_data["applicant_name"].strip()
        check_length(value, max_length=200, label="事業所名")
        check_no_emoji(value, label="事業所名")
        return value

    def clean_contact_name(self) -> str:
        value = self.cleaned_data["contact_name"].strip()
        check_length(value, max_length=100, label="ご担当者名")
        check_no_emoji(value, label="ご担当者名")
        return value


def member_request_rate(group, request) -> str:
    """django-ratelimit's rate for the form, read at each request (tests and deployments change it)."""
    return settings.MEMBER_REQUEST_RATE


def same_name(name: str) -> str:
    """A business name as compared for duplicates: NFKC (全角/半角 alike), every space removed
    (「有限会社 相談テスト」 = 「有限会社相談テスト」)."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def _duplicate(data: dict, token) -> Application | None:
    """The draft this request would duplicate: the same form sent again, or the same business asking the
    same agency for the same plan while that draft is still open."""
    if token:
        found = Application.objects.filter(request_token=token).first()
        if found:
            return found
    slug, _, code = data["plan"].partition(":")
    name = same_name(data["applicant_name"])
    candidates = Application.objects.filter(
        agency=data["agency"],
        product__slug=slug,
        plan__code=code,
        requested_by_member=True,
        status=Application.Status.DRAFT,
        member_contact_phone=data["phone"],
    )
    return next((a for a in candidates if same_name(a.applicant_name) == name), None)


def _limited(request: HttpRequest) -> dict | None:
    """Counts this request against the address's limit (only requests that would create a draft get here);
    None when allowed, else {"minutes": how long to wait, rounded up}."""
    usage = get_usage(request, group="member_request", key="ip", rate=member_request_rate, increment=True)
    if not usage or not usage["should_limit"]:
        return None
    return {"minutes": max(1, math.ceil(max(usage["time_left"], 0) / 60))}


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
        request.POST or None,
        plan_choices=offered,
        initial={"plan": req.plans[0] if req.plans else "", "token": uuid.uuid4()},
    )
    context = {"form": form, "req": req, "query": query.urlencode()}
    if request.method == "POST" and form.is_valid():
        duplicate = _duplicate(form.cleaned_data, form.cleaned_data.get("token"))
        if duplicate is not None:
            context["duplicate"] = duplicate
            return render(request, "member/request.html", context, status=409)
        limited = _limited(request)
        if limited:
            context["limited"] = {**limited, "agency": form.cleaned_data["agency"]}
            return render(request, "member/request.html", context, status=429)
        application = _create(form.cleaned_data, req, query)
        request.session[DONE_SESSION_KEY] = str(application.public_id)
        return redirect("enrollment:member_request_done")
    return render(request, "member/request.html", context)


def _create(data: dict, req, query) -> Application:
    slug, _, code = data["plan"].partition(":")
    plan = Plan.objects.select_related("product").get(product__slug=slug, code=code)
    options = list(
        Option.objects.filter(
            product=plan.product,
            code__in=chosen_options(req.options, slug),
        )
    )
    return services.create_from_comparison(
        agency=data["agency"],
        plan=plan,
        options=options,
        desired_start=req.start if req.start and is_supported(req.start) else None,
        risk_code=req.answers.risk_code if req.answers.risk_code not in (None, "none") else "",
        revenue=req.answers.revenue,
        rank=req.rank or "",
        membership=req.answers.membership or "",
        comparison_query=query.urlencode(),
        requested_by_member=True,
        member_contact_name=data["contact_name"],
        member_contact_phone=data["phone"],
        request_token=data.get("token"),
        applicant_name=data["applicant_name"],
    )


@require_GET
def request_done(request: HttpRequest) -> HttpResponse:
    """The confirmation after the redirect (a reload shows it again and creates nothing)."""
    public_id = request.session.get(DONE_SESSION_KEY)
    application = (
        Application.objects.select_related("agency").filter(public_id=public_id).first()
        if public_id
        else None
    )
    if application is None:
        raise Http404("相談の受付が見つかりません。")
    return render(
        request, "member/request_done.html", {"application": application, "agency": application.agency}
    )
