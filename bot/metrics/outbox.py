"""The send limiter's counters (``Limiter.stats()``), read at scrape time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

# stats() key -> (metric name without _total, help)
LANE_COUNTERS = {
    "sends": ("tokdrop_outbox_sends", "Telegram calls granted by the send limiter."),
    "units": ("tokdrop_outbox_units", "Budget units used (an album of N counts N)."),
    "waits": ("tokdrop_outbox_waits", "Calls held back at least once for budget or a pause."),
    "wait_seconds": ("tokdrop_outbox_wait_seconds", "Seconds calls spent queued in the limiter."),
    "flood_429": ("tokdrop_outbox_flood_429", "429 answers (flood control) seen by the limiter."),
    "chat_pauses": ("tokdrop_outbox_chat_pauses", "429s that paused only the chat they were for."),
    "bot_pauses": ("tokdrop_outbox_bot_pauses", "429s that paused every send of the bot."),
    "ambiguous": ("tokdrop_outbox_ambiguous", "Sends whose outcome is unknown (not retried)."),
}


class StatsSource(Protocol):
    """What the collector needs of ``bot.outbox.Limiter``."""

    def stats(self) -> dict[str, Any]: ...


class LimiterCollector(Collector):
    """Exposes the watched limiter's counters per lane, its queue lengths and its chat count."""

    def __init__(self) -> None:
        self.limiter: StatsSource | None = None

    def watch(self, limiter: StatsSource) -> None:
        """Report this limiter from now on."""
        self.limiter = limiter

    def collect(self) -> Iterator[Metric]:
        if self.limiter is None:
            return
        stats = self.limiter.stats()
        lanes = list(stats["queued"])
        for key, (name, documentation) in LANE_COUNTERS.items():
            family = CounterMetricFamily(name, documentation, labels=["lane"])
            for lane in lanes:
                family.add_metric([lane], stats[lane][key])
            yield family
        yield CounterMetricFamily(
            "tokdrop_outbox_passthrough",
            "Telegram calls that cost no send budget.",
            value=stats["passthrough"],
        )
        yield CounterMetricFamily(
            "tokdrop_outbox_shared_chat_errors",
            "Calls to the shared chat budget store that failed (paced by this process instead).",
            value=stats["shared_chat_errors"],
        )
        queued = GaugeMetricFamily(
            "tokdrop_outbox_queued", "Calls waiting in the limiter now.", labels=["lane"]
        )
        for lane in lanes:
            queued.add_metric([lane], stats["queued"][lane])
        yield queued
        yield GaugeMetricFamily(
            "tokdrop_outbox_tracked_chats",
            "Chats with a send bucket in the limiter.",
            value=stats["tracked_chats"],
        )
        yield from _send_budget(stats["send_budget"])


def _send_budget(budget: dict[str, Any]) -> Iterator[Metric]:
    """The shared bot-wide budget's health (all zero for a process's own budget)."""
    yield GaugeMetricFamily(
        "tokdrop_send_budget_degraded",
        "1 while the shared send budget's store is down (replies use this process's own "
        "budget, bulk sends wait), else 0.",
        value=int(budget["degraded"]),
    )
    yield CounterMetricFamily(
        "tokdrop_send_budget_outages",
        "Outages of the shared send budget's store seen by this process.",
        value=budget["outages"],
    )
    yield CounterMetricFamily(
        "tokdrop_send_budget_fallback_units",
        "Interactive budget units granted by the local stand-in during outages.",
        value=budget["fallback_units"],
    )
