"""What the bot's background jobs (broadcast worker, subscription poller) share: the
:class:`BackgroundJob` loop, worker ids, and spotting crashed workers on this host."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from dataclasses import dataclass

log = logging.getLogger(__name__)


def new_worker_id() -> str:
    """``host:pid:random``: unique per process start, readable in the database's lease columns."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


def dead_local_workers(holders: list[str], *, me: str | None = None) -> list[str]:
    """Of these worker ids, those of processes on this host that no longer exist (a crashed or
    killed bot): their leases need not run out before their work is taken over."""
    host, dead = socket.gethostname()[:40], []
    for holder in holders:
        parts = holder.split(":")
        if holder == me or len(parts) != 3 or parts[0] != host or not parts[1].isdigit():
            continue
        pid = int(parts[1])
        if pid != os.getpid() and not _process_exists(pid):
            dead.append(holder)
    return dead


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process: it exists
        return True
    return True


async def finish_or_cancel(task: asyncio.Task | None, timeout: float, label: str) -> None:
    """Let a stopping job's task end by itself within ``timeout`` seconds, else cancel it."""
    if task is None:
        return
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout)
    except TimeoutError:
        log.warning("%s did not stop within %.0f s; cancelling it", label, timeout)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    except Exception as exc:  # noqa: BLE001 - stopping anyway
        log.debug("%s ended with %r", label, exc)


@dataclass(frozen=True)
class Backoff:
    """Seconds to wait after ``failures`` failed steps in a row: ``base`` doubled per failure
    (at most ``doublings`` times), never more than ``cap``."""

    base: float
    cap: float
    doublings: int

    def delay(self, failures: int) -> float:
        """The pause after this many failures in a row (1 or more)."""
        return min(self.cap, self.base * 2 ** min(failures, self.doublings))


class BackgroundJob:
    """A job's loop in its own task: run :meth:`step`, then sleep until :meth:`wake`, ``stop``
    or the pause the step returned; a failed step is logged and retried after its backoff.

    Subclasses set ``label`` (for logs and the task's name), give ``backoff`` and implement
    :meth:`step`; :meth:`after_stop` hands back what the job still holds once its task ended.
    """

    label = "background job"
    stop_timeout = 10.0

    def __init__(self, worker_id: str | None, backoff: Backoff) -> None:
        self.id = worker_id or new_worker_id()
        self.backoff = backoff
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def step(self) -> float:
        """Do one round of work; returns the seconds to sleep before the next (0: go on now)."""
        raise NotImplementedError

    async def after_stop(self) -> None:
        """Runs once the task ended (or was cancelled) in :meth:`stop`."""

    def start(self) -> None:
        """Start the task (inside the running event loop)."""
        if self._task is None:
            self._stopping.clear()
            self._task = asyncio.create_task(self._run(), name=f"{self.label} {self.id}")

    @property
    def running(self) -> bool:
        """Whether the task is alive."""
        return self._task is not None and not self._task.done()

    @property
    def stopping(self) -> bool:
        """Whether :meth:`stop` was called: work under way finishes, nothing new starts."""
        return self._stopping.is_set()

    def wake(self) -> None:
        """Run the next step now instead of after the pause."""
        self._wake.set()

    async def stop(self, timeout: float | None = None) -> None:
        """Let the step under way finish within ``timeout`` seconds (else cancel it), then
        :meth:`after_stop`."""
        self._stopping.set()
        self._wake.set()
        task, self._task = self._task, None
        await finish_or_cancel(
            task, self.stop_timeout if timeout is None else timeout, f"{self.label} {self.id}"
        )
        await self.after_stop()

    def rearm(self) -> None:
        """Forget earlier wake-ups: call it before looking for work, so that a wake-up that
        arrives while looking is not lost by the :meth:`idle` that follows."""
        self._wake.clear()

    async def idle(self, seconds: float) -> None:
        """Sleep until :meth:`wake`, ``stop`` or ``seconds`` pass."""
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), seconds)

    async def _run(self) -> None:
        log.info("%s %s started", self.label, self.id)
        failures = 0
        while not self.stopping:
            self.rearm()
            try:
                pause = await self.step()
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # keep the job alive through database or network outages
                failures += 1
                if failures == 1:
                    log.error("%s %s: %s", self.label, self.id, exc, exc_info=exc)
                else:
                    log.warning("%s %s: still failing (%s): %s", self.label, self.id, failures, exc)
                pause = self.backoff.delay(failures)
            if not self.stopping:
                await self.idle(pause)
        log.info("%s %s stopped", self.label, self.id)
