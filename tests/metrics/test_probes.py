"""Health probes and the /healthz verdict: each check's answer, caching, timeouts, no secrets."""

from __future__ import annotations

import asyncio

import pytest

from bot.metrics import Liveness, Metrics
from bot.web import (
    BotApiProbe,
    ProbeResult,
    background_jobs_probe,
    check_health,
    database_probe,
    job_probe,
    last_update_probe,
    polling_probe,
    run_probe,
    task_probe,
)
from data import database

PASSWORD = "S3cret-db-pw"
# Nothing listens on port 1: the connection is refused at once.
UNREACHABLE_URL = f"postgresql://tokdrop:{PASSWORD}@127.0.0.1:1/tokdrop"


class ManualClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class FakeBot:
    """Answers getMe as told, counting the calls."""

    def __init__(self, behaviour=None) -> None:
        self.calls = 0
        self.behaviour = behaviour

    async def get_me(self, request_timeout: int | None = None) -> dict:
        self.calls += 1
        if self.behaviour is not None:
            await self.behaviour()
        return {"id": 1}


class FakeJob:
    def __init__(self, running: bool = True) -> None:
        self.running = running


class FakeLeader:
    def __init__(self, running=True, leading=True, jobs=None) -> None:
        self.running, self.leading, self.jobs = running, leading, jobs or {}


# ------------------------------------------------------------------ database


async def test_database_probe_passes_on_a_live_database(store):
    assert await database_probe()() == ProbeResult(True)


async def test_database_probe_fails_once_the_engine_is_disposed(store):
    await database.dispose_database()
    assert await database_probe()() == ProbeResult(False, "not initialised")


async def test_database_probe_hides_the_url_and_password_of_an_unreachable_database():
    engine = database.build_engine(UNREACHABLE_URL)
    try:
        result = await database_probe(lambda: engine)()
    finally:
        await engine.dispose()
    assert result == ProbeResult(False, "unreachable")


async def test_database_probe_times_out():
    class Hanging:
        def connect(self):
            return self

        async def __aenter__(self):
            await asyncio.sleep(10)

        async def __aexit__(self, *exc):
            return False

    result = await database_probe(lambda: Hanging(), timeout=0.05)()
    assert result == ProbeResult(False, "timeout")


# ------------------------------------------------------------------ Bot API


async def test_bot_api_answer_is_cached_for_ttl_seconds_and_shared_by_concurrent_checks():
    clock, bot = ManualClock(), FakeBot()
    probe = BotApiProbe(bot, ttl=5, clock=clock)
    results = await asyncio.gather(*(probe() for _ in range(5)))
    assert results == [ProbeResult(True)] * 5 and bot.calls == 1
    clock.now += 4.9
    await probe()
    assert bot.calls == 1
    clock.now += 0.2
    await probe()
    assert bot.calls == 2


async def test_bot_api_failure_names_the_error_class_only():
    async def refuse():
        raise ConnectionError("https://api.telegram.org/bot424242:SECRET/getMe refused")

    result = await BotApiProbe(FakeBot(refuse))()
    assert result == ProbeResult(False, "ConnectionError")


async def test_bot_api_probe_times_out():
    result = await BotApiProbe(FakeBot(lambda: asyncio.sleep(10)), timeout=0.05)()
    assert result == ProbeResult(False, "timeout")


# ------------------------------------------------------------------ liveness and jobs


async def test_polling_probe_wants_recent_getupdates_activity():
    clock = ManualClock()
    metrics = Metrics()
    metrics.liveness = Liveness(clock=clock)
    probe = polling_probe(metrics, max_silence=30)
    assert await probe() == ProbeResult(False, "not polling")
    metrics.liveness.polled()
    clock.now += 12
    assert await probe() == ProbeResult(True, "polled 12.0 s ago")
    clock.now += 20
    assert await probe() == ProbeResult(False, "no poll for 32 s")


async def test_last_update_probe_reports_without_failing():
    clock = ManualClock()
    metrics = Metrics()
    metrics.liveness = Liveness(clock=clock)
    assert await last_update_probe(metrics)() == ProbeResult(True, "no update yet")
    metrics.liveness.saw_update()
    clock.now += 3
    assert await last_update_probe(metrics)() == ProbeResult(True, "update 3.0 s ago")


@pytest.mark.parametrize(
    "job, expected",
    [
        (None, ProbeResult(False, "not started")),
        (FakeJob(True), ProbeResult(True, "running")),
        (FakeJob(False), ProbeResult(False, "stopped")),
    ],
)
async def test_job_probe(job, expected):
    assert await job_probe(lambda: job)() == expected


@pytest.mark.parametrize(
    "leader, expected",
    [
        (None, ProbeResult(False, "not started")),
        (FakeLeader(running=False), ProbeResult(False, "stopped")),
        (FakeLeader(leading=False), ProbeResult(True, "standby")),
        (
            FakeLeader(jobs={"broadcast": FakeJob(), "subscriptions": FakeJob()}),
            ProbeResult(True, "running: broadcast, subscriptions"),
        ),
        (
            FakeLeader(jobs={"broadcast": FakeJob(), "subscriptions": FakeJob(False)}),
            ProbeResult(False, "stopped: subscriptions"),
        ),
    ],
)
async def test_background_jobs_probe(leader, expected):
    assert await background_jobs_probe(lambda: leader)() == expected


async def test_task_probe():
    gate = asyncio.Event()

    async def fail():
        raise ValueError("boom")

    alive = asyncio.create_task(gate.wait())
    failed = asyncio.create_task(fail())
    await asyncio.sleep(0)
    assert await task_probe(lambda: None)() == ProbeResult(False, "not started")
    assert await task_probe(lambda: alive)() == ProbeResult(True, "running")
    assert await task_probe(lambda: failed)() == ProbeResult(False, "failed: ValueError")
    alive.cancel()
    await asyncio.gather(alive, return_exceptions=True)
    assert await task_probe(lambda: alive)() == ProbeResult(False, "cancelled")


# ------------------------------------------------------------------ the verdict


async def test_check_health_runs_every_probe_and_fails_if_one_fails():
    async def fine():
        return ProbeResult(True, "ok")

    async def broken():
        raise RuntimeError(f"password={PASSWORD}")

    async def slow():
        await asyncio.sleep(10)

    async def chatty():
        return ProbeResult(False, "line one\nline two " + "x" * 200)

    healthy, body = await check_health({"a": fine}, timeout=1)
    assert healthy and body == {"status": "ok", "checks": {"a": {"ok": True, "detail": "ok"}}}
    healthy, body = await check_health(
        {"a": fine, "b": broken, "c": slow, "d": chatty}, timeout=0.05
    )
    assert not healthy and body["status"] == "fail"
    assert body["checks"]["b"] == {"ok": False, "detail": "RuntimeError"}
    assert body["checks"]["c"] == {"ok": False, "detail": "timeout"}
    assert body["checks"]["d"]["detail"].startswith("line one line two x")
    assert len(body["checks"]["d"]["detail"]) <= 80
    assert PASSWORD not in str(body)


async def test_run_probe_with_no_probes_is_healthy():
    assert await check_health({}) == (True, {"status": "ok", "checks": {}})
    assert await run_probe(lambda: asyncio.sleep(0, ProbeResult(True))) == ProbeResult(True)
