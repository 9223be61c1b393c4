"""The Bot API session middleware: counts failed calls by method and code, notes long polls."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import Response, TelegramMethod

    from bot.metrics.registry import Metrics

# Most specific first: TelegramEntityTooLarge is a TelegramNetworkError in aiogram.
ERROR_CODES: tuple[tuple[type[Exception], str], ...] = (
    (TelegramRetryAfter, "429"),
    (TelegramMigrateToChat, "400"),
    (TelegramBadRequest, "400"),
    (TelegramUnauthorizedError, "401"),
    (TelegramForbiddenError, "403"),
    (TelegramNotFound, "404"),
    (TelegramConflictError, "409"),
    (TelegramEntityTooLarge, "413"),
    (TelegramServerError, "5xx"),
    (TelegramNetworkError, "network"),
)


def error_code(error: Exception) -> str:
    """The HTTP-like code of a failed Bot API call: ``"400"`` … ``"5xx"``, ``"network"``."""
    for error_type, code in ERROR_CODES:
        if isinstance(error, error_type):
            return code
    return "other"


class TelegramCallMetrics(BaseRequestMiddleware):
    """Counts each failed Bot API request in ``metrics.telegram_errors`` and marks ``getUpdates``
    activity for the health check (``bot.session_chain`` puts it inside the send limiter)."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        metrics = self.metrics
        name = method.__api_method__
        polling = name == "getUpdates"
        if polling:
            metrics.liveness.polled()
        try:
            return await make_request(bot, method)
        except Exception as exc:
            metrics.telegram_errors.labels(name, error_code(exc)).inc()
            raise
        finally:
            if polling:
                metrics.liveness.polled()
