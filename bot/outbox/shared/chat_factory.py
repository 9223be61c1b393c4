"""Which per-chat limits a process shares: through Redis, PostgreSQL, or none (its own memory).

The rule is :func:`~bot.outbox.budget_factory.create_global_budget`'s: ``REDIS_URL`` set →
Redis; webhook mode on PostgreSQL → the database; otherwise None, and the process keeps its
in-process ChatBuckets and ChatGate at no extra cost (polling runs as one process, and several
processes on SQLite are refused at startup). What is returned is wrapped in its fallback, so
a store that goes down never fails a send or a message.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.media.gate_fallback import FallbackChatGate, LocalChatGate
from bot.media.limits import ChatGate
from bot.media.shared_limits import DatabaseChatGate, RedisChatGate, SharedChatGate

from ..bucket import ChatBuckets
from ..budget_factory import budget_name
from ..chat_fallback import FallbackChatBuckets
from ..clock import Clock, LoopClock
from ..config import LimiterConfig
from .chats_base import SharedChats
from .database_chats import DatabaseChatBuckets
from .redis_chats import RedisChatBuckets

log = logging.getLogger(__name__)


def _store(settings: Any) -> str | None:
    if settings.redis_url:
        return "redis"
    if settings.webhook_mode and settings.db_url.family == "postgresql":
        return "postgresql"
    return None


def create_shared_chats(
    settings: Any, config: LimiterConfig, *, clock: Clock | None = None
) -> FallbackChatBuckets | None:
    """Per-chat send buckets every process of this bot shares, or None for the in-process
    ones; the limiter's ``shared_chats``. Their stand-in is a ChatBuckets of ``config`` on
    ``clock`` (the limiter's; default the event loop's). Close with :func:`close_shared`."""
    store = _store(settings)
    if store is None:
        return None
    name, numbers = budget_name(settings), SharedChats.numbers(config)
    shared: SharedChats
    if store == "redis":
        shared = RedisChatBuckets.from_url(settings.redis_url.get(), *numbers, name=name)
        log.info("per-chat send limits: shared through Redis (keys %s:*)", shared.prefix)
    else:
        shared = DatabaseChatBuckets(*numbers, name)
        log.info("per-chat send limits: shared through PostgreSQL (chat_send_buckets %s)", name)
    return FallbackChatBuckets(
        shared,
        ChatBuckets(*numbers),
        clock or LoopClock(),
        probe_interval=config.budget_retry_interval,
    )


def create_shared_gate(
    settings: Any, local: ChatGate, *, probe_interval: float | None = None
) -> FallbackChatGate | None:
    """Per-chat link limits every process of this bot shares, standing in with ``local``
    (the process's ChatGate, whose ``work_slots`` stay its own), or None: use ``local``
    itself. Close with :func:`close_shared`."""
    store = _store(settings)
    if store is None:
        return None
    name = budget_name(settings)
    shared: SharedChatGate
    if store == "redis":
        shared = RedisChatGate.from_url(settings.redis_url.get(), name=name)
        log.info("per-chat link limits: shared through Redis")
    else:
        shared = DatabaseChatGate(name)
        log.info("per-chat link limits: shared through PostgreSQL (chat_link_gate %s)", name)
    options = {} if probe_interval is None else {"probe_interval": probe_interval}
    return FallbackChatGate(shared, local, **options)


async def close_shared(
    shared: FallbackChatBuckets | FallbackChatGate | LocalChatGate | None,
) -> None:
    """Release what :func:`create_shared_chats` or :func:`create_shared_gate` made."""
    if shared is not None:
        await shared.aclose()
