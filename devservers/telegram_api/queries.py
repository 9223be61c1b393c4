"""Answers to injected callback and inline queries."""

from __future__ import annotations

from typing import Any

from .context import Context
from .errors import QUERY_TOO_OLD, bad_request

INLINE_RESULTS_LIMIT = 50
INLINE_RESULT_TYPES = frozenset(
    {
        "article",
        "photo",
        "gif",
        "mpeg4_gif",
        "video",
        "audio",
        "voice",
        "document",
        "location",
        "venue",
        "contact",
        "game",
        "sticker",
    }
)


def _open_query(ctx: Context, name: str, kind: str) -> Any:
    query = ctx.bot.queries.get(str(ctx.params.require(name)))
    if query is None or kind not in query.update or query.answer is not None:
        raise bad_request(QUERY_TOO_OLD)
    return query


def answer_callback_query(ctx: Context) -> bool:
    query = _open_query(ctx, "callback_query_id", "callback_query")
    if len(ctx.params.get("text", "")) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answer = {k: v for k, v in ctx.params.values.items() if k != "callback_query_id"}
    return True


def answer_inline_query(ctx: Context) -> bool:
    query = _open_query(ctx, "inline_query_id", "inline_query")
    results = ctx.params.list("results")
    if len(results) > INLINE_RESULTS_LIMIT:
        raise bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for number, result in enumerate(results):
        _check_inline_result(ctx, number, result, seen)
    if len(str(ctx.params.get("next_offset", "")).encode()) > 64:
        raise bad_request("NEXT_OFFSET_INVALID")
    query.answer = {k: v for k, v in ctx.params.values.items() if k != "inline_query_id"}
    return True


def _check_inline_result(ctx: Context, number: int, result: Any, seen: set[str]) -> None:
    where = f"can't parse inline query result #{number}"
    if not isinstance(result, dict):
        raise bad_request(f"{where}: result must be an Object")
    for field in ("type", "id"):
        if not isinstance(result.get(field), str) or not result[field]:
            raise bad_request(f'{where}: Field "{field}" must be of type String')
    if result["type"] not in INLINE_RESULT_TYPES:
        raise bad_request(f'{where}: Unsupported result type "{result["type"]}"')
    if len(result["id"].encode()) > 64:
        raise bad_request("RESULT_ID_INVALID")
    if result["id"] in seen:
        raise bad_request("RESULT_ID_DUPLICATE")
    seen.add(result["id"])
    for field, value in result.items():
        if field.endswith("_file_id") and value not in ctx.state.files:
            raise bad_request(f"{where}: {field}: wrong file identifier")
