"""The send classifier: each class from constructed errors and from a real aiogram session."""

from __future__ import annotations

import asyncio
import socket
from types import SimpleNamespace

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
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
from aiogram.methods import SendMessage

from bot.outbox import AmbiguousSend, OutboxMiddleware, SendOutcome, classify_send

from . import manual_limiter

MESSAGE = SendMessage(chat_id=42, text="hi")


def network_error(cause: BaseException) -> TelegramNetworkError:
    """The error aiogram's aiohttp session raises for ``cause`` (chained with ``from``)."""
    try:
        raise TelegramNetworkError(MESSAGE, f"{type(cause).__name__}: {cause}") from cause
    except TelegramNetworkError as error:
        return error


def test_success_is_sent():
    result = classify_send(None)
    assert (result.outcome, result.error, result.reason) == (SendOutcome.SENT, None, "")


@pytest.mark.parametrize(
    "cause",
    [
        aiohttp.ClientConnectorError(
            SimpleNamespace(host="api.telegram.org", port=443, ssl=True), OSError(111, "refused")
        ),
        aiohttp.ConnectionTimeoutError("connect timed out"),
        aiohttp.InvalidURL("not a url"),
        aiohttp.NonHttpUrlClientError("ftp://api.telegram.org"),
    ],
)
def test_a_request_that_never_left_is_certainly_not_sent(cause):
    assert classify_send(network_error(cause)).outcome is SendOutcome.NOT_SENT


@pytest.mark.parametrize(
    "cause",
    [
        aiohttp.SocketTimeoutError("read timed out"),
        aiohttp.ServerDisconnectedError(),
        aiohttp.ClientOSError(104, "Connection reset by peer"),
        aiohttp.ClientPayloadError("response payload is not completed"),
        TimeoutError(),
    ],
)
def test_a_request_that_may_have_gone_out_is_ambiguous(cause):
    assert classify_send(network_error(cause)).outcome is SendOutcome.AMBIGUOUS


def test_ambiguous_send_and_unknown_exceptions_are_ambiguous():
    ambiguous = AmbiguousSend(method=MESSAGE, message="dropped")
    assert classify_send(ambiguous).outcome is SendOutcome.AMBIGUOUS
    assert classify_send(ValueError("undecodable answer")).outcome is SendOutcome.AMBIGUOUS


def test_429_is_retry_after_with_its_value():
    error = TelegramRetryAfter(MESSAGE, "Too Many Requests: retry after 7", retry_after=7)
    result = classify_send(error)
    assert (result.outcome, result.retry_after, result.error) == (SendOutcome.RETRY_AFTER, 7, error)


def test_403_is_blocked():
    error = TelegramForbiddenError(MESSAGE, "Forbidden: bot was blocked by the user")
    result = classify_send(error)
    assert result.outcome is SendOutcome.BLOCKED
    assert result.reason == "TelegramForbiddenError: Forbidden: bot was blocked by the user"


@pytest.mark.parametrize(
    "error",
    [
        TelegramBadRequest(MESSAGE, "Bad Request: chat not found"),
        TelegramNotFound(MESSAGE, "Not Found"),
        TelegramEntityTooLarge(MESSAGE, "Request Entity Too Large"),  # a TelegramNetworkError
        TelegramMigrateToChat(MESSAGE, "migrated", migrate_to_chat_id=-100),
        TelegramUnauthorizedError(MESSAGE, "Unauthorized"),
    ],
)
def test_refusals_for_good_are_permanent(error):
    assert classify_send(error).outcome is SendOutcome.PERMANENT


@pytest.mark.parametrize(
    "error",
    [
        TelegramServerError(MESSAGE, "Internal Server Error"),
        TelegramConflictError(MESSAGE, "Conflict"),
    ],
)
def test_5xx_and_other_answers_are_certainly_not_sent(error):
    # Telegram answered, so nothing went out; the limiter neither retries nor counts them.
    assert classify_send(error).outcome is SendOutcome.NOT_SENT


async def test_the_middleware_wraps_only_ambiguous_errors():
    limiter, _ = manual_limiter(global_rate=10.0, global_burst=2.0)
    middleware = OutboxMiddleware(limiter)
    too_large = TelegramEntityTooLarge(MESSAGE, "Request Entity Too Large")

    async def refuse(bot, method):
        raise too_large

    with pytest.raises(TelegramEntityTooLarge) as raised:
        await middleware(refuse, None, MESSAGE)
    assert raised.value is too_large and limiter.stats()["interactive"]["ambiguous"] == 0


# ---------------------------------------------------------------- a real session


async def _send_through(port: int, *, timeout: float = 5.0) -> BaseException:
    session = AiohttpSession(
        api=TelegramAPIServer.from_base(f"http://127.0.0.1:{port}"), timeout=timeout
    )
    bot = Bot("42:TEST", session=session)
    try:
        await bot.send_message(1, "hi")
    except Exception as exc:  # noqa: BLE001 - returned to be classified
        return exc
    finally:
        await session.close()
    raise AssertionError("the send succeeded")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_a_real_refused_connection_is_certainly_not_sent():
    error = await _send_through(_free_port())
    assert classify_send(error).outcome is SendOutcome.NOT_SENT


async def test_a_real_disconnect_after_the_request_is_ambiguous():
    got_request = asyncio.Event()

    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        got_request.set()
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    try:
        error = await _send_through(server.sockets[0].getsockname()[1])
    finally:
        server.close()
    assert got_request.is_set()
    assert classify_send(error).outcome is SendOutcome.AMBIGUOUS


async def test_a_real_read_timeout_is_ambiguous():
    release = asyncio.Event()

    async def never_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        await release.wait()
        writer.close()

    server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    try:
        error = await _send_through(server.sockets[0].getsockname()[1], timeout=0.3)
    finally:
        release.set()
        server.close()
    assert classify_send(error).outcome is SendOutcome.AMBIGUOUS
