"""Errors no handler caught: logged once, and the user told something went wrong."""
import logging

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent

from bot.i18n import Locales

log = logging.getLogger(__name__)


def router() -> Router:
    """Routes errors raised by any handler."""
    r = Router(name="errors")

    @r.errors()
    async def on_error(event: ErrorEvent, locales: Locales | None = None, t=None) -> bool:
        update = event.update
        log.error("update %s failed: %s", update.update_id, event.exception, exc_info=event.exception)
        translate = t or (locales.translator(None) if locales else None)
        if translate is None:
            return True
        try:
            if update.message and update.message.chat.type == "private":
                await update.message.answer(translate("error-generic"))
            elif update.callback_query:
                await update.callback_query.answer(translate("error-generic"), show_alert=True)
        except TelegramAPIError as exc:
            log.warning("could not tell the user about the error: %s", exc)
        return True

    return r
