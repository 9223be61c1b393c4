"""Job leases and the background-jobs leader, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import socket

import pytest

from bot.leader import BackgroundJobs
from data import db_service as db

T0 = 1_700_000_000.0


async def test_one_holder_at_a_time(store):
    assert await db.acquire_job_lease("jobs", "a", ttl=10, now=T0)
    assert not await db.acquire_job_lease("jobs", "b", ttl=10, now=T0 + 5)
    assert await db.acquire_job_lease("jobs", "a", ttl=10, now=T0 + 5)  # renewed to T0 + 15
    assert await db.job_lease_holder("jobs", now=T0 + 14) == "a"
    assert not await db.acquire_job_lease("jobs", "b", ttl=10, now=T0 + 14)
    assert await db.acquire_job_lease("jobs", "b", ttl=10, now=T0 + 15.5)  # expired: taken over
    assert await db.job_lease_holder("jobs", now=T0 + 16) == "b"
    assert not await db.acquire_job_lease("jobs", "a", ttl=10, now=T0 + 16)


async def test_release_and_dead_holders(store):
    assert await db.acquire_job_lease("jobs", "a", ttl=10, now=T0)
    assert not await db.release_job_lease("jobs", "b")
    assert await db.release_job_lease("jobs", "a")
    assert await db.job_lease_holder("jobs", now=T0) is None
    assert await db.acquire_job_lease("jobs", "b", ttl=10, now=T0)
    assert not await db.acquire_job_lease("jobs", "c", ttl=10, now=T0, dead_holders=("a",))
    assert await db.acquire_job_lease("jobs", "c", ttl=10, now=T0, dead_holders=("b",))


async def test_concurrent_takers_get_one_winner(store):
    results = await asyncio.gather(
        *(db.acquire_job_lease("race", f"w{n}", ttl=10) for n in range(20))
    )
    assert sum(results) == 1


class _Job:
    def __init__(self, log: list[str], name: str) -> None:
        self.log, self.name, self.running = log, name, True
        log.append(f"start {name}")

    async def stop(self) -> None:
        self.running = False
        self.log.append(f"stop {self.name}")

    def wake(self) -> None:
        self.log.append(f"wake {self.name}")


def _leader(log: list[str], holder: str, ttl: float = 6.0) -> BackgroundJobs:
    return BackgroundJobs(lambda: {"job": _Job(log, holder)}, ttl=ttl, holder=holder)


async def _wait(condition, timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.02)


async def test_only_the_leader_runs_the_jobs_and_a_stop_hands_them_over(store):
    log: list[str] = []
    first, second = _leader(log, "first"), _leader(log, "second")
    await first.start()
    await second.start()
    try:
        assert first.leading and not second.leading
        assert log == ["start first"]
        await first.stop()
        assert log == ["start first", "stop first"]
        await _wait(lambda: second.leading)  # at its next turn (ttl / 3)
        assert log[-1] == "start second"
    finally:
        await first.stop()
        await second.stop()
    assert log[-1] == "stop second"
    assert await db.job_lease_holder("background") is None


async def test_only_the_leader_wakes_a_named_job(store):
    log: list[str] = []
    first, second = _leader(log, "first"), _leader(log, "second")
    await first.start()
    await second.start()
    try:
        assert first.wake("job") and log == ["start first", "wake first"]
        assert not second.wake("job")  # not leading: the leader finds the work at its next tick
        assert not first.wake("other")
        assert log == ["start first", "wake first"]
    finally:
        await first.stop()
        await second.stop()


async def test_a_dead_holder_on_this_host_is_replaced_at_once(store):
    dead = f"{socket.gethostname()[:40]}:999999999:abcdef"  # no such pid
    assert await db.acquire_job_lease("background", dead, ttl=600)
    log: list[str] = []
    leader = _leader(log, "heir")
    await leader.start()
    try:
        assert leader.leading and log == ["start heir"]
    finally:
        await leader.stop()


async def test_a_live_holder_elsewhere_keeps_the_lease(store):
    assert await db.acquire_job_lease("background", "otherhost:1:abcdef", ttl=600)
    leader = _leader([], "here")
    await leader.start()
    try:
        assert not leader.leading
    finally:
        await leader.stop()
    assert await db.job_lease_holder("background") == "otherhost:1:abcdef"


def test_ttl_must_exceed_the_safety_margin():
    with pytest.raises(ValueError):
        BackgroundJobs(dict, ttl=3)
