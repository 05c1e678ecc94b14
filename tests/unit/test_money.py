"""Yen amounts as members type them: each case with the value a person means, worked by hand."""

import pytest

from comparisons.domain.money import MoneyError, format_yen, parse_yen, readback


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1億2,000万円", 120_000_000),
        ("120,000,000", 120_000_000),
        ("１２０，０００，０００", 120_000_000),  # full-width digits and commas
        ("１億２，０００万円", 120_000_000),
        ("3億", 300_000_000),
        ("5,000万円", 50_000_000),
        ("5000万", 50_000_000),
        ("1.5億円", 150_000_000),  # 1.5 × 1億
        ("12.3万", 123_000),  # 12.3 × 1万
        ("20億円", 2_000_000_000),
        ("¥300,000", 300_000),
        (" 300万 円 ", 3_000_000),
        ("0", 0),
        (12345, 12345),
        # 千・百 inside 万・億: 5千万 = 5 × 1,000 × 1万; 1億2千万 = 1億 + 2,000万; 1千3百万 = (1,000 + 300) × 1万
        ("5千万円", 50_000_000),
        ("1億2千万円", 120_000_000),
        ("1千3百万", 13_000_000),
        ("3億5千万", 350_000_000),
        # kanji numerals (read by kanjize)
        ("三億", 300_000_000),
        ("一億二千万円", 120_000_000),
        ("五千万", 50_000_000),
        ("一億円", 100_000_000),
        # ¥ as a Japanese keyboard types it: backslash, full-width backslash, full-width yen sign
        ("\\300,000", 300_000),
        ("＼300,000", 300_000),
        ("￥300,000", 300_000),
        # about …
        ("1億円程度", 100_000_000),
        ("約1億円", 100_000_000),
        ("約5,000万円程度", 50_000_000),
        # invisible characters pasted in with the text: zero-width space, BOM, word joiner, soft hyphen
        ("1億\u200b2,000万円", 120_000_000),
        ("\ufeff3億", 300_000_000),
        ("3\u2060億", 300_000_000),
        ("5,000\u00ad万", 50_000_000),
        # 、 typed for a comma by the IME, in thousands places
        ("1、000万", 10_000_000),
    ],
)
def test_parse_yen(text, expected):
    assert parse_yen(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # a separator in the wrong place would be another amount if skipped: 1,5億 → 15億? 1.5億?
        ("1,5億", "カンマ"),
        ("1,2,3,,", "カンマ"),
        ("12,34,567", "カンマ"),
        ("1000,", "カンマ"),
        # a point before three digits: 1.000万 is 1万 as a decimal, 1,000万 as a European thousands point
        ("1.000万", "小数点か桁区切りか"),
        ("1.2.3", "小数点"),
        ("1.5億2千万", "小数点"),
        ("1 000 000", "空白"),
        ("-100", "0円以上"),
        ("－300万", "0円以上"),
        ("1億2億", "順序"),
        ("1.23456円", "端数"),
        ("0.5", "端数"),
        ("9" * 30, "大きすぎ"),
        ("", "入力"),
        ("abc", "読み取れません"),
        ("1万億", "読み取れません"),
        ("3億円くらい", "読み取れません"),
        ("万", "読み取れません"),
        ("1e9", "読み取れません"),
        ("9" * 5000, "読み取れません"),  # longer than Python reads as one integer
    ],
)
def test_parse_yen_refuses_with_a_japanese_message(text, words):
    with pytest.raises(MoneyError) as exc:
        parse_yen(text)
    assert words in str(exc.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (10_000_000, "1,000万円"),
        (100_000_000, "1億円"),
        (120_000_000, "1億2,000万円"),
        (1_000_000_000, "10億円"),
        (12_345, "12,345円"),
        (1_000, "1,000円"),
        (50_000, "5万円"),
    ],
)
def test_format_yen(value, expected):
    assert format_yen(value) == expected
    assert parse_yen(expected) == value


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        # a bare number after the last 億: 1億2000 is said for 1億2,000万 (1億 + 2,000 × 1万) as well as
        # meant as 100,002,000 (1億 + 2,000)
        ("1億2000", ("1億2,000万円（120,000,000円）", "100,002,000円")),
        ("1億5千", ("1億5,000万円（150,000,000円）", "100,005,000円")),  # 1億 + 5,000万 / 1億 + 5,000
        ("一億二千", ("1億2,000万円（120,000,000円）", "100,002,000円")),
        ("約1億2000程度", ("1億2,000万円（120,000,000円）", "100,002,000円")),
        # one bare digit after 万: 1万5 is said for 15,000 (1万 + 5千) as well as meant as 10,005
        ("1万5", ("15,000円", "10,005円")),
    ],
)
def test_a_number_people_say_for_another_amount_is_refused_naming_both(text, readings):
    with pytest.raises(MoneyError) as exc:
        parse_yen(text)
    assert f"{readings[0]}とも{readings[1]}とも読めます" in str(exc.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1億2000円", 100_002_000),  # 円 typed: the literal amount, read back with every digit
        ("1万5千", 15_000),  # 1万 + 5千
        ("1万5000", 15_000),
        ("1万500", 10_500),  # three digits after 万 are not said for 千
    ],
)
def test_the_unit_or_yen_typed_settles_it(text, expected):
    assert parse_yen(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (120_000_000, "1億2,000万円（120,000,000円）として読みました"),
        (50_000_000, "5,000万円（50,000,000円）として読みました"),
        (100_002_000, "100,002,000円として読みました"),  # units would hide the 2,000
        (12_345, "12,345円として読みました"),
        (0, "0円として読みました"),
    ],
)
def test_readback_says_how_it_was_read_with_every_digit(value, expected):
    assert readback(value) == expected
