"""Which :class:`Metrics` belong to which Bot."""
from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiogram import Bot

    from bot.metrics.registry import Metrics

# Keyed by id(): aiogram Bots with one token compare equal, yet each bot has its own metrics.
_by_bot: dict[int, Metrics] = {}


def bind(bot: Bot, metrics: Metrics) -> None:
    """Attach ``metrics`` to ``bot`` for as long as the bot lives."""
    _by_bot[id(bot)] = metrics
    weakref.finalize(bot, _by_bot.pop, id(bot), None)


def metrics_of(bot: Bot | None) -> Metrics | None:
    """The metrics installed on ``bot``, or None (instrumented code then counts nothing)."""
    return None if bot is None else _by_bot.get(id(bot))
