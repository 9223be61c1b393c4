"""The overview's inline keyboard: period and audience switches and the graph button."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from data.periods import Audience


class PeriodName(enum.StrEnum):
    """The periods an operator can pick (``data.periods.Period.named`` understands each)."""

    DAY = "24h"
    WEEK = "7d"
    MONTH = "30d"
    ALL = "all"


class StatsAction(enum.StrEnum):
    """What a press on the overview keyboard asks for."""

    VIEW = "view"
    GRAPH = "graph"


class AdminStats(CallbackData, prefix="adm"):
    """A press on the overview keyboard: show ``period`` and ``audience``, or draw their graph."""

    action: StatsAction
    period: PeriodName
    audience: Audience


def period_label(t: Translator, period: PeriodName) -> str:
    """The localized name of a period (``24 h``, ``7 days``…)."""
    return t(f"admin-period-{PeriodName(period).value}")


def audience_label(t: Translator, audience: Audience) -> str:
    """The localized name of an audience (all chats, users, groups)."""
    return t(f"admin-audience-{Audience(audience).value}")


def stats_keyboard(t: Translator, period: PeriodName, audience: Audience) -> InlineKeyboardMarkup:
    """Period row, audience row and the graph button; the current choices are marked."""
    builder = InlineKeyboardBuilder()
    for choice in PeriodName:
        label = period_label(t, choice)
        builder.button(
            text=f"• {label}" if choice == period else label,
            callback_data=AdminStats(action=StatsAction.VIEW, period=choice, audience=audience),
        )
    for choice in Audience:
        label = audience_label(t, choice)
        builder.button(
            text=f"• {label}" if choice == audience else label,
            callback_data=AdminStats(action=StatsAction.VIEW, period=period, audience=choice),
        )
    builder.button(
        text=t("admin-graph-button"),
        callback_data=AdminStats(action=StatsAction.GRAPH, period=period, audience=audience),
    )
    builder.adjust(len(PeriodName), len(Audience), 1)
    return builder.as_markup()
