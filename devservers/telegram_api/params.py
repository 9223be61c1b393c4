"""Reading request bodies (query, JSON, urlencoded, multipart) into typed parameters, and the
Bot API call a webhook response may carry."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import aiohttp
from aiohttp import web

from .calls import UploadedFile
from .errors import bad_request

# Parameters whose values are JSON objects/arrays; form bodies carry them JSON-encoded.
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "media",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "scope",
        "results",
        "reply_parameters",
        "link_preview_options",
        "button",
        "menu_button",
        "message_ids",
        "rights",
        "permissions",
        "input_message_content",
    }
)
INT_FIELDS = frozenset(
    {
        "chat_id",
        "from_chat_id",
        "message_id",
        "user_id",
        "offset",
        "limit",
        "timeout",
        "reply_to_message_id",
        "message_thread_id",
        "duration",
        "width",
        "height",
        "cache_time",
        "until_date",
        "video_start_timestamp",
        "max_connections",
    }
)
BOOL_FIELDS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "allow_sending_without_reply",
        "supports_streaming",
        "has_spoiler",
        "show_alert",
        "is_personal",
        "drop_pending_updates",
        "disable_web_page_preview",
        "show_caption_above_media",
        "disable_content_type_detection",
        "for_channels",
        "allow_paid_broadcast",
        "revoke_messages",
        "only_if_banned",
    }
)
_INT = re.compile(r"-?\d+")
_JSON_ERROR_NAMES = {"reply_markup": "reply keyboard markup", "media": "media"}


def _coerce(name: str, value: Any) -> Any:
    if name in JSON_FIELDS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(
                f"can't parse {_JSON_ERROR_NAMES.get(name, name)} JSON object"
            ) from None
    if name in INT_FIELDS and isinstance(value, str) and _INT.fullmatch(value.strip()):
        return int(value)
    if name in BOOL_FIELDS and isinstance(value, str):
        return value.strip().lower() in {"true", "1"}
    return value


def normalize(raw: dict[str, Any]) -> dict[str, Any]:
    return {name: _coerce(name, value) for name, value in raw.items()}


@dataclass
class ParsedRequest:
    params: dict[str, Any]
    files: list[UploadedFile]
    oversized: bool = False


async def read_request(request: web.Request, max_upload_size: int) -> ParsedRequest:
    """Decode query string plus body; file parts are hashed, not kept."""
    raw: dict[str, Any] = dict(request.query)
    files: list[UploadedFile] = []
    oversized = False
    content_type = request.content_type
    if request.method == "POST" and request.can_read_body:
        if content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON encoded request body") from None
            if not isinstance(body, dict):
                raise bad_request("JSON request body must be an object")
            raw.update(body)
        elif content_type == "multipart/form-data":
            oversized = await _read_parts(await request.multipart(), raw, files, max_upload_size)
        else:
            raw.update(await request.post())
    return ParsedRequest(normalize(raw), files, oversized)


async def read_reply(
    response: aiohttp.ClientResponse, max_upload_size: int
) -> tuple[str, ParsedRequest] | None:
    """The Bot API call a webhook response carries (a ``method`` field plus its parameters, as
    JSON, urlencoded or multipart form), or None when the body holds no call."""
    raw: dict[str, Any] = {}
    files: list[UploadedFile] = []
    oversized = False
    content_type = response.content_type
    if content_type == "application/json":
        try:
            body = json.loads(await response.read() or b"null")
        except ValueError:
            return None
        if not isinstance(body, dict):
            return None
        raw.update(body)
    elif content_type == "application/x-www-form-urlencoded":
        raw.update(parse_qsl(await response.text(), keep_blank_values=True))
    elif content_type == "multipart/form-data":
        reader = aiohttp.MultipartReader(response.headers, response.content)
        oversized = await _read_parts(reader, raw, files, max_upload_size)
    method = raw.pop("method", None)
    if not isinstance(method, str) or not method:
        return None
    return method, ParsedRequest(normalize(raw), files, oversized)


async def _read_parts(
    reader: aiohttp.MultipartReader,
    raw: dict[str, Any],
    files: list[UploadedFile],
    max_upload_size: int,
) -> bool:
    """Text parts into ``raw``, file parts hashed into ``files``; whether a file was too big."""
    oversized = False
    async for part in reader:
        if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
            continue
        if part.filename is None:
            raw[part.name] = await part.text()
            continue
        digest, size = hashlib.sha256(), 0
        while chunk := await part.read_chunk(1 << 16):
            digest.update(chunk)
            size += len(chunk)
        oversized = oversized or size > max_upload_size
        files.append(
            UploadedFile(
                part.name, part.filename, size, digest.hexdigest(), part.headers.get("Content-Type")
            )
        )
    return oversized


class Params:
    """Typed access to one request's parameters, raising Telegram-style 400s."""

    def __init__(self, values: dict[str, Any], files: list[UploadedFile]) -> None:
        self.values = values
        self.uploads = {upload.field: upload for upload in files}

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None or value == "" else value

    def require(self, name: str, message: str | None = None) -> Any:
        value = self.get(name)
        if value is None:
            raise bad_request(message or f'parameter "{name}" is required')
        return value

    def int(self, name: str, default: int | None = None, *, missing: str | None = None) -> Any:
        """An integer parameter; ``missing`` is the error text when it is required."""
        value = self.get(name)
        if value is None:
            if missing:
                raise bad_request(missing)
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad_request(f'field "{name}" must be of type Integer')
        return value

    def bool(self, name: str) -> bool:
        return bool(self.get(name, False))

    def list(self, name: str, message: str | None = None) -> list[Any]:
        value = self.require(name, message)
        if not isinstance(value, list):
            raise bad_request(f'field "{name}" must be of type Array')
        return value

    def obj(self, name: str) -> dict[str, Any] | None:
        value = self.get(name)
        if value is not None and not isinstance(value, dict):
            raise bad_request(f'field "{name}" must be of type Object')
        return value
