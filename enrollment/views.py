"""Agent pages: dashboard, new application, the application form with autosave, lifecycle transitions.

Plain function views in the django-htmx style: `request.htmx` picks a template partial. Applications are
read through `applications_for(user)` (an agent sees their agency's, staff see all) and written only through
enrollment.services.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comparisons.catalogue import selectors
from comparisons.catalogue.models import Option, Plan
from comparisons.domain import pricing
from comparisons.domain.types import ProductInfo

from . import services, validators
from .forms import ApplicationCreateForm, ApplicationForm, automatic_options, uses_risk_code
from .models import Application, ApplicationEvent, person_name

Status = Application.Status
logger = logging.getLogger(__name__)
PAGE_SIZE = 20
DUE_SOON_DAYS = 14
MAX_MESSAGES = 5

# --- who sees what ----------------------------------------------------------------------------------


def agent_of(user):
    """The user's Agent, or None (the reverse one-to-one raises when absent)."""
    return getattr(user, "agent", None) if user.is_authenticated else None


def applications_for(user) -> QuerySet[Application]:
    """The applications a user may see: staff all of them, an agent their agency's, anyone else none."""
    qs = Application.objects.select_related("agency", "product", "plan", "updated_by")
    if user.is_staff:
        return qs
    agent = agent_of(user)
    if agent is None:
        return qs.none()
    return qs.filter(agency_id=agent.agency_id)


def get_application_for(user, public_id) -> Application:
    """The application if this user may see it; Http404 otherwise (never reveal another agency's)."""
    try:
        return applications_for(user).get(public_id=public_id)
    except (Application.DoesNotExist, ValidationError) as exc:
        raise Http404("この申込は見つかりません。") from exc


def post_only(view):
    """`require_POST`, marked so that a login `next` pointing here goes back to the application page
    instead of a GET the view refuses (405): see LoginView.get_redirect_url."""
    wrapped = require_POST(view)
    wrapped.post_only = True
    return wrapped


