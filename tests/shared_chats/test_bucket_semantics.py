"""Shared chat buckets answer exactly like the in-process ChatBuckets (as the limiter uses
them) on a pinned clock, on both stores; groups, borrowing and pauses; idle state goes away."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.outbox import ManualClock
from bot.outbox.bucket import EPSILON, ChatBuckets
from data import db_service

from .conftest import NUMBERS

START = 1_700_000_000.0  # Unix seconds, so a missing row or key (full buckets) looks the same
CHATS = [1, 2, -100123, "@channel"]


def local_take(buckets: ChatBuckets, chat, cost: float, now: float) -> float:
    """The limiter's use of ChatBuckets: charge when ready, else the wait."""
    ready = buckets.ready_at(chat, cost)
    if ready <= now + EPSILON:
        buckets.take(chat, cost, now)
        return 0.0
    return ready - now


def random_script(seed: int, length: int = 250) -> list[tuple]:
    """Takes of various costs (albums above the burst too) to a few chats, and clock steps."""
    rng = random.Random(seed)
    script: list[tuple] = []
    for _ in range(length):
        if rng.random() < 0.55:
            script.append(("take", rng.choice(CHATS), rng.choice([1, 1, 1, 1, 2, 3, 5, 10])))
        else:
            script.append(("advance", rng.choice([0.0, 0.1, 0.3, 0.5, 1.0, 2.0, 4.0])))
    return script


@pytest.mark.parametrize("seed", [1, 2])
async def test_answers_match_chat_buckets_on_a_pinned_clock(make_chats, seed):
    clock = ManualClock(START)
    local = ChatBuckets(*NUMBERS)
    shared, other = make_chats(clock=clock), make_chats(clock=clock)  # two processes
    answers = []
    for step, (kind, *args) in enumerate(random_script(seed)):
        if kind == "advance":
            await clock.advance(args[0])
            continue
        chat, cost = args
        expected = local_take(local, chat, cost, clock.now())
        answer = await (shared if step % 2 else other).take(chat, cost)
        assert (answer == 0.0) == (expected == 0.0), f"step {step}: {chat} {cost}"
        assert answer == pytest.approx(expected, abs=1e-6), f"step {step}: {chat} {cost}"
        answers.append(answer)
    granted = answers.count(0.0)
    assert granted > 30 and len(answers) - granted > 30  # grants and refusals both exercised


async def test_burst_rate_group_budget_and_borrow(make_chats):
    clock = ManualClock(START)
    chats = make_chats(clock=clock)
    assert [await chats.take(7, 1) for _ in range(3)] == [0.0, 0.0, 0.0]  # the burst
    assert await chats.take(7, 1) == pytest.approx(1.0)  # then one a second
    assert await chats.take(8, 1) == 0.0  # another chat is not held
    assert await chats.take(None, 50) == 0.0  # no chat (inline edits): never held
    await clock.advance(10)
    assert await chats.take(-5, 3) == 0.0  # a group: both buckets take 3
    await clock.advance(1)  # the chat bucket has a token again, the group budget not yet
    assert await chats.take(-5, 1) == pytest.approx(2.0)  # 20 a minute: 3 s a message
    assert await chats.take("@news", 1) == 0.0  # a public username is a group too
    await clock.advance(10)
    assert await chats.take(9, 10) == 0.0  # an album above the burst goes at once
    assert await chats.take(9, 1) == pytest.approx(8.0)  # and its debt is waited off
    await clock.advance(8)
    assert await chats.take(9, 1) == 0.0


async def test_pause_holds_the_chat_in_every_process_and_keeps_the_longest(make_chats):
    clock = ManualClock(START)
    first, second = make_chats(clock=clock), make_chats(clock=clock)
    await first.pause(11, 3.0)
    await second.pause(11, 1.0)
    assert await second.take(11, 1) == pytest.approx(3.0)
    assert await second.take(12, 1) == 0.0  # other chats go on
    await clock.advance(2.5)
    assert await first.take(11, 1) == pytest.approx(0.5)
    await clock.advance(0.5)
    assert await first.take(11, 1) == 0.0
    await first.pause(None, 5.0)  # no chat: nothing to hold
    assert await first.take(None, 1) == 0.0


