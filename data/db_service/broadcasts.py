"""Broadcast jobs: queueing one with its audience snapshot, its status, and its progress turn.

Vocabulary: a broadcast's recipients are chats (``chat_id``); how each moves from pending to
sent is in :mod:`data.db_service.broadcast_recipients`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.audiences import audience_conditions
from data.db_service.common import insert_for, unix_now
from data.models import Broadcast, BroadcastRecipient, BroadcastStatus, RecipientState, User
from data.models.broadcast import ACTIVE_STATUSES, IN_FLIGHT_STATES
from data.periods import Audience

R = BroadcastRecipient


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


async def create_broadcast(
    created_by: int,
    source_chat_id: int,
    source_message_id: int,
    audience: Audience = Audience.ALL,
    *,
    lang: str | None = None,
    progress_chat_id: int | None = None,
    progress_message_id: int | None = None,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> Broadcast | None:
    """Queue a broadcast and snapshot its audience (one ``INSERT … SELECT`` from ``users``).

    The audience is what ``count_audience(audience, lang=lang)`` counts: chats that have not
    blocked the bot. Returns the new row (``total`` filled in), or None when this progress
    message already has a row (a confirmation pressed twice, or dismissed before: see
    :func:`broadcast_for_message`). That one ``INSERT`` is the decision: of concurrent Send and
    Cancel presses on one confirmation, exactly one takes effect.
    """
    at = unix_now(now)
    audience = Audience(audience)
    async with session_scope(session) as s:
        broadcast_id = (
            await s.execute(
                insert_for(s, Broadcast)
                .values(
                    created_by=created_by,
                    source_chat_id=source_chat_id,
                    source_message_id=source_message_id,
                    audience=audience,
                    lang=lang,
                    status=BroadcastStatus.QUEUED,
                    created_at=at,
                    progress_chat_id=progress_chat_id,
                    progress_message_id=progress_message_id,
                )
                .on_conflict_do_nothing(index_elements=["progress_chat_id", "progress_message_id"])
                .returning(Broadcast.id)
            )
        ).scalar_one_or_none()
        if broadcast_id is None:
            return None
        chats = select(
            literal(broadcast_id, R.broadcast_id.type),
            User.user_id,
            literal(RecipientState.PENDING.value, R.state.type),
            literal(0, R.attempts.type),
            literal(at, R.updated_at.type),
        ).where(*audience_conditions(audience, lang))
        inserted = await s.execute(
            insert(R).from_select(
                ["broadcast_id", "chat_id", "state", "attempts", "updated_at"],
                chats,
            )
        )
        await s.execute(
            update(Broadcast).where(Broadcast.id == broadcast_id).values(total=inserted.rowcount)
        )
        return (await s.execute(select(Broadcast).where(Broadcast.id == broadcast_id))).scalar_one()


async def dismiss_broadcast(
    created_by: int,
    source_chat_id: int,
    source_message_id: int,
    audience: Audience = Audience.ALL,
    *,
    lang: str | None = None,
    progress_chat_id: int,
    progress_message_id: int,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> Broadcast:
    """Record that a confirmation's Cancel was pressed; returns the confirmation's row.

    One ``INSERT`` of a ``dismissed`` row keyed like :func:`create_broadcast`'s: when it wins,
    no later Send on that confirmation queues anything. When Send won first, the broadcast it
    queued is cancelled as :func:`cancel_broadcast` does (a finished one stays ``done``).
    """
    at = unix_now(now)
    async with session_scope(session) as s:
        dismissed = (
            await s.execute(
                insert_for(s, Broadcast)
                .values(
                    created_by=created_by,
                    source_chat_id=source_chat_id,
                    source_message_id=source_message_id,
                    audience=Audience(audience),
                    lang=lang,
                    status=BroadcastStatus.DISMISSED,
                    created_at=at,
                    finished_at=at,
                    progress_chat_id=progress_chat_id,
                    progress_message_id=progress_message_id,
                )
                .on_conflict_do_nothing(index_elements=["progress_chat_id", "progress_message_id"])
                .returning(Broadcast.id)
            )
        ).scalar_one_or_none()
        if dismissed is None:
            queued = await broadcast_for_message(progress_chat_id, progress_message_id, session=s)
            cancelled = await cancel_broadcast(queued.id, now=at, session=s)
            if cancelled is not None:
                return cancelled
        return await broadcast_for_message(progress_chat_id, progress_message_id, session=s)


async def broadcast_for_message(
    progress_chat_id: int,
    progress_message_id: int,
    *,
    session: AsyncSession | None = None,
) -> Broadcast | None:
    """The row of the broadcast confirmed (or dismissed) with this message, or None."""
    async with session_scope(session) as s:
        found = await s.execute(
            select(Broadcast)
            .where(
                Broadcast.progress_chat_id == progress_chat_id,
                Broadcast.progress_message_id == progress_message_id,
            )
            .execution_options(populate_existing=True)
        )
        return found.scalar_one_or_none()


async def get_broadcast(
    broadcast_id: int,
    *,
    session: AsyncSession | None = None,
) -> Broadcast | None:
    """The broadcast's row (a detached snapshot), or None."""
    async with session_scope(session) as s:
        found = await s.execute(select(Broadcast).where(Broadcast.id == broadcast_id))
        return found.scalar_one_or_none()


