"""The site's URLs plus a bare view, the baseline the benchmark measures the real pages against.
Only config.settings.bench routes here."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("", include("config.urls")),
]
