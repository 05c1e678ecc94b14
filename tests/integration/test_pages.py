from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SLUGS = ["sompo-jcci-cyber", "jcci-leak-liability", "silver-cyber", "aig-personal-info"]


def test_home_lists_the_four_programmes(client):
    response = client.get(reverse("comparisons:home"))
    assert response.status_code == 200
    html = response.content.decode()
    for slug in SLUGS:
        assert reverse("comparisons:product_detail", args=[slug]) in html
    assert "パンフレット期間外" in html  # the 2019 Mitsui pamphlet is long past
    assert "要見積" in html


@pytest.mark.parametrize("slug", SLUGS)
def test_product_page_shows_coverage_with_sources(client, slug):
    response = client.get(reverse("comparisons:product_detail", args=[slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "補償内容" in html
    assert "出典" in html
    assert "<blockquote" in html


def test_silver_page_shows_premium_table(client):
    html = client.get(reverse("comparisons:product_detail", args=["silver-cyber"])).content.decode()
    assert "141,150円" in html
    assert "25,250円" in html


def test_sompo_page_never_shows_an_invented_limit(client):
    html = client.get(reverse("comparisons:product_detail", args=["sompo-jcci-cyber"])).content.decode()
    assert "申込書で決定" in html


def test_unknown_product_is_404(client):
    assert client.get("/products/no-such-thing/").status_code == 404


def test_post_is_not_allowed(client):
    assert client.post(reverse("comparisons:home")).status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/admin/comparisons/coverage/?plan__product__id__exact=1",
        "/admin/comparisons/coverage/?q=見舞金",
        "/admin/comparisons/riskcategory/?q=飲食",
        "/admin/comparisons/plan/",
        "/admin/comparisons/premiumrate/",
    ],
)
def test_admin_pages_work_for_staff(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "出典" in response.content.decode()


def test_admin_product_list(admin_client):
    html = admin_client.get("/admin/comparisons/product/?q=シルバー").content.decode()
    assert "silver-cyber" in html and "aig-personal-info" not in html


def test_admin_product_change_page_shows_inlines_and_sources(admin_client):
    from comparisons.catalogue.models import Product

    product = Product.objects.get(slug="silver-cyber")
    html = admin_client.get(f"/admin/comparisons/product/{product.pk}/change/").content.decode()
    assert "情報漏えい限定プラン" in html  # plans inline
    assert "(公社)全国シルバー人材センター事業協会" in html


def test_many_plans_are_shown_one_family_at_a_time(client):
    url = reverse("comparisons:product_detail", args=["jcci-leak-liability"])
    standard = client.get(url).content.decode()
    premium = client.get(url + "?family=premium").content.decode()
    head = lambda html: html.split('id="coverage"')[1].split("</thead>")[0]  # noqa: E731
    assert "スタンダードプラン セットA" in head(standard) and "プレミアムプラン セットA" not in head(standard)
    assert "プレミアムプラン セットA" in head(premium)
    assert client.get(url + "?family=<script>").status_code == 200


TEMPLATE_SYNTAX = re.compile(r"\{[#%]|[#%]\}")
MEMBER_PAGES = [
    "/",
    *(f"/products/{slug}/" for slug in SLUGS),
    "/compare/",
    "/compare/?membership=jcci&industry=60&revenue=1億&start=2026-12-01&handles=personal_data",
    "/compare/?membership=silver&organisation=silver_center&rank=B&plans=silver-cyber:GII&diff=on",
    "/simulate/",
    "/simulate/?scenario=card_leak&plans=aig-personal-info:basic&options=aig-personal-info:cyber_response",
    "/agents/request/?membership=jcci&industry=60&plans=jcci-leak-liability:standard-B",
    "/agents/login/",
    "/api/docs/",
]


@pytest.mark.parametrize("url", MEMBER_PAGES)
@pytest.mark.parametrize("htmx", [False, True])
def test_no_template_syntax_reaches_the_page(client, url, htmx):
    """A multi-line {# … #} comment is not a comment in Django templates: it would show on the page."""
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"} if htmx else {}
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    html = response.content.decode()
    found = TEMPLATE_SYNTAX.search(html)
    assert found is None, html[max(0, found.start() - 80) : found.start() + 80]
