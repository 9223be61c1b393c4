"""What the shared budgets have in common: a time limit on each call and one error type."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from ..clock import Clock

T = TypeVar("T")

DEFAULT_TIMEOUT = 3.0  # seconds for one take or pause, connecting included


class SharedBudgetUnavailable(RuntimeError):
    """The shared store failed or did not answer in time; nothing was granted.

    The message names the store and the error type only (never an address or a password);
    the original error is chained as ``__cause__``.
    """


class SharedBudget:
    """A :class:`~bot.outbox.GlobalBudget` kept in a store that several processes share.

    Subclasses implement :meth:`_take` and :meth:`_pause` as one atomic operation each on the
    store, timed by the store's own clock. ``clock`` (Unix seconds) pins that time: tests only.
    """

    store = "shared"

    def __init__(
        self,
        rate: float,
        burst: float,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Clock | None = None,
    ) -> None:
        if rate <= 0 or burst <= 0 or timeout <= 0:
            raise ValueError("rate, burst and timeout must be positive")
        self.rate = rate
        self.capacity = burst
        self.timeout = timeout
        self.clock = clock

    async def take(self, cost: int, keep: float) -> float:
        """See :meth:`bot.outbox.GlobalBudget.take`; raises SharedBudgetUnavailable when the
        store fails or does not answer within ``timeout``."""
        return await self._guarded(self._take(cost, keep, self._now()))

    async def pause(self, seconds: float) -> None:
        """See :meth:`bot.outbox.GlobalBudget.pause`; raises like :meth:`take`."""
        await self._guarded(self._pause(seconds, self._now()))

    async def aclose(self) -> None:
        """Release what the budget holds (nothing unless a subclass says otherwise)."""

    async def _take(self, cost: int, keep: float, now: float | None) -> float:
        raise NotImplementedError

    async def _pause(self, seconds: float, now: float | None) -> None:
        raise NotImplementedError

    def _now(self) -> float | None:
        return None if self.clock is None else self.clock.now()

    async def _guarded(self, call: Awaitable[T]) -> T:
        try:
            async with asyncio.timeout(self.timeout):
                return await call
        except TimeoutError as exc:
            reason = f"no answer within {self.timeout:g} s"
            raise SharedBudgetUnavailable(f"shared send budget ({self.store}): {reason}") from exc
        except Exception as exc:
            reason = type(exc).__name__
            raise SharedBudgetUnavailable(f"shared send budget ({self.store}): {reason}") from exc
