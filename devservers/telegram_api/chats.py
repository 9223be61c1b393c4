"""Chat information and the bot's membership."""

from __future__ import annotations

from typing import Any

from .context import Context
from .errors import bad_request
from .state import GROUP_TYPES, chat_member_object


def get_chat(ctx: Context) -> dict[str, Any]:
    chat = ctx.chat(writable=False)
    gifts = dict.fromkeys(
        (
            "unlimited_gifts",
            "limited_gifts",
            "unique_gifts",
            "premium_subscription",
            "gifts_from_channels",
        ),
        False,
    )
    return {**chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}


def get_chat_member(ctx: Context) -> dict[str, Any]:
    chat = ctx.chat(writable=False)
    user_id = ctx.params.int("user_id", missing="user_id is empty")
    if chat["type"] == "private" and user_id not in {chat["id"], ctx.bot.id}:
        raise bad_request("user not found")
    status = ctx.state.member_status(ctx.bot, chat["id"], user_id)
    return chat_member_object(status, ctx.state.user(user_id))


def leave_chat(ctx: Context) -> bool:
    chat = ctx.chat()
    if chat["type"] not in GROUP_TYPES:
        raise bad_request("chat member status can't be changed in private chats")
    ctx.state.members[(chat["id"], ctx.bot.id)] = "left"
    return True
