"""One process at a time runs the background jobs (broadcast worker, subscription poller).

Every bot process keeps a :class:`BackgroundJobs` leader. It holds the ``background`` job lease
(``data.db_service.coordination``) while it runs the jobs and renews it every ``ttl / 3``
seconds; the others try to take it at the same pace. When the holder stops it hands the lease
back, so another process takes over within ``ttl / 3`` seconds; when it dies the lease is taken
as soon as it expires, or at once by a process on the same host that sees the holder's pid is
gone. A holder that cannot renew (database down) stops its jobs before its lease runs out, so
two processes never run them at the same time. The jobs' own leases (broadcast recipients,
creators) still guard every send on top of this. Handlers reach the jobs through the
dispatcher's ``background_jobs`` (:meth:`BackgroundJobs.wake`): in a process that does not hold
the lease there is nothing to wake, and the holder finds the work at its next tick.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Protocol

from bot.background import dead_local_workers, new_worker_id
from data import db_service

log = logging.getLogger(__name__)

LEASE_NAME = "background"
LEASE_TTL = 15.0  # seconds: a dead leader's jobs are taken over at most this long after it died
SAFETY_MARGIN = 2.0  # seconds before its lease runs out that a leader that cannot renew stops


class Job(Protocol):
    """A started background job."""

    @property
    def running(self) -> bool:
        """Whether its task is alive."""

    async def stop(self) -> None:
        """Finish the work under way and end."""

    def wake(self) -> None:
        """Look for work now instead of at the next tick."""


class BackgroundJobs:
    """Starts the jobs made by ``start_jobs`` while this process holds the lease, stops them
    when it loses or gives it up."""

    def __init__(
        self,
        start_jobs: Callable[[], dict[str, Job]],
        *,
        name: str = LEASE_NAME,
        ttl: float = LEASE_TTL,
        holder: str | None = None,
    ) -> None:
        if ttl <= SAFETY_MARGIN * 2:
            raise ValueError("ttl must be well above the safety margin")
        self.name = name
        self.ttl = ttl
        self.id = holder or new_worker_id()
        self.jobs: dict[str, Job] = {}
        self._leading = False
        self._start_jobs = start_jobs
        self._renewed_at = float("-inf")  # monotonic time of the last successful renewal
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._lock = asyncio.Lock()

    @property
    def leading(self) -> bool:
        """Whether this process holds the lease and runs the jobs now."""
        return self._leading

    @property
    def running(self) -> bool:
        """Whether the leader's loop is alive (the jobs, if leading, are checked separately)."""
        return self._task is not None and not self._task.done()

    def wake(self, name: str) -> bool:
        """Wake the job ``name`` if this process runs it now; False if it does not (then the
        leading process finds the work at the job's next tick)."""
        job = self.jobs.get(name)
        if job is None:
            return False
        job.wake()
        return True

    async def start(self) -> None:
        """Try for the lease once now (so a lone process starts its jobs at once), then keep
        trying, or renewing, in the background."""
        await self._turn()
        self._task = asyncio.create_task(self._run(), name=f"background-jobs {self.id}")

    async def stop(self) -> None:
        """Stop the jobs and hand the lease back."""
        self._stopping.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        async with self._lock:
            was_leading = self.leading
            await self._stop_jobs()
            if was_leading:
                try:
                    await db_service.release_job_lease(self.name, self.id)
                except Exception as exc:  # noqa: BLE001 - it expires on its own
                    log.warning("could not hand back the %s lease: %s", self.name, exc)

    async def _run(self) -> None:
        while not self._stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.ttl / 3)
            if not self._stopping.is_set():
                await self._turn()

    async def _turn(self) -> None:
        async with self._lock:
            if self._stopping.is_set():
                return
            try:
                mine = await self._acquire()
            except Exception as exc:  # noqa: BLE001 - the database may come back
                log.warning("background jobs: cannot reach the lease (%s)", exc)
                if self.leading and time.monotonic() - self._renewed_at > self.ttl - SAFETY_MARGIN:
                    log.warning("background jobs: lease about to run out; stopping the jobs")
                    await self._stop_jobs()
                return
            if mine:
                self._renewed_at = time.monotonic()
                if not self.leading:
                    self._leading = True
                    self.jobs = self._start_jobs()
                    log.info(
                        "background jobs: %s holds the lease; running %s",
                        self.id,
                        ", ".join(self.jobs) or "nothing",
                    )
            elif self.leading:
                log.warning("background jobs: %s lost the lease; stopping the jobs", self.id)
                await self._stop_jobs()

    async def _acquire(self) -> bool:
        if self.leading:  # renewing: no other holder to look at
            return await db_service.acquire_job_lease(self.name, self.id, ttl=self.ttl)
        holder = await db_service.job_lease_holder(self.name)
        dead = tuple(dead_local_workers([holder], me=self.id)) if holder else ()
        if dead:
            log.warning("background jobs: holder %s is gone; taking over", holder)
        return await db_service.acquire_job_lease(
            self.name, self.id, ttl=self.ttl, dead_holders=dead
        )

    async def _stop_jobs(self) -> None:
        jobs, self.jobs, self._leading = self.jobs, {}, False
        for name, job in jobs.items():
            try:
                await job.stop()
            except Exception as exc:  # noqa: BLE001 - stop the others anyway
                log.error("background job %s did not stop cleanly: %s", name, exc)
