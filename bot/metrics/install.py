"""``install_metrics``: one call in ``create_bot`` gives a bot its metrics."""
from __future__ import annotations

from typing import TYPE_CHECKING

from bot.metrics.binding import bind, metrics_of
from bot.metrics.registry import Metrics
from bot.metrics.telegram import TelegramCallMetrics

if TYPE_CHECKING:
    from aiogram import Bot

    from bot.metrics.outbox import StatsSource


def install_metrics(bot: Bot, *, limiter: StatsSource | None = None,
                    metrics: Metrics | None = None) -> Metrics:
    """Give ``bot`` its metrics (new unless ``metrics`` is passed) and count its Bot API errors.

    ``limiter`` (``bot.outbox.Limiter``) is exposed at each scrape. Install after the limiter, so
    the error middleware sits inside it and sees every retried request. A second call for the
    same bot returns the metrics it already has.
    """
    existing = metrics_of(bot)
    if existing is not None:
        return existing
    metrics = metrics or Metrics()
    bind(bot, metrics)
    if limiter is not None:
        metrics.outbox.watch(limiter)
    if not any(isinstance(m, TelegramCallMetrics) for m in bot.session.middleware):
        bot.session.middleware(TelegramCallMetrics())
    return metrics
