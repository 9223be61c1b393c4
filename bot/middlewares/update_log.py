"""One INFO line per handled update: kind, chat id, handler, milliseconds."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from bot.handler_data import HandlerData
from bot.inflight import InFlight

log = logging.getLogger("tokdrop.updates")


class UpdateLogMiddleware(BaseMiddleware):
    """Outer update middleware: times the update, tracks it as in flight, logs one line."""

    def __init__(self, inflight: InFlight) -> None:
        self.inflight = inflight

    async def __call__(
        self,
        handler: Callable[[Update, dict[str, Any]], Awaitable[Any]],
        update: Update,
        data: dict[str, Any],
    ) -> Any:
        typed = cast(HandlerData, data)
        trace: dict[str, str] = {}
        typed["trace"] = trace
        chat = typed.get("event_chat")
        started = time.perf_counter()
        self.inflight.enter()
        try:
            return await handler(update, data)
        finally:
            self.inflight.leave()
            log.info(
                "update %s kind=%s chat=%s handler=%s ms=%.1f",
                update.update_id,
                update.event_type,
                chat.id if chat else "-",
                trace.get("handler", "-"),
                (time.perf_counter() - started) * 1000,
            )


class HandlerNameMiddleware(BaseMiddleware):
    """Inner middleware: notes which handler took the update, for the log line."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        typed = cast(HandlerData, data)
        trace = typed.get("trace")
        handler_object = typed.get("handler")
        if trace is not None and handler_object is not None:
            callback = handler_object.callback
            trace["handler"] = f"{callback.__module__.rsplit('.', 1)[-1]}.{callback.__name__}"
        return await handler(event, data)
