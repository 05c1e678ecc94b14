"""Typed fields of the API's requests: each one parses and checks one kind of value, once, for every endpoint
that takes it (pydantic, through django-ninja).

A value that cannot be used raises ``invalid(sentence)``: a Japanese sentence about the value alone. The
field's title (its Japanese name) and the parameter's name are added by ``errors.py``, which turns the first
failure of a request into ``{"error": {"param", "message"}}``, so a type here never needs to know which field
it is.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetCoreSchemaHandler,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic.json_schema import GetJsonSchemaHandler, JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from comparisons.domain.calendar import CalendarRangeError, check_supported
from comparisons.domain.money import MoneyError, parse_yen

MAX_TEXT = 100  # no valid value is longer; longer input is refused before it reaches the database
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MAX_SHOWN = 40  # how much of a bad value a message repeats


def invalid(sentence: str, *, at: tuple[int | str, ...] = ()) -> PydanticCustomError:
    """The error a field's check raises: `sentence` is Japanese and speaks of the value only (「…」は指定できません。);
    `at` points below the field (an item's index) when the fault lies there."""
    return PydanticCustomError("invalid", "{message}", {"message": sentence, "at": at})


def shown(value: Any) -> str:
    """A bad value as the caller sent it, cut short for a message."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…"


def listed(choices: Mapping[str, str] | list[str]) -> str:
    """Allowed values for a message: ``a（label）、b（label）`` (or only the keys when there are no labels)."""
    if isinstance(choices, Mapping):
        return "、".join(f"{key}（{label}）" if label else key for key, label in choices.items())
    return "、".join(choices)


def _without_null(schema: dict[str, Any]) -> None:
    """A query parameter is absent or has a value, never null: drop the null branch of an optional field."""
    for prop in schema.get("properties", {}).values():
        options = prop.get("anyOf", [])
        if len(options) == 2 and {"type": "null"} in options:
            del prop["anyOf"]
            prop.update(next(option for option in options if option != {"type": "null"}))


class QueryParams(BaseModel):
    """Base of every GET endpoint's parameters. Each value is NFKC-normalised and stripped (full-width digits
    and letters become ASCII); an empty value counts as absent (the field's default, or 「指定してください」
    when the field is required); a value longer than MAX_TEXT characters or holding NUL is refused."""

    model_config = ConfigDict(json_schema_extra=_without_null)

    @field_validator("*", mode="before")
    @classmethod
    def _clean(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str):
            return value
        value = unicodedata.normalize("NFKC", value).strip()
        if not value:
            field = cls.model_fields[info.field_name]
            if field.is_required():
                raise invalid("指定してください。")
            return field.get_default(call_default_factory=True)
        if len(value) > MAX_TEXT or "\x00" in value:
            raise invalid("値が正しくありません。")
        return value


@dataclass(frozen=True, eq=False)  # hashed by identity: typing hashes Annotated metadata
class OneOf:
    """``Annotated[str, OneOf(choices)]``: a string that must be one of the choices' keys.

    `choices` maps each value to its Japanese label, or is a function giving that mapping, called at each
    request (the catalogue's plans and risk codes change with it). The OpenAPI document lists the keys as the
    field's ``enum``. `normalise` is applied first (e.g. ``str.upper``); `hint` replaces the list of allowed
    values in the message when that list would be too long to read (「…」は指定できません。<hint>で指定してください。)."""

    choices: Mapping[str, str] | Callable[[], Mapping[str, str]]
    normalise: Callable[[str], str] | None = None
    hint: str = ""

    def current(self) -> Mapping[str, str]:
        return self.choices() if callable(self.choices) else self.choices

    def check(self, value: str) -> str:
        if self.normalise:
            value = self.normalise(value)
        choices = self.current()
        if value not in choices:
            allowed = (
                f"{self.hint}で指定してください。"
                if self.hint
                else f"次のいずれかを指定してください：{listed(choices)}"
            )
            raise invalid(f"「{shown(value)}」は指定できません。{allowed}")
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["enum"] = list(self.current())
        return json_schema


def _yen(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise invalid("円単位の整数か「500万円」のような文字列で指定してください。")
    if isinstance(value, str) and (len(value) > MAX_TEXT or "\x00" in value):
        raise invalid("値が正しくありません。")
    try:
        return parse_yen(value)
    except MoneyError as exc:
        raise invalid(str(exc)) from exc
    except (ArithmeticError, ValueError) as exc:
        raise invalid("金額を数字で入力してください。") from exc


def _positive(amount: int) -> int:
    if amount == 0:
        raise invalid("1円以上で入力してください。")
    return amount


def _iso_date(value: Any) -> dt.date:
    match = _ISO_DATE.match(value) if isinstance(value, str) else None
    if not match:
        raise invalid("「2026-04-01」のように年-月-日で指定してください。")
    try:
        day = dt.date(*(int(part) for part in match.groups()))
    except ValueError as exc:
        raise invalid(f"「{value}」という日付はありません。") from exc
    try:
        check_supported(day)  # a business-day rule never runs on a year the holiday calendar does not know
    except CalendarRangeError as exc:
        raise invalid(str(exc)) from exc
    return day


def _unique(items: list[Any]) -> list[Any]:
    for i, item in enumerate(items):
        if item in items[:i]:
            raise invalid(f"「{shown(item)}」が2回指定されています。", at=(i,))
    return items


Yen = Annotated[
    int,
    BeforeValidator(_yen),
    WithJsonSchema({"type": ["integer", "string"], "example": "1億2,000万円"}, mode="validation"),
]
"""Yen as people write them (comparisons.domain.money.parse_yen): 1億2,000万円, 120000000, ５０００万; an integer
in a JSON body. Never negative, at most money.MAX_YEN."""

PositiveYen = Annotated[Yen, AfterValidator(_positive)]
"""A yen amount of at least 1 yen."""

IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
"""A date written YYYY-MM-DD (JST), in a year the holiday calendar covers (calendar.FIRST_YEAR–LAST_YEAR)."""

Unique = AfterValidator(_unique)
"""``Annotated[list[...], Unique]``: no item twice; the second one is named (``plans[1]``)."""
