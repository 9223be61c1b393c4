"""Subscription polling queries on SQLite and PostgreSQL: creator leases, claims, counts."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from data import database
from data import db_service as db
from data.periods import Period

T0 = 1_800_000_000
W1, W2 = "host-a:1:aaaaaa", "host-b:2:bbbbbb"


async def _follow(pairs, *, now=T0):
    """Register the chats and subscribe them: ``pairs`` of (chat id, creator)."""
    subs = {}
    for chat_id, creator in pairs:
        await db.create_chat(chat_id, now=now)  # False when it exists: fine
        subs[(chat_id, creator)] = await db.add_subscription(chat_id, creator, limit=100, now=now)
    return subs


async def test_sync_adds_followed_creators_and_drops_unfollowed_ones(store):
    await _follow([(1, "a"), (2, "a"), (2, "b")])
    assert await db.sync_creator_polls(now=T0) == 2
    assert await db.sync_creator_polls(now=T0) == 0
    assert await db.remove_subscription(2, "b")
    await db.sync_creator_polls(now=T0)
    assert await db.creator_poll("b") is None
    row = await db.creator_poll("a")
    assert (row.leased_by, row.leased_until, row.failures, row.last_polled_at) == (None, 0, 0, None)


async def test_claims_are_exclusive_until_the_lease_ends_and_respect_the_interval(store):
    await _follow([(1, "a"), (1, "b"), (2, "c")])
    await db.sync_creator_polls(now=T0)
    first = await db.claim_creators(W1, limit=2, lease=60, interval=600, now=T0)
    assert [c.creator for c in first] == ["a", "b"]
    rest = await db.claim_creators(W2, limit=10, lease=60, interval=600, now=T0)
    assert [c.creator for c in rest] == ["c"]
    assert await db.claim_creators(W2, limit=10, lease=60, interval=600, now=T0 + 59) == []
    # Both died: the leases run out and W2 (restarted) takes every creator over.
    taken = await db.claim_creators(W2, limit=10, lease=60, interval=600, now=T0 + 61)
    assert [c.creator for c in taken] == ["a", "b", "c"]
    assert (
        await db.finish_creator_poll("a", W1, polled_at=T0, last_seen_post_at=5) is False
    )  # not W1's now
    for name in ("a", "b", "c"):
        assert (
            await db.finish_creator_poll(name, W2, polled_at=T0 + 61, last_seen_post_at=5) is True
        )
    # Polled: due again only an interval later.
    assert await db.claim_creators(W1, limit=10, lease=60, interval=600, now=T0 + 300) == []
    again = await db.claim_creators(W1, limit=10, lease=60, interval=600, now=T0 + 661)
    assert [(c.creator, c.last_polled_at, c.last_seen_post_at) for c in again] == [
        ("a", T0 + 61, 5),
        ("b", T0 + 61, 5),
        ("c", T0 + 61, 5),
    ]


async def test_creators_followed_only_by_blocked_chats_are_not_claimed(store):
    await _follow([(1, "a"), (2, "b")])
    await db.set_blocked(2, True)
    await db.sync_creator_polls(now=T0)
    assert [c.creator for c in await db.claim_creators(W1, limit=10, lease=60, now=T0)] == ["a"]
    await db.set_blocked(2, False)
    assert [c.creator for c in await db.claim_creators(W1, limit=10, lease=60, now=T0)] == ["b"]


async def test_renew_release_and_failures(store):
    await _follow([(1, "a"), (1, "b")])
    await db.sync_creator_polls(now=T0)
    await db.claim_creators(W1, limit=10, lease=30, now=T0)
    assert await db.renew_creator_leases(W1, lease=30, now=T0 + 20) == 2
    assert await db.claim_creators(W2, limit=10, lease=30, now=T0 + 40) == []  # renewed to T0 + 50
    assert await db.record_creator_failure("a", W1, polled_at=T0) == 1
    assert await db.record_creator_failure("a", W1, polled_at=T0) is None  # lease already freed
    await db.claim_creators(W1, limit=10, lease=30, now=T0 + 41)
    assert await db.record_creator_failure("a", W1, polled_at=T0 + 41) == 2
    assert await db.release_creator_leases(W1) == 1  # "b", handed back without a poll
    row = await db.creator_poll("b")
    assert (row.leased_by, row.leased_until, row.last_polled_at) == (None, 0, None)
    await db.claim_creators(W1, limit=10, lease=30, now=T0 + 42)
    assert await db.finish_creator_poll("a", W1, polled_at=T0 + 42, last_seen_post_at=None)
    assert (await db.creator_poll("a")).failures == 0  # listed again: the count starts over
    assert await db.forget_creator_poll("a") and await db.creator_poll("a") is None


async def test_finishing_a_poll_stamps_the_subscriptions_it_served(store):
    subs = await _follow([(1, "a"), (2, "a")])
    await db.sync_creator_polls(now=T0)
    assert await db.unchecked_subscriptions() == {s.id for s in subs.values()}
    await db.claim_creators(W1, limit=10, lease=30, now=T0)
    served = subs[(1, "a")].id
    assert await db.finish_creator_poll(
        "a", W1, polled_at=T0, last_seen_post_at=9, checked=[served]
    )
    assert await db.unchecked_subscriptions() == {subs[(2, "a")].id}
    # Following again after unfollowing starts unchecked.
    await db.remove_subscription(1, "a")
    again = await db.add_subscription(1, "a", limit=10, now=T0 + 5)
    assert again.id in await db.unchecked_subscriptions()


async def test_delivery_claims_happen_once_and_can_be_withdrawn(store):
    subs = await _follow([(1, "a"), (2, "a")])
    one, two = subs[(1, "a")].id, subs[(2, "a")].id
    assert await db.claim_deliveries("v1", [one], now=T0) == {one}
    assert await db.claim_deliveries("v1", [one], now=T0) == set()
    assert await db.delivered_pairs([one, two], ["v1", "v2"]) == {(one, "v1")}
    await db.settle_deliveries("v1", withdrawn=[one])
    assert await db.delivered_pairs([one, two], ["v1", "v2"]) == set()
    assert await db.claim_deliveries("v1", [one], now=T0) == {one}
    # A blocked chat, an unfollowed creator or a deleted subscription cannot be claimed for.
    await db.set_blocked(2, True)
    assert await db.claim_deliveries("v1", [two], now=T0) == set()
    await db.set_blocked(2, False)
    await db.deactivate_creator("a")
    assert await db.claim_deliveries("v1", [two], now=T0) == set()
    assert await db.claim_deliveries("v1", [999_999], now=T0) == set()


async def test_concurrent_claims_of_one_delivery_succeed_once(store):
    subs = await _follow([(1, "a")])
    sub_id = subs[(1, "a")].id
    results = await asyncio.gather(
        *(db.claim_deliveries("v1", [sub_id], now=T0) for _ in range(10))
    )
    assert sum(len(r) for r in results) == 1


async def test_subscriber_chats_have_language_and_file_mode_and_skip_blocked(store):
    await db.create_chat(1, "ru", now=T0)
    await db.create_chat(2, "es", now=T0)
    await db.create_chat(3, "en", now=T0)
    await _follow([(1, "a"), (2, "a")])
    await db.update_file_mode(2, True)
    chats = await db.subscriber_chats()
    assert {k: (v.lang, v.file_mode) for k, v in chats.items()} == {
        1: ("ru", False),
        2: ("es", True),
    }
    await db.set_blocked(1, True)
    assert set(await db.subscriber_chats()) == {2}


async def _claim_everything(factory, worker: str, got: list[str]) -> None:
    while True:
        async with factory() as session:
            batch = await db.claim_creators(worker, limit=3, lease=60, now=T0, session=session)
            await session.commit()
        if not batch:
            return
        got.extend(c.creator for c in batch)
        await asyncio.sleep(0)


async def test_concurrent_claimers_on_separate_engines_never_share_a_creator(store, db_url):
    names = [f"creator{i:03d}" for i in range(60)]
    await _follow([(1 + i % 7, name) for i, name in enumerate(names)])
    await db.sync_creator_polls(now=T0)
    engines = [database.build_engine(db_url, pool_size=2) for _ in range(4)]
    try:
        claimed: list[list[str]] = [[] for _ in engines]
        await asyncio.gather(
            *(
                _claim_everything(
                    async_sessionmaker(engine, expire_on_commit=False), f"w{i}", claimed[i]
                )
                for i, engine in enumerate(engines)
            )
        )
    finally:
        for engine in engines:
            await engine.dispose()
    everything = [name for batch in claimed for name in batch]
    assert sorted(everything) == names  # each creator leased by exactly one claimer


async def test_postgres_claims_skip_creators_locked_by_an_open_transaction(store, db_url):
    if store != "postgres":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite serialises writers")
    await _follow([(1, f"c{i}") for i in range(6)])
    await db.sync_creator_polls(now=T0)
    first, second = (database.build_engine(db_url, pool_size=1) for _ in range(2))
    try:
        async with async_sessionmaker(first)() as holding, async_sessionmaker(second)() as other:
            held = await db.claim_creators(
                W1, limit=3, lease=60, now=T0, session=holding
            )  # not committed
            assert [c.creator for c in held] == ["c0", "c1", "c2"]
            taken = await asyncio.wait_for(
                db.claim_creators(W2, limit=3, lease=60, now=T0, session=other), 5
            )
            assert [c.creator for c in taken] == [
                "c3",
                "c4",
                "c5",
            ]  # neither waited for nor took c0..c2
            await other.commit()
            await holding.rollback()
    finally:
        await first.dispose()
        await second.dispose()
    assert [c.creator for c in await db.claim_creators(W1, limit=10, lease=60, now=T0)] == [
        "c0",
        "c1",
        "c2",
    ]


async def test_claims_for_many_followers_of_a_post_in_one_statement(store):
    subs = await _follow([(1, "a"), (2, "a"), (-3, "a"), (4, "a")])
    ids = [s.id for s in subs.values()]
    await db.set_blocked(2, True)
    await db.remove_subscription(4, "a")
    claimed = await db.claim_deliveries("v1", [*ids, 999_999], now=T0)
    assert claimed == {subs[(1, "a")].id, subs[(-3, "a")].id}  # not blocked 2, not unfollowed 4
    assert await db.claim_deliveries("v1", ids, now=T0) == set()
    assert await db.claim_deliveries("v1", [], now=T0) == set()


async def test_settling_records_downloads_counts_them_and_withdraws_failed_claims(store):
    subs = await _follow([(1, "a"), (-3, "a"), (5, "a")])
    one, group, five = subs[(1, "a")].id, subs[(-3, "a")].id, subs[(5, "a")].id
    await db.claim_deliveries("v1", [one, group, five], now=T0)
    await db.settle_deliveries(
        "v1",
        now=T0,
        withdrawn=[five],
        delivered=[
            db.SubscriptionDownload(1, "https://www.tiktok.com/@a/video/1", "v1", False),
            db.SubscriptionDownload(-3, "https://www.tiktok.com/@a/photo/1", "v1", True),
        ],
    )
    assert await db.delivered_pairs([one, group, five], ["v1"]) == {(one, "v1"), (group, "v1")}
    [row] = await db.download_history(-3)
    assert (row.post_id, row.via_subscription, row.is_slideshow, row.is_inline) == (
        "v1",
        True,
        True,
        False,
    )
    period = Period(T0 - 7200, T0 + 7200)
    totals = (await db.period_stats(period)).totals
    assert (totals.downloads, totals.slideshows, totals.via_subscription) == (2, 1, 2)
    await db.rebuild_hourly_stats()  # the counters agree with the raw rows
    assert (await db.period_stats(period)).totals == totals
    await db.settle_deliveries("v1")  # nothing to do
