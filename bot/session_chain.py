"""The bot session's request middleware chain, built in one place in a visible order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware

from bot.metrics import Metrics, TelegramCallMetrics
from bot.outbox import (
    GlobalBudget,
    Limiter,
    LimiterConfig,
    OutboxMiddleware,
    SharedChatBuckets,
)

if TYPE_CHECKING:
    from aiogram import Bot


def install_session_chain(
    bot: Bot,
    settings: Any,
    *,
    metrics: Metrics | None,
    budget: GlobalBudget | None = None,
    shared_chats: SharedChatBuckets | None = None,
) -> Limiter:
    """Give ``bot``'s session its request middlewares; returns the send limiter.

    ``metrics`` (None: nothing counted) also exposes the limiter's counters at each scrape;
    ``budget`` is the bot-wide budget when several processes share one, ``shared_chats`` their
    per-chat budgets. The session must be the bot's own: a second chain on one session would
    pace and count every call twice.
    """
    session = bot.session
    if len(session.middleware):
        raise ValueError("this session already has request middlewares; give each bot its own")
    limiter = Limiter(
        LimiterConfig.from_settings(settings), budget=budget, shared_chats=shared_chats
    )
    # Outermost first: each middleware wraps the ones below it, the last one wraps the HTTP call.
    chain: list[BaseRequestMiddleware] = [
        # 1. The send budget (bot.outbox): a costing call waits here for its lane's turn; a 429
        #    pauses its chat (or every send: Limiter.flood) and the call is retried once here.
        OutboxMiddleware(limiter),
    ]
    if metrics is not None:
        # 2. Inside the limiter, so each attempt (a retried call twice) and each failure is
        #    counted as it went to Telegram; notes long polls for the health check.
        chain.append(TelegramCallMetrics(metrics))
        metrics.outbox.watch(limiter)
    for middleware in chain:
        session.middleware(middleware)
    return limiter
