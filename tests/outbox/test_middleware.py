"""The request middleware: what costs budget, lanes, 429 pause and single retry, ambiguity."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import aiogram.methods
import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
)
from aiogram.methods import (
    AnswerCallbackQuery,
    CopyMessages,
    EditMessageText,
    GetUpdates,
    SendChatAction,
    SendMediaGroup,
    SendMessage,
)
from aiogram.types import InputMediaPhoto

from bot.outbox import (
    AmbiguousSend,
    Limiter,
    LimiterConfig,
    OutboxMiddleware,
    budget_cost,
    bulk_lane,
    target_chat,
)
from devservers.telegram_api import TelegramApiEmulator

from . import manual_limiter

FREE = {
    "getUpdates",
    "getMe",
    "answerCallbackQuery",
    "answerInlineQuery",
    "getChatMember",
    "setMyCommands",
    "deleteWebhook",
    "sendChatAction",
    "deleteMessage",
    "getChat",
}


def all_methods() -> dict[str, type]:
    """Every aiogram method class by its Bot API name."""
    return {
        cls.__api_method__: cls
        for cls in vars(aiogram.methods).values()
        if isinstance(cls, type) and isinstance(getattr(cls, "__api_method__", None), str)
    }


def test_which_methods_cost_budget():
    costing = {name for name, cls in all_methods().items() if budget_cost(cls.model_construct())}
    assert costing >= {
        "sendMessage",
        "sendPhoto",
        "sendVideo",
        "sendMediaGroup",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
        "forwardMessages",
        "editMessageText",
        "editMessageCaption",
        "editMessageMedia",
        "editMessageReplyMarkup",
    }
    assert not costing & FREE
    assert all(
        name.startswith(("send", "editMessage", "copyMessage", "forwardMessage"))
        for name in costing
    )


def test_costs_count_items_and_find_the_chat():
    photos = [InputMediaPhoto(media=f"id{n}") for n in range(4)]
    assert budget_cost(SendMediaGroup(chat_id=1, media=photos)) == 4
    assert budget_cost(CopyMessages(chat_id=1, from_chat_id=2, message_ids=[1, 2, 3])) == 3
    assert target_chat(SendMessage(chat_id="-100", text="x")) == -100
    assert target_chat(SendMessage(chat_id="@news", text="x")) == "@news"
    assert target_chat(EditMessageText(inline_message_id="abc", text="x")) is None


class FakeApi:
    """``make_request`` answering from a script of results and exceptions, one per call."""

    def __init__(self, *outcomes: object) -> None:
        self.outcomes = list(outcomes)
        self.calls: list[object] = []

    async def __call__(self, bot: object, method: object) -> object:
        self.calls.append(method)
        outcome = self.outcomes.pop(0) if self.outcomes else "ok"
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


MESSAGE = SendMessage(chat_id=42, text="hi")


def retry_after(seconds: int) -> TelegramRetryAfter:
    """The error aiogram raises for a 429."""
    return TelegramRetryAfter(MESSAGE, "Too Many Requests: retry after 3", retry_after=seconds)


def network_error(cause: BaseException) -> TelegramNetworkError:
    """The error aiogram's aiohttp session raises for ``cause``."""
    error = TelegramNetworkError(MESSAGE, f"{type(cause).__name__}: {cause}")
    error.__cause__ = cause
    return error


@pytest.fixture
def setup():
    """A limiter at 10/s on a manual clock and the middleware around it."""
    limiter, clock = manual_limiter(global_rate=10.0, global_burst=2.0)
    return limiter, clock, OutboxMiddleware(limiter)


async def test_free_methods_pass_straight_through(setup):
    limiter, _, middleware = setup
    await limiter.flood("interactive", 60)  # even a pause does not hold them
    api = FakeApi()
    for method in (
        GetUpdates(),
        AnswerCallbackQuery(callback_query_id="1"),
        SendChatAction(chat_id=1, action="typing"),
    ):
        assert await middleware(api, None, method) == "ok"
    assert len(api.calls) == 3
    assert limiter.stats()["passthrough"] == 3
    assert limiter.stats()["interactive"]["sends"] == 0


async def test_lane_comes_from_the_context(setup):
    limiter, _, middleware = setup
    with bulk_lane():
        await middleware(FakeApi(), None, MESSAGE)
    await middleware(FakeApi(), None, MESSAGE)
    stats = limiter.stats()
    assert stats["bulk"]["sends"] == 1 and stats["interactive"]["sends"] == 1


async def test_429_pauses_its_chat_then_retries_once(setup):
    limiter, clock, middleware = setup
    api, other, same = FakeApi(retry_after(3), "sent"), FakeApi(), FakeApi()
    call = asyncio.create_task(middleware(api, None, MESSAGE))
    await clock.settle()
    assert len(api.calls) == 1 and not call.done()
    bystander = asyncio.create_task(middleware(other, None, SendMessage(chat_id=7, text="x")))
    later = asyncio.create_task(middleware(same, None, SendMessage(chat_id=42, text="y")))
    await clock.advance(0.1)
    assert await bystander == "ok"  # another chat goes on during the pause
    await clock.advance(2.8)
    assert not call.done() and not same.calls  # chat 42 is paused
    await clock.advance(0.2)
    assert await call == "sent" and len(api.calls) == 2
    assert await later == "ok"
    stats = limiter.stats()["interactive"]
    assert (stats["flood_429"], stats["chat_pauses"], stats["bot_pauses"]) == (1, 1, 0)


