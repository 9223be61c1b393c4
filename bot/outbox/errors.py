"""What became of a send: one classification of Telegram's answers and errors for every sender.

The rule for "was it never sent?": Telegram answered (any error code), the connection was
never established (the request did not leave this machine), or the request never started: the
shared send budget could not be taken (:class:`~bot.outbox.shared.SharedBudgetUnavailable`) or
its send gate withheld it (:class:`~bot.outbox.gate.SendWithheld`). Anything else that breaks a send
(the connection dropped or timed out after the request went out, an undecodable answer) may
have reached the chat: its outcome is unknown, and it is never sent again.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import aiohttp
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)

from data.redaction import redact

from .gate import SendWithheld
from .shared import SharedBudgetUnavailable

# The connection was never established, so the request cannot have reached Telegram.
NEVER_LEFT = (
    aiohttp.ClientConnectorError,
    aiohttp.ConnectionTimeoutError,
    aiohttp.InvalidURL,
    aiohttp.NonHttpUrlClientError,
)
# The request never started: no budget, or the caller's gate held it back.
NEVER_STARTED = (SharedBudgetUnavailable, SendWithheld)
# Telegram refused the request for good: the same send fails the same way again.
REFUSED_FOR_GOOD = (
    TelegramBadRequest,
    TelegramNotFound,
    TelegramEntityTooLarge,
    TelegramMigrateToChat,
    TelegramUnauthorizedError,
)


class AmbiguousSend(TelegramNetworkError):
    """A send whose outcome is unknown: the request may have reached Telegram (the connection
    dropped or timed out after it went out). Not retried, so nobody gets a message twice;
    a TelegramNetworkError, so existing handlers still treat it as a network error.
    ``__cause__`` is the underlying client error, as with aiogram's own network errors."""

    label = "Outcome unknown (not retried)"


class SendOutcome(enum.Enum):
    """What one send came to."""

    SENT = "sent"  # Telegram accepted it
    NOT_SENT = "not_sent"  # certainly not sent (never started or left, or a refusal such as 5xx)
    AMBIGUOUS = "ambiguous"  # may have reached the chat: never send it again
    BLOCKED = "blocked"  # 403: the bot was blocked, kicked, or the chat is gone
    RETRY_AFTER = "retry_after"  # 429 (the limiter already paused every send and retried once)
    PERMANENT = "permanent"  # 400, 404, 413, chat migrated, 401: the same send fails again


@dataclass(frozen=True)
class SendResult:
    """A send's outcome, the error behind it, and Telegram's ``retry_after`` for a 429."""

    outcome: SendOutcome
    error: BaseException | None = None
    retry_after: int | None = None

    @property
    def reason(self) -> str:
        """``ErrorType: message`` of Telegram's errors, ``repr()`` of others, '' when sent; with
        secrets masked (a network error's message may quote the request URL, token included),
        since it is logged and stored."""
        if self.error is None:
            return ""
        if isinstance(self.error, TelegramAPIError):
            return redact(f"{type(self.error).__name__}: {self.error.message}")
        return redact(repr(self.error))


SENT = SendResult(SendOutcome.SENT)


def classify_send(error: BaseException | None) -> SendResult:
    """Classify a send's exception (None: it succeeded).

    Callers that must stop on a revoked token check ``TelegramUnauthorizedError`` first; here
    it is a refusal for good like any other 4xx.
    """
    if error is None:
        return SENT
    if isinstance(error, NEVER_STARTED):
        return SendResult(SendOutcome.NOT_SENT, error)
    if isinstance(error, TelegramRetryAfter):
        return SendResult(SendOutcome.RETRY_AFTER, error, retry_after=error.retry_after)
    if isinstance(error, TelegramForbiddenError):
        return SendResult(SendOutcome.BLOCKED, error)
    if isinstance(error, REFUSED_FOR_GOOD):  # before network errors: a 413 is one of them
        return SendResult(SendOutcome.PERMANENT, error)
    if isinstance(error, TelegramNetworkError):
        never_left = not isinstance(error, AmbiguousSend) and never_left_machine(error)
        return SendResult(SendOutcome.NOT_SENT if never_left else SendOutcome.AMBIGUOUS, error)
    if isinstance(error, TelegramAPIError):  # 5xx, 409 and other answers: Telegram did not take it
        return SendResult(SendOutcome.NOT_SENT, error)
    return SendResult(SendOutcome.AMBIGUOUS, error)  # e.g. an undecodable answer


def never_left_machine(error: TelegramNetworkError) -> bool:
    """Whether a network error shows the request never left (connection not established)."""
    return isinstance(error.__cause__, NEVER_LEFT)
