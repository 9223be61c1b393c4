"""The send gate: a delivery is marked after the limiter's grant, right before its request, and
unmarked while a 429 is waited out."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.methods import SendChatAction, SendMessage

from bot.outbox import (
    OutboxMiddleware,
    SendGate,
    SendOutcome,
    SendWithheld,
    bulk_lane,
    classify_send,
    current_gate,
)

from . import manual_limiter
from .test_middleware import MESSAGE, retry_after


class Recorder:
    """``make_request`` and the gate's mark/unmark, writing what happened, in order."""

    def __init__(self, *outcomes: object, mark: bool = True) -> None:
        self.events: list[str] = []
        self.outcomes = list(outcomes)
        self.allow = mark

    async def __call__(self, bot: object, method: object) -> object:
        self.events.append(f"request {method.__api_method__}")
        outcome = self.outcomes.pop(0) if self.outcomes else "ok"
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    async def mark(self) -> bool:
        self.events.append("mark")
        return self.allow

    async def unmark(self) -> None:
        self.events.append("unmark")

    def gate(self) -> SendGate:
        return SendGate(self.mark, self.unmark)


@pytest.fixture
def setup():
    limiter, clock = manual_limiter(global_rate=10.0, global_burst=2.0)
    return limiter, clock, OutboxMiddleware(limiter)


async def test_the_mark_comes_after_the_wait_right_before_the_request(setup):
    limiter, clock, middleware = setup
    await limiter.flood("bulk", 3)  # every send waits 3 s
    api = Recorder()
    gate = api.gate()

    async def send() -> object:
        with bulk_lane(), gate.armed():
            assert current_gate() is gate
            return await middleware(api, None, MESSAGE)

    sending = asyncio.create_task(send())
    await clock.advance(2.9)
    assert api.events == [] and not gate.opened  # waiting: nothing marked (a kill loses nothing)
    await clock.advance(0.2)
    assert await sending == "ok"
    assert api.events == ["mark", "request sendMessage"]
    assert gate.marked and gate.opened
    assert current_gate() is None


async def test_a_refused_mark_withholds_the_request(setup):
    _, _, middleware = setup
    api = Recorder(mark=False)
    gate = api.gate()
    with gate.armed(), pytest.raises(SendWithheld) as withheld:
        await middleware(api, None, MESSAGE)
    assert api.events == ["mark"] and not gate.opened
    assert classify_send(withheld.value).outcome is SendOutcome.NOT_SENT


async def test_a_429_unmarks_while_it_is_waited_out_then_marks_again(setup):
    _, clock, middleware = setup
    api = Recorder(retry_after(2), "sent")
    gate = api.gate()

    async def send() -> object:
        with gate.armed():
            return await middleware(api, None, MESSAGE)

    sending = asyncio.create_task(send())
    await clock.advance(1.0)
    assert api.events == ["mark", "request sendMessage", "unmark"]
    assert not gate.opened  # the wait after the 429: unmarked (Telegram refused the request)
    await clock.advance(1.1)
    assert await sending == "sent"
    assert api.events == ["mark", "request sendMessage", "unmark", "mark", "request sendMessage"]


async def test_one_delivery_of_several_requests_marks_once_and_free_calls_never(setup):
    _, clock, middleware = setup
    api = Recorder()
    gate = api.gate()
    with gate.armed():
        await middleware(api, None, SendChatAction(chat_id=42, action="upload_video"))
        assert api.events == ["request sendChatAction"] and not gate.opened
        await middleware(api, None, MESSAGE)
        await clock.advance(1.0)
        await middleware(api, None, SendMessage(chat_id=42, text="second"))
    assert api.events.count("mark") == 1 and gate.requests == 2
