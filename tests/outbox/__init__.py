"""Tests of bot/outbox; ``Grants`` drives limiter calls on a manual clock."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.outbox import Lane, Limiter, LimiterConfig, ManualClock

UNLIMITED_CHATS = {
    "chat_rate": 1000.0,
    "chat_burst": 1000.0,
    "group_rate_per_minute": 60_000.0,
    "group_burst": 1000.0,
}


def manual_limiter(**config: Any) -> tuple[Limiter, ManualClock]:
    """A limiter on a manual clock; chat and group budgets unlimited unless given."""
    clock = ManualClock()
    return Limiter(LimiterConfig(**{**UNLIMITED_CHATS, **config}), clock=clock), clock


class Grants:
    """Starts ``acquire`` calls as tasks and records, by label, when each was granted."""

    def __init__(self, limiter: Limiter, clock: ManualClock) -> None:
        self.limiter, self.clock = limiter, clock
        self.start_time = clock.now()
        self.at: dict[str, float] = {}
        self.order: list[str] = []
        self.tasks: dict[str, asyncio.Task[None]] = {}

    def start(
        self, label: str, chat: Any = 1, cost: int = 1, lane: Lane = Lane.INTERACTIVE
    ) -> asyncio.Task[None]:
        """Queue one call (it enqueues on the next loop turn, in start order)."""

        async def call() -> None:
            await self.limiter.acquire(chat, cost, lane=lane)
            self.at[label] = round(self.clock.now() - self.start_time, 6)
            self.order.append(label)

        task = self.tasks[label] = asyncio.create_task(call())
        return task

    def granted(self) -> set[str]:
        """Labels granted so far."""
        return set(self.at)

    async def close(self) -> None:
        """Cancel calls still waiting."""
        for task in self.tasks.values():
            task.cancel()
        await asyncio.gather(*self.tasks.values(), return_exceptions=True)
