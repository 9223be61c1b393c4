"""What a 429 pauses: its chat, or the whole bot; and per-chat budgets shared with a store."""

from __future__ import annotations

import asyncio
import logging
import math

import pytest
from aiogram import Bot
from prometheus_client import generate_latest

from bot.metrics import Metrics
from bot.outbox import (
    Lane,
    Limiter,
    LimiterConfig,
    ManualClock,
    SharedChatBuckets,
    install_limiter,
)
from bot.outbox.bucket import ChatBuckets, ChatKey

from . import UNLIMITED_CHATS, Grants, manual_limiter
from .test_install import TOKEN, settings

BULK, INTERACTIVE = Lane.BULK, Lane.INTERACTIVE


@pytest.fixture
async def grants():
    """100 messages/s bot-wide (a bucket of 10), chats unlimited: only pauses hold calls."""
    limiter, clock = manual_limiter(global_rate=100.0, global_burst=10.0)
    recorder = Grants(limiter, clock)
    yield recorder
    await recorder.close()


def pauses(limiter: Limiter, lane: Lane = INTERACTIVE) -> tuple[int, int, int]:
    """(flood_429, chat_pauses, bot_pauses) of ``lane``."""
    stats = limiter.stats()[lane]
    return stats["flood_429"], stats["chat_pauses"], stats["bot_pauses"]


async def test_a_429_pauses_its_chat_only(grants):
    clock, limiter = grants.clock, grants.limiter
    await limiter.flood(INTERACTIVE, 3, chat=1)
    grants.start("a", chat=1)
    grants.start("b0", chat=2)
    grants.start("g", chat=-1001)
    await clock.advance(1.0)
    grants.start("b1", chat=2)
    await clock.advance(1.99)
    assert grants.at == {"b0": 0, "g": 0, "b1": 1.0}  # other chats flow during A's pause
    await clock.advance(0.01)
    assert grants.at["a"] == 3.0  # A's next call waits retry_after
    assert pauses(limiter) == (1, 1, 0)


async def test_a_pause_is_never_shortened(grants):
    clock, limiter = grants.clock, grants.limiter
    await limiter.flood(INTERACTIVE, 5, chat=1)
    await limiter.flood(INTERACTIVE, 1, chat=1)
    grants.start("a", chat=1)
    await clock.advance(6.0)
    assert grants.at == {"a": 5.0}


def test_a_chat_hold_survives_prune_until_it_ends():
    chats = ChatBuckets(1.0, 1.0, 1.0, 1.0)
    chats.pause(7, 105.0)
    chats.pause(None, 200.0)  # no chat: nothing to hold
    assert chats.ready_at(7, 1) == 105.0 and chats.ready_at(None, 1) == -math.inf
    chats.take(8, 1, 100.0)
    assert len(chats) == 2
    chats.prune(104.0)  # chat 8's bucket is full again; 7 is still held
    assert chats.ready_at(7, 1) == 105.0 and len(chats) == 1
    chats.prune(105.0)
    assert chats.ready_at(7, 1) == -math.inf and len(chats) == 0


async def test_three_chats_within_the_window_pause_the_bot(grants):
    clock, limiter = grants.clock, grants.limiter
    await limiter.flood(INTERACTIVE, 1, chat=1)
    await clock.advance(4.0)
    await limiter.flood(INTERACTIVE, 1, chat=1)  # the same chat again: still one chat
    await limiter.flood(INTERACTIVE, 1, chat=2)
    assert pauses(limiter) == (3, 3, 0)
    await clock.advance(5.0)
    await limiter.flood(INTERACTIVE, 2, chat=3)  # 1, 2 and 3 within 10 s
    assert pauses(limiter) == (4, 3, 1)
    grants.start("b", chat=9)
    await clock.advance(1.99)
    assert grants.at == {}  # B, which never got a 429, waits too
    await clock.advance(0.01)
    assert grants.at == {"b": 11.0}


async def test_429s_outside_the_window_stay_chat_pauses(grants):
    clock, limiter = grants.clock, grants.limiter
    await limiter.flood(INTERACTIVE, 1, chat=1)
    await clock.advance(6.0)
    await limiter.flood(INTERACTIVE, 1, chat=2)
    await clock.advance(4.0)  # chat 1's 429 is 10 s old now
    await limiter.flood(INTERACTIVE, 1, chat=3)
    assert pauses(limiter) == (3, 3, 0)
    grants.start("b", chat=9)
    await clock.settle()
    assert grants.at == {"b": 10.0}


