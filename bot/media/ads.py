"""Ads after deliveries in private chats: the delivery's record claims a due ad (or moves the
chat's counter on, see ``db_service.record_delivery``); this module says whether ads run and
sends a claimed one."""

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from bot.i18n import Translator
from bot.keyboards import url_keyboard
from data.runtime_settings import Setting

log = logging.getLogger(__name__)


def ads_on(settings: dict[Setting, object]) -> bool:
    """Whether ads run: no ad text configured means no ads and untouched counters."""
    return bool(settings[Setting.AD_TEXT])


async def show(bot: Bot, chat_id: int, t: Translator, settings: dict[Setting, object]) -> None:
    """Send the configured ad (claimed for this chat already)."""
    text, url = settings[Setting.AD_TEXT], settings[Setting.AD_BUTTON_URL]
    markup = url_keyboard(t("ad-button"), url) if url else None
    try:
        await bot.send_message(chat_id, text, reply_markup=markup)
    except (
        TelegramBadRequest
    ) as exc:  # admin-written HTML that Telegram cannot parse: send it plain
        log.warning("ad text rejected as HTML (%s); sending it as plain text", exc.message)
        await bot.send_message(chat_id, text, reply_markup=markup, parse_mode=None)
