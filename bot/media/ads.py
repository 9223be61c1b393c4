"""Ads after deliveries in private chats: shown when due, otherwise the chat's counter moves on."""
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from bot.i18n import Translator
from bot.keyboards import url_keyboard
from data import db_service
from data.runtime_settings import Setting

log = logging.getLogger(__name__)


async def after_delivery(bot: Bot, chat_id: int, t: Translator) -> bool:
    """Show the configured ad if the chat is due one, else count this delivery; True if shown.

    No ad text configured means no ads and untouched counters.
    """
    settings = await db_service.get_settings_cached()
    text, url = settings[Setting.AD_TEXT], settings[Setting.AD_BUTTON_URL]
    if not text:
        return False
    if not await db_service.claim_ad(chat_id):
        await db_service.increment_ad_count(chat_id)
        return False
    markup = url_keyboard(t("ad-button"), url) if url else None
    try:
        await bot.send_message(chat_id, text, reply_markup=markup)
    except TelegramBadRequest as exc:  # admin-written HTML that Telegram cannot parse: send it plain
        log.warning("ad text rejected as HTML (%s); sending it as plain text", exc.message)
        await bot.send_message(chat_id, text, reply_markup=markup, parse_mode=None)
    return True
