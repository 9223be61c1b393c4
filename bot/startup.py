"""Start-up against the Bot API: any failure of the calls the bot cannot run without (getMe,
deleteWebhook / setWebhook) becomes one :class:`StartupError` line for the operator, never a
traceback, and never with the token in it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from aiogram.exceptions import (
    AiogramError,
    ClientDecodeError,
    TelegramAPIError,
    TelegramNetworkError,
    TelegramServerError,
    TelegramUnauthorizedError,
)

from data.redaction import redact

DETAIL_LENGTH = 200


class StartupError(Exception):
    """The bot cannot start; ``str()`` is one line saying why, secrets masked."""


def _one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return redact(line if len(line) <= DETAIL_LENGTH else line[: DETAIL_LENGTH - 1] + "…")


def describe_failure(error: BaseException, server: str) -> str:
    """Why a start-up call to the Bot API at ``server`` failed, in one line."""
    if isinstance(error, TelegramUnauthorizedError):
        return (
            f"the Bot API at {server} refused the token (401 Unauthorized): it is wrong or was "
            "revoked; get the current one from @BotFather and set BOT_TOKEN"
        )
    if isinstance(error, TelegramServerError):
        return f"the Bot API at {server} failed (server error: {_one_line(error.message)})"
    if isinstance(error, TelegramNetworkError):
        return f"cannot reach the Bot API at {server}: {_one_line(error.message)}"
    if isinstance(error, TelegramAPIError):
        return f"the Bot API at {server} refused {error.method.__api_method__}: " + _one_line(
            error.message
        )
    if isinstance(error, ClientDecodeError):
        return f"the Bot API at {server} answered something that is not a Bot API response"
    if isinstance(error, TimeoutError):
        return f"the Bot API at {server} did not answer in time"
    kind = type(error).__name__
    return f"cannot reach the Bot API at {server}: {kind}: {_one_line(str(error)) or kind}"


@asynccontextmanager
async def bot_api_startup(server: str) -> AsyncIterator[None]:
    """Turn any Bot API failure inside the block into a :class:`StartupError`."""
    try:
        yield
    except asyncio.CancelledError:
        raise
    except (AiogramError, aiohttp.ClientError, OSError, TimeoutError, ValueError) as exc:
        raise StartupError(describe_failure(exc, server)) from None
