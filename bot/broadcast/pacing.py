"""How fast a broadcast sends: evenly spaced slots, a pause for Telegram's 429, a gap per chat."""
from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

PER_CHAT_GAP = 1.0  # Telegram allows about one message per second to one chat
_PRUNE_AT = 4096


class Pacer:
    """Hands out send slots ``share / rate`` seconds apart (no bursts, and no catching up after a
    late send, so a one-second window holds at most ``rate`` slots), stops everything for a
    429's ``retry_after``, and keeps at least ``per_chat_gap`` seconds between two sends to
    the same chat.

    ``share`` is how many workers split the rate (processes sending the same broadcast).
    Waiting ends early, returning False, once ``stopping`` is set.
    """

    def __init__(
        self, rate: float, *, stopping: asyncio.Event | None = None, per_chat_gap: float = PER_CHAT_GAP,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.share = 1
        self.per_chat_gap = per_chat_gap
        self.stopping = stopping or asyncio.Event()
        self._clock = clock
        self._next = 0.0
        self._paused_until = 0.0
        self._last_to: dict[int, float] = {}
        self.pauses = 0

    @property
    def interval(self) -> float:
        """Seconds between two slots of this worker."""
        return max(1, self.share) / self.rate

    @property
    def paused_for(self) -> float:
        """Seconds left of a 429 pause (0 when not paused)."""
        return max(0.0, self._paused_until - self._clock())

    def pause(self, seconds: float) -> None:
        """Telegram said ``retry after seconds``: no slot is handed out before then."""
        self.pauses += 1
        self._paused_until = max(self._paused_until, self._clock() + max(0.0, seconds))

    async def wait(self, chat_id: int | None = None) -> bool:
        """Wait for the next slot (and for ``chat_id``'s gap); False if stopping meanwhile."""
        while True:
            now = self._clock()
            ready = self._last_to.get(chat_id, -1e18) + self.per_chat_gap if chat_id is not None else now
            start = max(now, self._next, self._paused_until, ready)
            self._next = start + self.interval  # reserved: a concurrent waiter takes the slot after
            if start > now:
                if not await self._sleep(start - now):
                    return False
                if self._paused_until > self._clock():
                    continue  # a 429 arrived while waiting: wait for the pause, then a new slot
            if self.stopping.is_set():
                return False
            if chat_id is not None:
                self._remember(chat_id)
            return True

    async def sleep(self, seconds: float) -> bool:
        """Sleep unless stopping; False if stopping ended it early."""
        return await self._sleep(seconds)

    async def _sleep(self, seconds: float) -> bool:
        if self.stopping.is_set():
            return False
        try:
            await asyncio.wait_for(self.stopping.wait(), timeout=seconds)
        except TimeoutError:
            return True
        return False

    def _remember(self, chat_id: int) -> None:
        now = self._clock()
        self._last_to[chat_id] = now
        if len(self._last_to) > _PRUNE_AT:
            horizon = now - self.per_chat_gap
            self._last_to = {chat: at for chat, at in self._last_to.items() if at > horizon}
