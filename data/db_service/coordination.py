"""Coordination between processes: job leases and the shared Telegram send budget.

Job leases (``job_leases``): which process runs each singleton background job. A lease is
taken, renewed and stolen by one atomic upsert: ``INSERT … ON CONFLICT (name) DO UPDATE …
WHERE`` the row is already the caller's, or has expired, or belongs to a holder the caller
knows is dead. Both SQLite and PostgreSQL run it as one statement, so two processes can never
both think they hold a job.

The send budget (``send_budget``, one row per budget) is a GCRA token bucket (``full_at``:
when it is full again) plus a 429 pause (``paused_until``), both in Unix seconds of the
*database server's* clock, so processes on different machines agree. Each call is one
statement that reads and advances the row under its row lock; a missing row is a full,
unpaused bucket. PostgreSQL only: several processes on SQLite are refused at startup, and one
process keeps its budget in memory (``bot.outbox.LocalBudget``), so on SQLite the budget
functions raise NotImplementedError.
"""

from __future__ import annotations

from sqlalchemy import delete, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from data.clock import precise_now
from data.database import session_scope
from data.db_service.common import insert_for, is_postgres
from data.models import JobLease


async def acquire_job_lease(
    name: str,
    holder: str,
    *,
    ttl: float,
    dead_holders: tuple[str, ...] = (),
    now: float | None = None,
    session: AsyncSession | None = None,
) -> bool:
    """Take or renew the lease ``name`` for ``holder`` until ``now + ttl``; True if it is
    ``holder``'s now. A lease held by anyone else is only taken once it has expired, or at
    once when its holder is in ``dead_holders``."""
    now = precise_now(now)
    async with session_scope(session) as s:
        stmt = insert_for(s, JobLease).values(name=name, holder=holder, expires_at=now + ttl)
        takeable = [JobLease.holder == holder, JobLease.expires_at < now]
        if dead_holders:
            takeable.append(JobLease.holder.in_(dead_holders))
        stmt = stmt.on_conflict_do_update(
            index_elements=["name"],
            set_={"holder": stmt.excluded.holder, "expires_at": stmt.excluded.expires_at},
            where=or_(*takeable),
        ).returning(JobLease.holder)
        return (await s.execute(stmt)).scalar_one_or_none() == holder


async def release_job_lease(name: str, holder: str, *, session: AsyncSession | None = None) -> bool:
    """Give up the lease ``name`` if ``holder`` has it (another process may take it at once)."""
    async with session_scope(session) as s:
        result = await s.execute(
            delete(JobLease).where(JobLease.name == name, JobLease.holder == holder)
        )
        return result.rowcount > 0


async def job_lease_holder(
    name: str,
    *,
    now: float | None = None,
    session: AsyncSession | None = None,
) -> str | None:
    """Who holds the lease ``name`` now (None: nobody, or it expired)."""
    now = precise_now(now)
    async with session_scope(session) as s:
        return (
            await s.execute(
                select(JobLease.holder).where(JobLease.name == name, JobLease.expires_at >= now)
            )
        ).scalar_one_or_none()


EPSILON = 1e-9  # as bot.outbox.bucket.EPSILON: a ready time this close to now counts as now
RETRY_SOON = 0.001  # seconds: the wait answered when a concurrent writer hid the exact one

# The server's clock, unless a test pins it (``now``).
_NOW = "coalesce(CAST(:now AS float8), extract(epoch FROM clock_timestamp())::float8)"

# ON CONFLICT locks the row and evaluates WHERE and SET on its newest version, so the take is
# atomic. RETURNING only sees granted rows; a refused take reads its wait from the statement's
# snapshot, which may predate a concurrent commit: that wait can only be too short (full_at and
# paused_until never go back), so the caller merely asks again sooner.
_TAKE = text(f"""
WITH took AS (
    INSERT INTO send_budget AS b (name, full_at, paused_until)
    VALUES (:name, {_NOW} + CAST(:step AS float8), 0)
    ON CONFLICT (name) DO UPDATE
        SET full_at = greatest(b.full_at, {_NOW}) + CAST(:step AS float8)
        WHERE greatest(b.paused_until, b.full_at + CAST(:offset AS float8))
              <= {_NOW} + CAST(:epsilon AS float8)
    RETURNING true AS granted, 0.0::float8 AS wait
)
SELECT granted, wait FROM took
UNION ALL
SELECT false, greatest(paused_until, full_at + CAST(:offset AS float8)) - {_NOW}
FROM send_budget
WHERE name = :name AND NOT EXISTS (SELECT FROM took)
""")

_PAUSE = text(f"""
INSERT INTO send_budget AS b (name, full_at, paused_until)
VALUES (:name, 0, {_NOW} + CAST(:seconds AS float8))
ON CONFLICT (name) DO UPDATE
    SET paused_until = greatest(b.paused_until, {_NOW} + CAST(:seconds AS float8))
""")


def _require_postgres(session: AsyncSession) -> None:
    if not is_postgres(session):
        raise NotImplementedError(
            "the shared send budget needs PostgreSQL (or REDIS_URL); on SQLite tokdrop runs "
            "as one process with its in-process budget"
        )


async def take_send_budget(
    name: str,
    rate: float,
    capacity: float,
    cost: float,
    keep: float,
    *,
    now: float | None = None,
    session: AsyncSession | None = None,
) -> float:
    """Take ``cost`` units from budget ``name`` if ``keep`` would be left and answer 0.0;
    otherwise take nothing and answer the seconds to wait (paused, or not enough units).

    ``rate`` units/s refill a bucket of ``capacity``; a cost above the capacity waits until
    the bucket has been full long enough (strict, like ``TokenBucket``). ``now`` pins the
    clock (tests); by default the database server's clock decides.
    """
    params = {
        "name": name,
        "step": cost / rate,
        "offset": (cost + keep - capacity) / rate,
        "epsilon": EPSILON,
        "now": now,
    }
    async with session_scope(session) as s:
        _require_postgres(s)
        row = (await s.execute(_TAKE, params)).first()
    if row is None:  # the row was created concurrently, after this statement's snapshot
        return RETRY_SOON
    granted, wait = row
    if granted:
        return 0.0
    return wait if wait > EPSILON else RETRY_SOON


async def pause_send_budget(
    name: str, seconds: float, *, now: float | None = None, session: AsyncSession | None = None
) -> None:
    """Grant nothing from budget ``name`` for ``seconds`` (a longer pause already set stays)."""
    async with session_scope(session) as s:
        _require_postgres(s)
        await s.execute(_PAUSE, {"name": name, "seconds": seconds, "now": now})
