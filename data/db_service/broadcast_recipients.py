"""Broadcast recipients: leased claims and delivery outcomes, one recipient (a chat) at a time.

How a recipient moves (``data.models.RecipientState``):

- ``claim_recipients``: pending → claimed, in batches, leased to one worker (``claimed_by``,
  ``claimed_until``, renewed by ``renew_leases`` while the worker lives);
- ``begin_send``: claimed → sending, committed once the send limiter granted the one send,
  right before its request leaves (never before the limiter's wait);
- ``finish_recipient``: sending → sent | blocked | failed, committed right after it, with the
  broadcast's counter in the same transaction;
- ``undo_send``: sending → claimed when flood control refused the send (nothing went out),
  also while the 429's pause is waited out;
- ``retry_recipient``: sending → pending until a retry time after a transient error, or failed
  once the attempts are used up;
- ``release_claims`` (clean stop) and ``recover_expired_claims`` (lease over): claimed → pending;
- ``recover_expired_claims``: sending → failed with ``UNKNOWN_OUTCOME``, never sent again.

A worker writes ``sending`` (committed) once its single send is granted, just before the
request leaves, and the outcome right after it, with one send in flight at a time; so if it
dies, at most one of its recipients is left in ``sending``, and only if its request may really
have left (a worker killed while waiting for the limiter leaves it ``claimed``). That
recipient may or may not have received the message, and is never sent to again: when its
lease expires it becomes ``failed`` with ``UNKNOWN_OUTCOME`` (at-most-once delivery).
Expired ``claimed`` rows were never sent and go back to ``pending``.

Several processes on one PostgreSQL claim with ``SELECT … FOR UPDATE SKIP LOCKED``, so a
recipient is claimed by one worker only; on SQLite writes are serialised by the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.common import is_postgres, unix_now
from data.models import Broadcast, BroadcastRecipient, BroadcastStatus, RecipientState

UNKNOWN_OUTCOME = "outcome unknown (worker stopped mid-send)"
ERROR_LENGTH = 256

R = BroadcastRecipient
_COUNTER = {
    RecipientState.SENT: "sent",
    RecipientState.BLOCKED: "blocked",
    RecipientState.FAILED: "failed",
}


def _error(text: str | None) -> str | None:
    return None if text is None else text[:ERROR_LENGTH]


def _held(broadcast_id: int, chat_id: int, worker: str, state: RecipientState) -> tuple:
    """The recipient, in ``state`` and claimed by ``worker`` (conditions for a WHERE)."""
    return (
        R.broadcast_id == broadcast_id,
        R.chat_id == chat_id,
        R.state == state,
        R.claimed_by == worker,
    )


def _running(broadcast_id: int):
    return exists().where(Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.RUNNING)


@dataclass(frozen=True)
class Recovered:
    """What ``recover_expired_claims`` did: claims put back (never sent) and sends of unknown
    outcome."""

    released: int
    unknown: int


# ---------------------------------------------------------------- recipients


async def claim_recipients(
    broadcast_id: int,
    worker: str,
    *,
    limit: int = 50,
    lease: int = 30,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> list[int]:
    """Lease up to ``limit`` pending recipients of a running broadcast to ``worker``; their chat
    ids.

    PostgreSQL picks them with ``FOR UPDATE SKIP LOCKED``, so concurrent workers get disjoint
    batches without waiting on each other. Recipients waiting for a retry are skipped until
    their time comes.
    """
    at = unix_now(now)
    async with session_scope(session) as s:
        pick = (
            select(R.chat_id)
            .where(
                R.broadcast_id == broadcast_id,
                R.state == RecipientState.PENDING,
                or_(R.claimed_until.is_(None), R.claimed_until <= at),
                _running(broadcast_id),
            )
            .order_by(R.chat_id)
            .limit(limit)
        )
        if is_postgres(s):
            # Lock the batch first, then update it: inside one UPDATE, PostgreSQL may re-run a
            # LIMIT … SKIP LOCKED subquery and pick more rows than the limit.
            chosen = list((await s.execute(pick.with_for_update(skip_locked=True))).scalars())
            if not chosen:
                return []
            batch = R.chat_id.in_(chosen)
        else:  # SQLite: one writer at a time, and the subquery runs once
            batch = R.chat_id.in_(pick.scalar_subquery())
        claimed = await s.execute(
            update(R)
            .where(R.broadcast_id == broadcast_id, R.state == RecipientState.PENDING, batch)
            .values(
                state=RecipientState.CLAIMED,
                claimed_by=worker,
                claimed_until=at + lease,
                updated_at=at,
            )
            .returning(R.chat_id)
        )
        return sorted(claimed.scalars())


async def begin_send(
    broadcast_id: int,
    chat_id: int,
    worker: str,
    *,
    lease: int = 30,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> bool:
    """Claimed → sending, committed once the send is granted, right before its request leaves;
    False (send nothing) if the broadcast is no longer running or the claim is no longer the
    worker's."""
    at = unix_now(now)
    async with session_scope(session) as s:
        result = await s.execute(
            update(R)
            .where(
                *_held(broadcast_id, chat_id, worker, RecipientState.CLAIMED),
                _running(broadcast_id),
            )
            .values(state=RecipientState.SENDING, claimed_until=at + lease, updated_at=at)
        )
        return result.rowcount > 0


