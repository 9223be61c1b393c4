"""Health probes: small async checks, each answering ok or not with a short, secret-free detail.

A probe is any ``async () -> ProbeResult``. Details are fixed words, numbers or exception
class names, never exception messages (a database error names its URL; a network error may
name the Bot API URL, which holds the token).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from bot.leader import Job
from bot.outbox import Limiter, OutboxMiddleware
from data import database
from data.errors import DatabaseNotInitialised, DatabaseUnavailable

if TYPE_CHECKING:
    from aiogram import Bot
    from sqlalchemy.ext.asyncio import AsyncEngine

    from bot.metrics import Metrics

DATABASE_TIMEOUT_SECONDS = 3.0
BOT_API_TIMEOUT_SECONDS = 3.0
BOT_API_CACHE_SECONDS = 5.0
POLL_SILENCE_SECONDS = 90.0  # a long poll lasts polling_timeout (10 s) plus network time


@dataclass(frozen=True)
class ProbeResult:
    """One check's answer; ``degraded``: it works, in a reduced way (see ``bot.web.health``)."""

    ok: bool
    detail: str = "ok"
    degraded: bool = False


Probe = Callable[[], Awaitable[ProbeResult]]


class JobLeader(Protocol):
    """What the probe needs of ``bot.leader.BackgroundJobs``."""

    @property
    def running(self) -> bool: ...

    @property
    def leading(self) -> bool: ...

    jobs: Mapping[str, Job]


def database_probe(
    engine: Callable[[], AsyncEngine] = database.get_engine,
    *,
    timeout: float = DATABASE_TIMEOUT_SECONDS,
) -> Probe:
    """``SELECT 1`` on the engine ``engine()`` returns (by default the process's engine)."""

    async def probe() -> ProbeResult:
        try:
            async with asyncio.timeout(timeout):
                await database.check_connection(engine())
        except DatabaseNotInitialised:
            return ProbeResult(False, "not initialised")
        except DatabaseUnavailable:  # its message names the database: not shown
            return ProbeResult(False, "unreachable")
        except TimeoutError:
            return ProbeResult(False, "timeout")
        return ProbeResult(True)

    return probe


