"""When updates last arrived and the long poll last moved: what the health check's "alive" reads."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Liveness:
    """Monotonic times (seconds) of the last update handled and the last ``getUpdates`` activity."""

    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    last_update: float | None = None
    last_poll: float | None = None  # a getUpdates call started or ended

    def saw_update(self) -> None:
        """An update reached the dispatcher (polling or webhook)."""
        self.last_update = self.clock()

    def polled(self) -> None:
        """A ``getUpdates`` call started or ended."""
        self.last_poll = self.clock()

    def since_update(self) -> float | None:
        """Seconds since the last update, or None if none arrived yet."""
        return None if self.last_update is None else self.clock() - self.last_update

    def since_poll(self) -> float | None:
        """Seconds since the last ``getUpdates`` activity, or None if polling never started."""
        return None if self.last_poll is None else self.clock() - self.last_poll
