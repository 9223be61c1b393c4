"""Job leases: which process runs each singleton background job (``job_leases``).

Re-exported by ``data.db_service``. A lease is taken, renewed and stolen by one atomic
upsert: ``INSERT … ON CONFLICT (name) DO UPDATE … WHERE`` the row is already the caller's, or
has expired, or belongs to a holder the caller knows is dead. Both SQLite and PostgreSQL run
it as one statement, so two processes can never both think they hold a job.
"""
from __future__ import annotations

import time

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.dialect import insert_for
from data.models import JobLease

__all__ = ["acquire_job_lease", "job_lease_holder", "release_job_lease"]


async def acquire_job_lease(
    name: str, holder: str, *, ttl: float, dead_holders: tuple[str, ...] = (),
    now: float | None = None, session: AsyncSession | None = None,
) -> bool:
    """Take or renew the lease ``name`` for ``holder`` until ``now + ttl``; True if it is
    ``holder``'s now. A lease held by anyone else is only taken once it has expired, or at
    once when its holder is in ``dead_holders``."""
    now = time.time() if now is None else now
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
    name: str, *, now: float | None = None, session: AsyncSession | None = None,
) -> str | None:
    """Who holds the lease ``name`` now (None: nobody, or it expired)."""
    now = time.time() if now is None else now
    async with session_scope(session) as s:
        return (await s.execute(
            select(JobLease.holder).where(JobLease.name == name, JobLease.expires_at >= now)
        )).scalar_one_or_none()
