"""A change that only refines the answer replaces the browser's history entry; a different answer adds one.

htmx sends the page's URL before the change (HX-Current-URL); the response tells it to replace or push.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def htmx_get(client, url: str, current: str):
    return client.get(
        url,
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
        HTTP_HX_CURRENT_URL=f"http://testserver{current}",
    )


@pytest.mark.parametrize(
    ("before", "after", "entry"),
    [
        # answering for the first time refines: Back leaves the page instead of stepping through each answer
        ("/compare/", "/compare/?membership=jcci", "HX-Replace-Url"),
        ("/compare/?membership=jcci", "/compare/?membership=jcci&revenue=1億", "HX-Replace-Url"),
        # worries, dates, plans, options and the view refine too, whether added or removed
        ("/compare/?membership=jcci&handles=card_data", "/compare/?membership=jcci", "HX-Replace-Url"),
        ("/compare/?membership=jcci", "/compare/?membership=jcci&start=2026-12-01", "HX-Replace-Url"),
        (
            "/compare/?membership=jcci&plans=silver-cyber:GI",
            "/compare/?membership=jcci&plans=silver-cyber:GII&diff=on",
            "HX-Replace-Url",
        ),
        # a different answer to a question already answered is a new entry
        ("/compare/?membership=jcci", "/compare/?membership=silver", "HX-Push-Url"),
        ("/compare/?membership=jcci&revenue=1億", "/compare/?membership=jcci&revenue=2億", "HX-Push-Url"),
        ("/compare/?industry=60", "/compare/?industry=", "HX-Push-Url"),
        # the simulator: amounts refine, another incident is a new entry (its first page shows ransomware)
        ("/simulate/", "/simulate/?scenario=ransomware&investigation=500万", "HX-Replace-Url"),
        ("/simulate/", "/simulate/?scenario=ddos", "HX-Push-Url"),
        ("/simulate/?scenario=ddos", "/simulate/?scenario=ddos&investigation=1億", "HX-Replace-Url"),
    ],
)
def test_refining_replaces_and_a_new_answer_pushes(client, before, after, entry):
    response = htmx_get(client, after, before)
    assert response.status_code == 200
    other = "HX-Push-Url" if entry == "HX-Replace-Url" else "HX-Replace-Url"
    assert response[entry] == response.wsgi_request.get_full_path()
    assert not response.has_header(other)
    assert "HX-Current-URL" in response["Vary"]


def test_the_same_partial_from_the_page_cache_gets_its_own_entry_rule(client):
    """The page cache serves one body to both, but each request is told what to do with its history."""
    first = htmx_get(client, "/compare/?membership=silver", "/compare/?membership=jcci")
    second = htmx_get(client, "/compare/?membership=silver", "/compare/")
    assert first.has_header("HX-Push-Url") and second.has_header("HX-Replace-Url")


def test_a_full_page_says_nothing_about_history(client):
    response = client.get("/compare/?membership=jcci")
    assert not response.has_header("HX-Push-Url") and not response.has_header("HX-Replace-Url")