async def undo_send(
    broadcast_id: int,
    chat_id: int,
    worker: str,
    *,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> bool:
    """Sending → claimed: the send certainly did not happen (flood control refused it, the
    shared send budget failed, or the worker stopped before sending)."""
    async with session_scope(session) as s:
        result = await s.execute(
            update(R)
            .where(
                *_held(broadcast_id, chat_id, worker, RecipientState.SENDING),
            )
            .values(state=RecipientState.CLAIMED, updated_at=unix_now(now))
        )
        return result.rowcount > 0


async def finish_recipient(
    broadcast_id: int,
    chat_id: int,
    worker: str,
    state: RecipientState,
    *,
    error: str | None = None,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> bool:
    """Record the outcome of the worker's send (sent, blocked or failed) and count it, in one
    transaction; False if the recipient was not in the worker's ``sending`` state."""
    state = RecipientState(state)
    counter = _COUNTER[state]
    async with session_scope(session) as s:
        result = await s.execute(
            update(R)
            .where(
                *_held(broadcast_id, chat_id, worker, RecipientState.SENDING),
            )
            .values(
                state=state,
                error=_error(error),
                attempts=R.attempts + 1,
                claimed_by=None,
                claimed_until=None,
                updated_at=unix_now(now),
            )
        )
        if result.rowcount == 0:
            return False
        column = getattr(Broadcast, counter)
        await s.execute(
            update(Broadcast).where(Broadcast.id == broadcast_id).values({counter: column + 1})
        )
        return True


async def retry_recipient(
    broadcast_id: int,
    chat_id: int,
    worker: str,
    error: str,
    *,
    retry_at: int,
    max_attempts: int = 3,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> RecipientState | None:
    """A send failed without reaching the chat (a transient error): back to ``pending`` until
    ``retry_at``, or ``failed`` (counted) once ``max_attempts`` are used. Returns the new
    state, or None if the recipient was not in the worker's ``sending`` state."""
    at = unix_now(now)
    async with session_scope(session) as s:
        row = (
            await s.execute(
                select(R.attempts).where(
                    *_held(broadcast_id, chat_id, worker, RecipientState.SENDING),
                )
            )
        ).first()
        if row is None:
            return None
        if row.attempts + 1 >= max_attempts:
            done = await finish_recipient(
                broadcast_id, chat_id, worker, RecipientState.FAILED, error=error, now=at, session=s
            )
            return RecipientState.FAILED if done else None
        result = await s.execute(
            update(R)
            .where(
                *_held(broadcast_id, chat_id, worker, RecipientState.SENDING),
            )
            .values(
                state=RecipientState.PENDING,
                error=_error(error),
                attempts=R.attempts + 1,
                claimed_by=None,
                claimed_until=retry_at,
                updated_at=at,
            )
        )
        return RecipientState.PENDING if result.rowcount else None


async def release_claims(
    worker: str,
    *,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> int:
    """Put every recipient the worker claimed but did not start sending back to ``pending``
    (a clean stop); returns how many."""
    async with session_scope(session) as s:
        result = await s.execute(
            update(R)
            .where(R.claimed_by == worker, R.state == RecipientState.CLAIMED)
            .values(
                state=RecipientState.PENDING,
                claimed_by=None,
                claimed_until=None,
                updated_at=unix_now(now),
            )
        )
        return result.rowcount


async def renew_leases(
    worker: str,
    *,
    lease: int = 30,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> int:
    """Extend the worker's leases (claimed and sending rows) to ``now + lease``; returns how
    many."""
    at = unix_now(now)
    async with session_scope(session) as s:
        result = await s.execute(
            update(R)
            .where(
                R.claimed_by == worker,
                R.state.in_((RecipientState.CLAIMED, RecipientState.SENDING)),
            )
            .values(claimed_until=at + lease)
        )
        return result.rowcount


async def lease_holders(*, session: AsyncSession | None = None) -> list[str]:
    """Workers holding claimed or sending recipients of any broadcast."""
    async with session_scope(session) as s:
        return sorted(
            (
                await s.execute(
                    select(R.claimed_by)
                    .where(R.state.in_((RecipientState.CLAIMED, RecipientState.SENDING)))
                    .distinct()
                )
            ).scalars()
        )


async def recover_expired_claims(
    *,
    dead_workers: Iterable[str] = (),
    now: int | None = None,
    session: AsyncSession | None = None,
) -> Recovered:
    """Deal with leases of workers that stopped without a trace (crash, kill, lost database).

    A lease is over when ``claimed_until`` has passed, or at once for ``dead_workers`` (known
    to be gone). Expired ``claimed`` rows were never sent: back to ``pending``. Expired
    ``sending`` rows may have been delivered: they become ``failed`` with ``UNKNOWN_OUTCOME``
    and are counted, never sent again. Safe to run from several workers at once.
    """
    at = unix_now(now)
    dead = list(dead_workers)
    expired = or_(R.claimed_until < at, R.claimed_by.in_(dead)) if dead else R.claimed_until < at
    async with session_scope(session) as s:
        released = await s.execute(
            update(R)
            .where(R.state == RecipientState.CLAIMED, expired)
            .values(
                state=RecipientState.PENDING, claimed_by=None, claimed_until=None, updated_at=at
            )
        )
        unknown = (
            (
                await s.execute(
                    update(R)
                    .where(R.state == RecipientState.SENDING, expired)
                    .values(
                        state=RecipientState.FAILED,
                        error=UNKNOWN_OUTCOME,
                        attempts=R.attempts + 1,
                        claimed_by=None,
                        claimed_until=None,
                        updated_at=at,
                    )
                    .returning(R.broadcast_id)
                )
            )
            .scalars()
            .all()
        )
        per_broadcast: dict[int, int] = {}
        for broadcast_id in unknown:
            per_broadcast[broadcast_id] = per_broadcast.get(broadcast_id, 0) + 1
        for broadcast_id, count in sorted(per_broadcast.items()):
            await s.execute(
                update(Broadcast)
                .where(Broadcast.id == broadcast_id)
                .values(failed=Broadcast.failed + count)
            )
        return Recovered(released.rowcount, len(unknown))


async def recipient_counts(
    broadcast_id: int,
    *,
    session: AsyncSession | None = None,
) -> dict[RecipientState, int]:
    """How many recipients are in each state (every state present, zeros included)."""
    async with session_scope(session) as s:
        rows = (
            await s.execute(
                select(R.state, func.count())
                .where(R.broadcast_id == broadcast_id)
                .group_by(R.state)
            )
        ).all()
    counts = dict.fromkeys(RecipientState, 0)
    counts.update({RecipientState(state): n for state, n in rows})
    return counts


async def get_recipient(
    broadcast_id: int,
    chat_id: int,
    *,
    session: AsyncSession | None = None,
) -> BroadcastRecipient | None:
    """One recipient's row (a detached snapshot), or None."""
    async with session_scope(session) as s:
        return await s.get(R, (broadcast_id, chat_id))
