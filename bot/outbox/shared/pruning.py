"""A cheap DELETE of idle rows, started in the background at most every so often."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class Pruner:
    """Runs ``prune`` (answering the rows it deleted) in a task of its own when :meth:`due`
    is called ``interval`` seconds (monotonic) after the last run began; its errors are
    logged at debug level only (the next run tries again)."""

    def __init__(self, prune: Callable[[], Awaitable[int]], interval: float, what: str) -> None:
        if interval <= 0:
            raise ValueError("interval must be positive")
        self.prune, self.interval, self.what = prune, interval, what
        self._next = time.monotonic() + interval
        self._task: asyncio.Task[None] | None = None

    def due(self) -> None:
        """Start a run if one is due and none is under way."""
        if self._task is not None or time.monotonic() < self._next:
            return
        self._next = time.monotonic() + self.interval
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def aclose(self) -> None:
        """Wait for a run under way."""
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        try:
            log.debug("%s: deleted %d idle rows", self.what, await self.prune())
        except Exception as exc:  # noqa: BLE001 - pruning is housekeeping only
            log.debug("%s: pruning failed: %s", self.what, exc)
        finally:
            self._task = None
