"""Time for the limiter: the event loop's monotonic clock, or a manual one for tests."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Callable
from typing import Protocol

_SLACK = 1e-9  # timers due within float rounding of the target fire too


class Timer(Protocol):
    """A scheduled callback that can be called off."""

    def cancel(self) -> None:
        """Do not run the callback (no-op once it ran)."""


class Clock(Protocol):
    """Monotonic seconds and callbacks at a given time."""

    def now(self) -> float:
        """The current time in seconds (any fixed origin)."""

    def call_at(self, when: float, callback: Callable[[], None]) -> Timer:
        """Run ``callback`` once ``now()`` reaches ``when``."""


class LoopClock:
    """The running event loop's clock (``loop.time()``, monotonic)."""

    def now(self) -> float:
        """``loop.time()`` of the running loop."""
        return asyncio.get_running_loop().time()

    def call_at(self, when: float, callback: Callable[[], None]) -> Timer:
        """``loop.call_at``."""
        return asyncio.get_running_loop().call_at(when, callback)


class _ManualTimer:
    __slots__ = ("callback", "cancelled")

    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class ManualClock:
    """A clock that only moves when told to; timers fire during :meth:`advance`.

    ``settle()`` gives the event loop enough turns for tasks woken so far to run until they
    wait again (the limiter never needs more than a few).
    """

    SETTLE_TURNS = 25

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._timers: list[tuple[float, int, _ManualTimer]] = []
        self._order = itertools.count()

    def now(self) -> float:
        """The manual time."""
        return self._now

    def call_at(self, when: float, callback: Callable[[], None]) -> Timer:
        """Remember ``callback`` until :meth:`advance` reaches ``when``."""
        timer = _ManualTimer(callback)
        heapq.heappush(self._timers, (when, next(self._order), timer))
        return timer

    def pending(self) -> int:
        """How many timers are scheduled and not cancelled."""
        return sum(1 for *_, timer in self._timers if not timer.cancelled)

    async def settle(self) -> None:
        """Let every task that can run do so (no time passes)."""
        for _ in range(self.SETTLE_TURNS):
            await asyncio.sleep(0)

    async def advance(self, seconds: float) -> None:
        """Move time forward, firing due timers in order and settling after each."""
        await self.settle()
        target = self._now + seconds
        while self._timers and self._timers[0][0] <= target + _SLACK:
            when, _, timer = heapq.heappop(self._timers)
            if timer.cancelled:
                continue
            self._now = max(self._now, when)
            timer.callback()
            await self.settle()
        self._now = target
        await self.settle()
