"""Webhook delivery by the emulator: real HTTP pushes to receivers on 127.0.0.1, driven through a
real aiogram Bot's setWebhook / deleteWebhook / getWebhookInfo."""

from __future__ import annotations

import asyncio
import gc
import itertools
import time
import warnings
from collections import Counter
from typing import Any, Self

import pytest
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramBadRequest, TelegramConflictError, TelegramRetryAfter
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from devservers.bot_processes import free_port
from devservers.telegram_api import TelegramApiEmulator, WebhookOptions
from devservers.telegram_api.sync import Changes

from .conftest import USER

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Receiver:
    """A webhook endpoint on 127.0.0.1 that records what it gets and answers as told.

    ``status``: the answer; ``hold_from``: requests from this (0-based) arrival on wait for
    ``release``; ``reply``: a JSON body for 2xx answers; ``reject_once``: update ids answered
    500 the first time. Waits go through ``changes``.
    """

    def __init__(self, *, port: int = 0, reuse_port: bool = False, status: int = 200) -> None:
        self.port, self.reuse_port, self.status = port, reuse_port, status
        self.hold_from: int | None = None
        self.release = asyncio.Event()
        self.reply: dict[str, Any] = {}
        self.reject_once: set[int] = set()  # update ids answered 500 the first time
        self.received: list[dict[str, Any]] = []
        self.secrets: list[str | None] = []
        self.acked: list[int] = []  # update ids answered with a 2xx
        self.spans: list[tuple[int, int, int]] = []  # (update_id, start tick, end tick) if acked
        self.active = self.peak = 0
        self.changes = Changes()
        self._ticks = itertools.count()
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def start(self, app: web.Application | None = None) -> Self:
        if app is None:
            app = web.Application()
            app.router.add_post("/hook", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_port=self.reuse_port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def wait(self, predicate: Any, timeout: float = 5.0) -> Any:
        return await self.changes.wait_for(predicate, timeout)

    async def _handle(self, request: web.Request) -> web.Response:
        update = await request.json()
        arrival, start = len(self.received), next(self._ticks)
        self.received.append(update)
        self.secrets.append(request.headers.get(SECRET_HEADER))
        self.active += 1
        self.peak = max(self.peak, self.active)
        self.changes.notify()
        try:
            if self.hold_from is not None and arrival >= self.hold_from:
                await self.release.wait()
            if update["update_id"] in self.reject_once:
                self.reject_once.discard(update["update_id"])
                return web.Response(status=500)
            if not 200 <= self.status < 300:
                return web.Response(status=self.status)
            self.acked.append(update["update_id"])
            self.spans.append((update["update_id"], start, next(self._ticks)))
            return web.json_response(self.reply)
        finally:
            self.active -= 1
            self.changes.notify()


@pytest.fixture(autouse=True)
def quick_set_webhook(emulator: TelegramApiEmulator) -> None:
    """Most tests here call setWebhook more than once a second."""
    emulator.set_webhook_interval = 0


@pytest.fixture
async def receiver() -> Any:
    hook = await Receiver().start()
    yield hook
    hook.release.set()
    await hook.stop()


def texts(updates: list[dict[str, Any]]) -> list[str]:
    return [update["message"]["text"] for update in updates]


def ok_counts(emulator: TelegramApiEmulator) -> Counter[int]:
    return Counter(d.update_id for d in emulator.webhook_deliveries() if d.ok)


# ---------------------------------------------------------------- delivery


async def test_updates_are_pushed_with_the_secret_header(
    emulator: TelegramApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    assert await bot.set_webhook(receiver.url, secret_token="s3cr3t_-X") is True
    emulator.send_message(USER, "hello")
    emulator.send_message(USER, "again")
    await emulator.wait_until_delivered()
    assert texts(receiver.received) == ["hello", "again"]
    assert receiver.secrets == ["s3cr3t_-X", "s3cr3t_-X"]
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count, info.max_connections) == (receiver.url, 0, 40)
    assert (info.ip_address, info.has_custom_certificate) == ("127.0.0.1", False)
    assert info.last_error_message is None and info.last_error_date is None
    first, second = emulator.webhook_deliveries()
    assert (first.ok, first.status, first.update_id, second.update_id) == (True, 200, 1, 2)
    assert first.duration >= 0 and emulator.pending_updates() == []


async def test_a_rejected_push_is_retried_until_accepted(
    emulator: TelegramApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    receiver.status = 401
    await bot.set_webhook(receiver.url)
    emulator.send_message(USER, "knock")
    await emulator.wait_until(lambda: len(emulator.webhook_deliveries()) >= 3)
    info = await bot.get_webhook_info()
    assert info.last_error_message == "Wrong response from the webhook: 401 Unauthorized"
    assert (
        info.last_error_date is not None and abs(info.last_error_date.timestamp() - time.time()) < 5
    )
    assert info.pending_update_count == 1 and len(emulator.pending_updates()) == 1
    assert {(d.update_id, d.status, d.ok) for d in emulator.webhook_deliveries()} == {
        (1, 401, False)
    }
    receiver.status = 200
    await emulator.wait_until_delivered()
    assert [d.ok for d in emulator.webhook_deliveries()][-1] is True
    assert receiver.acked == [1] and (await bot.get_webhook_info()).pending_update_count == 0


async def test_retry_backoff_grows_and_is_capped(
    emulator: TelegramApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    emulator.webhook_options = WebhookOptions(retry_delay=0.02, retry_delay_max=0.08)
    receiver.status = 503
    await bot.set_webhook(receiver.url)
    emulator.send_message(USER, "busy")
    await emulator.wait_until(lambda: len(emulator.webhook_deliveries()) >= 6)
    starts = [d.at for d in emulator.webhook_deliveries()]
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert gaps[0] >= 0.02 and gaps[1] >= 0.04 and all(gap >= 0.08 for gap in gaps[2:5])
    assert max(gaps[:5]) < 0.5  # capped, not growing without bound


async def test_a_dead_endpoint_reports_connection_refused(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    await bot.set_webhook(f"http://127.0.0.1:{free_port()}/nobody-home")
    emulator.send_message(USER, "anyone?")
    await emulator.wait_until(lambda: emulator.webhook_deliveries())
    failed = emulator.webhook_deliveries()[0]
    assert (failed.ok, failed.status, failed.error) == (False, None, "Connection refused")
    assert (await bot.get_webhook_info()).last_error_message == "Connection refused"


async def test_aiogram_webhook_handler_and_its_reply_in_the_response(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    """aiogram answers a webhook with the handler's method as a multipart form; the emulator
    runs it as a Bot API call, like Telegram."""
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def pong(message: Message) -> Any:
        return message.answer(f"pong: {message.text}")

    app = web.Application()
    handler = SimpleRequestHandler(dispatcher, bot, handle_in_background=False, secret_token="ok")
    app.router.add_post("/hook", handler.handle)  # not register(): it would close the session
    hook = await Receiver().start(app)
    try:
        await bot.set_webhook(hook.url, secret_token="wrong")
        emulator.send_message(USER, "ping")
        await emulator.wait_until(lambda: emulator.webhook_deliveries())
        info = await bot.get_webhook_info()
        assert info.last_error_message == "Wrong response from the webhook: 401 Unauthorized"
        await bot.set_webhook(hook.url, secret_token="ok")
        reply = await emulator.wait_for_call("sendMessage")
        assert (reply.params["chat_id"], reply.params["text"]) == (USER, "pong: ping")
        assert reply.ok and emulator.messages(USER)[-1]["text"] == "pong: ping"
        await emulator.wait_until_delivered()
    finally:
        await hook.stop()


async def test_a_json_reply_runs_as_a_call(
    emulator: TelegramApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    receiver.reply = {"method": "sendMessage", "chat_id": USER, "text": "from the response"}
    await bot.set_webhook(receiver.url)
    emulator.send_message(USER, "hi")
    call = await emulator.wait_for_call("sendMessage")
    assert call.params == {"chat_id": USER, "text": "from the response"} and call.ok


# ---------------------------------------------------------------- modes and settings


async def test_get_updates_conflicts_while_a_webhook_is_set(
    emulator: TelegramApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await emulator.wait_until(lambda: emulator.waiting_polls() == 1)
    await bot.set_webhook(receiver.url)
    with pytest.raises(TelegramConflictError, match="terminated by setWebhook request"):
        await asyncio.wait_for(poll, 5)
    with pytest.raises(TelegramConflictError, match="can't use getUpdates method while webhook"):
        await bot.get_updates()
    assert await bot.delete_webhook() is True
    emulator.send_message(USER, "polling again")
    assert [u.message.text for u in await bot.get_updates()] == ["polling again"]
    assert receiver.received == []


async def test_delete_webhook_keeps_pending_updates_unless_dropped(
    emulator: TelegramApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    receiver.status = 500
    await bot.set_webhook(receiver.url)
    emulator.send_message(USER, "one")
    emulator.send_message(USER, "two")
    await emulator.wait_until(lambda: emulator.webhook_deliveries())
    await bot.delete_webhook()
    await emulator.wait_until(lambda: emulator.webhook_in_flight() == 0)
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count, info.last_error_message) == ("", 2, None)
    updates = await bot.get_updates()
    assert [u.message.text for u in updates] == ["one", "two"]
    await bot.set_webhook(receiver.url)
    emulator.send_message(USER, "three")
    await bot.delete_webhook(drop_pending_updates=True)
    await emulator.wait_until(lambda: emulator.webhook_in_flight() == 0)
    assert await bot.get_updates() == [] and emulator.pending_updates() == []


async def test_set_webhook_validates_like_telegram(emulator: TelegramApiEmulator, bot: Bot) -> None:
    local = "http://127.0.0.1:8080/hook"
    cases = [
        ({"url": local, "secret_token": "no spaces"}, "secret token contains unallowed"),
        ({"url": local, "secret_token": "x" * 257}, "secret token is too long"),
        ({"url": "http://"}, "invalid webhook URL specified"),
        ({"url": "ftp://127.0.0.1/hook"}, "invalid webhook URL specified"),
        ({"url": "http://bot.example.com/hook"}, "An HTTPS URL must be provided"),
        ({"url": "https://bot.example.com:8080/hook"}, "only on ports 80, 88, 443 or 8443"),
        ({"url": local, "ip_address": "not-an-ip"}, "invalid IP address specified"),
    ]
    for params, message in cases:
        with pytest.raises(TelegramBadRequest, match=message):
            await bot.set_webhook(**params)
    assert (await bot.get_webhook_info()).url == ""
    await bot.set_webhook(local, secret_token="x" * 256, max_connections=500)
    assert (await bot.get_webhook_info()).max_connections == 100  # clamped, as Telegram does
    await bot.set_webhook("http://localhost:1/hook", max_connections=0)
    info = await bot.get_webhook_info()
    assert (info.max_connections, info.ip_address) == (1, None)


async def test_set_webhook_twice_within_a_second_is_too_many_requests(
    emulator: TelegramApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    """Like Telegram: a second process setting the same webhook right away must retry."""
    emulator.set_webhook_interval = 1.0
    await bot.set_webhook(receiver.url)
    with pytest.raises(TelegramRetryAfter) as raised:
        await bot.set_webhook(receiver.url)
    assert raised.value.retry_after == 1
    assert await bot.delete_webhook() is True  # not limited
    with pytest.raises(TelegramRetryAfter):
        await bot.set_webhook("not a url")  # limited before validation
    emulator.set_webhook_interval = 0
    assert await bot.set_webhook(receiver.url) is True


async def test_a_remote_webhook_is_accepted_but_never_contacted(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    await bot.set_webhook(
        "https://bot.example.com:8443/hook",
        allowed_updates=["message"],
        ip_address="203.0.113.7",
    )
    emulator.send_message(USER, "stays here")
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count) == ("https://bot.example.com:8443/hook", 1)
    assert (info.ip_address, info.allowed_updates) == ("203.0.113.7", ["message"])
    assert "only to loopback addresses" in (info.last_error_message or "")
    assert emulator.webhook_deliveries() == []


async def test_setting_the_same_webhook_again_does_not_duplicate_a_push(
    emulator: TelegramApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    """Two processes both calling setWebhook at start-up: the second call changes nothing; a
    changed setting lets the push in flight finish instead of pushing it again."""
    receiver.hold_from = 0
    await bot.set_webhook(receiver.url, secret_token="first")
    emulator.send_message(USER, "once")
    await receiver.wait(lambda: receiver.active == 1)
    await bot.set_webhook(receiver.url, secret_token="first")
    await bot.set_webhook(receiver.url, secret_token="second", max_connections=5)
    receiver.release.set()
    await emulator.wait_until_delivered()
    assert texts(receiver.received) == ["once"] and len(emulator.webhook_deliveries()) == 1
    emulator.send_message(USER, "next")
    await emulator.wait_until_delivered()
    assert receiver.secrets == ["first", "second"]


async def test_wait_until_delivered_in_polling_mode(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    emulator.send_message(USER, "polled")
    with pytest.raises(TimeoutError, match="1 of the updates up to #1 still undelivered"):
        await emulator.wait_until_delivered(timeout=0.05)
    (update,) = await bot.get_updates()
    await bot.get_updates(offset=update.update_id + 1)
    await emulator.wait_until_delivered(timeout=1)


# ---------------------------------------------------------------- concurrency and order


async def test_max_connections_caps_concurrency_and_each_chat_stays_in_order(
    emulator: TelegramApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    chats = [USER, *range(9001, 9006)]
    receiver.hold_from = 0
    await bot.set_webhook(receiver.url, max_connections=3)
    for round_ in (1, 2, 3):
        for chat in chats:
            emulator.send_message(chat, f"{chat}-{round_}")
    await receiver.wait(lambda: receiver.active == 3)
    assert emulator.webhook_in_flight() == 3
    # The three in flight are the first messages of three different chats.
    assert sorted(texts(receiver.received)) == sorted(f"{c}-1" for c in chats[:3])
    receiver.release.set()
    await emulator.wait_until_delivered()
    assert receiver.peak == 3 and len(receiver.acked) == 18
    by_id = {update["update_id"]: update["message"] for update in receiver.received}
    for chat in chats:
        spans = [span for span in receiver.spans if by_id[span[0]]["chat"]["id"] == chat]
        assert [by_id[span[0]]["text"] for span in spans] == [f"{chat}-{r}" for r in (1, 2, 3)]
        # One at a time: the next push of a chat starts after the previous one was answered.
        assert all(later[1] > earlier[2] for earlier, later in itertools.pairwise(spans))
    events = sorted(
        [(d.at, 1) for d in emulator.webhook_deliveries()]
        + [(d.at + d.duration, -1) for d in emulator.webhook_deliveries()]
    )
    assert max(itertools.accumulate(step for _, step in events)) <= 3


async def test_a_retried_update_still_goes_before_later_ones_of_its_chat(
    emulator: TelegramApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    await bot.set_webhook(receiver.url)
    first = emulator.send_message(USER, "first")["update_id"]
    receiver.reject_once.add(first)
    emulator.send_message(USER, "second")
    emulator.send_message(9001, "other chat")
    await emulator.wait_until_delivered()
    assert texts(receiver.received).count("first") == 2  # rejected once, then accepted
    assert [d.ok for d in emulator.webhook_deliveries() if d.update_id == first] == [False, True]
    # "second" was not even sent before "first" was accepted.
    (first_ok,) = [span for span in receiver.spans if span[0] == first]
    (second_ok,) = [span for span in receiver.spans if span[0] == first + 1]
    assert second_ok[1] > first_ok[2]


async def test_allowed_updates_and_drop_pending_updates_apply_to_pushes(
    emulator: TelegramApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    emulator.send_message(USER, "before the webhook")
    await bot.set_webhook(receiver.url, drop_pending_updates=True, allowed_updates=["message"])
    emulator.inline_query(USER, "cats")
    emulator.send_message(USER, "wanted")
    await emulator.wait_until_delivered()
    assert texts(receiver.received) == ["wanted"]
    assert emulator.pending_updates() == []
    assert (await bot.get_webhook_info()).allowed_updates == ["message"]
    await bot.set_webhook(receiver.url, allowed_updates=[])
    emulator.inline_query(USER, "dogs")
    await emulator.wait_until_delivered()
    assert receiver.received[-1]["inline_query"]["query"] == "dogs"


# ---------------------------------------------------------------- several processes, one port


async def test_receivers_sharing_a_port_all_get_updates_with_new_connections(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    emulator.webhook_options = WebhookOptions(force_close=True)
    first = await Receiver(reuse_port=True).start()
    second = await Receiver(port=first.port, reuse_port=True).start()
    try:
        await bot.set_webhook(first.url, max_connections=8)
        sent = [emulator.send_message(chat, "hi")["update_id"] for chat in range(5000, 5080)]
        await emulator.wait_until_delivered()
        assert first.acked and second.acked  # the kernel spread the connections
        assert sorted(first.acked + second.acked) == sent
        assert set(ok_counts(emulator).values()) == {1}
    finally:
        await first.stop()
        await second.stop()


async def test_stopping_one_receiver_mid_stream_loses_and_duplicates_nothing(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    emulator.webhook_options = WebhookOptions(force_close=True)
    doomed = await Receiver(reuse_port=True).start()
    survivor = await Receiver(port=doomed.port, reuse_port=True).start()
    doomed.hold_from = 2  # answers two pushes, then hangs on each until it is stopped
    try:
        await bot.set_webhook(doomed.url, max_connections=4)
        sent = [emulator.send_message(chat, "a")["update_id"] for chat in range(6000, 6100)]
        await doomed.wait(lambda: doomed.active >= 1)
        await doomed.stop()  # hanging requests are cut off with their connections
        sent += [emulator.send_message(chat, "b")["update_id"] for chat in range(6000, 6020)]
        await emulator.wait_until_delivered(timeout=10)
    finally:
        await doomed.stop()
        await survivor.stop()
    assert len(doomed.acked) == 2
    assert sorted(doomed.acked + survivor.acked) == sent  # each acknowledged exactly once
    assert ok_counts(emulator) == Counter(sent)
    cut_off = {d.update_id for d in emulator.webhook_deliveries() if not d.ok}
    assert cut_off and cut_off <= set(survivor.acked)
    assert cut_off <= {update["update_id"] for update in doomed.received}


# ---------------------------------------------------------------- lifecycle


async def test_stop_cancels_pushes_in_flight_cleanly(
    emulator: TelegramApiEmulator, bot: Bot, receiver: Receiver
) -> None:
    receiver.hold_from = 0
    await bot.set_webhook(receiver.url)
    emulator.send_message(USER, "never answered")
    await receiver.wait(lambda: receiver.active == 1)
    started = time.monotonic()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await emulator.stop()
        gc.collect()
    assert time.monotonic() - started < 2
    assert [t for t in asyncio.all_tasks() if t.get_name().startswith("webhook-")] == []
    assert not [w for w in caught if "nclosed" in str(w.message) or "destroyed" in str(w.message)]
    assert texts(emulator.pending_updates()) == ["never answered"]
    assert emulator.webhook_in_flight() == 0
