"""The /settings menu of a chat's preferences: its text, its keyboard and the buttons' data."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from data.preferences import SPECS, Preference, Preferences, text_of


class PreferenceChoice(CallbackData, prefix="pref"):
    """A press on a preference's button: set ``key`` from ``current`` (the value the menu
    showed) to ``value``. A press whose ``current`` is no longer the chat's value comes from a
    stale menu and changes nothing."""

    key: str
    current: str
    value: str


def next_choice(key: Preference, current: str) -> str:
    """The choice after ``current`` in ``key``'s order, wrapping around."""
    choices = SPECS[key].choices
    index = choices.index(current) if current in choices else -1
    return choices[(index + 1) % len(choices)]


def name_label(key: Preference, t: Translator) -> str:
    """A preference's name as the chat reads it."""
    return t(f"prefs-{key.value}")


def value_label(key: Preference, value: str, t: Translator) -> str:
    """A stored value (``saver``, ``on``) as the chat reads it."""
    return t(f"prefs-{key.value}-{value}")


def choice_label(key: Preference, value: str, t: Translator) -> str:
    """``Name: value`` in plain text (buttons and toasts are not HTML)."""
    return f"{name_label(key, t)}: {value_label(key, value, t)}"


def preferences_text(preferences: Preferences, t: Translator) -> str:
    """The menu's text: each preference with its current value and what it does."""
    lines = [t("prefs-title"), ""]
    for key in Preference:
        current = text_of(key, preferences.get(key))
        lines.append(
            t(
                "prefs-line",
                name=name_label(key, t),
                value=value_label(key, current, t),
                about=t(f"prefs-{key.value}-about"),
            )
        )
    lines += ["", t("prefs-hint")]
    return "\n".join(lines)


def preferences_keyboard(preferences: Preferences, t: Translator) -> InlineKeyboardMarkup:
    """One button per preference, showing its current value; a press cycles to the next."""
    builder = InlineKeyboardBuilder()
    for key in Preference:
        current = text_of(key, preferences.get(key))
        builder.button(
            text=choice_label(key, current, t),
            callback_data=PreferenceChoice(
                key=key.value, current=current, value=next_choice(key, current)
            ),
        )
    builder.adjust(1)
    return builder.as_markup()
