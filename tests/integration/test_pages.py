from __future__ import annotations

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
