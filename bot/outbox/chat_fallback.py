"""Shared per-chat send buckets with this process's own :class:`ChatBuckets` standing in while
their store is down.

A per-chat limit never fails a send: when the store (Redis, or PostgreSQL's
``chat_send_buckets``) errs or is silent, the take is answered by the process's own buckets
(same rates and bursts), which every grant of the shared store also charges, so they know at
least this process's recent sends to each chat. With several processes a chat may then get
more than its rate for the outage; Telegram's 429s, which pause the chat, keep it in check.

The outage is logged once when it starts and once when it ends, and :attr:`degraded` shows it
(``/healthz``). While it lasts the store is asked again at most every ``probe_interval``
seconds, by one call at a time (the others meanwhile use the stand-in); the first answer ends
the outage.
"""

from __future__ import annotations

import logging
import math
from typing import Any, Protocol

from .bucket import EPSILON, ChatBuckets, ChatKey
from .clock import Clock
from .fallback import PROBE_INTERVAL
from .outage import Outage
from .shared import SharedBudgetUnavailable

log = logging.getLogger(__name__)

PAUSES_PRUNE_FROM = 1024  # local pauses kept before the expired ones are dropped


class SharedChatStore(Protocol):
    """What :class:`FallbackChatBuckets` needs of a shared store (the limiter's protocol)."""

    store: str

    async def take(self, chat: ChatKey, cost: float) -> float: ...

    async def pause(self, chat: ChatKey, seconds: float) -> None: ...


class FallbackChatBuckets:
    """``shared`` while its store answers, ``local`` while it does not; never raises.

    Satisfies the limiter's ``SharedChatBuckets`` protocol (``store``, ``take``, ``pause``).
    ``clock`` is this process's clock (the limiter's), used by the stand-in and the probe.
    """

    def __init__(
        self,
        shared: SharedChatStore,
        local: ChatBuckets,
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
            meanwhile="per-chat limits use this process's own buckets",
            back="shared chat send buckets (%s) are back after %.1f s; per-chat limits use them "
            "again",
        )
        self.fallback_takes = 0  # takes granted by the local stand-in
        self._probing = False
        self._paused: dict[ChatKey, float] = {}  # this process's own view of 429 pauses

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
        """Whether the shared store is down (takes use the local stand-in)."""
        return self.outage.down

    def down_for(self) -> float:
        """Seconds the current outage has lasted (0.0 when the store is up)."""
        return self.outage.lasted()

    def state(self) -> dict[str, Any]:
        """``store``, ``degraded``, ``down_seconds``, ``outages``, ``fallback_takes``: a plain
        JSON-ready dict for ``/healthz``."""
        return {
            "store": self.store,
            "degraded": self.degraded,
            "down_seconds": round(self.down_for(), 3),
            "outages": self.outages,
            "fallback_takes": self.fallback_takes,
        }

    async def take(self, chat: ChatKey, cost: float) -> float:
        """See the limiter's ``SharedChatBuckets.take``; never raises for the store."""
        if chat is None:
            return 0.0
        if self.degraded and (self._probing or not self.outage.due()):
            return self._stand_in(chat, cost)
        self._probing = self.degraded
        try:
            wait = await self.shared.take(chat, cost)
        except SharedBudgetUnavailable as exc:
            self.outage.failed(exc)
            return self._stand_in(chat, cost)
        finally:
            self._probing = False
        self.outage.answered()
        if wait == 0:
            self.local.take(chat, cost, self.clock.now())  # the stand-in's view of this chat
        return wait

    async def pause(self, chat: ChatKey, seconds: float) -> None:
        """Hold ``chat`` for ``seconds``: here always, in every process while the store
        answers (never raises)."""
        if chat is None:
            return
        self._pause_locally(chat, seconds)
        if self.degraded:
            return
        try:
            await self.shared.pause(chat, seconds)
        except SharedBudgetUnavailable as exc:
            self.outage.failed(exc)

    async def aclose(self) -> None:
        """Close the shared store."""
        close = getattr(self.shared, "aclose", None)
        if close is not None:
            await close()

    def _stand_in(self, chat: ChatKey, cost: float) -> float:
        now = self.clock.now()
        ready = max(self.local.ready_at(chat, cost), self._paused.get(chat, -math.inf))
        if ready > now + EPSILON:
            return ready - now
        self.local.take(chat, cost, now)
        self.fallback_takes += 1
        return 0.0

    def _pause_locally(self, chat: ChatKey, seconds: float) -> None:
        now = self.clock.now()
        if len(self._paused) >= PAUSES_PRUNE_FROM:
            self._paused = {key: until for key, until in self._paused.items() if until > now}
        self._paused[chat] = max(self._paused.get(chat, -math.inf), now + seconds)
