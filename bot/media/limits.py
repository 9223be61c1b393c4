"""Fairness: posts in flight per chat, links per minute per chat, and a bound on media work
overall.

State is kept only for chats active in the last minute or with work in flight: a chat whose
window holds no timestamp younger than :data:`WINDOW_SECONDS` is dropped as traffic goes by, so
memory follows the active chats, not every chat ever seen.
"""

from __future__ import annotations

import asyncio
import bisect
import enum
import time
from collections import OrderedDict
from collections.abc import Callable

WINDOW_SECONDS = 60.0
SHRINK_FROM = 1024  # chats: smaller tables are not worth rebuilding


class Admission(enum.Enum):
    """Whether a chat's message with links may start now."""

    OK = "ok"
    BUSY = "busy"  # already as many posts in flight as allowed
    FLOOD = "flood"  # more links in the last minute than allowed


class ChatGate:
    """In-process limits; ``admit`` then ``release`` around each message's links (or each inline
    query, each music press)."""

    def __init__(self, global_limit: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._in_flight: dict[int, int] = {}
        # Each chat's admission times in the window, ordered by its newest one (oldest first):
        # the chats at the front are the first to fall out of the window.
        # (A list, not a deque: an empty deque alone costs 600 bytes, and a window is short.)
        self._recent: OrderedDict[int, list[float]] = OrderedDict()
        self._recent_peak = 0  # its size since last rebuilt (a dict never shrinks its table)
        self.work_slots = asyncio.Semaphore(global_limit)

    def admit(self, chat_id: int, links: int, *, per_minute: int, in_flight: int) -> Admission:
        """Take a slot for ``links`` links of ``chat_id``, or say why not (nothing is taken
        then)."""
        now = self._clock()
        self._expire(now)
        recent = self._recent.get(chat_id)
        if recent is not None:
            del recent[: bisect.bisect_right(recent, now - WINDOW_SECONDS)]
        if (len(recent) if recent else 0) + links > per_minute:
            return Admission.FLOOD
        if self._in_flight.get(chat_id, 0) >= in_flight:
            return Admission.BUSY
        if recent is None:
            recent = self._recent[chat_id] = []
            self._recent_peak = max(self._recent_peak, len(self._recent))
        else:
            self._recent.move_to_end(chat_id)
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

    def tracked_chats(self) -> int:
        """How many chats the gate holds state for (active in the window or in flight)."""
        return len(self._recent.keys() | self._in_flight.keys())

    def _expire(self, now: float) -> None:
        """Drop the chats whose newest admission left the window (amortized O(1) per call)."""
        recent = self._recent
        while recent:
            chat_id, times = next(iter(recent.items()))
            if times and now - times[-1] < WINDOW_SECONDS:
                break
            del recent[chat_id]
        if self._recent_peak > SHRINK_FROM and len(recent) < self._recent_peak // 4:
            # paid for by the deletions since the peak: amortized O(1) too
            self._recent = OrderedDict(recent)
            self._recent_peak = len(recent)
