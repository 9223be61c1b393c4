"""Broadcast queries on SQLite and PostgreSQL: snapshot, claims, leases, recovery, counters."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import async_sessionmaker

from data import database
from data import db_service as db
from data.models import BroadcastStatus, RecipientState
from data.periods import Audience

T0 = 1_800_000_000
ADMIN = 77
W1, W2 = "host-a:1:aaaaaa", "host-b:2:bbbbbb"
PENDING, CLAIMED, SENDING = RecipientState.PENDING, RecipientState.CLAIMED, RecipientState.SENDING
SENT, BLOCKED, FAILED = RecipientState.SENT, RecipientState.BLOCKED, RecipientState.FAILED


async def _chats(ids, lang="en", blocked=()):
    for chat_id in ids:
        await db.create_chat(chat_id, lang, now=T0)
    for chat_id in blocked:
        await db.set_blocked(chat_id, True, now=T0)


async def _running(ids=range(1, 11), **kwargs):
    await _chats(ids)
    job = await db.create_broadcast(ADMIN, ADMIN, 5, now=T0, **kwargs)
    assert await db.mark_broadcast_running(job.id, now=T0)
    return job


def _statements(engine) -> list[str]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    return seen


async def test_audience_is_snapshotted_by_one_insert_select_matching_count_audience(store):
    await _chats(range(1, 6), "en", blocked=[5])
    await _chats(range(6, 9), "ru")
    await _chats([-100, -101], "ru", blocked=[-101])
    await _chats([-102], "en")
    seen = _statements(database.get_engine())
    cases = [
        (Audience.ALL, None),
        (Audience.USERS, None),
        (Audience.GROUPS, None),
        (Audience.ALL, "ru"),
        (Audience.USERS, "ru"),
        (Audience.GROUPS, "en"),
        (Audience.ALL, "xx"),
    ]
    for audience, lang in cases:
        seen.clear()
        job = await db.create_broadcast(ADMIN, ADMIN, 1, audience, lang=lang, now=T0)
        inserts = [s for s in seen if s.startswith("INSERT INTO broadcast_recipients")]
        assert len(inserts) == 1 and "SELECT" in inserts[0] and "FROM users" in inserts[0]
        assert job.total == await db.count_audience(audience, lang=lang)
        assert job.status is BroadcastStatus.QUEUED and job.sent == job.blocked == job.failed == 0
        counts = await db.recipient_counts(job.id)
        assert counts[PENDING] == job.total and sum(counts.values()) == job.total
    everyone = await db.create_broadcast(ADMIN, ADMIN, 2, now=T0)
    assert everyone.total == 9  # 5 and -101 blocked the bot
    assert (
        await db.get_recipient(everyone.id, 5) is None
        and await db.get_recipient(everyone.id, -101) is None
    )
    row = await db.get_recipient(everyone.id, 6)
    assert (row.state, row.attempts, row.claimed_by, row.updated_at) == (PENDING, 0, None, T0)


async def test_a_confirmation_creates_one_broadcast(store):
    await _chats(range(1, 4))
    first = await db.create_broadcast(
        ADMIN, ADMIN, 9, progress_chat_id=ADMIN, progress_message_id=10, now=T0
    )
    again = await db.create_broadcast(
        ADMIN, ADMIN, 9, progress_chat_id=ADMIN, progress_message_id=10, now=T0
    )
    other = await db.create_broadcast(
        ADMIN, ADMIN, 9, progress_chat_id=ADMIN, progress_message_id=11, now=T0
    )
    assert first is not None and again is None and other.id != first.id
    assert [b.id for b in await db.recent_broadcasts()] == [other.id, first.id]
    assert (await db.next_broadcast()).id == first.id


async def test_claims_come_in_chat_order_with_a_lease_and_only_while_running(store):
    await _chats(range(1, 8))
    job = await db.create_broadcast(ADMIN, ADMIN, 5, now=T0)
    assert await db.claim_recipients(job.id, W1, limit=3, now=T0) == []  # still queued
    assert await db.mark_broadcast_running(job.id, now=T0 + 1)
    assert not await db.mark_broadcast_running(job.id, now=T0 + 2)
    assert (await db.get_broadcast(job.id)).started_at == T0 + 1
    assert await db.claim_recipients(job.id, W1, limit=3, lease=30, now=T0) == [1, 2, 3]
    assert await db.claim_recipients(job.id, W2, limit=3, lease=30, now=T0) == [4, 5, 6]
    row = await db.get_recipient(job.id, 2)
    assert (row.state, row.claimed_by, row.claimed_until) == (CLAIMED, W1, T0 + 30)
    assert not await db.begin_send(job.id, 4, W1, now=T0)  # W2's claim
    assert await db.begin_send(job.id, 1, W1, lease=30, now=T0 + 5)
    assert not await db.begin_send(job.id, 1, W1, now=T0 + 5)  # already sending
    assert (await db.get_recipient(job.id, 1)).claimed_until == T0 + 35


async def test_outcomes_are_counted_with_the_recipient_in_one_transaction(store):
    job = await _running(range(1, 6))
    await db.claim_recipients(job.id, W1, limit=10, now=T0)
    for chat_id, state, error in [
        (1, SENT, None),
        (2, SENT, None),
        (3, BLOCKED, "Forbidden: bot was blocked"),
        (4, FAILED, "Bad Request: chat not found"),
    ]:
        assert await db.begin_send(job.id, chat_id, W1, now=T0)
        assert await db.finish_recipient(job.id, chat_id, W1, state, error=error, now=T0 + 1)
    assert not await db.finish_recipient(job.id, 1, W1, SENT, now=T0 + 1)  # counted once
    assert not await db.finish_recipient(job.id, 5, W1, SENT, now=T0 + 1)  # never began sending
    row = await db.get_recipient(job.id, 4)
    assert (row.state, row.error, row.attempts, row.claimed_by, row.claimed_until) == (
        FAILED,
        "Bad Request: chat not found",
        1,
        None,
        None,
    )
    got = await db.get_broadcast(job.id)
    assert (got.sent, got.blocked, got.failed) == (2, 1, 1)
    assert not await db.complete_broadcast_if_finished(job.id, now=T0 + 2)  # chat 5 still claimed
    assert await db.begin_send(job.id, 5, W1, now=T0)
    assert await db.finish_recipient(job.id, 5, W1, SENT, now=T0 + 2)
    assert await db.complete_broadcast_if_finished(job.id, now=T0 + 3)
    assert not await db.complete_broadcast_if_finished(job.id, now=T0 + 4)  # only one caller wins
    got = await db.get_broadcast(job.id)
    assert (got.status, got.finished_at, got.sent) == (BroadcastStatus.DONE, T0 + 3, 3)
    assert await db.next_broadcast() is None


async def test_expired_claims_go_back_but_an_expired_send_is_failed_as_unknown(store):
    job = await _running(range(1, 6))
    assert await db.claim_recipients(job.id, W1, limit=3, lease=30, now=T0) == [1, 2, 3]
    assert await db.begin_send(job.id, 1, W1, lease=30, now=T0)  # ... and W1 dies mid-send
    assert await db.recover_expired_claims(now=T0 + 30) == db.Recovered(0, 0)  # leases still valid
    recovered = await db.recover_expired_claims(now=T0 + 31)
    assert recovered == db.Recovered(released=2, unknown=1)
    unknown = await db.get_recipient(job.id, 1)
    assert (unknown.state, unknown.error, unknown.claimed_by) == (FAILED, db.UNKNOWN_OUTCOME, None)
    assert (await db.get_broadcast(job.id)).failed == 1
    assert await db.recover_expired_claims(now=T0 + 99) == db.Recovered(0, 0)
    # The released recipients are claimed again; the one of unknown outcome never is.
    assert await db.claim_recipients(job.id, W2, limit=10, now=T0 + 31) == [2, 3, 4, 5]
    assert not await db.begin_send(job.id, 2, W1, now=T0 + 32)  # W1's old claim is gone
    assert not await db.finish_recipient(job.id, 1, W1, SENT, now=T0 + 32)
    assert (await db.get_broadcast(job.id)).sent == 0


async def test_renewed_leases_survive_and_a_clean_stop_releases_claims(store):
    job = await _running(range(1, 6))
    await db.claim_recipients(job.id, W1, limit=3, lease=30, now=T0)
    await db.begin_send(job.id, 1, W1, lease=30, now=T0)
    assert await db.renew_leases(W1, lease=30, now=T0 + 25) == 3
    assert await db.recover_expired_claims(now=T0 + 40) == db.Recovered(0, 0)
    assert await db.undo_send(job.id, 1, W1, now=T0 + 41)  # e.g. flood control refused it
    assert (await db.get_recipient(job.id, 1)).state is CLAIMED
    assert await db.release_claims(W1, now=T0 + 42) == 3
    assert (await db.recipient_counts(job.id))[PENDING] == 5


async def test_transient_failures_wait_for_their_retry_time_then_fail_for_good(store):
    job = await _running([1, 2])
    await db.claim_recipients(job.id, W1, limit=1, now=T0)
    for attempt, retry_at in [(1, T0 + 10), (2, T0 + 30)]:
        assert await db.begin_send(job.id, 1, W1, now=retry_at - 10)
        state = await db.retry_recipient(
            job.id,
            1,
            W1,
            "Internal Server Error",
            retry_at=retry_at,
            max_attempts=3,
            now=retry_at - 9,
        )
        assert state is PENDING
        row = await db.get_recipient(job.id, 1)
        assert (row.attempts, row.claimed_until, row.error) == (
            attempt,
            retry_at,
            "Internal Server Error",
        )
        early = await db.claim_recipients(job.id, W1, limit=5, now=retry_at - 1)
        assert early == ([2] if attempt == 1 else [])  # chat 1 waits for its retry time
        assert await db.claim_recipients(job.id, W1, limit=5, now=retry_at) == [1]
    assert await db.begin_send(job.id, 1, W1, now=T0 + 30)
    assert (
        await db.retry_recipient(
            job.id, 1, W1, "Internal Server Error", retry_at=T0 + 60, max_attempts=3, now=T0 + 31
        )
        is FAILED
    )
    row = await db.get_recipient(job.id, 1)
    assert (row.state, row.attempts, row.error) == (FAILED, 3, "Internal Server Error")
    assert (await db.get_broadcast(job.id)).failed == 1
    assert await db.retry_recipient(job.id, 1, W1, "x", retry_at=T0, now=T0) is None


async def test_cancel_stops_sending_and_leaves_the_rest_pending(store):
    job = await _running(range(1, 11))
    await db.claim_recipients(job.id, W1, limit=4, now=T0)
    await db.begin_send(job.id, 1, W1, now=T0)
    cancelled = await db.cancel_broadcast(now=T0 + 5)
    assert (cancelled.id, cancelled.status, cancelled.finished_at) == (
        job.id,
        BroadcastStatus.CANCELLED,
        T0 + 5,
    )
    assert await db.cancel_broadcast(now=T0 + 6) is None
    assert await db.finish_recipient(
        job.id, 1, W1, SENT, now=T0 + 6
    )  # the send under way is counted
    assert not await db.begin_send(job.id, 2, W1, now=T0 + 6)
    assert await db.claim_recipients(job.id, W1, now=T0 + 6) == []
    counts = await db.recipient_counts(job.id)
    assert (counts[SENT], counts[PENDING], counts[CLAIMED]) == (1, 9, 0)
    assert not await db.complete_broadcast_if_finished(job.id, now=T0 + 7)
    assert (await db.get_broadcast(job.id)).status is BroadcastStatus.CANCELLED
    queued = await db.create_broadcast(ADMIN, ADMIN, 6, now=T0)
    assert (await db.cancel_broadcast(queued.id, now=T0 + 8)).status is BroadcastStatus.CANCELLED


async def test_one_progress_editor_per_interval(store):
    job = await _running([1])
    assert await db.take_progress_turn(job.id, interval=5, now=T0)
    assert not await db.take_progress_turn(job.id, interval=5, now=T0 + 4)
    assert await db.take_progress_turn(job.id, interval=5, now=T0 + 5)


async def _claim_all(session_factory, broadcast_id: int, worker: str, got: list[int]) -> None:
    while True:
        async with session_factory() as session:
            batch = await db.claim_recipients(
                broadcast_id, worker, limit=7, lease=60, session=session
            )
            await session.commit()
        if not batch:
            return
        got.extend(batch)
        await asyncio.sleep(0)


async def test_concurrent_claimers_on_separate_engines_never_share_a_recipient(store, db_url):
    job = await _running(range(1, 601))
    engines = [database.build_engine(db_url, pool_size=2) for _ in range(4)]
    try:
        claimed: list[list[int]] = [[] for _ in engines]
        await asyncio.gather(
            *(
                _claim_all(
                    async_sessionmaker(engine, expire_on_commit=False), job.id, f"w{i}", claimed[i]
                )
                for i, engine in enumerate(engines)
            )
        )
    finally:
        for engine in engines:
            await engine.dispose()
    everything = [chat for batch in claimed for chat in batch]
    assert sorted(everything) == list(range(1, 601))  # each recipient claimed exactly once
    assert (await db.recipient_counts(job.id))[CLAIMED] == 600


async def test_postgres_claims_skip_rows_locked_by_an_open_transaction(store, db_url):
    if store != "postgres":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite serialises writers")
    job = await _running(range(1, 21))
    first, second = (database.build_engine(db_url, pool_size=1) for _ in range(2))
    try:
        async with async_sessionmaker(first)() as holding, async_sessionmaker(second)() as other:
            held = await db.claim_recipients(
                job.id, W1, limit=5, session=holding
            )  # not committed yet
            assert held == [1, 2, 3, 4, 5]
            taken = await asyncio.wait_for(
                db.claim_recipients(job.id, W2, limit=5, session=other), 5
            )
            assert taken == [6, 7, 8, 9, 10]  # did not wait for, nor take, the locked rows
            await other.commit()
            await holding.rollback()
    finally:
        await first.dispose()
        await second.dispose()
    assert await db.claim_recipients(job.id, W1, limit=50) == [1, 2, 3, 4, 5, *range(11, 21)]
