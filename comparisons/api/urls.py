"""The API's URLs: django-ninja's operations (views.py), the OpenAPI document and the docs page.

Two things differ from ninja's own URL patterns, both so that the API behaves as the rest of the site:
- ninja marks every view csrf_exempt (it checks CSRF itself only for cookie-based auth, which this API does
  not use); the site keeps Django's CSRF check on every view but the stateless, cookie-free simulator
  (README, "Production"), so only CSRF_EXEMPT keeps the mark;
- a wrong HTTP method gets the API's JSON error (405, param "method") instead of ninja's plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, path

from . import docs, views
from .errors import method_not_allowed
from .ninja_api import api

app_name = "api"
CSRF_EXEMPT = {"simulate"}  # POST /api/simulate/ reads no cookie and changes nothing


def _as_site_view(view: Callable[..., HttpResponse], *, csrf_exempt: bool) -> Callable[..., HttpResponse]:
    def site_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            error = method_not_allowed(request.method or "", response["Allow"])
            refusal = api.create_response(request, error.payload(), status=error.status)
            refusal["Allow"] = response["Allow"]
            return refusal
        return response

    if csrf_exempt:
        site_view.csrf_exempt = True  # type: ignore[attr-defined]
    return site_view


def _site_patterns(patterns: list[Any]) -> list[URLPattern]:
    return [
        URLPattern(
            p.pattern, _as_site_view(p.callback, csrf_exempt=p.name in CSRF_EXEMPT), p.default_args, p.name
        )
        for p in patterns
    ]


urlpatterns = [
    *_site_patterns(api.urls[0]),
    path("openapi.json", views.openapi, name="openapi"),
    path("docs/", docs.docs, name="docs"),
]
