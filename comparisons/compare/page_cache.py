"""Caches of what the member's pages render from the catalogue.

A comparison is a pure function of the answers (the query string), the catalogue's version and today's
date. So the htmx partial rendered for one member can be served again to the next member who gives the
same answers on the same day (members of one chamber often do), or who goes back to answers they gave
before and then changes them again. The key holds
all of those inputs, and the htmx headers that choose which region is rendered, so a hit is never stale:
a new catalogue version or a new day gives new keys, and the old entries age out.

Only what is the same for everybody is cached. A response is not stored when the view read the session
(a logged-in agent, messages) or used a CSRF token, when it says it is private (Cache-Control private or
no-store, Vary: Cookie), or when it is not a plain 200.

Entries are gzip-compressed: they take a tenth of the memory, and a browser that accepts gzip gets the
compressed bytes as they are (the partials hold no secret, so compression is not a BREACH risk). They are
compressed with python-isal (Intel ISA-L's gzip, the standard gzip format): a results partial with its
matrix is ~470 kB of HTML, which the standard library's zlib takes ~2 ms to compress even at level 1, a
fifth of a new answer's time; ISA-L takes a fifth of that, and its output is smaller.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from isal import igzip as gzip

from comparisons.catalogue import selectors

CACHE_ALIAS = "pages"
TIMEOUT = 60 * 60  # the key changes with the date and the catalogue; this only bounds an entry's life
# The request headers that choose what the view renders; they are part of the key and of Vary.
VARY_REQUEST_HEADERS = ("HX-Request", "HX-Target", "X-Compare-Form", "X-Compare-Search", "X-Compare-Matrix")
# The response headers kept with an entry (htmx's instructions to the browser).
KEPT_RESPONSE_HEADERS = ("Content-Type", "HX-Retarget", "HX-Reswap", "HX-Push-Url")


def partial_key(request: HttpRequest) -> str:
    parts = [
        selectors.catalogue_token(),
        timezone.localdate().isoformat(),
        request.path,
        request.META.get("QUERY_STRING", ""),
        *(request.headers.get(h, "") for h in VARY_REQUEST_HEADERS),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"htmx-partial:{digest}"


def _accepts_gzip(request: HttpRequest) -> bool:
    """gzip listed in Accept-Encoding, and not refused with q=0."""
    for coding in request.headers.get("Accept-Encoding", "").lower().split(","):
        name, *params = (part.strip() for part in coding.split(";"))
        if name == "gzip":
            q = next((p[2:] for p in params if p.startswith("q=")), "1")
            try:
                return float(q) > 0
            except ValueError:
                return False
    return False


def _respond(
    request: HttpRequest, body_gz: bytes, headers: list[tuple[str, str]], *, body: bytes | None = None
) -> HttpResponse:
    """The entry as a response: its gzip bytes as they are, or the plain body (given, on a miss, or
    decompressed) for a client that does not take gzip."""
    if _accepts_gzip(request):
        response = HttpResponse(body_gz)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(body if body is not None else gzip.decompress(body_gz))
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(response.content))
    patch_vary_headers(response, (*VARY_REQUEST_HEADERS, "Accept-Encoding"))
    return response


def _cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Content-Encoding")
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "cookie" not in response.get("Vary", "").lower()
        and not (session is not None and session.accessed)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and bool(selectors.catalogue_token())  # rows written by hand have no version to key on
    )


def cache_htmx_partial(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a GET view's htmx partials from the page cache; full pages are always rendered."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        htmx = getattr(request, "htmx", None)
        if request.method != "GET" or not htmx or htmx.history_restore_request:
            return view(request, *args, **kwargs)
        cache = caches[CACHE_ALIAS]
        key = partial_key(request)
        hit = cache.get(key)
        if hit is not None:
            body_gz, headers = hit
            return _respond(request, body_gz, headers)
        response = view(request, *args, **kwargs)
        if not _cacheable(request, response):
            return response
        headers = [(h, response[h]) for h in KEPT_RESPONSE_HEADERS if response.has_header(h)]
        body_gz = gzip.compress(response.content, compresslevel=1, mtime=0)
        cache.set(key, (body_gz, headers), TIMEOUT)
        return _respond(request, body_gz, headers, body=response.content)

    return wrapped
