"""Batched chat loading on the hot path: registration, first referral wins, last seen, unblock."""

import asyncio

import pytest

from data import db_service as db
from data.db_service import ChatVisit, ChatVisits
from data.db_service.chat_visits import Batcher
from data.errors import DatabaseNotInitialised
from data.periods import Period

NOW = 1_750_000_000


def _seen(chat: db.Chat) -> tuple:
    return chat.chat_id, chat.lang, chat.file_mode, chat.blocked_at, chat.last_seen_at, chat.created


async def test_load_chats_registers_new_and_loads_known_in_one_call(store):
    await db.create_chat(1, "ru", "old", now=NOW - 10)
    await db.update_file_mode(1, True)
    rows = await db.load_chats(
        [
            ChatVisit(1, "en", "ignored"),
            ChatVisit(2, "es", "promo"),
            ChatVisit(2, "en", "second"),
            ChatVisit(-3, "uk"),
        ],
        now=NOW,
    )
    assert _seen(rows[1]) == (1, "ru", True, None, NOW - 10, False)
    assert _seen(rows[2]) == (2, "es", False, None, NOW, True)
    assert rows[-3].created and rows[-3].lang == "uk"
    assert (await db.get_chat(2)).referral == "promo" and (await db.get_chat(1)).referral == "old"
    totals = (await db.period_stats(Period(NOW - 100, NOW + 100))).totals
    assert totals.new_users == 3  # 1 earlier, 2 and -3 now
    users_only = (await db.period_stats(Period(NOW, NOW + 1), audience="groups")).totals
    assert users_only.new_users == 1


async def test_load_chats_refreshes_last_seen_coarsely_and_unblocks_writers(store):
    await db.create_chat(1, now=NOW)
    await db.create_chat(2, now=NOW)
    await db.set_blocked(1, True, now=NOW)
    await db.set_blocked(2, True, now=NOW)
    await db.load_chats([ChatVisit(1, "en", unblock=True), ChatVisit(2, "en")], now=NOW + 30)
    one, two = await db.get_chat(1), await db.get_chat(2)
    assert one.blocked_at is None and two.blocked_at == NOW
    assert one.last_seen_at == NOW  # within a minute: not rewritten
    await db.load_chats([ChatVisit(1, "en")], now=NOW + 61)
    assert (await db.get_chat(1)).last_seen_at == NOW + 61
    assert await db.load_chats([]) == {}


async def test_concurrent_visits_share_transactions_and_register_each_chat_once(store):
    visits = [ChatVisit(i % 150 + 1, "en", f"ref{i}") for i in range(400)]
    chat_visits = ChatVisits()
    rows = await asyncio.gather(*(chat_visits.visit(v) for v in visits))
    assert {r.chat_id for r in rows} == set(range(1, 151))
    assert await db.chat_counts() == db.ChatCounts(users=150, groups=0, blocked=0)
    assert (await db.period_stats(Period.all_time())).totals.new_users == 150
    assert (
        sum(r.created for r in rows) >= 150
    )  # a chat seen twice in one batch reads created both times


async def test_batcher_coalesces_splits_and_propagates_errors():
    calls: list[list[int]] = []

    async def load(items):
        calls.append(list(items))
        if -1 in items:
            raise RuntimeError("database down")
        return {i: i * 10 for i in items}

    batcher = Batcher(load, key=lambda i: i, max_batch=4)
    results = await asyncio.gather(*(batcher.submit(i) for i in range(10)))
    assert results == [i * 10 for i in range(10)]
    assert [len(c) for c in calls] == [4, 4, 2]

    outcomes = await asyncio.gather(batcher.submit(-1), batcher.submit(5), return_exceptions=True)
    assert all(isinstance(o, RuntimeError) for o in outcomes)
    assert await batcher.submit(7) == 70


async def test_visit_before_init_fails_like_every_repository_call():
    with pytest.raises(DatabaseNotInitialised):
        await ChatVisits().visit(ChatVisit(1, "en"))