async def test_a_bulk_429_pauses_the_bot(grants):
    clock, limiter = grants.clock, grants.limiter
    await limiter.flood(BULK, 2, chat=5)
    grants.start("i", chat=6)
    grants.start("b", chat=7, lane=BULK)
    await clock.advance(1.99)
    assert grants.at == {}
    await clock.advance(0.11)
    assert grants.at == {"i": 2.0, "b": 2.0}
    assert pauses(limiter, BULK) == (1, 0, 1) and pauses(limiter) == (0, 0, 0)


async def test_a_429_without_a_chat_pauses_the_bot(grants):
    clock, limiter = grants.clock, grants.limiter
    await limiter.flood(INTERACTIVE, 2)  # an inline message edit: chat None
    grants.start("i", chat=6)
    await clock.advance(1.99)
    assert grants.at == {}
    await clock.advance(0.01)
    assert grants.at == {"i": 2.0}
    assert pauses(limiter) == (1, 0, 1)


async def test_bot_pause_chats_of_one_pauses_the_bot_on_every_429():
    limiter, clock = manual_limiter(global_rate=100.0, global_burst=10.0, bot_pause_chats=1)
    grants = Grants(limiter, clock)
    await limiter.flood(INTERACTIVE, 1, chat=1)
    grants.start("b", chat=2)
    await clock.advance(1.0)
    assert grants.at == {"b": 1.0}
    assert pauses(limiter) == (1, 0, 1)
    await grants.close()


def test_pause_escalation_defaults():
    config = LimiterConfig()
    assert (config.bot_pause_chats, config.bot_pause_window) == (3, 10.0)


async def test_pauses_are_logged(grants, caplog):
    with caplog.at_level(logging.WARNING, logger="bot.outbox.limiter"):
        await grants.limiter.flood(INTERACTIVE, 3, chat=42)
        await grants.limiter.flood(BULK, 4, chat=43)
    assert [record.getMessage() for record in caplog.records] == [
        "Telegram flood control (interactive lane): pausing chat 42 for 3 s",
        "Telegram flood control (bulk lane, bulk): pausing every send for 4 s",
    ]


async def test_pause_counters_are_on_metrics(grants):
    limiter, clock = grants.limiter, grants.clock
    metrics = Metrics()
    metrics.outbox.watch(limiter)
    await limiter.flood(INTERACTIVE, 1, chat=1)
    await limiter.flood(INTERACTIVE, 1, chat=2)
    await limiter.flood(INTERACTIVE, 1, chat=3)
    await clock.advance(1.0)
    await limiter.flood(BULK, 1, chat=4)
    lines = set(generate_latest(metrics.registry).decode().splitlines())
    assert {
        'tokdrop_outbox_flood_429_total{lane="interactive"} 3.0',
        'tokdrop_outbox_flood_429_total{lane="bulk"} 1.0',
        'tokdrop_outbox_chat_pauses_total{lane="interactive"} 2.0',
        'tokdrop_outbox_chat_pauses_total{lane="bulk"} 0.0',
        'tokdrop_outbox_bot_pauses_total{lane="interactive"} 1.0',
        'tokdrop_outbox_bot_pauses_total{lane="bulk"} 1.0',
        "# TYPE tokdrop_outbox_chat_pauses_total counter",
        "# TYPE tokdrop_outbox_bot_pauses_total counter",
        "tokdrop_outbox_shared_chat_errors_total 0.0",
    } <= lines


# -- chat budgets shared with other processes (a stand-in for the store: the unit boundary)


