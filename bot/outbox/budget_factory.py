"""Which bot-wide budget a process uses: Redis, PostgreSQL, or its own memory."""

from __future__ import annotations

import logging
from typing import Any

from .budget import GlobalBudget
from .config import LimiterConfig
from .shared import DatabaseBudget, RedisBudget

log = logging.getLogger(__name__)


def budget_name(settings: Any) -> str:
    """``bot<id>``, the public id part of the bot token, so bots sharing a store (one Redis
    for several deployments) keep separate budgets; ``telegram`` if the token has none."""
    bot_id = settings.bot_token.get().partition(":")[0]
    return f"bot{bot_id}" if bot_id.isdigit() else "telegram"


def create_global_budget(settings: Any, config: LimiterConfig) -> GlobalBudget | None:
    """The budget every process of this bot shares, or None for the in-process one.

    ``REDIS_URL`` set: a :class:`RedisBudget` with its own client (close it with
    :func:`close_global_budget`). Webhook mode on PostgreSQL: a :class:`DatabaseBudget` on the
    process-wide engine. Otherwise None: polling runs as one process (Telegram answers 409 to
    a second poller) and several processes on SQLite are refused at startup.
    """
    name = budget_name(settings)
    if settings.redis_url:
        budget = RedisBudget.from_url(
            settings.redis_url.get(), config.global_rate, config.global_burst, name=name
        )
        log.info("bot-wide send budget: shared through Redis (key %s)", budget.key)
        return budget
    if settings.webhook_mode and settings.db_url.family == "postgresql":
        log.info("bot-wide send budget: shared through PostgreSQL (send_budget row %s)", name)
        return DatabaseBudget(config.global_rate, config.global_burst, name)
    return None


async def close_global_budget(budget: GlobalBudget | None) -> None:
    """Release what a budget from :func:`create_global_budget` holds (the Redis client)."""
    close = getattr(budget, "aclose", None)
    if close is not None:
        await close()
