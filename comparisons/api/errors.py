"""The API's one error shape, ``{"error": {"param": name, "message": Japanese text}}``, for everything that
can go wrong in a request: a parameter or body field that fails its typed check (pydantic, through
django-ninja), a body that is not JSON, a rule of the domain (QuoteError), an unknown product (404), a wrong
HTTP method (405)."""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationErrorContext
from pydantic import BaseModel

from comparisons.domain.pricing import QuoteError

from .fields import shown

MAX_BODY_BYTES = 100 * 1024  # a full request is well under 2 KB
BODY = "body"
BODY_LABEL = "リクエストの本文"

# pydantic's own error types (those the API's fields can raise), as Japanese sentences; ctx fills the {…}.
SENTENCES = {
    "missing": "指定してください。",
    "string_type": "文字列で指定してください。",
    "int_type": "整数（例：1000）で指定してください。",
    "bool_parsing": "1（あり）または 0（なし）で指定してください。",
    "list_type": "配列（[ … ]）で指定してください。",
    "model_type": "オブジェクト（{{ … }}）で指定してください。",
    "model_attributes_type": "オブジェクト（{{ … }}）で指定してください。",
    "dict_type": "オブジェクト（{{ … }}）で指定してください。",
    "too_short": "{min_length}つ以上指定してください。",
    "too_long": "{max_length}つまでです（{actual_length}つ指定されています）。",
    "greater_than_equal": "{ge:,}以上で指定してください。",
    "less_than_equal": "{le:,}以下で指定してください。",
}
FALLBACK = "値が正しくありません。"


class ApiError(Exception):
    """A request the API refuses: `param` names what is wrong (``revenue``, ``amounts.investigation``,
    ``plans[1]``, ``body``, ``method``), `message` says why in Japanese; HTTP `status` 400, 404 or 405."""

    def __init__(self, param: str, message: str, *, status: int = 400):
        self.param = param
        self.message = message
        self.status = status
        super().__init__(message)

    def payload(self) -> dict[str, Any]:
        return {"error": {"param": self.param, "message": self.message}}


def field_error(schema: type[BaseModel], name: str, sentence: str) -> ApiError:
    """A refusal that only the view can see (it needs the catalogue or the domain), worded as the typed checks
    word theirs: 「<the field's title>（name）：sentence」."""
    return ApiError(name, f"{schema.model_fields[name].title}（{name}）：{sentence}")


def method_not_allowed(method: str, allowed: str) -> ApiError:
    return ApiError(
        "method", f"このAPIは {allowed} で呼び出してください（{method} は使えません）。", status=405
    )


def body_too_large() -> ApiError:
    return ApiError(BODY, f"リクエストの本文が大きすぎます（{MAX_BODY_BYTES // 1024}KBまで）。")


# --- pydantic's errors → ApiError ------------------------------------------------------------------


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model a field holds, looking through Optional, list and Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType, list) or hasattr(annotation, "__metadata__"):
        for arg in get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _walk(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[str, type[BaseModel] | None]:
    """The Japanese name of the field at `loc` (its title; 「の2番目」 for a list item) and the model that
    holds the last part of `loc` (to list what it allows when that part is unknown)."""
    label = ""
    current: type[BaseModel] | None = model
    parent = model
    for part in loc:
        if isinstance(part, int):
            label += f"の{part + 1}番目"
            continue
        parent = current
        field = current.model_fields.get(part) if current else None
        if field is None:
            current = None
            continue
        label = field.title or part
        current = _model_in(field.annotation)
    return label, parent


def _public_loc(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """`loc` as the caller names it: without the view's argument that wraps a body or query schema."""
    if getattr(model, "__read_from_single_attr__", None):
        return loc[1:]
    reverse = getattr(model, "__ninja_flatten_map_reverse__", {})
    for n in range(len(loc), 0, -1):
        if loc[:n] in reverse:
            return reverse[loc[:n]] + loc[n:]
    return loc


def _param(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or BODY


def from_validation(contexts: list[ValidationErrorContext]) -> ApiError:
    """The first failure of a request's parameters or body as an ApiError:
    「<field title>（<param>）：<sentence>」, or for an unknown body field 「「x」という項目はありません（…）」."""
    context = contexts[0]
    error = context.pydantic_validation_error.errors(include_url=False)[0]
    ctx = error.get("ctx") or {}
    loc = tuple(error["loc"]) + tuple(ctx.get("at", ()))
    label, parent = _walk(context.model, loc)
    public = _public_loc(context.model, loc)
    param = _param(public)
    if not public:  # no body at all
        return ApiError(BODY, f"{BODY_LABEL}に JSON のオブジェクトを指定してください。")
    if error["type"] == "extra_forbidden":
        fields = "、".join(parent.model_fields) if parent else ""
        return ApiError(param, f"「{shown(public[-1])}」という項目はありません（指定できる項目：{fields}）。")
    if error["type"] == "invalid":
        sentence = ctx["message"]
    else:
        sentence = SENTENCES.get(error["type"], FALLBACK).format(**ctx)
    return ApiError(param, f"{label}（{param}）：{sentence}")


# --- handlers --------------------------------------------------------------------------------------


def install_handlers(api: NinjaAPI) -> None:
    """Answer every refusal in the API's error shape: ApiError itself, the domain's QuoteError, a body ninja
    could not parse (our parser's ApiError is its cause) and a body over Django's upload limit."""

    def respond(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return api.create_response(request, exc.payload(), status=exc.status)

    def unparsable(request: HttpRequest, exc: HttpError) -> HttpResponse:
        cause = exc.__cause__
        if isinstance(cause, ApiError):
            return respond(request, cause)
        return respond(request, ApiError(BODY, "リクエストを読めません。", status=exc.status_code))

    api.add_exception_handler(ApiError, respond)
    api.add_exception_handler(HttpError, unparsable)
    api.add_exception_handler(
        QuoteError, lambda request, exc: respond(request, ApiError(exc.param, str(exc)))
    )
    api.add_exception_handler(RequestDataTooBig, lambda request, exc: respond(request, body_too_large()))