class FakeSharedChats:
    """A :class:`SharedChatBuckets` on the manual clock: records what it is asked; a chat can
    be held (by "another process"), and the store can be broken."""

    store = "redis"

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.held: dict[ChatKey, float] = {}
        self.taken: list[tuple[ChatKey, float]] = []
        self.asked: list[ChatKey] = []
        self.paused: list[tuple[ChatKey, float]] = []
        self.broken = False

    async def take(self, chat: ChatKey, cost: float) -> float:
        await asyncio.sleep(0)  # suspends like a network call
        if self.broken:
            raise ConnectionError("store at redis://:hunter2@127.0.0.1 unreachable")
        self.asked.append(chat)
        wait = self.held.get(chat, -math.inf) - self.clock.now()
        if wait > 0:
            return wait
        self.taken.append((chat, cost))
        return 0.0

    async def pause(self, chat: ChatKey, seconds: float) -> None:
        await asyncio.sleep(0)
        if self.broken:
            raise ConnectionError("store unreachable")
        self.paused.append((chat, seconds))
        self.held[chat] = max(self.held.get(chat, -math.inf), self.clock.now() + seconds)


def shared_limiter(**config: float) -> tuple[Limiter, ManualClock, FakeSharedChats, Grants]:
    clock = ManualClock()
    store = FakeSharedChats(clock)
    shared: SharedChatBuckets = store
    settings = {**UNLIMITED_CHATS, "global_rate": 100.0, "global_burst": 10.0, **config}
    limiter = Limiter(LimiterConfig(**settings), clock=clock, shared_chats=shared)
    return limiter, clock, store, Grants(limiter, clock)


async def test_install_limiter_takes_the_store_and_the_escalation(tmp_path):
    bot = Bot(TOKEN)
    try:
        store = FakeSharedChats(ManualClock())
        limiter = install_limiter(bot, settings(tmp_path), shared_chats=store, bot_pause_chats=2)
        assert limiter.shared_chats is store and limiter.config.bot_pause_chats == 2
    finally:
        await bot.session.close()


async def test_the_store_is_charged_once_per_grant_and_never_for_no_chat():
    limiter, clock, store, grants = shared_limiter(global_rate=10.0, global_burst=2.0)
    grants.start("a", chat=1)
    grants.start("g", chat=-100, cost=3)
    grants.start("c", chat=3)
    grants.start("inline", chat=None)
    await clock.advance(1.0)
    assert set(grants.at) == {"a", "g", "c", "inline"}
    # waiting for the global budget does not charge the chat again
    assert sorted(store.taken, key=str) == [(-100, 3), (1, 1), (3, 1)]
    assert None not in store.asked
    await grants.close()


async def test_a_chat_the_store_refuses_is_held_while_others_go():
    limiter, clock, store, grants = shared_limiter()
    store.held[1] = clock.now() + 2.0  # another process sent to chat 1
    grants.start("a0", chat=1)
    grants.start("a1", chat=1)
    grants.start("b", chat=2)
    await clock.advance(1.0)
    assert grants.at == {"b": 0}
    await clock.advance(1.0)
    assert grants.at == {"b": 0, "a0": 2.0, "a1": 2.0}
    assert store.asked.count(1) == 3  # refused once, then one take per grant: no busy loop
    await grants.close()


async def test_a_chat_pause_goes_to_the_store_and_a_bot_pause_does_not():
    limiter, clock, store, grants = shared_limiter()
    await limiter.flood(INTERACTIVE, 3, chat=1)
    await limiter.flood(BULK, 2, chat=5)
    await limiter.flood(INTERACTIVE, 2)
    assert store.paused == [(1, 3)]
    await grants.close()


async def test_a_failing_store_never_holds_a_send(caplog):
    limiter, clock, store, grants = shared_limiter()
    store.broken = True
    with caplog.at_level(logging.DEBUG, logger="bot.outbox.limiter"):
        grants.start("a", chat=1)
        grants.start("b", chat=2)
        await clock.settle()
        await limiter.flood(INTERACTIVE, 3, chat=3)  # its pause cannot reach the store
        grants.start("c", chat=3)
        await clock.advance(1.0)
        assert grants.at == {"a": 0, "b": 0}  # paced locally; chat 3 held here all the same
        assert limiter.stats()["shared_chat_errors"] == 3
        store.broken = False
        await clock.advance(2.0)
        assert grants.at["c"] == 3.0 and store.taken == [(3, 1)]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    outage = [message for message in warnings if "shared chat buckets" in message]
    assert outage == [
        "shared chat buckets (redis) failed (ConnectionError); chats are paced by this "
        "process alone until it answers",
        "shared chat buckets (redis) answer again",
    ]
    assert not any("hunter2" in record.getMessage() for record in caplog.records)
    await grants.close()
