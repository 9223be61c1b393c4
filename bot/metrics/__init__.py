"""Prometheus metrics of one bot, in a registry of its own.

One :class:`Metrics` is made at start-up (``bot.app.run_bot``) and handed to what counts:
the session chain (``bot.session_chain``: :class:`TelegramCallMetrics` counts Bot API errors
by code, the send limiter's counters are watched), ``create_dispatcher``
(:class:`UpdateMetricsMiddleware`: updates by kind and outcome, latency; ``metrics`` in the
workflow data), ``bot.media``'s :class:`~bot.media.service.MediaService` (deliveries and fetch
failures) and the web app (:func:`render_metrics` produces the ``/metrics`` body).

Modules: ``registry`` (the metric families), ``updates``, ``telegram``, ``media``, ``outbox``
(limiter collector), ``broadcasts`` (database gauges), ``pending_writes`` (writes waiting
through a database outage), ``backends`` (the resolver chains' backends), ``liveness`` (times
the health check reads), ``exposition``.
"""

from bot.metrics.exposition import CONTENT_TYPE_LATEST, render_metrics
from bot.metrics.liveness import Liveness
from bot.metrics.media import count_delivery, counting_fetch_errors, failure_reason
from bot.metrics.registry import Metrics
from bot.metrics.telegram import TelegramCallMetrics, error_code
from bot.metrics.updates import UpdateMetricsMiddleware

__all__ = [
    "CONTENT_TYPE_LATEST",
    "Liveness",
    "Metrics",
    "TelegramCallMetrics",
    "UpdateMetricsMiddleware",
    "count_delivery",
    "counting_fetch_errors",
    "error_code",
    "failure_reason",
    "render_metrics",
]
