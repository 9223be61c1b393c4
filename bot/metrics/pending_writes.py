"""The queue of database writes waiting through an outage (``bot.pending_writes``), read at
scrape time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector


class PendingWritesSource(Protocol):
    """What the collector needs of ``bot.pending_writes.PendingWrites``."""

    def stats(self) -> dict[str, int]: ...


class PendingWritesCollector(Collector):
    """Exposes the watched queue's depth and what became of its writes."""

    def __init__(self) -> None:
        self.queue: PendingWritesSource | None = None

    def watch(self, queue: PendingWritesSource) -> None:
        """Report this queue from now on."""
        self.queue = queue

    def collect(self) -> Iterator[Metric]:
        if self.queue is None:
            return
        stats = self.queue.stats()
        yield GaugeMetricFamily(
            "tokdrop_pending_writes",
            "Database writes waiting for the database to be back (download rows, file ids).",
            value=stats["depth"],
        )
        yield CounterMetricFamily(
            "tokdrop_pending_writes_recovered",
            "Waiting writes made once the database was back.",
            value=stats["recovered"],
        )
        lost = CounterMetricFamily(
            "tokdrop_pending_writes_dropped",
            "Waiting writes given up: the oldest when the queue was full, or refused for good.",
            labels=["reason"],
        )
        lost.add_metric(["full"], stats["dropped"])
        lost.add_metric(["refused"], stats["failed"])
        yield lost
