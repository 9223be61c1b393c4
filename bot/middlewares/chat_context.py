"""Loads (or registers) the update's chat once, and hands handlers its settings and a translator."""
from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Chat, Update, User

from bot.chat_info import ChatInfo
from bot.i18n import Locales
from bot.referral import referral_from_start
from data import db_service

log = logging.getLogger(__name__)

REGISTERED_CHAT_TYPES = {"private", "group", "supergroup"}
LAST_SEEN_EVERY = 60


def chat_id_of(update: Update, chat: Chat | None, user: User | None) -> int | None:
    """Which ``users`` row an update belongs to: its chat, or the user for inline queries."""
    if chat is not None:
        return chat.id if chat.type in REGISTERED_CHAT_TYPES else None
    if (update.inline_query or update.chosen_inline_result) and user is not None:
        return user.id
    return None


class ChatContextMiddleware(BaseMiddleware):
    """Outer update middleware: one repository call per update on the hot path.

    Puts ``chat_info`` (ChatInfo), ``t`` (Translator) and ``locales`` into the handler data. A
    database failure is logged and the update is still handled, with defaults.
    """

    def __init__(self, locales: Locales) -> None:
        self.locales = locales

    async def __call__(
        self, handler: Callable[[Update, dict[str, Any]], Awaitable[Any]], update: Update, data: dict[str, Any],
    ) -> Any:
        chat: Chat | None = data.get("event_chat")
        user: User | None = data.get("event_from_user")
        lang = self.locales.pick(user.language_code if user else None)
        info = ChatInfo(None, lang)
        chat_id = chat_id_of(update, chat, user)
        if chat_id is not None:
            try:
                info = await self._load(update, chat_id, lang)
            except Exception:
                log.exception("could not load chat %s; answering with defaults", chat_id)
                info = ChatInfo(chat_id, lang)
        data["chat_info"] = info
        data["t"] = self.locales.translator(info.lang)
        data["locales"] = self.locales
        return await handler(update, data)

    async def _load(self, update: Update, chat_id: int, lang: str) -> ChatInfo:
        now = int(time.time())
        message = update.message
        referral = None
        if message is not None and message.chat.type == "private":
            referral = referral_from_start(message.text)
        row, created = await db_service.get_or_create_user(chat_id, lang, referral, now=now)
        if not created:
            if row.blocked_at is not None and message is not None:
                await db_service.set_blocked(chat_id, False)
            elif now - row.last_seen_at >= LAST_SEEN_EVERY:
                await db_service.touch_last_seen(chat_id, now=now)
        return ChatInfo(chat_id, row.lang, bool(row.file_mode), registered=True, created=created)
