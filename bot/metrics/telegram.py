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

from bot.metrics.binding import metrics_of

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import Response, TelegramMethod

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
    """Counts each failed Bot API request in ``tokdrop_telegram_errors`` and marks ``getUpdates``
    activity for the health check. Stateless: the bot's :class:`Metrics` is looked up per call,
    so one session may serve several bots (as in the tests)."""

    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any],
    ) -> Response[Any]:
        metrics = metrics_of(bot)
        if metrics is None:
            return await make_request(bot, method)
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
