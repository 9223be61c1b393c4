"""Per-chat budgets shared by several processes: the interface the limiter calls.

Stores (Redis, PostgreSQL) live in their own modules; the limiter only needs this protocol.
"""

from __future__ import annotations

from typing import Protocol

from .bucket import ChatKey


class SharedChatBuckets(Protocol):
    """Every process's sends to one chat (and its group) charged to one bucket, plus holds.

    The limiter asks :meth:`take` once its own buckets let a call go, before the bot-wide
    budget, and calls :meth:`pause` on a 429 for a chat. It never passes chat None. Either may
    raise when the store is down: the limiter then paces that call with its own buckets alone.
    """

    store: str  # "redis" or "postgresql"

    async def take(self, chat: ChatKey, cost: float) -> float:
        """Charge ``cost`` to the chat's bucket (and its group bucket when the chat is a
        group) if it may go now, answering 0.0; otherwise charge nothing and answer the
        seconds until it may."""

    async def pause(self, chat: ChatKey, seconds: float) -> None:
        """Hold ``chat`` for ``seconds`` in every process (a 429 seen by one of them)."""
