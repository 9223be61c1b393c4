"""The ``/metrics`` body: refresh what lives in the database, then render the registry."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.metrics.registry import Metrics

__all__ = ["CONTENT_TYPE_LATEST", "render_metrics"]


async def render_metrics(metrics: Metrics) -> bytes:
    """The Prometheus text exposition of ``metrics`` (broadcast progress read just before)."""
    await metrics.broadcasts.refresh()
    return generate_latest(metrics.registry)
