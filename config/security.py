"""The client's address for login throttling (django-axes).

Directly exposed (the default), it is the socket's address. Behind N trusted reverse proxies
(DJANGO_TRUSTED_PROXY_COUNT=N) it is the address the outermost of them saw: the N-th entry from the right
of X-Forwarded-For, which a client cannot forge (entries further left are whatever the client sent).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
