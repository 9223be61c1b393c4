"""Sending, copying, editing and deleting messages."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from .context import Context
from .errors import bad_request
from .media import MEDIA_KINDS, file_meta, media_object, resolve_file
from .params import Params
from .state import now

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# Message fields that make up its content (what copyMessage copies, what edits compare).
CONTENT_FIELDS = ("text", "entities", "caption", "caption_entities", *MEDIA_KINDS)
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def send_message(ctx: Context) -> dict[str, Any]:
    chat = ctx.chat()
    content = ctx.text_content()
    options = ctx.params.obj("link_preview_options")
    extra = {"link_preview_options": options} if options else None
    return ctx.new_message(chat, content, extra=extra)


def send_media(kind: str) -> Callable[[Context], dict[str, Any]]:
    def handler(ctx: Context) -> dict[str, Any]:
        chat = ctx.chat()
        caption = ctx.caption_content() if kind != "sticker" else {}
        stored = resolve_file(
            ctx.state,
            ctx.params,
            ctx.params.get(kind),
            kind,
            file_meta(kind, ctx.params.values),
            field=kind,
        )
        extra = {"has_media_spoiler": True} if ctx.params.bool("has_spoiler") else {}
        return ctx.new_message(
            chat, {kind: media_object(ctx.state, stored), **caption}, extra=extra
        )

    return handler


def album_units(params: dict[str, Any]) -> int:
    media = params.get("media")
    return len(media) if isinstance(media, list) and media else 1


def send_media_group(ctx: Context) -> list[dict[str, Any]]:
    chat = ctx.chat()
    items = ctx.params.list("media")
    if not 2 <= len(items) <= 10:
        raise bad_request("media group must include 2-10 items")
    kinds = [_album_kind(item) for item in items]
    for lonely in ("document", "audio"):
        if lonely in kinds and set(kinds) != {lonely}:
            raise bad_request(f"{lonely} can't be mixed with other media types")
    group_id = ctx.state.new_id("13")
    prepared = []
    for item, kind in zip(items, kinds, strict=True):
        stored = resolve_file(ctx.state, ctx.params, item.get("media"), kind, file_meta(kind, item))
        item_params = Params(item, [])
        caption = Context(ctx.state, ctx.bot, item_params).caption_content()
        prepared.append({kind: media_object(ctx.state, stored), **caption})
    return [
        ctx.new_message(chat, content, markup=False, extra={"media_group_id": group_id})
        for content in prepared
    ]


def _album_kind(item: Any) -> str:
    if not isinstance(item, dict) or not isinstance(item.get("type"), str):
        raise bad_request('can\'t parse InputMedia: Field "type" must be of type String')
    kind = item["type"]
    if kind not in MEDIA_KINDS or not MEDIA_KINDS[kind].in_albums:
        raise bad_request(
            f"can't parse InputMedia: type \"{kind}\" can't be used in sendMediaGroup"
        )
    return kind


def send_chat_action(ctx: Context) -> bool:
    ctx.chat()
    if ctx.params.get("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def _copyable(ctx: Context, action: str) -> tuple[dict[str, Any], dict[str, Any]]:
    source_chat = ctx.chat("from_chat_id", writable=False)
    source = ctx.message(source_chat, action)
    content = {key: copy.deepcopy(source[key]) for key in CONTENT_FIELDS if key in source}
    if not content:
        raise bad_request(f"message can't be {'copied' if action == 'copy' else 'forwarded'}")
    return source, content


def copy_message(ctx: Context) -> dict[str, int]:
    _, content = _copyable(ctx, "copy")
    chat = ctx.chat()
    if "caption" in ctx.params.values and "text" not in content:
        for key in ("caption", "caption_entities"):
            content.pop(key, None)
        content.update(ctx.caption_content())
    return {"message_id": ctx.new_message(chat, content)["message_id"]}


def forward_message(ctx: Context) -> dict[str, Any]:
    source, content = _copyable(ctx, "forward")
    chat = ctx.chat()
    if source["chat"]["type"] == "channel":
        origin = {
            "type": "channel",
            "chat": source["chat"],
            "message_id": source["message_id"],
            "date": source["date"],
        }
    else:
        origin = {"type": "user", "sender_user": source["from"], "date": source["date"]}
    return ctx.new_message(
        chat, content, markup=False, reply=False, extra={"forward_origin": copy.deepcopy(origin)}
    )


# ---------------------------------------------------------------- editing and deleting


def _edit(ctx: Context, change: Callable[[dict[str, Any]], dict[str, Any]]) -> Any:
    """Shared edit flow: find the message, apply ``change`` to its content, check it changed."""
    inline_id = ctx.params.get("inline_message_id")
    if inline_id is not None:
        if inline_id not in ctx.bot.inline_message_ids:
            raise bad_request("MESSAGE_ID_INVALID")
        ctx.inline_keyboard()
        change({})
        return True
    chat = ctx.chat()
    message = ctx.message(chat, "edit")
    if (chat["id"], message["message_id"]) not in ctx.bot.sent:
        raise bad_request("message can't be edited")
    updated = {key: value for key, value in message.items() if key != "reply_markup"}
    updated.update(change(message))
    updated = {key: value for key, value in updated.items() if value is not None}
    keyboard = ctx.inline_keyboard()
    if keyboard:
        updated["reply_markup"] = keyboard
    if {k: v for k, v in updated.items() if k != "edit_date"} == {
        k: v for k, v in message.items() if k != "edit_date"
    }:
        raise bad_request(NOT_MODIFIED)
    updated["edit_date"] = now()
    return copy.deepcopy(ctx.bot.store(updated))


def _cleared(*fields: str) -> dict[str, Any]:
    return dict.fromkeys(fields)


def edit_message_text(ctx: Context) -> Any:
    def change(message: dict[str, Any]) -> dict[str, Any]:
        if message and "text" not in message:
            raise bad_request("there is no text in the message to edit")
        options = ctx.params.obj("link_preview_options")
        return {
            **_cleared("entities", "link_preview_options"),
            **ctx.text_content(),
            **({"link_preview_options": options} if options else {}),
        }

    return _edit(ctx, change)


def edit_message_caption(ctx: Context) -> Any:
    def change(message: dict[str, Any]) -> dict[str, Any]:
        if message and not any(kind in message for kind in MEDIA_KINDS):
            raise bad_request("there is no caption in the message to edit")
        return {**_cleared("caption", "caption_entities"), **ctx.caption_content()}

    return _edit(ctx, change)


def edit_message_media(ctx: Context) -> Any:
    item = ctx.params.obj("media")
    if not item:
        raise bad_request('parameter "media" is required')
    kind = item.get("type")
    if kind not in MEDIA_KINDS or kind == "sticker":
        raise bad_request(f'can\'t parse InputMedia: unsupported media type "{kind}"')

    def change(message: dict[str, Any]) -> dict[str, Any]:
        if message and not any(key in message for key in MEDIA_KINDS):
            raise bad_request("there is no media in the message to edit")
        stored = resolve_file(ctx.state, ctx.params, item.get("media"), kind, file_meta(kind, item))
        caption = Context(ctx.state, ctx.bot, Params(item, [])).caption_content()
        return {
            **_cleared("caption", "caption_entities", *MEDIA_KINDS),
            kind: media_object(ctx.state, stored),
            **caption,
        }

    return _edit(ctx, change)


def edit_message_reply_markup(ctx: Context) -> Any:
    return _edit(ctx, lambda message: {})


def delete_message(ctx: Context) -> bool:
    chat = ctx.chat(writable=False)
    message = ctx.message(chat, "delete")
    del ctx.bot.messages[chat["id"]][message["message_id"]]
    return True


def delete_messages(ctx: Context) -> bool:
    chat = ctx.chat(writable=False)
    ids = ctx.params.list("message_ids")
    if not 1 <= len(ids) <= 100:
        raise bad_request("too many messages to delete" if ids else "message_ids is empty")
    stored = ctx.bot.messages.get(chat["id"], {})
    for message_id in ids:
        stored.pop(message_id, None)
    return True
