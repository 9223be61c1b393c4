"""How a failed send is classified: known not sent, or outcome unknown (never retried)."""

from __future__ import annotations

import aiohttp
from aiogram.exceptions import TelegramNetworkError

# The connection was never established, so the request cannot have reached Telegram.
NOT_SENT = (
    aiohttp.ClientConnectorError,
    aiohttp.ConnectionTimeoutError,
    aiohttp.InvalidURL,
    aiohttp.NonHttpUrlClientError,
)


class AmbiguousSend(TelegramNetworkError):
    """A send whose outcome is unknown: the request may have reached Telegram (the connection
    dropped or timed out after it went out). Not retried, so nobody gets a message twice;
    a TelegramNetworkError, so existing handlers still treat it as a network error.
    ``__cause__`` is the underlying client error, as with aiogram's own network errors."""

    label = "Outcome unknown (not retried)"


def outcome_unknown(exc: TelegramNetworkError) -> bool:
    """True unless the error shows the request never left (connection not established)."""
    return not isinstance(exc.__cause__, NOT_SENT)
