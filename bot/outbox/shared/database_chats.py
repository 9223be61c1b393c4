"""Each chat's send buckets as PostgreSQL rows (``chat_send_buckets``), shared by every
process; idle rows are pruned now and then by whichever process comes first."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from data import db_service

from ..bucket import ChatKey
from ..clock import Clock
from .base import DEFAULT_TIMEOUT
from .chats_base import SharedChats, guarded
from .pruning import Pruner

PRUNE_INTERVAL = 60.0  # seconds between one process's deletions of idle rows
PRUNE_IDLE = 60.0  # seconds a row stays full and unpaused before it is deleted


class DatabaseChatBuckets(SharedChats):
    """Per-chat send buckets in the ``chat_send_buckets`` rows of set ``name``.

    Each take or pause is one statement in its own short transaction on the process-wide
    engine (``data.database``), or on ``engine`` when given. At most every ``prune_interval``
    seconds a take also starts, in the background, one DELETE of the rows (of every set) that
    have been full and unpaused for ``prune_idle`` seconds: each process does, so the table
    holds the chats of the last minutes whichever processes live. PostgreSQL only.
    """

    store = "postgresql"

    def __init__(
        self,
        chat_rate: float,
        chat_burst: float,
        group_rate: float,
        group_burst: float,
        name: str = "telegram",
        *,
        engine: AsyncEngine | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Clock | None = None,
        prune_interval: float = PRUNE_INTERVAL,
        prune_idle: float = PRUNE_IDLE,
    ) -> None:
        super().__init__(
            chat_rate, chat_burst, group_rate, group_burst, timeout=timeout, clock=clock
        )
        self.name = name
        self.prune_interval, self.prune_idle = prune_interval, prune_idle
        self._sessions = None if engine is None else async_sessionmaker(engine)
        self._pruner = Pruner(self.prune, prune_interval, "chat_send_buckets")

    async def prune(self) -> int:
        """Delete the idle rows now; how many (raises like take)."""
        call = self._run(db_service.prune_chat_sends, self.prune_idle, now=self._now())
        return await guarded(call, self._what(), self.timeout)

    async def aclose(self) -> None:
        """Wait for a prune under way (its errors were logged)."""
        await self._pruner.aclose()

    async def _take(self, chat: ChatKey, cost: float, now: float | None) -> float:
        group = self.is_group(chat)
        wait = await self._run(
            db_service.take_chat_send,
            self.name,
            str(chat),
            cost,
            chat_rate=self.chat_rate,
            chat_burst=self.chat_burst,
            group_rate=self.group_rate if group else None,
            group_burst=self.group_burst if group else None,
            now=now,
        )
        self._pruner.due()
        return wait

    async def _pause(self, chat: ChatKey, seconds: float, now: float | None) -> None:
        await self._run(db_service.pause_chat_send, self.name, str(chat), seconds, now=now)

    async def _run(self, function, *args, **kwargs):
        if self._sessions is None:
            return await function(*args, **kwargs)
        async with self._sessions.begin() as session:
            return await function(*args, **kwargs, session=session)
