"""Fairness: posts in flight per chat, links per minute per chat, and a bound on media work
overall."""

from __future__ import annotations

import asyncio
import enum
import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class Admission(enum.Enum):
    """Whether a chat's message with links may start now."""

    OK = "ok"
    BUSY = "busy"  # already as many posts in flight as allowed
    FLOOD = "flood"  # more links in the last minute than allowed


class ChatGate:
    """In-process limits; ``admit`` then ``release`` around each message's links."""

    def __init__(self, global_limit: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._in_flight: dict[int, int] = {}
        self._recent: dict[int, deque[float]] = {}
        self.work_slots = asyncio.Semaphore(global_limit)

    def admit(self, chat_id: int, links: int, *, per_minute: int, in_flight: int) -> Admission:
        """Take a slot for ``links`` links of ``chat_id``, or say why not (nothing is taken
        then)."""
        now = self._clock()
        recent = self._recent.setdefault(chat_id, deque())
        while recent and now - recent[0] >= WINDOW_SECONDS:
            recent.popleft()
        if len(recent) + links > per_minute:
            self._forget_if_idle(chat_id)
            return Admission.FLOOD
        if self._in_flight.get(chat_id, 0) >= in_flight:
            return Admission.BUSY
        recent.extend([now] * links)
        self._in_flight[chat_id] = self._in_flight.get(chat_id, 0) + 1
        return Admission.OK

    def release(self, chat_id: int) -> None:
        """The chat's message is done."""
        left = self._in_flight.get(chat_id, 0) - 1
        if left > 0:
            self._in_flight[chat_id] = left
        else:
            self._in_flight.pop(chat_id, None)
            self._forget_if_idle(chat_id)

    def _forget_if_idle(self, chat_id: int) -> None:
        recent = self._recent.get(chat_id)
        if recent is not None and not recent and chat_id not in self._in_flight:
            del self._recent[chat_id]
