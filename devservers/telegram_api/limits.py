"""Flood control (a global sliding window over sends) and errors injected by tests."""

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
