"""The CSRF failure page (settings.CSRF_FAILURE_VIEW), in Japanese, keeping what was sent.

A form refused for its CSRF token (most often: logged in again in another tab, which changes the token) is
never a dead end: the page says what happened and, when the post came from this site (its Origin) and from
a logged-in user, offers to send the same input again with a fresh token. The values are put back only as
hidden fields of a form the user must submit themself; a post from another site (wrong or missing Origin)
or without a session gets the explanation and a link back, never its values re-armed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

NOT_RESENT = {"csrfmiddlewaretoken"}


def _same_origin(request: HttpRequest) -> bool:
    origin = request.META.get("HTTP_ORIGIN", "")
    if not origin or origin == "null":
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", [])


def _back(request: HttpRequest) -> str:
    """The page the form was on (the Referer, when it is this site), else the agents' list or the home."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse("enrollment:dashboard") if request.path.startswith("/agents/") else "/"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 page for a refused CSRF check; `reason` is Django's (English, internal: logged, not shown)."""
    resend = request.method == "POST" and request.user.is_authenticated and _same_origin(request)
    fields = (
        [(name, value) for name, values in request.POST.lists() if name not in NOT_RESENT for value in values]
        if resend
        else []
    )
    context = {"resend": resend, "fields": fields, "action": request.get_full_path(), "back": _back(request)}
    return render(request, "csrf_failure.html", context, status=403)