def back_from(path: str) -> str:
    """Where a GET to `path` should go: `path` itself, or, for a POST-only agent URL (autosave,
    transition), the application's page (or the list when the URL names no application)."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return path
    if not getattr(match.func, "post_only", False):
        return path
    if "public_id" in match.kwargs:
        return reverse("enrollment:application_detail", kwargs={"public_id": match.kwargs["public_id"]})
    return reverse("enrollment:dashboard")


def agent_required(view):
    """Logged in, and an agent or staff; any other user gets the Japanese 403 page. A background request
    (htmx: autosave, lookups) whose session has expired gets 401 with a short message instead of the login
    page, so the page keeps what was typed and sends the agent to log in and back (static/js/autosave.js)."""

    logged_in = login_required(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated and request.htmx:
            response = render(
                request,
                "enrollment/session_expired.html",
                {
                    "login_url": f"{reverse('enrollment:login')}?next={request.htmx.current_url_abs_path or ''}"
                },
                status=401,
            )
            response["HX-Reswap"] = "none"
            return response
        if request.user.is_authenticated and not (request.user.is_staff or agent_of(request.user)):
            return render(request, "enrollment/forbidden.html", status=403)
        if not request.user.is_authenticated:
            # A full-page POST after the session expired: the login brings the agent back to a page that
            # answers GET (the application), where the input kept on the device is offered back.
            return redirect_to_login(back_from(request.path), reverse("enrollment:login"))
        return logged_in(request, *args, **kwargs)

    return wrapped


# --- display helpers -------------------------------------------------------------------------------


def mask_name(name: str) -> str:
    """For lists: the first character and ●● (山田商事株式会社 → 山●●)."""
    name = (name or "").strip()
    return f"{name[0]}●●" if name else "（未入力）"


def hour_text(hour: int | None) -> str:
    if hour is None:
        return ""
    return f"午後{hour - 12}時" if hour > 12 else ("正午" if hour == 12 else f"午前{hour}時")


def _products_by_slug() -> dict[str, ProductInfo]:
    return {p.slug: p for p in selectors.products()}


@dataclass(frozen=True)
class Row:
    application: Application
    masked_name: str
    deadline: dt.date | None
    deadline_passed: bool
    deadline_estimated: bool = False  # a date the app worked out (【推定】), not the pamphlet's own
    masked_contact: str = ""
    problem: str = ""  # what is wrong with this one record (the list still shows every other row)
    plan_name: str = ""


def _row(application: Application, products: dict[str, ProductInfo], today: dt.date) -> Row:
    """One line of the list. Never raises for an odd value in the record: the row says what is wrong."""
    problem = ""
    try:
        product = services.product_for(application)
        schedule, problem = services.safe_schedule(application, product, today=today)
        plan = product.plan(application.plan.code)
        plan_name = plan.name if plan else application.plan.name
    except Exception as exc:  # noqa: BLE001 - one broken record must not take the agency's list down
        logger.exception("application %s cannot be listed", application.pk)
        schedule, plan_name = None, application.plan.name
        problem = f"この申込の内容を読み取れません（{type(exc).__name__}）。開いて確認してください。"
    contact = ""
    if application.member_contact_name or application.member_contact_phone:
        contact = f"{mask_name(application.member_contact_name)} {services.mask('member_contact_phone', application.member_contact_phone)}"
    return Row(
        application=application,
        masked_name=mask_name(application.applicant_name),
        deadline=schedule.application_deadline if schedule else None,
        deadline_passed=bool(schedule and schedule.deadline_passed),
        deadline_estimated=bool(schedule and schedule.is_estimated("application_deadline")),
        masked_contact=contact.strip(),
        problem=problem,
        plan_name=plan_name,
    )


class LoginView(auth_views.LoginView):
    """Django's login, without its `site_name` (the request's host name), which hides the site's own name
    in the page header. enrollment/urls.py should route `login` here."""

    template_name = "enrollment/login.html"

    def get_redirect_url(self):
        url = super().get_redirect_url()
        return back_from(url) if url else url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.pop("site_name", None)
        return context


# --- dashboard -------------------------------------------------------------------------------------


def _search(qs: QuerySet[Application], query: str) -> QuerySet[Application]:
    terms = Q(applicant_name__icontains=query) | Q(applicant_kana__icontains=query)
    try:
        terms |= Q(applicant_kana__icontains=validators.clean_katakana(query))  # ひらがなでも探せる
    except ValidationError:
        pass
    reference = query.replace("-", "").lower()
    if reference and all(c in "0123456789abcdef" for c in reference):
        terms |= Q(public_id__istartswith=reference)
    return qs.filter(terms)


@require_GET
@agent_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    products = _products_by_slug()
    scope = applications_for(request.user)
    status = request.GET.get("status", "")
    product = request.GET.get("product", "")
    due = request.GET.get("due") == "soon"
    requested = request.GET.get("requested") == "1"
    query = request.GET.get("q", "").strip()[:100]

    qs = scope
    if status in Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    if product in products:
        qs = qs.filter(product__slug=product)
    else:
        product = ""
    if requested:
        qs = qs.filter(requested_by_member=True, status=Status.DRAFT)
    if query:
        qs = _search(qs, query)
    if due:
        # The deadline comes from each programme's rule, so it is computed here, not in SQL.
        limit = today + dt.timedelta(days=DUE_SOON_DAYS)
        rows = [_row(a, products, today) for a in qs.exclude(status=Status.ACCEPTED)]
        rows = [r for r in rows if r.deadline and today <= r.deadline <= limit]
        rows.sort(key=lambda r: r.deadline)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = [_row(a, products, today) for a in page.object_list]

    counts = {row["status"]: row["n"] for row in scope.order_by().values("status").annotate(n=Count("id"))}
    member_requests = scope.filter(requested_by_member=True, status=Status.DRAFT).count()
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "status": status,
        "product": product,
        "due": due,
        "requested": requested,
        "query": query,
        "filtered": bool(status or product or due or requested or query),
        "statuses": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
        "total": sum(counts.values()),
        "products": list(products.values()),
        "member_requests": member_requests,
        "due_days": DUE_SOON_DAYS,
        "agent": agent_of(request.user),
        "user_name": person_name(request.user),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    context["announce"] = partial  # the page's status region says how many were found (out-of-band swap)
    template = "enrollment/dashboard.html#results" if partial else "enrollment/dashboard.html"
    return render(request, template, context)


# --- create ----------------------------------------------------------------------------------------


def _default_membership(product: ProductInfo) -> str:
    for rule in product.eligibility:
        allowed = rule.params.get("any_of") or []
        if rule.rule == "membership_required" and len(allowed) == 1:
            return allowed[0]
    return ""


@require_http_methods(["GET", "POST"])
@agent_required
def application_create(request: HttpRequest) -> HttpResponse:
    products = selectors.products()
    agent = agent_of(request.user)
    if request.method == "POST":
        form = ApplicationCreateForm(request.POST, products=products, needs_agency=agent is None)
        if form.is_valid():
            product, plan_code = form.chosen_product()
            plan = Plan.objects.get(product__slug=product.slug, code=plan_code)
            codes = set(form.cleaned_data["options"]) | set(automatic_options(product, plan_code))
            application = services.create_from_comparison(
                agency=agent.agency if agent else form.cleaned_data["agency"],
                plan=plan,
                options=list(Option.objects.filter(product=plan.product, code__in=codes)),
                desired_start=form.cleaned_data["desired_start"],
                membership=_default_membership(product),
                actor=request.user,
            )
            messages.success(request, "申込の下書きを作成しました。加入者の情報を入力してください。")
            return redirect("enrollment:application_detail", public_id=application.public_id)
    else:
        # ?plan=slug:code&options=code&start=YYYY-MM-DD (e.g. from the comparison) preselects the choice.
        initial = {
            "plan": request.GET.get("plan", ""),
            "options": [o.partition(":")[2] or o for o in request.GET.getlist("options")],
            "desired_start": request.GET.get("start") or None,
        }
        form = ApplicationCreateForm(initial=initial, products=products, needs_agency=agent is None)
    template = "enrollment/application_create.html"
    if request.htmx and request.method == "GET" and not request.htmx.history_restore_request:
        template += "#options"
    return render(request, template, {"form": form, "agent": agent})


# --- detail, save, autosave -----------------------------------------------------------------------


def _form(application: Application, product: ProductInfo, data=None) -> ApplicationForm:
    """The application's form: bound to `data` (a POST), or showing the stored values, with any stored
    input that could not be read put back as typed, with its message."""
    editable = application.status in services.EDITABLE

    def build(bound):
        return ApplicationForm(
            bound,
            initial=ApplicationForm.initial_for(application, product),
            product=product,
            plan_code=application.plan.code,
            risk_rows=selectors.risk_categories() if uses_risk_code(product) else None,
            editable=editable,
        )

    form = build(data)
    if data is None and application.draft_input and editable:
        form = build({**form.as_data(), **application.draft_input})
        form.is_valid()
    if editable:
        _live_lookups(form, application)
    return form


def _live_lookups(form: ApplicationForm, application: Application) -> None:
    """While typing: the postal code offers the towns it covers, bank codes show their names (htmx)."""
    url = reverse("enrollment:application_detail", args=[application.public_id])
    form.fields["postal_code"].widget.attrs.update(
        {
            "hx-get": f"{url}?lookup=postal",
            "hx-trigger": "input changed delay:400ms, change",
            "hx-include": "#id_prefecture, #id_city",
            "hx-target": "#address-message",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
        }
    )
    for name in ("bank_code", "branch_code"):
        if form.has(name):
            form.fields[name].widget.attrs.update(
                {
                    "hx-get": f"{url}?lookup=bank",
                    "hx-trigger": "input changed delay:400ms, change",
                    "hx-include": "#id_bank_code, #id_branch_code",
                    "hx-target": "#bank-names",
                    "hx-swap": "innerHTML",
                    "hx-sync": "#bank-names:replace",
                }
            )


def _premium(application: Application, product: ProductInfo) -> dict:
    try:
        q = services.application_quote(application, product)
    except pricing.QuoteError as exc:
        return {"quote": None, "error": str(exc)}
    return {"quote": q, "error": ""}


CHECK_ANCHORS = {"disclosures": "fs-disclosures", "options": "fs-options"}
BUTTONS = {
    Status.REVIEW: "確認待ちにする",
    Status.DRAFT: "下書きに戻す",
    Status.SUBMITTED: "提出する",
    Status.ACCEPTED: "受付する",
    Status.RETURNED: "差戻す",
}


def _transitions(application: Application, user) -> list[dict]:
    allowed = []
    for (from_status, to_status), who in services.TRANSITIONS.items():
        if from_status != application.status or (who == "staff" and not user.is_staff):
            continue
        allowed.append(
            {
                "to": to_status,
                "label": BUTTONS[to_status],
                "staff": who == "staff",
                "needs_comment": to_status == Status.RETURNED,
            }
        )
    return allowed


def _field_label(field: str, own: dict[str, str] | None = None) -> str:
    if own and field in own:
        return own[field]
    try:
        return str(Application._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return {"options": "特約"}.get(field, field)


def _audit(application: Application) -> list[dict]:
    """The trail as stored: each change already in words, personal values masked when it was recorded."""
    rows = []
    try:
        own = services.field_labels(services.product_for(application), application.plan.code)
    except Exception:  # noqa: BLE001 - the trail is shown even when the programme cannot be read
        own = {}
    for event in application.events.select_related("actor"):
        actor = event.actor
        changes = [
            {"label": _field_label(field, own), "before": str(before), "after": str(after)}
            for field, (before, after) in (event.changes or {}).items()
        ]
        operation = event.get_action_display()
        if event.action == ApplicationEvent.Action.TRANSITION:
            operation += f"（{Status(event.from_status).label} → {Status(event.to_status).label}）"
        rows.append(
            {
                "at": event.at,
                "actor": person_name(actor) if actor else "（システム）",
                "operation": operation,
                "changes": changes,
                "comment": event.comment,
            }
        )
    return rows


def _dates(schedule) -> dict | None:
    if schedule is None:
        return None
    return {
        "schedule": schedule,
        "start_hour": hour_text(schedule.start_hour),
        "end_hour": hour_text(schedule.end_hour),
    }


def _side_context(application: Application, product: ProductInfo, user) -> dict:
    today = timezone.localdate()
    checks = services.application_checks(application, today=today, product=product)
    schedule, schedule_error = services.safe_schedule(application, product, today=today)
    return {
        "checks": [
            {"check": c, "anchor": CHECK_ANCHORS.get(c.field, f"id_{c.field}" if c.field else "")}
            for c in checks
        ],
        "blocking_count": sum(1 for c in checks if c.blocking),
        "dates": _dates(schedule),
        "schedule_error": schedule_error,
        "premium": _premium(application, product),
        "transitions": _transitions(application, user),
        "audit": _audit(application),
        "terms": application.terms or {},
    }


def _names(bank_code: str, branch_code: str) -> dict:
    """Bank and branch names for the codes typed, or why not (shown beside the fields, live)."""
    out = {"bank_name": "", "branch_name": "", "bank_error": "", "branch_error": ""}
    if (bank_code or "").strip():
        try:
            out["bank_name"] = validators.bank_name(bank_code)
        except ValidationError as exc:
            out["bank_error"] = exc.messages[0]
    if out["bank_name"] and (branch_code or "").strip():
        try:
            out["branch_name"] = validators.branch_name(bank_code, branch_code)
        except ValidationError as exc:
            out["branch_error"] = exc.messages[0]
    return out


def _detail_context(request, application, product, form, *, conflict: str = "") -> dict:
    editable = application.status in services.EDITABLE
    version = form["version"].value() if form.is_bound else application.version
    bank_code = form["bank_code"].value() if form.has("bank_code") else ""
    branch_code = form["branch_code"].value() if form.has("branch_code") else ""
    return {
        "application": application,
        "product": product,
        "plan": product.plan(application.plan.code),
        "form": form,
        "version": version,
        "editable": editable,
        "conflict": conflict,
        "debits_account": services.debits_account(product),
        "payment_notes": product.notes_of("payment"),
        "documents": services.application_documents(product),
        "pays_by_transfer": any(
            (s.debit or {}).get("kind") == "by_deadline_transfer" for s in product.schedule
        ),
        "automatic": [product.option(code) for code in form.automatic],
        "names": _names(bank_code or "", branch_code or ""),
        "contact": {"name": application.member_contact_name, "phone": application.member_contact_phone},
        "citation": (application.terms or {}).get("pamphlet", {}).get("citation", ""),
        "yucho": form.yucho,
        **_side_context(application, product, request.user),
    }


def _lookup_partial(request, application, product) -> HttpResponse:
    """htmx, while typing: the towns of a postal code (never replacing a prefecture or city already typed:
    a candidate is offered, the agent picks it), or the bank/branch names."""
    if request.GET.get("lookup") == "bank":
        names = _names(request.GET.get("bank_code", ""), request.GET.get("branch_code", ""))
        return render(request, "enrollment/application_detail.html#bank_names", {"names": names})
    postal = request.GET.get("postal_code", "")
    try:
        candidates = validators.postal_candidates(postal)
    except ValidationError as exc:
        if len(validators.digits(postal)) < 7 and "使えない文字" not in exc.messages[0]:
            return HttpResponse(status=204)  # still typing: leave everything as it is
        return render(
            request, "enrollment/application_detail.html#address_message", {"address_error": exc.messages[0]}
        )
    typed = (request.GET.get("prefecture", "").strip(), request.GET.get("city", "").strip())
    pick = request.GET.get("pick")
    chosen = None
    if pick is not None and pick.isdigit() and int(pick) < len(candidates):
        chosen = candidates[int(pick)]
    elif len(candidates) == 1 and not any(typed):
        chosen = candidates[0]
    matches = any((c.prefecture, c.city) == typed for c in candidates)
    context = {
        "candidates": list(enumerate(candidates)),
        "chosen": chosen,
        "typed": typed if any(typed) else None,
        "matches": matches,
        "url": reverse("enrollment:application_detail", args=[application.public_id]),
        "postal": candidates[0].postal_code,
    }
    return render(request, "enrollment/application_detail.html#address_lookup", context)


def _add_errors(form: ApplicationForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _save_kwargs(application: Application, form: ApplicationForm) -> dict:
    """What save_application needs from a checked form: the valid values, the unreadable ones as typed."""
    return {
        "data": form.application_data(),
        "draft_input": form.draft_input(),
        "options": list(Option.objects.filter(product=application.product, code__in=form.option_codes()))
        if "options" not in form.errors
        else None,
    }


def _version(form: ApplicationForm) -> int | None:
    try:
        return int(form.data.get("version", ""))
    except (TypeError, ValueError):
        return None


def _save(request, application, form) -> tuple[Application | None, str]:
    """Save what can be saved of a checked form: every valid field, and the invalid ones as typed (they keep
    their message). Returns (saved application, "") or (None, conflict message)."""
    form.is_valid()
    version = _version(form)
    if version is None:
        return None, "ページの情報が古くなっています。読み込み直してください。"
    try:
        saved = services.save_application(
            application=application,
            expected_version=version,
            actor=request.user,
            **_save_kwargs(application, form),
        )
    except services.ConcurrentEditError as exc:
        return None, exc.message
    except ValidationError as exc:
        _add_errors(form, exc)
        return None, ""
    return saved, ""


@require_http_methods(["GET", "POST"])
@agent_required
def application_detail(request: HttpRequest, public_id) -> HttpResponse:
    application = get_application_for(request.user, public_id)
    product = services.product_for(application)
    if request.method == "GET":
        if request.htmx and request.GET.get("lookup"):
            return _lookup_partial(request, application, product)
        form = _form(application, product)
        return render(
            request,
            "enrollment/application_detail.html",
            _detail_context(request, application, product, form),
        )

    form = _form(application, product, data=request.POST)
    saved, conflict = _save(request, application, form)
    if saved and not form.errors:
        messages.success(request, "保存しました。")
        return redirect("enrollment:application_detail", public_id=application.public_id)
    current = saved or application
    if saved:
        form = _form(saved, product, data={**request.POST.dict(), "version": str(saved.version)})
        form.is_valid()
    context = _detail_context(request, current, product, form, conflict=conflict)
    # Re-render the bound form: nothing typed is lost; errors sit beside their fields.
    return render(request, "enrollment/application_detail.html", context, status=409 if conflict else 200)


@post_only
@agent_required
def application_autosave(request: HttpRequest, public_id) -> HttpResponse:
    """htmx autosave: saves every valid field (an invalid one stays as typed, with its message), answers
    with the status, the new version and the side panel. A conflict answers 409, so the page says so."""
    application = get_application_for(request.user, public_id)
    product = services.product_for(application)
    form = _form(application, product, data=request.POST)
    saved, conflict = _save(request, application, form)
    if not request.htmx:
        return redirect("enrollment:application_detail", public_id=application.public_id)
    context = {
        "application": application,
        "form": form,
        "saved_at": None,
        "conflict": conflict,
        "unchanged": False,
    }
    if saved:
        context.update(
            application=saved,
            saved_at=timezone.localtime(),
            unchanged=saved.version == _version(form),
            version=saved.version,
            editable=saved.status in services.EDITABLE,
            oob=True,
            product=product,
            **_side_context(saved, product, request.user),
        )
    status = 409 if conflict else 200
    return render(request, "enrollment/application_detail.html#autosave", context, status=status)


@require_GET
@agent_required
def csrf_token(request: HttpRequest) -> JsonResponse:
    """A fresh CSRF token for a page whose token went stale (logged in again in another tab): the autosave
    script retries with it instead of losing the save."""
    response = JsonResponse({"token": get_token(request)})
    response["Cache-Control"] = "no-store"
    return response


# --- lifecycle -------------------------------------------------------------------------------------


def _transition_errors(request, to_status: str, problems: list[str]) -> None:
    if len(problems) > 1:
        messages.error(
            request,
            f"「{Status(to_status).label}」にできません。要対応の項目が{len(problems)}件あります"
            "（右の「確認事項」に一覧があります）。",
        )
    for message in problems[:MAX_MESSAGES]:
        messages.error(request, message)
    if len(problems) > MAX_MESSAGES:
        messages.error(request, f"ほか{len(problems) - MAX_MESSAGES}件")


@post_only
@agent_required
def application_transition(request: HttpRequest, public_id) -> HttpResponse:
    """Change the status. When the buttons submit the application form (they do: form="application-form"),
    what was typed is saved first, in the same transaction, so nothing typed before the click is lost."""
    application = get_application_for(request.user, public_id)
    to_status = request.POST.get("to_status", "")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    if to_status not in Status.values or version is None:
        messages.error(
            request, "状態を変更できませんでした。ページを読み込み直してから、もう一度操作してください。"
        )
        return redirect("enrollment:application_detail", public_id=application.public_id)
    save = None
    if application.status in services.EDITABLE and "applicant_name" in request.POST:
        form = _form(application, services.product_for(application), data=request.POST)
        form.is_valid()
        save = _save_kwargs(application, form)
    try:
        services.transition(
            application=application,
            to_status=to_status,
            actor=request.user,
            expected_version=version,
            comment=request.POST.get("comment", "").strip(),
            today=timezone.localdate(),
            save=save,
        )
    except services.ConcurrentEditError as exc:
        messages.error(request, exc.message)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "この操作をする権限がありません。")
    except ValidationError as exc:
        if save is not None:
            _keep_typed(request, application, save)
        _transition_errors(request, to_status, exc.messages)
    else:
        messages.success(request, f"状態を「{Status(to_status).label}」に変更しました。")
    return redirect(reverse("enrollment:application_detail", args=[application.public_id]))


def _keep_typed(request, application: Application, save: dict) -> None:
    """A refused transition still saves what was typed (the transition's transaction rolled it back)."""
    current = Application.objects.get(pk=application.pk)
    try:
        services.save_application(
            application=current, expected_version=current.version, actor=request.user, **save
        )
    except (services.ConcurrentEditError, ValidationError):
        messages.error(request, "入力内容の一部を保存できませんでした。内容を確かめてください。")


__all__ = [
    "LoginView",
    "agent_required",
    "applications_for",
    "application_autosave",
    "application_create",
    "application_detail",
    "application_transition",
    "csrf_token",
    "dashboard",
    "get_application_for",
]