class BotApiProbe:
    """``getMe`` with a short timeout; the answer is kept ``ttl`` seconds, so a burst of health
    checks costs Telegram one call (concurrent checks wait for the same call)."""

    def __init__(
        self,
        bot: Bot,
        *,
        ttl: float = BOT_API_CACHE_SECONDS,
        timeout: float = BOT_API_TIMEOUT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot, self.ttl, self.timeout, self.clock = bot, ttl, timeout, clock
        self._cached: tuple[float, ProbeResult] | None = None
        self._lock = asyncio.Lock()

    async def __call__(self) -> ProbeResult:
        async with self._lock:
            if self._cached is not None and self.clock() - self._cached[0] < self.ttl:
                return self._cached[1]
            result = await self._ask()
            self._cached = (self.clock(), result)
            return result

    async def _ask(self) -> ProbeResult:
        try:
            async with asyncio.timeout(self.timeout):
                await self.bot.get_me(request_timeout=max(1, round(self.timeout)))
        except TimeoutError:
            return ProbeResult(False, "timeout")
        except Exception as exc:  # noqa: BLE001 - any failure means "unreachable"; name it only
            return ProbeResult(False, type(exc).__name__)
        return ProbeResult(True)


def polling_probe(metrics: Metrics, *, max_silence: float = POLL_SILENCE_SECONDS) -> Probe:
    """Long polling is alive: a ``getUpdates`` call started or ended within ``max_silence`` s."""

    async def probe() -> ProbeResult:
        since = metrics.liveness.since_poll()
        if since is None:
            return ProbeResult(False, "not polling")
        if since > max_silence:
            return ProbeResult(False, f"no poll for {since:.0f} s")
        return ProbeResult(True, f"polled {since:.1f} s ago")

    return probe


def last_update_probe(metrics: Metrics) -> Probe:
    """Always ok (in webhook mode the server answering is the proof of life); tells when the
    last update arrived."""

    async def probe() -> ProbeResult:
        since = metrics.liveness.since_update()
        return ProbeResult(True, "no update yet" if since is None else f"update {since:.1f} s ago")

    return probe


def job_probe(job: Callable[[], Job | None]) -> Probe:
    """The background job ``job()`` returns exists and its task is alive."""

    async def probe() -> ProbeResult:
        found = job()
        if found is None:
            return ProbeResult(False, "not started")
        return ProbeResult(True, "running") if found.running else ProbeResult(False, "stopped")

    return probe


def background_jobs_probe(leader: Callable[[], JobLeader | None]) -> Probe:
    """The background-jobs leader ``leader()`` returns is alive and, while it holds the lease,
    every job it started is running (a process on standby is healthy)."""

    async def probe() -> ProbeResult:
        found = leader()
        if found is None:
            return ProbeResult(False, "not started")
        if not found.running:
            return ProbeResult(False, "stopped")
        if not found.leading:
            return ProbeResult(True, "standby")
        jobs = dict(found.jobs)
        stopped = [name for name, job in jobs.items() if not job.running]
        if stopped:
            return ProbeResult(False, "stopped: " + ", ".join(stopped))
        return ProbeResult(True, "running: " + (", ".join(jobs) or "nothing"))

    return probe


def task_probe(task: Callable[[], asyncio.Task | None]) -> Probe:
    """The asyncio task ``task()`` returns (e.g. the polling task) has not ended."""

    async def probe() -> ProbeResult:
        found = task()
        if found is None:
            return ProbeResult(False, "not started")
        if not found.done():
            return ProbeResult(True, "running")
        if found.cancelled():
            return ProbeResult(False, "cancelled")
        error = found.exception()
        return ProbeResult(False, "ended" if error is None else f"failed: {type(error).__name__}")

    return probe


def send_budget_probe(limiter: Limiter) -> Probe:
    """The shared send budget: ok, or degraded while its store is down (replies then use this
    process's own budget and bulk sends wait, see ``bot.outbox.fallback``)."""

    async def probe() -> ProbeResult:
        state = limiter.budget_state()
        if not state["degraded"]:
            return ProbeResult(True, f"shared ({state['store']})")
        return ProbeResult(
            True,
            f"{state['store']} unavailable for {state['down_seconds']:.0f} s: local budget",
            degraded=True,
        )

    return probe


def shared_state_probe(shared: Any) -> Probe:
    """Per-chat state several processes share (send buckets, link limits: anything with
    ``state()`` giving ``store``, ``degraded`` and ``down_seconds``): ok, or degraded while its
    store is down and this process paces its chats alone."""

    async def probe() -> ProbeResult:
        state = shared.state()
        if not state["degraded"]:
            return ProbeResult(True, f"shared ({state['store']})")
        return ProbeResult(
            True,
            f"{state['store']} unavailable for {state['down_seconds']:.0f} s: "
            "this process's own limits",
            degraded=True,
        )

    return probe


def standard_probes(bot: Bot, gate: Any = None) -> dict[str, Probe]:
    """The checks every process has: ``database`` and ``bot_api``, plus ``send_budget``,
    ``chat_sends`` and ``chat_links`` when the bot's send budget, per-chat send buckets and
    per-chat link limits (``gate``) are shared by several processes."""
    probes = {"database": database_probe(), "bot_api": BotApiProbe(bot)}
    for middleware in bot.session.middleware:
        if not isinstance(middleware, OutboxMiddleware):
            continue
        limiter = middleware.limiter
        if limiter.fallback is not None:
            probes["send_budget"] = send_budget_probe(limiter)
        if hasattr(limiter.shared_chats, "state"):
            probes["chat_sends"] = shared_state_probe(limiter.shared_chats)
    if hasattr(gate, "shared"):  # a FallbackChatGate; a LocalChatGate shares nothing
        probes["chat_links"] = shared_state_probe(gate)
    return probes
