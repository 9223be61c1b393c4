"""``Metrics``: one bot's metric families, in a ``CollectorRegistry`` of their own.

A registry per bot (not prometheus_client's global one) lets tests build bots again and again,
each counting from zero, without "Duplicated timeseries" errors.
"""

from __future__ import annotations

from prometheus_client import (
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)

from bot.metrics.backends import BackendCollector
from bot.metrics.broadcasts import BroadcastCollector
from bot.metrics.liveness import Liveness
from bot.metrics.outbox import LimiterCollector
from bot.metrics.pending_writes import PendingWritesCollector

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
DOWNLOAD_KINDS = ("video", "slideshow", "music")
FETCH_FAILURES = (
    "invalid_link",
    "unavailable",
    "slideshow_unsupported",
    "timeout",
    "resolver_down",
    "media_unavailable",
    "too_large",
    "host_refused",
    "unsupported",
)


class Metrics:
    """Everything ``/metrics`` serves for one bot, plus the liveness times ``/healthz`` reads."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self.updates = Counter(
            "tokdrop_updates",
            "Updates handled, by kind and outcome (ok, error, unhandled, cancelled).",
            ["kind", "outcome"],
            registry=registry,
        )
        self.update_seconds = Histogram(
            "tokdrop_update_duration_seconds",
            "Time to handle one update, middlewares included.",
            ["kind"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.downloads = Counter(
            "tokdrop_downloads",
            "Posts and sounds delivered, by kind, inline or not, from the file-id cache or not.",
            ["kind", "inline", "cached"],
            registry=registry,
        )
        self.resolver_errors = Counter(
            "tokdrop_resolver_errors",
            "Posts or sounds that could not be fetched, by reason.",
            ["reason"],
            registry=registry,
        )
        self.telegram_errors = Counter(
            "tokdrop_telegram_errors",
            "Bot API calls that failed, by method and error code "
            "(400, 401, 403, 404, 409, 413, 429, 5xx, network, other).",
            ["method", "code"],
            registry=registry,
        )
        self.slideshow_renders = Counter(
            "tokdrop_slideshow_renders",
            "Photo slideshows rendered as a video, by outcome (ok; failed: the photos were sent).",
            ["outcome"],
            registry=registry,
        )
        for outcome in ("ok", "failed"):
            self.slideshow_renders.labels(outcome)
        for kind in DOWNLOAD_KINDS:
            for inline in ("false", "true"):
                for cached in ("false", "true"):
                    self.downloads.labels(kind, inline, cached)
        for reason in FETCH_FAILURES:
            self.resolver_errors.labels(reason)
        self.broadcasts = BroadcastCollector()
        self.outbox = LimiterCollector()
        registry.register(self.broadcasts)
        registry.register(self.outbox)
        self.pending_writes = PendingWritesCollector()
        registry.register(self.pending_writes)
        self.backends = BackendCollector()  # the resolver chains; /healthz reads them too
        registry.register(self.backends)
        ProcessCollector(registry=registry)
        PlatformCollector(registry=registry)
        GCCollector(registry=registry)
        self.liveness = Liveness()
