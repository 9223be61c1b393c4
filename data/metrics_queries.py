"""Queries the ``/metrics`` endpoint runs at scrape time.

Re-exported by ``data.db_service`` (call them as ``db_service.active_broadcast_progress()``).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.models import Broadcast
from data.models.broadcast import ACTIVE_STATUSES

__all__ = ["BroadcastProgress", "active_broadcast_progress"]


@dataclass(frozen=True)
class BroadcastProgress:
    """Recipients of the queued and running broadcasts, summed over all of them."""

    active: int = 0
    total: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0

    @property
    def pending(self) -> int:
        """Recipients with no outcome yet (pending, claimed or being sent)."""
        return self.total - self.sent - self.blocked - self.failed


async def active_broadcast_progress(*, session: AsyncSession | None = None) -> BroadcastProgress:
    """One aggregate over the ``broadcasts`` rows that are queued or running."""
    def total(column):
        return func.coalesce(func.sum(column), 0)

    async with session_scope(session) as s:
        row = (await s.execute(
            select(func.count(), total(Broadcast.total), total(Broadcast.sent),
                   total(Broadcast.blocked), total(Broadcast.failed))
            .where(Broadcast.status.in_(ACTIVE_STATUSES))
        )).one()
    return BroadcastProgress(*(int(value) for value in row))
