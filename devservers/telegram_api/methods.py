"""The one table mapping Bot API method names to their handlers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import account, chats, messaging, queries
from .context import Context
from .media import MEDIA_KINDS


def _one(params: dict[str, Any]) -> int:
    return 1


@dataclass(frozen=True)
class Method:
    name: str
    handler: Callable[[Context], Any]  # may be async
    sends: bool = False  # counted by the flood-control window
    units: Callable[[dict[str, Any]], int] = _one  # how many sends one request counts as


_TABLE = [
    Method("getMe", account.get_me),
    Method("getUpdates", account.get_updates),
    Method("setWebhook", account.set_webhook),
    Method("deleteWebhook", account.delete_webhook),
    Method("getWebhookInfo", account.get_webhook_info),
    Method("logOut", account.session_control),
    Method("close", account.session_control),
    Method("setMyCommands", account.set_my_commands),
    Method("getMyCommands", account.get_my_commands),
    Method("deleteMyCommands", account.delete_my_commands),
    Method("setChatMenuButton", account.set_chat_menu_button),
    Method("getChatMenuButton", account.get_chat_menu_button),
    *(
        Method(f"{verb}{suffix}", handler)
        for suffix, field in account.PROFILE_TEXTS.items()
        for verb, handler in zip(("set", "get"), account.profile_text(suffix, field), strict=True)
    ),
    Method("sendMessage", messaging.send_message, sends=True),
    *(
        Method(kind.method, messaging.send_media(kind.name), sends=True)
        for kind in MEDIA_KINDS.values()
    ),
    Method("sendMediaGroup", messaging.send_media_group, sends=True, units=messaging.album_units),
    Method("sendChatAction", messaging.send_chat_action),  # no message: not flood-counted
    Method("copyMessage", messaging.copy_message, sends=True),
    Method("forwardMessage", messaging.forward_message, sends=True),
    Method("editMessageText", messaging.edit_message_text, sends=True),
    Method("editMessageCaption", messaging.edit_message_caption, sends=True),
    Method("editMessageMedia", messaging.edit_message_media, sends=True),
    Method("editMessageReplyMarkup", messaging.edit_message_reply_markup, sends=True),
    Method("deleteMessage", messaging.delete_message),
    Method("deleteMessages", messaging.delete_messages),
    Method("getChat", chats.get_chat),
    Method("getChatMember", chats.get_chat_member),
    Method("leaveChat", chats.leave_chat),
    Method("answerCallbackQuery", queries.answer_callback_query),
    Method("answerInlineQuery", queries.answer_inline_query),
]
# Method names are case-insensitive in the Bot API.
METHODS: dict[str, Method] = {method.name.lower(): method for method in _TABLE}


def lookup(name: str) -> Method | None:
    return METHODS.get(name.lower())
