"""The bot-wide budget as one PostgreSQL row (``send_budget``), shared by every process."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from data import db_service

from ..clock import Clock
from .base import DEFAULT_TIMEOUT, SharedBudget


class DatabaseBudget(SharedBudget):
    """A :class:`~bot.outbox.GlobalBudget` in the ``send_budget`` row ``name``.

    Each take or pause is one statement in its own short transaction on the process-wide
    engine (``data.database``), or on ``engine`` when given. PostgreSQL only.
    """

    store = "postgresql"

    def __init__(
        self,
        rate: float,
        burst: float,
        name: str = "telegram",
        *,
        engine: AsyncEngine | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(rate, burst, timeout=timeout, clock=clock)
        self.name = name
        self._sessions = None if engine is None else async_sessionmaker(engine)

    async def _take(self, cost: int, keep: float, now: float | None) -> float:
        args = (self.name, self.rate, self.capacity, cost, keep)
        if self._sessions is None:
            return await db_service.take_send_budget(*args, now=now)
        async with self._sessions.begin() as session:
            return await db_service.take_send_budget(*args, now=now, session=session)

    async def _pause(self, seconds: float, now: float | None) -> None:
        if self._sessions is None:
            await db_service.pause_send_budget(self.name, seconds, now=now)
            return
        async with self._sessions.begin() as session:
            await db_service.pause_send_budget(self.name, seconds, now=now, session=session)
