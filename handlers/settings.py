"""/lang and /mode: per-chat language and file mode (group admins only in groups)."""

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.chat_admin import may_change_settings
from bot.chat_info import ChatInfo
from bot.i18n import Locales, Translator
from bot.keyboards import LangChoice, language_keyboard
from bot.replies import edit_text
from data import db_service


def router() -> Router:
    """Routes /lang, its keyboard presses, and /mode."""
    r = Router(name="settings")

    @r.message(Command("lang"))
    async def choose_language(
        message: Message, bot: Bot, t: Translator, locales: Locales, chat_info: ChatInfo
    ) -> None:
        if not await may_change_settings(bot, message.chat, message.from_user, message.sender_chat):
            await message.answer(t("lang-admins-only"))
            return
        await message.answer(
            t("lang-choose"), reply_markup=language_keyboard(locales, chat_info.lang)
        )

    @r.callback_query(LangChoice.filter(), F.message)
    async def language_chosen(
        query: CallbackQuery, callback_data: LangChoice, bot: Bot, t: Translator, locales: Locales
    ) -> None:
        chat = query.message.chat
        if not await may_change_settings(bot, chat, query.from_user):
            await query.answer(t("lang-admins-only"), show_alert=True)
            return
        if callback_data.code not in locales.languages:
            await query.answer(t("lang-unknown"), show_alert=True)
            return
        await db_service.update_lang(chat.id, callback_data.code)
        chosen = locales.translator(callback_data.code)
        await query.answer()
        await edit_text(query.message, chosen("lang-changed"))

    @r.message(Command("mode"))
    async def toggle_file_mode(
        message: Message, bot: Bot, t: Translator, chat_info: ChatInfo
    ) -> None:
        if not await may_change_settings(bot, message.chat, message.from_user, message.sender_chat):
            await message.answer(t("lang-admins-only"))
            return
        enabled = not chat_info.file_mode
        if not await db_service.update_file_mode(message.chat.id, enabled):
            await message.answer(t("error-generic"))
            return
        await message.answer(t("mode-on" if enabled else "mode-off"))

    return r
