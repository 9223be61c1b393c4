"""Progress of the active broadcasts: read from the database before each scrape, exposed as gauges.

A prometheus collector cannot await, so ``refresh()`` runs the query first (at most once per
``max_age`` seconds however many scrapes arrive) and ``collect()`` reports what it found.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from data import db_service
from data.db_service import BroadcastProgress

log = logging.getLogger(__name__)

QUERY_TIMEOUT_SECONDS = 3.0
MAX_AGE_SECONDS = 1.0


class BroadcastCollector(Collector):
    """Gauges of the queued and running broadcasts; absent while the database cannot be read."""

    def __init__(
        self,
        *,
        max_age: float = MAX_AGE_SECONDS,
        timeout: float = QUERY_TIMEOUT_SECONDS,
    ) -> None:
        self.progress: BroadcastProgress | None = None
        self.max_age, self.timeout = max_age, timeout
        self._read_at = -float("inf")
        self._lock = asyncio.Lock()

    async def refresh(self) -> None:
        """Re-read the progress unless it was read less than ``max_age`` seconds ago."""
        async with self._lock:
            if time.monotonic() - self._read_at < self.max_age:
                return
            try:
                async with asyncio.timeout(self.timeout):
                    self.progress = await db_service.active_broadcast_progress()
            except Exception as exc:  # noqa: BLE001 - the other metrics are still worth serving
                self.progress = None
                log.warning("broadcast progress not read for /metrics: %s", type(exc).__name__)
            self._read_at = time.monotonic()

    def collect(self) -> Iterator[Metric]:
        progress = self.progress
        if progress is None:
            return
        yield GaugeMetricFamily(
            "tokdrop_broadcasts_active", "Broadcasts queued or running.", value=progress.active
        )
        recipients = GaugeMetricFamily(
            "tokdrop_broadcast_recipients",
            "Recipients of the queued and running broadcasts, by delivery state.",
            labels=["state"],
        )
        for state in ("total", "sent", "blocked", "failed", "pending"):
            recipients.add_metric([state], getattr(progress, state))
        yield recipients