async def test_waits_on_the_stores_clock_are_honest(make_chats):
    """Sleeping the answered wait is enough (one a second, so a stall of the loaded machine
    cannot refill the bucket behind the test's back)."""
    chats, other = make_chats(), make_chats()
    assert [await chats.take(21, 1) for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = await other.take(21, 1)
    assert 0.0 < wait <= 1.0
    await asyncio.sleep(wait)
    again = await other.take(21, 1)
    assert again == 0.0 or again < 0.002


async def test_redis_keys_expire_once_idle(redis_url, budget_name):
    from bot.outbox.shared import RedisChatBuckets

    chats = RedisChatBuckets.from_url(redis_url, 100.0, 1.0, 100.0, 1.0, name=budget_name)
    try:
        await chats.pause(31, 2.0)
        assert 2000 < await chats.redis.pttl(chats.key(31)) <= 3000
        assert await chats.take(-32, 1) == 0.0
        assert 0 < await chats.redis.pttl(chats.key(-32)) <= 1010  # full 10 ms later, + 1 s

        async def gone() -> None:
            while await chats.redis.exists(chats.key(-32)):
                await asyncio.sleep(0.05)

        await asyncio.wait_for(gone(), timeout=5)
        assert await chats.take(-32, 1) == 0.0  # no key: full buckets again
    finally:
        await chats.aclose()


async def test_idle_rows_are_pruned(pg_global, budget_name):
    from bot.outbox.shared import DatabaseChatBuckets

    clock = ManualClock(START)
    chats = DatabaseChatBuckets(*NUMBERS, budget_name, clock=clock, prune_idle=60.0)
    await chats.take(41, 1)  # full again 1 s later
    await chats.take(-42, 3)  # the group budget: 9 s later
    await chats.pause(43, 30.0)
    await clock.advance(61.5)
    assert await chats.prune() >= 1  # 41 (other tests' old rows may go too)
    rows = await _rows(budget_name)
    assert rows == {"-42", "43"}
    await clock.advance(30)
    await chats.prune()
    assert await _rows(budget_name) == set()
    assert await chats.take(41, 3) == 0.0  # a pruned chat is a full one


async def test_the_prune_runs_now_and_then_in_the_background(pg_global, budget_name):
    from bot.outbox.shared import DatabaseChatBuckets

    clock = ManualClock(START)
    chats = DatabaseChatBuckets(*NUMBERS, budget_name, clock=clock, prune_interval=0.05)
    await chats.take(51, 1)
    assert await _rows(budget_name) == {"51"}
    await clock.advance(120)

    async def pruned() -> None:
        while "51" in await _rows(budget_name):
            await chats.take(52, 1)  # takes start the prunes
            await asyncio.sleep(0.06)

    await asyncio.wait_for(pruned(), timeout=10)
    await chats.aclose()


async def _rows(name: str) -> set[str]:
    from sqlalchemy import select

    from data.database import session_scope
    from data.models import ChatSendBucket

    async with session_scope() as session:
        result = await session.execute(
            select(ChatSendBucket.chat).where(ChatSendBucket.name == name)
        )
        return set(result.scalars())


async def test_store_functions_refuse_sqlite_clearly(sqlite_template, tmp_path):
    import shutil

    from data import database

    path = tmp_path / "one.sqlite3"
    shutil.copyfile(sqlite_template, path)
    await database.init_database(f"sqlite:///{path}")
    try:
        with pytest.raises(NotImplementedError, match="need PostgreSQL"):
            await db_service.take_chat_send("telegram", "1", 1, chat_rate=1.0, chat_burst=3.0)
        with pytest.raises(NotImplementedError, match="needs PostgreSQL"):
            await db_service.admit_chat_links("t", 1, 1, "x", per_minute=5, in_flight=1, lease=1)
    finally:
        await database.dispose_database()


async def test_the_tables_are_unlogged_on_postgres(pg_global):
    from sqlalchemy import text

    from data.database import session_scope

    async with session_scope() as session:
        kinds = await session.execute(
            text(
                "SELECT relname, relpersistence::text FROM pg_class "
                "WHERE relname IN ('chat_send_buckets', 'chat_link_gate')"
            )
        )
        assert dict(kinds.all()) == {"chat_send_buckets": "u", "chat_link_gate": "u"}