async def recent_broadcasts(
    limit: int = 10,
    *,
    session: AsyncSession | None = None,
) -> list[Broadcast]:
    """The newest broadcasts first (confirmations dismissed before Send are not broadcasts)."""
    async with session_scope(session) as s:
        newest = (
            select(Broadcast)
            .where(Broadcast.status != BroadcastStatus.DISMISSED)
            .order_by(Broadcast.id.desc())
            .limit(limit)
        )
        return list((await s.execute(newest)).scalars())


async def next_broadcast(*, session: AsyncSession | None = None) -> Broadcast | None:
    """The oldest queued or running broadcast: workers send broadcasts one after another."""
    async with session_scope(session) as s:
        return (
            await s.execute(
                select(Broadcast)
                .where(Broadcast.status.in_(ACTIVE_STATUSES))
                .order_by(Broadcast.id)
                .limit(1)
            )
        ).scalar_one_or_none()


async def mark_broadcast_running(
    broadcast_id: int,
    *,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> bool:
    """Queued → running (stamps ``started_at``); False if it was not queued."""
    async with session_scope(session) as s:
        result = await s.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.QUEUED)
            .values(status=BroadcastStatus.RUNNING, started_at=unix_now(now))
        )
        return result.rowcount > 0


async def complete_broadcast_if_finished(
    broadcast_id: int,
    *,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> bool:
    """Mark a running broadcast done once no recipient is pending, claimed or sending.

    True for exactly one caller (the worker that then posts the summary).
    """
    in_flight = exists().where(R.broadcast_id == broadcast_id, R.state.in_(IN_FLIGHT_STATES))
    async with session_scope(session) as s:
        result = await s.execute(
            update(Broadcast)
            .where(
                Broadcast.id == broadcast_id,
                Broadcast.status == BroadcastStatus.RUNNING,
                ~in_flight,
            )
            .values(status=BroadcastStatus.DONE, finished_at=unix_now(now))
        )
        return result.rowcount > 0


async def cancel_broadcast(
    broadcast_id: int | None = None,
    *,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> Broadcast | None:
    """Stop a queued or running broadcast (default: the oldest one); returns it, or None.

    Recipients not yet sent stay unsent (claimed ones go back to ``pending``); a send already
    under way finishes and is counted.
    """
    at = unix_now(now)
    async with session_scope(session) as s:
        wanted = select(Broadcast.id).where(Broadcast.status.in_(ACTIVE_STATUSES))
        if broadcast_id is not None:
            wanted = wanted.where(Broadcast.id == broadcast_id)
        found = (await s.execute(wanted.order_by(Broadcast.id).limit(1))).scalar_one_or_none()
        if found is None:
            return None
        cancelled = await s.execute(
            update(Broadcast)
            .where(Broadcast.id == found, Broadcast.status.in_(ACTIVE_STATUSES))
            .values(status=BroadcastStatus.CANCELLED, finished_at=at)
        )
        if cancelled.rowcount == 0:
            return None
        await s.execute(
            update(R)
            .where(R.broadcast_id == found, R.state == RecipientState.CLAIMED)
            .values(
                state=RecipientState.PENDING, claimed_by=None, claimed_until=None, updated_at=at
            )
        )
        return (
            await s.execute(
                select(Broadcast)
                .where(Broadcast.id == found)
                .execution_options(populate_existing=True)
            )
        ).scalar_one()


async def take_progress_turn(
    broadcast_id: int,
    *,
    interval: int,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> bool:
    """Whether the caller may edit the progress message now: at most one editor per ``interval``
    seconds across every worker process."""
    at = unix_now(now)
    async with session_scope(session) as s:
        result = await s.execute(
            update(Broadcast)
            .where(
                Broadcast.id == broadcast_id,
                or_(Broadcast.progress_at.is_(None), Broadcast.progress_at <= at - interval),
            )
            .values(progress_at=at)
        )
        return result.rowcount > 0


async def active_broadcast_progress(*, session: AsyncSession | None = None) -> BroadcastProgress:
    """One aggregate over the ``broadcasts`` rows that are queued or running (for ``/metrics``)."""

    def total(column):
        return func.coalesce(func.sum(column), 0)

    async with session_scope(session) as s:
        row = (
            await s.execute(
                select(
                    func.count(),
                    total(Broadcast.total),
                    total(Broadcast.sent),
                    total(Broadcast.blocked),
                    total(Broadcast.failed),
                ).where(Broadcast.status.in_(ACTIVE_STATUSES))
            )
        ).one()
    return BroadcastProgress(*(int(value) for value in row))
