"""Database writes the bot owes for what it already did (a delivered post's download row, its
counters and file ids; a chat marked blocked), kept through a database outage.

:meth:`PendingWrites.write` runs a write at once. When the database is away
(:func:`data.outages.is_database_outage`) the write is queued instead, in order, and a background
task retries the oldest with backoff until it goes through, then the next. While writes wait,
new ones join the queue without trying (the outage is known; the caller does not wait on it).
The queue is bounded: when full, the oldest write is dropped (logged and counted). Only a process
death during an outage loses queued writes: :meth:`PendingWrites.close` tries them once more and
logs how many could not be made.

Every write must be safe to repeat: an attempt whose commit reached the database but whose answer
was lost is retried (``retry`` lets the caller make the repeat a no-op then, see
``db_service.record_delivery(replay=True)``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from data.outages import is_database_outage

log = logging.getLogger(__name__)

T = TypeVar("T")

CAPACITY = 10_000  # a queued write holds a few hundred bytes: about 5 MB when full
RETRY_BACKOFF = (0.1, 2.0)  # seconds: first wait after a failed retry, doubling up to the second
CLOSE_TIMEOUT = 10.0  # seconds the final flush at shutdown may take


@dataclass(frozen=True)
class PendingWrite:
    """One queued write: ``what`` names it in the log, ``run`` makes one more attempt."""

    what: str
    run: Callable[[], Awaitable[Any]]


class PendingWrites:
    """The process's queue of writes waiting for the database (one, made at start-up)."""

    def __init__(
        self,
        capacity: int = CAPACITY,
        *,
        backoff: tuple[float, float] = RETRY_BACKOFF,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self.backoff = backoff
        self._clock = clock
        self._queue: deque[PendingWrite] = deque()
        self._flusher: asyncio.Task | None = None
        self._closed = False
        self.dropped = 0  # the oldest, dropped because the queue was full
        self.failed = 0  # refused by the database for good on a retry (logged)
        self.recovered = 0  # made by a retry

    @property
    def depth(self) -> int:
        """Writes waiting now."""
        return len(self._queue)

    def stats(self) -> dict[str, int]:
        """Depth and counters, for ``/metrics``."""
        return {
            "depth": self.depth,
            "dropped": self.dropped,
            "failed": self.failed,
            "recovered": self.recovered,
        }

    async def write(
        self,
        what: str,
        run: Callable[[], Awaitable[T]],
        *,
        retry: Callable[[], Awaitable[Any]] | None = None,
    ) -> T | None:
        """Run ``run()`` and return its result; None when it was queued (the database is away, or
        writes are already waiting) or failed for good (logged, never raised: the user got what
        they asked for). Later attempts call ``retry`` (default: ``run``)."""
        later = PendingWrite(what, retry or run)
        if self._queue:
            self._add(later)
            return None
        try:
            return await run()
        except asyncio.CancelledError:
            self._add(later)  # it may or may not have been made: the retry tells
            raise
        except Exception as exc:  # noqa: BLE001 - every failure is logged here, none is raised
            if not is_database_outage(exc):
                log.exception("could not write %s", what)
                return None
            if not self._closed:
                log.warning(
                    "database unavailable (%s); %s will be written when it is back",
                    _first_line(exc),
                    what,
                )
            self._add(later)
            return None

    def _add(self, write: PendingWrite) -> None:
        if self._closed:
            log.error("%s lost: the database is unavailable and the bot is stopping", write.what)
            return
        if len(self._queue) >= self.capacity:
            oldest = self._queue.popleft()
            self.dropped += 1
            log.error(
                "%s write(s) waiting for the database (the most kept): %s dropped",
                self.capacity,
                oldest.what,
            )
        self._queue.append(write)
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush(), name="pending-writes")

    async def _flush(self) -> None:
        """Make the queued writes in order, waiting with backoff while the database is away."""
        first, most = self.backoff
        delay = first
        started, made = self._clock(), 0
        while self._queue:
            head = self._queue[0]
            try:
                await head.run()
            except Exception as exc:  # noqa: BLE001 - an outage waits, anything else is logged
                if is_database_outage(exc):
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, most)
                    continue
                self.failed += 1
                log.exception("could not write %s; dropped", head.what)
            else:
                made += 1
                self.recovered += 1
                delay = first
            if self._queue and self._queue[0] is head:  # not dropped meanwhile by a full queue
                self._queue.popleft()
        log.info(
            "database back: %s waiting write(s) made after %.1f s", made, self._clock() - started
        )

    async def close(self, timeout: float = CLOSE_TIMEOUT) -> int:
        """Stop retrying in the background and try each waiting write once more (for at most
        ``timeout`` seconds in all); returns how many are lost (logged when any)."""
        self._closed = True
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
        if not self._queue:
            return 0
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while self._queue:
                    head = self._queue[0]
                    try:
                        await head.run()
                    except Exception as exc:  # noqa: BLE001 - the rest are lost: counted below
                        if is_database_outage(exc):
                            break
                        self.failed += 1
                        log.exception("could not write %s; dropped", head.what)
                    else:
                        self.recovered += 1
                    self._queue.popleft()
        lost = len(self._queue)
        if lost:
            log.error(
                "%s write(s) lost: the database was still unavailable at shutdown (oldest: %s)",
                lost,
                self._queue[0].what,
            )
        return lost


def _first_line(error: BaseException) -> str:
    """The error's type and first line (SQLAlchemy appends the statement and its parameters)."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
