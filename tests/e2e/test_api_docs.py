"""The API docs page in chromium, under the site's Content-Security-Policy: the vendored Swagger UI renders the
generated document, and a developer can call an operation from it."""

from __future__ import annotations

from .conftest import shot

OPERATIONS = 6


def _watch(page) -> list[str]:
    """Console errors, and every CSP violation the page reports."""
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return problems


def test_swagger_ui_renders_and_calls_an_operation(site, page):
    problems = _watch(page)
    page.goto(site.url + "/api/docs/")
    operations = page.locator("#swagger-ui .opblock")
    operations.first.wait_for()
    assert operations.count() == OPERATIONS
    quote = page.locator("#swagger-ui .opblock", has_text="/api/quote/")
    quote.locator("button.opblock-summary-control").click()
    assert quote.get_by_text(
        "国庫補助ランク（A・B・C）"
    ).is_visible()  # the parameters' Japanese descriptions
    quote.get_by_role("button", name="Try it out").click()
    quote.locator("select").first.select_option("silver-cyber")
    quote.locator("input[placeholder='plan']").fill("FII")
    quote.locator("input[placeholder='rank']").fill("B")
    quote.get_by_role("button", name="Execute").click()
    body = quote.locator(".responses-wrapper .live-responses-table .response .microlight").first
    body.wait_for()
    assert '"annual_premium": 81190' in body.inner_text()  # シルバー 充実プラン II型, ランクB: 81,190円
    shot(page, "api-docs-desktop")
    assert problems == [] and page.js_errors == []


def test_docs_on_a_phone(site, phone_page):
    problems = _watch(phone_page)
    phone_page.goto(site.url + "/api/docs/")
    phone_page.locator("#swagger-ui .opblock").first.wait_for()
    eligibility = phone_page.locator("#swagger-ui .opblock", has_text="/api/eligibility/")
    eligibility.locator("button.opblock-summary-control").click()
    assert eligibility.get_by_text("会員の種類：jcci＝商工会議所の会員").is_visible()
    assert phone_page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(phone_page, "api-docs-phone")
    assert problems == [] and phone_page.js_errors == []


def test_without_javascript_the_examples_remain(site, nojs_page):
    nojs_page.goto(site.url + "/api/docs/")
    assert nojs_page.get_by_role("link", name="/api/quote/?product=silver-cyber&plan=FII&rank=B").is_visible()
    assert nojs_page.get_by_role("link", name="OpenAPI 3.1（openapi.json）").is_visible()
