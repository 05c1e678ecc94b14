import pytest

from comparisons.domain.money import MoneyError, format_yen, parse_yen


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1億2,000万円", 120_000_000),
        ("120,000,000", 120_000_000),
        ("１２０，０００，０００", 120_000_000),
        ("１億２，０００万円", 120_000_000),
        ("3億", 300_000_000),
        ("5,000万円", 50_000_000),
        ("5000万", 50_000_000),
        ("1.5億円", 150_000_000),
        ("20億円", 2_000_000_000),
        ("¥300,000", 300_000),
        (" 300万 円 ", 3_000_000),
        ("0", 0),
        (12345, 12345),
    ],
)
def test_parse_yen(text, expected):
    assert parse_yen(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "abc", "-100", "1万億", "3億円くらい", "1.23456円", "1億2億", "9" * 30, "万", "1e9"],
)
def test_parse_yen_rejects_with_japanese_message(text):
    with pytest.raises(MoneyError) as exc:
        parse_yen(text)
    assert any("\u3040" <= ch <= "\u9fff" for ch in str(exc.value))


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
