"""Creator polls: which process polls each followed creator, and how far it got.

A process polls a creator only after claiming it with one ``UPDATE … WHERE leased_until < now``
(on PostgreSQL its candidate rows are picked with ``FOR UPDATE SKIP LOCKED``; SQLite serialises
writers), so each creator is polled by one process at a time, and only once it is due
(``last_polled_at`` at least ``interval`` ago).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.common import chunks, insert_for, is_postgres, unix_now
from data.models import CreatorPoll, Subscription, User

CP = CreatorPoll


def _followed(creator_column):
    """An active subscription of a chat that has not blocked the bot follows this creator."""
    return exists().where(
        Subscription.creator == creator_column,
        Subscription.active.is_(True),
        User.user_id == Subscription.user_id,
        User.blocked_at.is_(None),
    )


@dataclass(frozen=True)
class CreatorLease:
    """A creator this process may poll now, with its polling state as it was when claimed."""

    creator: str
    failures: int
    last_polled_at: int | None
    last_seen_post_at: int | None


async def sync_creator_polls(*, now: int | None = None, session: AsyncSession | None = None) -> int:
    """Add a ``creator_polls`` row for every actively followed creator that lacks one, and drop
    free rows of creators nobody follows any more; returns how many rows were added."""
    at = unix_now(now)
    creators = select(Subscription.creator).where(Subscription.active.is_(True)).distinct()
    async with session_scope(session) as s:
        added = await s.execute(
            insert_for(s, CP)
            .from_select(["creator"], creators)
            .on_conflict_do_nothing(index_elements=["creator"])
        )
        followed_at_all = exists().where(
            Subscription.creator == CP.creator, Subscription.active.is_(True)
        )
        await s.execute(delete(CP).where(~followed_at_all, CP.leased_until < at))
        return max(added.rowcount or 0, 0)


async def claim_creators(
    worker_id: str,
    *,
    limit: int,
    lease: int,
    interval: float = 0,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> list[CreatorLease]:
    """Lease up to ``limit`` due creators to ``worker_id`` for ``lease`` seconds, least recently
    polled first. Due: not leased (``leased_until < now``), last polled ``interval`` seconds ago
    or never, and followed by at least one chat that has not blocked the bot."""
    at = unix_now(now)
    free = CP.leased_until < at
    due = or_(CP.last_polled_at.is_(None), CP.last_polled_at <= at - int(interval))
    async with session_scope(session) as s:
        pick = (
            select(CP.creator)
            .where(free, due, _followed(CP.creator))
            .order_by(func.coalesce(CP.last_polled_at, 0), CP.creator)
            .limit(limit)
            .correlate(None)  # its own FROM creator_polls, not the UPDATE's
        )
        if is_postgres(s):
            pick = pick.with_for_update(skip_locked=True, of=CP)
        rows = (
            await s.execute(
                update(CP)
                .where(CP.creator.in_(pick), free, due)
                .values(leased_by=worker_id, leased_until=at + lease)
                .returning(CP.creator, CP.failures, CP.last_polled_at, CP.last_seen_post_at)
            )
        ).all()
    leases = [
        CreatorLease(r.creator, r.failures, r.last_polled_at, r.last_seen_post_at) for r in rows
    ]
    return sorted(leases, key=lambda c: (c.last_polled_at or 0, c.creator))


async def renew_creator_leases(
    worker_id: str,
    *,
    lease: int,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> int:
    """Extend every lease ``worker_id`` holds to ``lease`` seconds from now; returns how many."""
    at = unix_now(now)
    async with session_scope(session) as s:
        result = await s.execute(
            update(CP)
            .where(CP.leased_by == worker_id, CP.leased_until >= at)
            .values(leased_until=at + lease)
        )
        return result.rowcount


async def finish_creator_poll(
    creator: str,
    worker_id: str,
    *,
    polled_at: int,
    last_seen_post_at: int | None,
    failures: int = 0,
    checked: Iterable[int] = (),
    session: AsyncSession | None = None,
) -> bool:
    """End a poll: free the lease, set the failure count (a listed creator: 0), store when the
    poll began and how far posts were handled, and stamp the ``checked`` subscriptions (the ones
    the poll served) with ``last_checked_at``, in one transaction. False (and nothing changed)
    if the lease is no longer ``worker_id``'s."""
    ids = sorted(set(checked))
    async with session_scope(session) as s:
        result = await s.execute(
            update(CP)
            .where(CP.creator == creator, CP.leased_by == worker_id)
            .values(
                leased_by=None,
                leased_until=0,
                failures=failures,
                last_polled_at=polled_at,
                last_seen_post_at=last_seen_post_at,
            )
        )
        if result.rowcount == 0:
            return False
        for chunk in chunks(ids):
            await s.execute(
                update(Subscription)
                .where(Subscription.id.in_(chunk))
                .values(last_checked_at=polled_at)
            )
        return True


async def unchecked_subscriptions(*, session: AsyncSession | None = None) -> set[int]:
    """Ids of active subscriptions no poll has served yet (``last_checked_at`` unset): new or
    re-activated ones, which may want posts older than their creator's ``last_seen_post_at``."""
    stmt = select(Subscription.id).where(
        Subscription.active.is_(True), Subscription.last_checked_at.is_(None)
    )
    async with session_scope(session) as s:
        return set((await s.execute(stmt)).scalars())


async def record_creator_failure(
    creator: str,
    worker_id: str,
    *,
    polled_at: int,
    session: AsyncSession | None = None,
) -> int | None:
    """Count one more consecutive "creator not found" and free the lease; returns the new count,
    or None if the lease is no longer ``worker_id``'s."""
    async with session_scope(session) as s:
        return (
            await s.execute(
                update(CP)
                .where(CP.creator == creator, CP.leased_by == worker_id)
                .values(
                    leased_by=None,
                    leased_until=0,
                    failures=CP.failures + 1,
                    last_polled_at=polled_at,
                )
                .returning(CP.failures)
            )
        ).scalar_one_or_none()


async def release_creator_leases(
    worker_id: str,
    creators: Iterable[str] | None = None,
    *,
    session: AsyncSession | None = None,
) -> int:
    """Hand back leases (all of ``worker_id``'s, or just ``creators``) without counting a poll,
    so any process may poll those creators at once; returns how many."""
    stmt = update(CP).where(CP.leased_by == worker_id)
    if creators is not None:
        names = list(creators)
        if not names:
            return 0
        stmt = stmt.where(CP.creator.in_(names))
    async with session_scope(session) as s:
        return (await s.execute(stmt.values(leased_by=None, leased_until=0))).rowcount


async def forget_creator_poll(creator: str, *, session: AsyncSession | None = None) -> bool:
    """Delete a creator's polling state (after its subscriptions were deactivated)."""
    async with session_scope(session) as s:
        return (await s.execute(delete(CP).where(CP.creator == creator.lower()))).rowcount > 0


async def creator_poll(creator: str, *, session: AsyncSession | None = None) -> CreatorPoll | None:
    """A creator's polling state (a detached snapshot), or None."""
    async with session_scope(session) as s:
        return await s.get(CP, creator.lower())
