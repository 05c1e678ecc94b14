"""The simulator's amount fields (costs, and the limits set on the application) read amounts as members type
them with the one parser (comparisons.domain.money.parse_yen), say beside each field how it was read, and
refuse an amount people say for another one with a Japanese message beside the field, keeping what was typed."""

from __future__ import annotations

import re
from html import unescape

import pytest

pytestmark = pytest.mark.django_db
TERM = (
    "term.sompo-jcci-cyber:basic.liability_limit"  # Sompo basic: 賠償の支払限度額 is set on the application
)


def readback(html: str, name: str) -> tuple[str, str]:
    """(class, text) of the read-back line beside a field."""
    found = re.search(rf'<p class="([^"]*)" id="{re.escape(name)}-readback"[^>]*>(.*?)</p>', html, re.S)
    assert found, name
    return found[1], unescape(found[2]).strip()


def test_costs_and_limits_are_read_back_beside_their_fields(client):
    html = client.get(
        "/simulate/",
        {
            "scenario": "card_leak",
            "loaded": "card_leak",  # the amounts are the member's, not the scenario's defaults
            "plans": "sompo-jcci-cyber:basic",
            "investigation": "５千万円",  # full-width: 5 × 1,000 × 1万
            "consolation": "一億二千万円",  # kanji: 1億 + 2,000万
            TERM: "\\3億",  # ¥ typed as a backslash
        },
    ).content.decode()
    assert readback(html, "investigation")[1] == "5,000万円（50,000,000円）として読みました"
    assert readback(html, "consolation")[1] == "1億2,000万円（120,000,000円）として読みました"
    assert readback(html, TERM)[1] == "3億円（300,000,000円）として読みました"
    assert readback(html, "damages")[1] == ""  # left blank: 0円, nothing typed to read back


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("investigation", "1億2000", "1億2,000万円（120,000,000円）とも100,002,000円とも読めます"),
        ("investigation", "1万5", "15,000円とも10,005円とも読めます"),
        ("consolation", "1,5億", "カンマの位置が正しくありません"),
        (TERM, "1.000万", "小数点か桁区切りか分かりません"),
    ],
)
def test_an_ambiguous_amount_is_refused_beside_its_field_and_kept(client, field, typed, message):
    params = {"scenario": "card_leak", "loaded": "card_leak", "plans": "sompo-jcci-cyber:basic", field: typed}
    response = client.get("/simulate/", params)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "入力を確認してください" in html and message in html
    assert f'value="{typed}"' in html  # what was typed is kept
    assert readback(html, field)[1] == ""  # nothing is read back for a refused amount
