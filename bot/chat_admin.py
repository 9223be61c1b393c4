"""Who may change a chat's settings: anyone in a private chat, only admins in a group."""

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Chat, User

log = logging.getLogger(__name__)

ADMIN_STATUSES = {"creator", "administrator"}


async def may_change_settings(
    bot: Bot, chat: Chat, user: User | None, sender_chat: Chat | None = None
) -> bool:
    """True in private chats, for group admins, and for anonymous admins posting as the group."""
    if chat.type == "private":
        return True
    if sender_chat is not None and sender_chat.id == chat.id:
        return True
    if user is None:
        return False
    try:
        member = await bot.get_chat_member(chat.id, user.id)
    except TelegramAPIError as exc:
        log.warning("getChatMember failed for chat %s: %s", chat.id, exc)
        return False
    return member.status in ADMIN_STATUSES
