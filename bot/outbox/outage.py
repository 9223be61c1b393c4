"""The outages of one shared store, as a fallback in front of it sees them: when the current one
began, how many began since start, when the store may be asked again; each outage is logged
once when it begins and once when it ends."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

log = logging.getLogger(__name__)


class Outage:
    """Outage bookkeeping on the clock ``now``. ``meanwhile`` says what the process does while
    the store is down, ``back`` (with ``%s`` for the store and ``%.1f`` for the seconds it
    lasted) what the end of one is logged as."""

    def __init__(
        self,
        store: str,
        now: Callable[[], float],
        probe_interval: float,
        *,
        meanwhile: str,
        back: str,
    ) -> None:
        if probe_interval <= 0:
            raise ValueError("probe_interval must be positive")
        self.store, self.now, self.probe_interval = store, now, probe_interval
        self.meanwhile, self.back = meanwhile, back
        self.since: float | None = None  # clock time the current outage began
        self.count = 0  # outages begun since start
        self._retry_at = -math.inf

    @property
    def down(self) -> bool:
        """Whether the store is down now."""
        return self.since is not None

    def lasted(self) -> float:
        """Seconds the current outage has lasted (0.0 when the store is up)."""
        return 0.0 if self.since is None else max(0.0, self.now() - self.since)

    def due(self) -> bool:
        """Whether the store may be asked: it is up, or the probe interval has passed."""
        return self.since is None or self.now() >= self._retry_at

    def failed(self, error: Exception) -> None:
        """The store failed a call: an outage begins (logged) or goes on."""
        now = self.now()
        self._retry_at = now + self.probe_interval
        if self.since is not None:
            log.debug("%s: still unavailable", error)
            return
        self.since = now
        self.count += 1
        log.warning(
            "%s; %s until it is back (trying it every %g s)",
            error,
            self.meanwhile,
            self.probe_interval,
        )

    def answered(self) -> None:
        """The store answered a call: the outage, if any, is over (logged)."""
        if self.since is None:
            return
        lasted = self.lasted()
        self.since = None
        log.warning(self.back, self.store, lasted)
