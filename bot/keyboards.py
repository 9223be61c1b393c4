"""Inline keyboards and their callback data."""

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Locales


class LangChoice(CallbackData, prefix="lang"):
    """A press on one language of the /lang keyboard."""

    code: str


class MusicRequest(CallbackData, prefix="music"):
    """A press on a post's music button."""

    post_id: str


def music_keyboard(post_id: str, t) -> InlineKeyboardMarkup:
    """The button under a delivered post that asks for its sound."""
    builder = InlineKeyboardBuilder()
    builder.button(text=t("media-music-button"), callback_data=MusicRequest(post_id=post_id))
    return builder.as_markup()


def url_keyboard(text: str, url: str) -> InlineKeyboardMarkup:
    """A single link button (ads)."""
    builder = InlineKeyboardBuilder()
    builder.button(text=text, url=url)
    return builder.as_markup()


def language_keyboard(locales: Locales, current: str) -> InlineKeyboardMarkup:
    """One button per available language, each named in its own language; the current one marked."""
    builder = InlineKeyboardBuilder()
    for code in locales.languages:
        name = locales.translator(code)("language-name")
        builder.button(
            text=f"✓ {name}" if code == current else name, callback_data=LangChoice(code=code)
        )
    builder.adjust(2)
    return builder.as_markup()
