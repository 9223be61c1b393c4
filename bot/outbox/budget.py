"""The bot-wide budget: a protocol so several processes can share one, and the in-process kind."""

from __future__ import annotations

from typing import Protocol

from .bucket import EPSILON, TokenBucket
from .clock import Clock


class GlobalBudget(Protocol):
    """Messages per second for the whole bot, shared by everything that sends as it.

    A shared implementation (a PostgreSQL row or a Redis key updated by one atomic
    statement/script holding ``full_at`` and ``paused_until``) plugs in unchanged: the
    limiter calls :meth:`take` once per grant and :meth:`pause` on a 429.
    """

    async def take(self, cost: int, keep: float) -> float:
        """Take ``cost`` units if ``keep`` would be left, answering 0.0; otherwise take
        nothing and answer the seconds to wait before asking again."""

    async def pause(self, seconds: float) -> None:
        """Grant nothing to anyone for ``seconds`` (Telegram answered 429 ``retry_after``)."""


class LocalBudget:
    """A :class:`GlobalBudget` for one process: a strict token bucket plus a pause."""

    def __init__(self, rate: float, burst: float, clock: Clock) -> None:
        self.bucket = TokenBucket(rate, burst)
        self.clock = clock
        self.paused_until = float("-inf")

    async def take(self, cost: int, keep: float) -> float:
        """See :meth:`GlobalBudget.take`."""
        now = self.clock.now()
        ready = max(self.paused_until, self.bucket.ready_at(cost, keep))
        if ready > now + EPSILON:
            return ready - now
        self.bucket.take(cost, now)
        return 0.0

    async def pause(self, seconds: float) -> None:
        """See :meth:`GlobalBudget.pause`."""
        self.paused_until = max(self.paused_until, self.clock.now() + seconds)
