"""Browser tests: Playwright drives Debian's chromium against Django's live_server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp/e2e-shots"))


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"chromium not found at {CHROMIUM}: run `make test` to install it"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the real catalogue loaded (transactional tests start from empty tables)."""
    call_command("load_catalogue", verbosity=0)
    return live_server


def _page(browser, *, width: int, js: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="ja-JP", java_script_enabled=js
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    return context, page


@pytest.fixture
def page(browser):
    context, page = _page(browser, width=1280)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _page(browser, width=390)
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser):
    context, page = _page(browser, width=1280, js=False)
    yield page
    context.close()


def settle(page) -> None:
    """Wait until htmx has finished every request and swap."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
