"""Maintenance mode: while the runtime setting is on, only admins are served."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiogram import BaseMiddleware
from aiogram.types import Update

from bot.handler_data import HandlerData
from data import db_service
from data.config import Settings
from data.runtime_settings import Setting

log = logging.getLogger(__name__)


class MaintenanceMiddleware(BaseMiddleware):
    """Outer update middleware (after the chat context): answers non-admins with a notice and
    stops."""

    def __init__(self, settings: Settings) -> None:
        self.admins = settings.admin_ids

    async def __call__(
        self,
        handler: Callable[[Update, dict[str, Any]], Awaitable[Any]],
        update: Update,
        data: dict[str, Any],
    ) -> Any:
        typed = cast(HandlerData, data)
        user = typed.get("event_from_user")
        if user is not None and user.id in self.admins:
            return await handler(update, data)
        try:
            on = (await db_service.get_settings_cached())[Setting.MAINTENANCE]
        except Exception:
            log.exception("could not read the maintenance flag; serving as usual")
            on = False
        if not on:
            return await handler(update, data)
        notice = typed["t"]("maintenance-message")
        if update.message is not None and update.message.chat.type == "private":
            await update.message.answer(notice)
        elif update.callback_query is not None:
            await update.callback_query.answer(notice, show_alert=True)
        elif update.inline_query is not None:
            await update.inline_query.answer([], cache_time=30)
        return None
