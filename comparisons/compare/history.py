"""Which answers add a browser history entry and which only replace it.

A member filling in the comparison (or the simulator) refines one answer: ticking a worry, choosing plans,
typing the revenue for the first time. Each such change keeps the URL up to date (reload and a shared link
show the same thing) but replaces the current history entry, so Back leaves the page instead of stepping
through every tick. A change that gives a different answer to a question already answered (another
membership, another revenue, another incident) adds an entry, so Back returns to the answer before it.

htmx tells the server the page's URL before the change (HX-Current-URL); the response says what to do with
its own URL (HX-Push-Url or HX-Replace-Url), which overrides the element's hx-push-url.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from urllib.parse import parse_qs, urlsplit

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_vary_headers

# The answers that say who the member is (or what happened): changing one of them is a new answer, not a
# refinement. Each with the value the page shows when the URL has none (the simulator starts on a scenario).
COMPARE_ANSWERS: Mapping[str, str] = dict.fromkeys(
    ("membership", "organisation", "industry", "revenue", "rank"), ""
)
SIMULATOR_ANSWERS: Mapping[str, str] = {"scenario": "ransomware"}


def _values(query: Mapping[str, list[str]], key: str, default: str) -> list[str]:
    values = [v for v in query.get(key, []) if v.strip()]
    return values or ([default] if default else [])


def refines(before: Mapping[str, list[str]], after: QueryDict, *, answers: Mapping[str, str]) -> bool:
    """True when every one of `answers` that had a value before still has the same value (answers given for
    the first time, and every other parameter, only refine the result)."""
    for key, default in answers.items():
        previous = _values(before, key, default)
        if previous and previous != _values(dict(after.lists()), key, default):
            return False
    return True


def history_entry(*, answers: Mapping[str, str]) -> Callable:
    """A view decorator: htmx answers that only refine replace the history entry; the others push one."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            htmx = getattr(request, "htmx", None)
            if (
                not htmx
                or htmx.history_restore_request
                or not htmx.current_url
                or response.status_code != 200
            ):
                return response
            before = parse_qs(urlsplit(htmx.current_url).query, keep_blank_values=True)
            if refines(before, request.GET, answers=answers):
                response["HX-Replace-Url"] = request.get_full_path()
            else:
                response["HX-Push-Url"] = request.get_full_path()
            patch_vary_headers(response, ("HX-Current-URL",))
            return response

        return wrapped

    return decorate
