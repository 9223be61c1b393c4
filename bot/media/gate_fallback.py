"""A shared link gate with this process's own :class:`ChatGate` standing in while its store is
down.

Never fails a message because of the store: an admit the store cannot answer is decided by the
process's own gate (same limits, this process's traffic only), and a release it cannot take is
kept and sent again once the store answers (the lease would expire anyway). The outage is
logged once when it starts and once when it ends, and :attr:`degraded` shows it
(``/healthz``); meanwhile the store is asked again at most every ``probe_interval`` seconds, by
one call at a time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from bot.media.limits import Admission, ChatGate
from bot.media.shared_limits import SharedChatGate
from bot.outbox.fallback import PROBE_INTERVAL
from bot.outbox.outage import Outage
from bot.outbox.shared import SharedBudgetUnavailable

log = logging.getLogger(__name__)

UNRELEASED_MAX = 1024  # releases kept for the store's return; older ones just expire


class FallbackChatGate:
    """``shared`` while its store answers, ``local`` while it does not; ``admit`` and
    ``release`` as ChatGate's but async, and they never raise for the store.

    ``work_slots`` and ``tracked_chats`` are the local gate's: the bound on media work is
    this process's own.
    """

    def __init__(
        self,
        shared: SharedChatGate,
        local: ChatGate,
        *,
        probe_interval: float = PROBE_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.shared, self.local = shared, local
        self.probe_interval = probe_interval
        self.clock = clock
        self.store = shared.store
        self.outage = Outage(
            self.store,
            clock,
            probe_interval,
            meanwhile="link limits use this process's own gate",
            back="shared link gate (%s) is back after %.1f s; link limits use it again",
        )
        self.fallback_admits = 0  # admissions the local stand-in decided
        self._probing = False
        self._held: dict[int, list[str | None]] = {}  # per chat: lease tokens, None for local
        self._unreleased: list[tuple[int, str]] = []

    @property
    def work_slots(self) -> asyncio.Semaphore:
        """The local gate's bound on media work in this process."""
        return self.local.work_slots

    def tracked_chats(self) -> int:
        """Chats the local gate holds state for (the shared store's are not counted)."""
        return self.local.tracked_chats()

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
        """Whether the shared store is down (admissions use the local gate)."""
        return self.outage.down

    def down_for(self) -> float:
        """Seconds the current outage has lasted (0.0 when the store is up)."""
        return self.outage.lasted()

    def state(self) -> dict[str, Any]:
        """``store``, ``degraded``, ``down_seconds``, ``outages``, ``fallback_admits``: a
        JSON-ready dict for ``/healthz``."""
        return {
            "store": self.store,
            "degraded": self.degraded,
            "down_seconds": round(self.down_for(), 3),
            "outages": self.outages,
            "fallback_admits": self.fallback_admits,
        }

    async def admit(
        self, chat_id: int, links: int, *, per_minute: int, in_flight: int
    ) -> Admission:
        """See :meth:`ChatGate.admit`; release an OK with :meth:`release`."""
        limits = {"per_minute": per_minute, "in_flight": in_flight}
        if self.degraded and (self._probing or not self.outage.due()):
            return self._stand_in(chat_id, links, limits)
        self._probing = self.degraded
        try:
            if self._unreleased:  # first, so the chat's own old leases no longer count
                await self._release_kept()
            admission, token = await self.shared.admit_lease(chat_id, links, **limits)
        except SharedBudgetUnavailable as exc:
            self.outage.failed(exc)
            return self._stand_in(chat_id, links, limits)
        finally:
            self._probing = False
        self.outage.answered()
        if token is not None:
            self._held.setdefault(chat_id, []).append(token)
        return admission

    async def release(self, chat_id: int) -> None:
        """The chat's message is done (never raises for the store)."""
        held = self._held.get(chat_id)
        if not held:
            return
        token = held.pop()
        if not held:
            del self._held[chat_id]
        if token is None:
            self.local.release(chat_id)
            return
        if self.degraded:
            self._keep(chat_id, token)
            return
        try:
            await self.shared.release_lease(chat_id, token)
        except SharedBudgetUnavailable as exc:
            self.outage.failed(exc)
            self._keep(chat_id, token)

    async def aclose(self) -> None:
        """Close the shared store."""
        await self.shared.aclose()

    def _stand_in(self, chat_id: int, links: int, limits: dict[str, int]) -> Admission:
        admission = self.local.admit(chat_id, links, **limits)
        if admission is Admission.OK:
            self._held.setdefault(chat_id, []).append(None)
            self.fallback_admits += 1
        return admission

    def _keep(self, chat_id: int, token: str) -> None:
        self._unreleased.append((chat_id, token))
        del self._unreleased[:-UNRELEASED_MAX]

    async def _release_kept(self) -> None:
        while self._unreleased:
            chat_id, token = self._unreleased[0]
            await self.shared.release_lease(chat_id, token)
            del self._unreleased[0]


class LocalChatGate:
    """A ChatGate behind the async interface of :class:`FallbackChatGate`, for one process
    (nothing shared, no store), so callers await ``admit`` and ``release`` either way."""

    store = "local"
    degraded = False

    def __init__(self, local: ChatGate) -> None:
        self.local = local

    @property
    def work_slots(self) -> asyncio.Semaphore:
        """The gate's bound on media work."""
        return self.local.work_slots

    def tracked_chats(self) -> int:
        """See :meth:`ChatGate.tracked_chats`."""
        return self.local.tracked_chats()

    async def admit(
        self, chat_id: int, links: int, *, per_minute: int, in_flight: int
    ) -> Admission:
        """:meth:`ChatGate.admit`."""
        return self.local.admit(chat_id, links, per_minute=per_minute, in_flight=in_flight)

    async def release(self, chat_id: int) -> None:
        """:meth:`ChatGate.release`."""
        self.local.release(chat_id)

    async def aclose(self) -> None:
        """Nothing to close."""


LinkGate = FallbackChatGate | LocalChatGate
"""What handlers hold: the per-chat link limits, shared or this process's own."""
