"""The Dispatcher middleware counting and timing every update by kind and outcome."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import Update

from bot.metrics.registry import Metrics


def update_kind(update: Update) -> str:
    """``message``, ``callback_query``, … (``unknown`` for a kind this aiogram does not know)."""
    try:
        return update.event_type
    except Exception:  # noqa: BLE001 - UpdateTypeLookupError for update kinds newer than aiogram
        return "unknown"


class UpdateMetricsMiddleware(BaseMiddleware):
    """Outer ``dp.update`` middleware: ``tokdrop_updates{kind,outcome}`` and the latency histogram.

    Outcomes: ``ok``, ``error`` (the handler raised, even if an error handler answered the user
    afterwards), ``unhandled`` (no handler took it) and ``cancelled`` (shutdown). Without
    ``metrics`` it counts nothing.
    """

    def __init__(self, metrics: Metrics | None = None) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        handler: Callable[[Update, dict[str, Any]], Awaitable[Any]],
        update: Update,
        data: dict[str, Any],
    ) -> Any:
        metrics = self.metrics
        if metrics is None:
            return await handler(update, data)
        kind = update_kind(update)
        metrics.liveness.saw_update()
        outcome = "cancelled"
        started = time.perf_counter()
        try:
            result = await handler(update, data)
            outcome = "unhandled" if result is UNHANDLED else "ok"
            return result
        except Exception:
            outcome = "error"
            raise
        finally:
            metrics.update_seconds.labels(kind).observe(time.perf_counter() - started)
            metrics.updates.labels(kind, outcome).inc()
