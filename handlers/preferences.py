"""/settings: the chat's preferences as a menu whose buttons cycle them, or one set directly
(``/settings <key> <value>``). Anyone may open the menu; in groups only admins change it."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.chat_admin import may_change_settings
from bot.chat_info import ChatInfo
from bot.i18n import Translator
from bot.preference_keyboard import (
    PreferenceChoice,
    choice_label,
    name_label,
    preferences_keyboard,
    preferences_text,
    value_label,
)
from bot.replies import edit_text
from data import db_service
from data.errors import DataError, InvalidPreference
from data.preferences import SPECS, Preference, Preferences, parse_preference, text_of


def preference_error(error: InvalidPreference, t: Translator) -> str:
    """The localized reason a key or value was refused, listing the valid ones."""
    return t(f"prefs-error-{error.code}", **{k: str(v) for k, v in error.params.items()})


def usage(t: Translator) -> str:
    """How to set one preference directly, with every key and its values."""
    keys = "\n".join(f"{key.value}: {' | '.join(SPECS[key].choices)}" for key in Preference)
    return t("prefs-usage", keys=keys)


def _valid_press(data: PreferenceChoice) -> tuple[Preference, object] | None:
    """The (key, value) a press asks for; None when its data is not a valid key and choices."""
    try:
        key, value = parse_preference(data.key, data.value)
    except InvalidPreference:
        return None
    if data.current not in SPECS[key].choices:
        return None
    return key, value


async def _show(query: CallbackQuery, preferences: Preferences, t: Translator) -> None:
    await edit_text(
        query.message, preferences_text(preferences, t), preferences_keyboard(preferences, t)
    )


def router() -> Router:
    """Routes /settings and its menu's presses."""
    r = Router(name="preferences")

    @r.message(Command("settings"))
    async def preferences_command(
        message: Message, command: CommandObject, bot: Bot, t: Translator, chat_info: ChatInfo
    ) -> None:
        args = (command.args or "").strip()
        if not args:
            if not chat_info.registered:
                await message.answer(t("error-generic"))
                return
            preferences = chat_info.preferences
            await message.answer(
                preferences_text(preferences, t),
                reply_markup=preferences_keyboard(preferences, t),
            )
            return
        if not await may_change_settings(bot, message.chat, message.from_user, message.sender_chat):
            await message.answer(t("lang-admins-only"))
            return
        key, _, value = args.partition(" ")
        if not value.strip():
            await message.answer(usage(t))
            return
        try:
            preference, parsed = parse_preference(key, value)
        except InvalidPreference as exc:
            await message.answer(preference_error(exc, t))
            return
        try:
            await db_service.set_preference(message.chat.id, preference, parsed)
        except DataError:
            await message.answer(t("error-generic"))
            return
        shown = value_label(preference, text_of(preference, parsed), t)
        await message.answer(t("prefs-changed", name=name_label(preference, t), value=shown))

    @r.callback_query(PreferenceChoice.filter(), F.message)
    async def preference_pressed(
        query: CallbackQuery,
        callback_data: PreferenceChoice,
        bot: Bot,
        t: Translator,
        chat_info: ChatInfo,
    ) -> None:
        press = _valid_press(callback_data)
        if press is None:
            await query.answer(t("prefs-invalid"), show_alert=True)
            return
        key, value = press
        chat = query.message.chat
        if not await may_change_settings(bot, chat, query.from_user):
            await query.answer(t("lang-admins-only"), show_alert=True)
            return
        if not chat_info.registered:
            await query.answer(t("error-generic"), show_alert=True)
            return
        if text_of(key, chat_info.preferences.get(key)) != callback_data.current:
            # A stale menu (pressed twice, or changed elsewhere): show what holds now.
            await query.answer(t("prefs-stale"))
            await _show(query, chat_info.preferences, t)
            return
        try:
            preferences = await db_service.set_preference(chat.id, key, value)
        except DataError:
            await query.answer(t("error-generic"), show_alert=True)
            return
        await query.answer(choice_label(key, text_of(key, value), t))
        await _show(query, preferences, t)

    return r
