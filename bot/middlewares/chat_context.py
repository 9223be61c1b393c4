"""Loads (or registers) the update's chat once, and hands handlers its settings and a translator."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiogram import BaseMiddleware
from aiogram.types import Chat, Update, User

from bot.chat_info import ChatInfo
from bot.handler_data import HandlerData
from bot.i18n import Locales
from bot.referral import referral_from_start
from data.db_service import ChatVisit, ChatVisits

log = logging.getLogger(__name__)

REGISTERED_CHAT_TYPES = {"private", "group", "supergroup"}


def chat_id_of(update: Update, chat: Chat | None, user: User | None) -> int | None:
    """Which ``users`` row an update belongs to: its chat, or the user for inline queries."""
    if chat is not None:
        return chat.id if chat.type in REGISTERED_CHAT_TYPES else None
    if (update.inline_query or update.chosen_inline_result) and user is not None:
        return user.id
    return None


class ChatContextMiddleware(BaseMiddleware):
    """Outer update middleware: one batched repository call per update on the hot path.

    Puts ``chat_info`` (ChatInfo), ``t`` (Translator) and ``locales`` into the handler data. A
    database failure is logged and the update is still handled, with defaults. The middleware
    owns the :class:`ChatVisits` that batches the loads of concurrent updates.
    """

    def __init__(self, locales: Locales) -> None:
        self.locales = locales
        self.visits = ChatVisits()

    async def __call__(
        self,
        handler: Callable[[Update, dict[str, Any]], Awaitable[Any]],
        update: Update,
        data: dict[str, Any],
    ) -> Any:
        typed = cast(HandlerData, data)
        chat: Chat | None = typed.get("event_chat")
        user: User | None = typed.get("event_from_user")
        lang = self.locales.pick(user.language_code if user else None)
        info = ChatInfo(None, lang)
        chat_id = chat_id_of(update, chat, user)
        if chat_id is not None:
            message = update.message
            private = message is not None and message.chat.type == "private"
            visit = ChatVisit(
                chat_id,
                lang,
                referral_from_start(message.text) if private else None,
                unblock=message is not None,
            )
            try:
                found = await self.visits.visit(visit)
                info = ChatInfo(
                    chat_id, found.lang, found.preferences, registered=True, created=found.created
                )
            except Exception:
                log.exception("could not load chat %s; answering with defaults", chat_id)
                info = ChatInfo(chat_id, lang)
        typed["chat_info"] = info
        typed["t"] = self.locales.translator(info.lang)
        typed["locales"] = self.locales
        return await handler(update, data)
