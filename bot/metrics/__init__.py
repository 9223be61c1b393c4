"""Prometheus metrics of one bot, in a registry of its own.

``create_bot`` calls :func:`install_metrics` (Bot API errors by code, the send limiter's
counters); ``create_dispatcher`` adds :class:`UpdateMetricsMiddleware` (updates by kind and
outcome, latency); ``bot.media`` counts deliveries and fetch failures; :func:`render_metrics`
produces the ``/metrics`` body (``bot.web`` serves it). Anything holding the bot finds its
metrics with :func:`metrics_of`.

Modules: ``registry`` (the metric families), ``binding`` (bot → metrics), ``install``,
``updates``, ``telegram``, ``media``, ``outbox`` (limiter collector), ``broadcasts`` (database
gauges), ``liveness`` (times the health check reads), ``exposition``.
"""
from bot.metrics.binding import metrics_of
from bot.metrics.exposition import CONTENT_TYPE_LATEST, render_metrics
from bot.metrics.install import install_metrics
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
    "install_metrics",
    "metrics_of",
    "render_metrics",
]