async def test_429_for_an_inline_edit_pauses_everything(setup):
    limiter, clock, middleware = setup
    edit = EditMessageText(inline_message_id="abc", text="x")
    api, other = FakeApi(retry_after(3), "edited"), FakeApi()
    call = asyncio.create_task(middleware(api, None, edit))
    await clock.settle()
    bystander = asyncio.create_task(middleware(other, None, SendMessage(chat_id=7, text="x")))
    await clock.advance(2.9)
    assert not call.done() and not other.calls  # no chat to pause: the whole bot waits
    await clock.advance(0.2)
    assert await call == "edited" and await bystander == "ok"
    assert limiter.stats()["interactive"]["bot_pauses"] == 1


async def test_a_429_over_http_holds_its_chat_only():
    token = "424242:AAH-tokdrop-middleware-token-0123456789"
    async with TelegramApiEmulator(token=token, auto_chats=True) as emulator:
        server = TelegramAPIServer.from_base(emulator.base_url)
        bot = Bot(token, session=AiohttpSession(api=server))
        limiter = Limiter(LimiterConfig())
        bot.session.middleware(OutboxMiddleware(limiter))
        try:
            flood = "Too Many Requests: retry after 2"
            emulator.fail_next("sendMessage", 429, flood, retry_after=2)
            retried = asyncio.create_task(bot.send_message(1, "hello"))
            refused = await emulator.wait_for_call("sendMessage", lambda c: not c.ok, timeout=10)
            await asyncio.wait_for(bot.send_message(2, "hi"), 10)
            await asyncio.wait_for(retried, 10)
        finally:
            await bot.session.close()
    delivered = {call.chat_id: call.at for call in emulator.calls_to("sendMessage") if call.ok}
    assert refused.chat_id == 1 and delivered[2] < delivered[1]  # chat 2 did not wait
    assert delivered[1] - refused.at >= 1.9  # the retry waited its chat's pause
    stats = limiter.stats()["interactive"]
    assert (stats["flood_429"], stats["chat_pauses"], stats["bot_pauses"]) == (1, 1, 0)


async def test_second_429_surfaces(setup):
    limiter, clock, middleware = setup
    api = FakeApi(retry_after(1), retry_after(2))
    with bulk_lane():
        call = asyncio.create_task(middleware(api, None, MESSAGE))
    await clock.advance(1.1)
    assert len(api.calls) == 2
    with pytest.raises(TelegramRetryAfter) as raised:
        await call
    assert raised.value.retry_after == 2
    assert limiter.stats()["bulk"]["flood_429"] == limiter.stats()["bulk"]["bot_pauses"] == 2
    later = asyncio.create_task(middleware(FakeApi(), None, MESSAGE))
    await clock.advance(1.8)
    assert not later.done()  # the second 429 (at 1.0) paused the limiter until 3.0
    await clock.advance(0.2)
    assert await later == "ok"


@pytest.mark.parametrize(
    "error",
    [
        TelegramBadRequest(MESSAGE, "Bad Request: chat not found"),
        TelegramForbiddenError(MESSAGE, "Forbidden: bot was blocked by the user"),
    ],
)
async def test_other_api_errors_are_not_retried(setup, error):
    limiter, _, middleware = setup
    api = FakeApi(error)
    with pytest.raises(type(error)):
        await middleware(api, None, MESSAGE)
    assert len(api.calls) == 1
    assert limiter.stats()["interactive"]["flood_429"] == 0


@pytest.mark.parametrize(
    "cause",
    [
        aiohttp.ServerDisconnectedError(),
        aiohttp.ClientOSError(104, "Connection reset by peer"),
        aiohttp.ClientPayloadError("response payload is not completed"),
        aiohttp.SocketTimeoutError("read timed out"),
        TimeoutError(),
    ],
)
async def test_send_with_unknown_outcome_raises_ambiguous_send(setup, cause):
    limiter, _, middleware = setup
    api = FakeApi(network_error(cause))
    with pytest.raises(AmbiguousSend) as raised:
        await middleware(api, None, MESSAGE)
    assert isinstance(raised.value, TelegramNetworkError)
    assert raised.value.__cause__ is cause  # chained like aiogram's own network errors
    assert len(api.calls) == 1
    assert limiter.stats()["interactive"]["ambiguous"] == 1


@pytest.mark.parametrize(
    "cause",
    [
        aiohttp.ClientConnectorError(
            SimpleNamespace(host="api.telegram.org", port=443, ssl=True), OSError(111, "refused")
        ),
        aiohttp.ConnectionTimeoutError("connect timed out"),
    ],
)
async def test_send_that_never_left_stays_a_plain_network_error(setup, cause):
    limiter, _, middleware = setup
    api = FakeApi(network_error(cause))
    with pytest.raises(TelegramNetworkError) as raised:
        await middleware(api, None, MESSAGE)
    assert not isinstance(raised.value, AmbiguousSend)
    assert len(api.calls) == 1
    assert limiter.stats()["interactive"]["ambiguous"] == 0


async def test_free_method_network_errors_are_left_alone(setup):
    _, _, middleware = setup
    error = network_error(aiohttp.ServerDisconnectedError())
    with pytest.raises(TelegramNetworkError) as raised:
        await middleware(FakeApi(error), None, GetUpdates())
    assert raised.value is error


async def test_media_group_waits_for_its_units(setup):
    limiter, clock, middleware = setup
    album = SendMediaGroup(chat_id=5, media=[InputMediaPhoto(media=f"p{n}") for n in range(3)])
    await middleware(FakeApi(), None, MESSAGE)
    call = asyncio.create_task(middleware(FakeApi(), None, album))
    await clock.advance(0.15)
    assert not call.done()
    await clock.advance(0.1)
    assert await call == "ok"
    assert limiter.stats()["interactive"]["units"] == 4
