"""Counting deliveries and fetch failures from the media pipeline (``bot.media.service``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from bot.sources import SlideshowUnsupported

if TYPE_CHECKING:
    from bot.metrics.registry import Metrics


def failure_reason(error: Exception) -> str:
    """The ``reason`` label of a fetch failure: the error's ``reason`` (see
    ``bot.sources.REASONS``), ``slideshow_unsupported`` for a slideshow the backend cannot
    fetch."""
    if isinstance(error, SlideshowUnsupported):
        return "slideshow_unsupported"
    return str(getattr(error, "reason", None) or type(error).__name__)


@contextmanager
def counting_fetch_errors(
    metrics: Metrics | None,
    *error_types: type[Exception],
) -> Iterator[None]:
    """Count an ``error_types`` exception leaving the block in ``tokdrop_resolver_errors``
    (nothing when ``metrics`` is None)."""
    try:
        yield
    except error_types as exc:
        if metrics is not None:
            metrics.resolver_errors.labels(failure_reason(exc)).inc()
        raise


def count_delivery(
    metrics: Metrics | None,
    kind: str,
    *,
    inline: bool = False,
    cached: bool = False,
) -> None:
    """One ``video``, ``slideshow`` or ``music`` delivery in ``tokdrop_downloads`` (nothing
    when ``metrics`` is None)."""
    if metrics is not None:
        metrics.downloads.labels(kind, _flag(inline), _flag(cached)).inc()


def _flag(value: bool) -> str:
    return "true" if value else "false"
