"""A shared bot-wide budget with a per-process stand-in for replies while its store is down.

When the shared store (Redis, or PostgreSQL's ``send_budget`` row) fails, a budget that cannot
be taken means the call was **certainly not sent**. What happens next depends on the lane:

- interactive calls (answers to a user) take from this process's own :class:`LocalBudget`
  (the same rate and burst), so users still get their replies; with several processes the
  bot-wide rate may exceed the configured one for the outage, and Telegram's 429s, which
  pause this process, then keep it in check;
- bulk calls (broadcasts, subscription deliveries) get :class:`SharedBudgetUnavailable` and
  wait: their senders put the work back (pending) and try again later, so a process never
  spends the whole bot's bulk budget on its own.

The outage is logged once when it starts and once when it ends, counted, and shown by
``/healthz`` as degraded (``bot.web``). While it lasts the store is asked again at most every
``probe_interval`` seconds, by whichever call comes then (each try costs at most the shared
budget's own timeout); the first answer ends the outage.
"""

from __future__ import annotations

import logging

from .budget import GlobalBudget, LocalBudget
from .clock import Clock
from .lanes import Lane
from .outage import Outage
from .shared import SharedBudgetUnavailable

log = logging.getLogger(__name__)

PROBE_INTERVAL = 5.0  # seconds between tries of a shared store that is down


class FallbackBudget:
    """``shared`` while its store answers; ``local`` for interactive calls while it does not.

    :meth:`take` is :meth:`GlobalBudget.take` plus the calling lane. :meth:`pause` (a 429)
    always pauses the local stand-in and, while the store answers, the shared budget; it never
    raises, so a 429 during an outage still pauses this process.
    """

    def __init__(
        self,
        shared: GlobalBudget,
        local: LocalBudget,
        clock: Clock,
        *,
        probe_interval: float = PROBE_INTERVAL,
    ) -> None:
        self.shared = shared
        self.local = local
        self.clock = clock
        self.probe_interval = probe_interval
        self.store = getattr(shared, "store", "shared")
        self.outage = Outage(
            self.store,
            clock.now,
            probe_interval,
            meanwhile="replies use this process's own send budget and bulk sends wait",
            back="shared send budget (%s) is back after %.1f s; every send uses it again",
        )
        self.fallback_units = 0  # interactive units granted by the local stand-in

    @property
    def down_since(self) -> float | None:
        """Clock time the current outage began (None while the store is up)."""
        return self.outage.since

    @property
    def outages(self) -> int:
        """Outages begun since start."""
        return self.outage.count

    @property
    def degraded(self) -> bool:
        """Whether the shared store is down (interactive calls use the local stand-in)."""
        return self.outage.down

    def down_for(self) -> float:
        """Seconds the current outage has lasted (0.0 when the store is up)."""
        return self.outage.lasted()

    async def take(self, cost: int, keep: float, lane: Lane = Lane.INTERACTIVE) -> float:
        """See :meth:`GlobalBudget.take`; raises SharedBudgetUnavailable for a bulk call while
        the shared store is down (nothing taken: the call was not sent)."""
        if not self.outage.due():
            return await self._stand_in(cost, keep, lane, None)
        try:
            delay = await self.shared.take(cost, keep)
        except SharedBudgetUnavailable as exc:
            self.outage.failed(exc)
            return await self._stand_in(cost, keep, lane, exc)
        self.outage.answered()
        return delay

    async def pause(self, seconds: float) -> None:
        """See :meth:`GlobalBudget.pause` (never raises: see the class)."""
        await self.local.pause(seconds)
        if self.degraded:
            return
        try:
            await self.shared.pause(seconds)
        except SharedBudgetUnavailable as exc:
            self.outage.failed(exc)

    async def _stand_in(
        self, cost: int, keep: float, lane: Lane, error: SharedBudgetUnavailable | None
    ) -> float:
        if lane is Lane.BULK:
            if error is not None:
                raise error
            raise SharedBudgetUnavailable(
                f"shared send budget ({self.store}): down for {self.down_for():.0f} s"
            )
        delay = await self.local.take(cost, keep)
        if delay == 0:
            self.fallback_units += cost
        return delay
