"""my_chat_member: the bot was blocked, unblocked, added to or removed from a chat."""

from aiogram import Router
from aiogram.types import ChatMemberUpdated

from data import db_service

GONE = {"kicked", "left"}


def router() -> Router:
    """Routes changes of the bot's own membership."""
    r = Router(name="chat_member")

    @r.my_chat_member()
    async def membership_changed(event: ChatMemberUpdated) -> None:
        if event.chat.type not in ("private", "group", "supergroup"):
            return
        await db_service.set_blocked(event.chat.id, event.new_chat_member.status in GONE)

    return r
