"""The django-ninja API object: JSON out with Japanese unescaped, a JSON-object body parser with the API's
limits, and every refusal in the API's error shape (errors.py). The operations are added in views.py."""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationErrorContext
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from .errors import BODY, MAX_BODY_BYTES, ApiError, body_too_large, from_validation, install_handlers

DESCRIPTION = (
    "4つのサイバー保険・情報漏えい保険の制度について、補償内容・加入条件・保険料・申込日程を返します。"
    "事故が起きたとき各プランでいくら支払われるかの試算（POST /api/simulate/）もできます。"
    "すべての数値はパンフレットの記載（出典の原文つき）に基づきます。"
    'パラメータが誤っているときは HTTP 400 と {"error": {"param", "message"}} を返します。'
)


class JapaneseJSONRenderer(JSONRenderer):
    """ninja's JSON (dates as ISO strings), with Japanese left readable instead of \\u-escaped."""

    json_dumps_params = {"ensure_ascii": False}


class JsonObjectParser(Parser):
    """A request body must be a UTF-8 JSON object of at most MAX_BODY_BYTES; anything else is an ApiError
    naming ``body`` (ninja passes it on as the cause of its own 400, see errors.install_handlers). A query
    parameter that takes one value and is given twice is refused (ninja would keep the last one silently)."""

    def parse_querydict(self, data, list_fields: list[str], request: HttpRequest) -> dict[str, Any]:
        for key in data:
            if key not in list_fields and len(data.getlist(key)) > 1:
                raise ApiError(key, f"パラメータ {key} が2回以上指定されています。1回だけ指定してください。")
        return super().parse_querydict(data, list_fields, request)

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        raw = request.body
        if len(raw) > MAX_BODY_BYTES:
            raise body_too_large()
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise ApiError(BODY, "リクエストの本文は UTF-8 の JSON で送ってください。") from exc
        except (ValueError, RecursionError) as exc:
            raise ApiError(
                BODY, "リクエストの本文を JSON として読めません。書き方をご確認ください。"
            ) from exc
        if not isinstance(data, dict):
            raise ApiError(BODY, "リクエストの本文は JSON のオブジェクト（{ … }）で送ってください。")
        return data


class SiteAPI(NinjaAPI):
    """NinjaAPI answering a request's first invalid parameter or body field with an ApiError (errors.py)
    instead of ninja's list of English messages (HTTP 422)."""

    def validation_error_from_error_contexts(self, error_contexts: list[ValidationErrorContext]) -> NoReturn:
        raise from_validation(error_contexts)


api = SiteAPI(
    title="サイバー保険 比較・申込ナビ API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url=None,  # served by views.openapi and views.docs under the site's own URL names
    docs_url=None,
    renderer=JapaneseJSONRenderer(),
    parser=JsonObjectParser(),
    servers=[{"url": "/"}],
)
install_handlers(api)
