"""Errors no handler caught: a blocked chat is marked blocked; anything else is logged and the
user told."""

import logging

from aiogram import Router
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import Chat, ErrorEvent

from bot.i18n import Locales, Translator
from data import db_service

log = logging.getLogger(__name__)


def router() -> Router:
    """Routes errors raised by any handler."""
    r = Router(name="errors")

    @r.errors()
    async def on_error(
        event: ErrorEvent,
        locales: Locales,
        t: Translator | None = None,
        event_chat: Chat | None = None,
    ) -> bool:
        update, error = event.update, event.exception
        if isinstance(error, TelegramForbiddenError) and event_chat is not None:
            log.info("chat %s blocked the bot or removed it (%s)", event_chat.id, error.message)
            try:
                await db_service.set_blocked(event_chat.id, True)
            except Exception:
                log.exception("could not mark chat %s blocked", event_chat.id)
            return True
        log.error("update %s failed: %s", update.update_id, error, exc_info=error)
        translate = t or locales.translator(None)
        try:
            if update.message and update.message.chat.type == "private":
                await update.message.answer(translate("error-generic"))
            elif update.callback_query:
                await update.callback_query.answer(translate("error-generic"), show_alert=True)
        except TelegramAPIError as exc:
            log.warning("could not tell the user about the error: %s", exc)
        return True

    return r
