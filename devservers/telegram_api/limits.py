"""Flood control (a global sliding window over sends, per-chat buckets) and errors injected by
tests."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError, too_many_requests


class RateLimiter:
    """At most ``per_second`` send units in any window (1 s, or 1/rate s for rates below 1)."""

    def __init__(self) -> None:
        self.per_second: float | None = None
        self._sent: deque[float] = deque()

    def configure(self, per_second: float | None) -> None:
        if per_second is not None and per_second <= 0:
            raise ValueError("per_second must be positive or None")
        self.per_second = per_second
        self._sent.clear()

    def acquire(self, units: int, now: float | None = None) -> None:
        """Take ``units`` slots or raise a 429 ApiError with ``retry_after``."""
        if self.per_second is None:
            return
        now = time.monotonic() if now is None else now
        window = max(1.0, 1.0 / self.per_second)
        capacity = max(1, math.floor(self.per_second * window))
        while self._sent and self._sent[0] <= now - window:
            self._sent.popleft()
        # An empty window always admits the request, even one larger than the capacity.
        if self._sent and len(self._sent) + units > capacity:
            index = min(len(self._sent), len(self._sent) + units - capacity) - 1
            raise too_many_requests(self._sent[index] + window - now)
        self._sent.extend([now] * units)


ChatKey = int | str  # a chat id, or an ``@username`` no known chat has

# Telegram's guidance: about one message per second in a chat, 20 per minute in a group.
CHAT_RATE = 1.0  # messages per second, one private chat
CHAT_BURST = 3.0
GROUP_RATE_PER_MINUTE = 20.0  # messages per minute, one group, supergroup or channel
GROUP_BURST = 3.0
TOLERANCE = 0.25  # seconds a send may come early: requests reach the emulator with jitter
EPSILON = 1e-9  # seconds: float rounding, so a send exactly on its slot is never refused


@dataclass(frozen=True)
class ChatBudget:
    """``rate`` sends per second sustained, ``burst`` at once; a send may arrive up to
    ``tolerance`` seconds before its slot."""

    rate: float
    burst: float
    tolerance: float = TOLERANCE

    def __post_init__(self) -> None:
        if self.rate <= 0:
            raise ValueError("rate must be positive")
        if self.burst < 1:
            raise ValueError("burst must be at least 1")
        if self.tolerance < 0:
            raise ValueError("tolerance must not be negative")


class ChatLimiter:
    """Per-chat flood control: a GCRA bucket per private chat and one per group or channel.

    Off until configured (:meth:`configure`). Defaults, from Telegram's guidance: private
    chats ``CHAT_RATE`` = 1 message/s with a burst of ``CHAT_BURST`` = 3; groups, supergroups
    and channels (negative ids, ``@username``) ``GROUP_RATE_PER_MINUTE`` = 20 messages/min with
    a burst of ``GROUP_BURST`` = 3. These equal the bot's own limiter defaults
    (bot/outbox/config.py), and, like it, a request larger than the burst (an album) is let
    through once the bucket is full and its excess is waited off by later sends. Each bucket
    is only the time it is full again; full buckets are dropped now and then, so memory
    follows the active chats.
    """

    PRUNE_EVERY = 1024

    def __init__(self) -> None:
        self.private: ChatBudget | None = None
        self.group: ChatBudget | None = None
        self._full_at: dict[ChatKey, float] = {}
        self._takes = 0

    @staticmethod
    def is_group(chat: ChatKey) -> bool:
        return isinstance(chat, str) or chat < 0

    def configure(self, *, private: ChatBudget | None, group: ChatBudget | None) -> None:
        """Set both budgets (None: that kind is unlimited); every bucket starts full again."""
        self.private, self.group = private, group
        self._full_at.clear()

    def budget(self, chat: ChatKey) -> ChatBudget | None:
        return self.group if self.is_group(chat) else self.private

    def check(self, chat: ChatKey, units: int, now: float) -> None:
        """Raise a 429 ApiError with ``retry_after`` unless ``chat`` may take ``units`` now."""
        budget = self.budget(chat)
        full_at = self._full_at.get(chat)
        if budget is None or full_at is None:
            return
        needed = min(units, budget.burst)
        ready_at = full_at - (budget.burst - needed) / budget.rate - budget.tolerance
        if ready_at > now + EPSILON:
            raise too_many_requests(ready_at - now)

    def take(self, chat: ChatKey, units: int, now: float) -> None:
        """Charge ``units`` to ``chat`` (the caller checked first)."""
        budget = self.budget(chat)
        if budget is None:
            return
        self._full_at[chat] = max(self._full_at.get(chat, now), now) + units / budget.rate
        self._takes += 1
        if self._takes % self.PRUNE_EVERY == 0:
            self.prune(now)

    def prune(self, now: float) -> None:
        """Forget full buckets (a missing bucket is a full one)."""
        for chat in [chat for chat, full_at in self._full_at.items() if full_at <= now]:
            del self._full_at[chat]

    def __len__(self) -> int:
        return len(self._full_at)


@dataclass
class _Injected:
    error: ApiError
    remaining: int


@dataclass
class FailureInjector:
    """Per-method queues of errors returned instead of running the method."""

    _queues: dict[str, list[_Injected]] = field(default_factory=dict)

    def add(
        self,
        method: str,
        error_code: int,
        description: str,
        *,
        count: int = 1,
        **parameters: Any,
    ) -> None:
        if count < 1:
            raise ValueError("count must be at least 1")
        error = ApiError(error_code, description, **parameters)
        self._queues.setdefault(method.lower(), []).append(_Injected(error, count))

    def take(self, method: str) -> ApiError | None:
        queue = self._queues.get(method.lower())
        if not queue:
            return None
        head = queue[0]
        head.remaining -= 1
        if head.remaining == 0:
            queue.pop(0)
        return head.error

    def clear(self) -> None:
        self._queues.clear()
