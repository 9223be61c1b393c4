"""Subscriptions, delivery records, the media file-id cache and runtime settings."""

import asyncio

import pytest
from sqlalchemy import event

from data import database
from data import db_service as db
from data.errors import AlreadySubscribed, InvalidSetting, SubscriptionLimitReached, UnknownChat
from data.models import MediaKind
from data.runtime_settings import Setting

NOW = 1_750_000_000


async def test_subscribe_list_unsubscribe(store):
    await db.create_chat(1, now=NOW)
    first = await db.add_subscription(1, "Zed", limit=5, now=NOW)
    await db.add_subscription(1, "alice", limit=5, now=NOW + 1)
    assert first.creator == "zed" and first.active and first.created_at == NOW
    assert [s.creator for s in await db.list_subscriptions(1)] == ["alice", "zed"]
    with pytest.raises(AlreadySubscribed):
        await db.add_subscription(1, "ZED", limit=5)
    assert await db.remove_subscription(1, "zed") is True
    assert await db.remove_subscription(1, "zed") is False
    assert [s.creator for s in await db.list_subscriptions(1)] == ["alice"]


async def test_subscription_limit_and_unknown_chat(store):
    await db.create_chat(1, now=NOW)
    for name in ("a", "b"):
        await db.add_subscription(1, name, limit=2, now=NOW)
    with pytest.raises(SubscriptionLimitReached):
        await db.add_subscription(1, "c", limit=2, now=NOW)
    with pytest.raises(UnknownChat):
        await db.add_subscription(2, "a", limit=2, now=NOW)


async def test_limit_holds_under_concurrent_subscribes(store):
    await db.create_chat(1, now=NOW)
    results = await asyncio.gather(
        *(db.add_subscription(1, f"c{i}", limit=3, now=NOW) for i in range(12)),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, Exception) for r in results) == 3
    assert all(isinstance(r, SubscriptionLimitReached) for r in results if isinstance(r, Exception))
    assert len(await db.list_subscriptions(1)) == 3


async def test_active_creators_groups_followers_and_pauses_blocked_chats(store):
    for uid in (1, 2, -3):
        await db.create_chat(uid, now=NOW)
    subs = {
        uid: await db.add_subscription(uid, "star", limit=5, now=NOW + uid) for uid in (1, 2, -3)
    }
    await db.add_subscription(1, "other", limit=5, now=NOW)
    await db.set_blocked(2, True)
    creators = await db.active_creators()
    assert [c.creator for c in creators] == ["other", "star"]
    star = creators[1]
    assert {f.chat_id for f in star.followers} == {1, -3}
    assert {f.subscription_id for f in star.followers} == {subs[1].id, subs[-3].id}
    await db.set_blocked(2, False)
    assert {f.chat_id for f in (await db.active_creators())[1].followers} == {1, 2, -3}


async def test_vanished_creator_is_deactivated_and_can_be_followed_again(store):
    subs = []
    for uid in (1, 2):
        await db.create_chat(uid, now=NOW)
        subs.append(await db.add_subscription(uid, "gone", limit=5, now=NOW))
    await db.sync_creator_polls(now=NOW)
    leases = await db.claim_creators("w", limit=5, lease=60, now=NOW + 60)
    assert [c.creator for c in leases] == ["gone"]
    assert (
        await db.finish_creator_poll(
            "gone", "w", polled_at=NOW + 60, last_seen_post_at=None, checked=[s.id for s in subs]
        )
        is True
    )
    assert await db.unchecked_subscriptions() == set()
    assert await db.deactivate_creator("gone") == [1, 2]
    assert await db.active_creators() == []
    assert await db.list_subscriptions(1) == []
    assert [s.active for s in await db.list_subscriptions(1, include_inactive=True)] == [False]
    again = await db.add_subscription(1, "gone", limit=5, now=NOW + 500)
    assert again.active and again.created_at == NOW + 500 and again.last_checked_at is None


async def test_each_delivery_is_recorded_exactly_once(store):
    await db.create_chat(1, now=NOW)
    sub = await db.add_subscription(1, "star", limit=5, now=NOW)
    claims = (db.claim_deliveries("v1", [sub.id], now=NOW) for _ in range(10))
    outcomes = await asyncio.gather(*claims)
    assert [len(o) for o in outcomes].count(1) == 1 and sum(len(o) for o in outcomes) == 1
    assert await db.claim_deliveries("v2", [sub.id]) == {sub.id}
    delivered = await db.delivered_pairs([sub.id], ["v1", "v2", "v3"])
    assert delivered == {(sub.id, "v1"), (sub.id, "v2")}
    assert await db.delivered_pairs([sub.id], []) == set()


async def test_media_cache_put_get_replace_drop(store):
    assert await db.get_cached_media("v", MediaKind.IMAGES) is None
    await db.put_cached_media(
        "v", MediaKind.IMAGES, ["f3", "f1", "f2"], {"author": "a", "sound": True}, now=NOW
    )
    await db.put_cached_media("v", MediaKind.AUDIO, ["a"], now=NOW)
    await db.put_cached_media("v", MediaKind.VIDEO_DOCUMENT, ["d"], now=NOW)
    assert await db.get_cached_media("v", MediaKind.IMAGES) == db.CachedMedia(
        ["f3", "f1", "f2"], {"author": "a", "sound": True}
    )
    await db.put_cached_media("v", "images", ["new"], now=NOW + 1)
    assert await db.get_cached_media("v", MediaKind.IMAGES) == db.CachedMedia(["new"], {})
    assert await db.drop_cached_media("v", MediaKind.IMAGES) is True
    assert await db.drop_cached_media("v", MediaKind.IMAGES) is False
    assert (await db.get_cached_media("v", MediaKind.AUDIO)).file_ids == ["a"]
    assert (await db.get_cached_media("v", MediaKind.VIDEO_DOCUMENT)).file_ids == ["d"]
    found = await db.find_cached_media(
        "v", [MediaKind.VIDEO, MediaKind.VIDEO_DOCUMENT, MediaKind.AUDIO]
    )
    assert found == (MediaKind.VIDEO_DOCUMENT, db.CachedMedia(["d"], {}))
    assert await db.find_cached_media("v", [MediaKind.VIDEO, MediaKind.IMAGES]) is None
    with pytest.raises(ValueError):
        await db.put_cached_media("v", MediaKind.VIDEO, [])


async def test_runtime_settings_defaults_types_and_validation(store):
    defaults = await db.get_settings([Setting.AD_THRESHOLD, Setting.MAINTENANCE])
    assert defaults == {Setting.AD_THRESHOLD: 10, Setting.MAINTENANCE: False}
    await db.set_setting(Setting.MAINTENANCE, True)
    await db.set_setting(Setting.AD_TEXT, "Visit us")
    await db.set_setting(Setting.AD_TEXT, "Visit us again")
    values = await db.get_settings()
    assert values[Setting.MAINTENANCE] is True and values[Setting.AD_TEXT] == "Visit us again"
    assert set(values) == set(Setting)
    for key, bad in [
        (Setting.AD_THRESHOLD, "5"),
        (Setting.AD_THRESHOLD, 0),
        (Setting.MAINTENANCE, 1),
        (Setting.AD_BUTTON_URL, "javascript:alert(1)"),
        (Setting.AD_TEXT, 5),
    ]:
        with pytest.raises(InvalidSetting):
            await db.set_setting(key, bad)
    assert (await db.get_settings([Setting.AD_THRESHOLD]))[Setting.AD_THRESHOLD] == 10


def _count_settings_reads(engine) -> list[str]:
    """Every statement that reads ``system_config`` on ``engine`` from now on (a live list)."""
    reads: list[str] = []

    def before(_conn, _cursor, statement, *_args) -> None:
        if "FROM system_config" in statement:
            reads.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", before)
    return reads


async def test_concurrent_cache_misses_share_one_settings_read(store):
    await db.set_setting(Setting.AD_THRESHOLD, 7)
    reads = _count_settings_reads(database.get_engine())
    values = await asyncio.gather(*(db.get_settings_cached() for _ in range(50)))
    assert len(reads) == 1
    assert all(v[Setting.AD_THRESHOLD] == 7 for v in values)
    await db.get_settings_cached()  # served by the cache
    assert len(reads) == 1


async def test_a_read_under_way_during_set_setting_is_not_served_after_it(store):
    await db.set_setting(Setting.AD_THRESHOLD, 7)
    early = asyncio.create_task(db.get_settings_cached())
    await asyncio.sleep(0)  # one loop turn: the early read is started and waits on the database
    await db.set_setting(Setting.AD_THRESHOLD, 9)
    assert (await db.get_settings_cached())[Setting.AD_THRESHOLD] == 9
    assert (await early)[Setting.AD_THRESHOLD] in (7, 9)
    assert (await db.get_settings_cached())[Setting.AD_THRESHOLD] == 9


async def test_a_cancelled_waiter_does_not_cancel_the_shared_read(store):
    await db.set_setting(Setting.AD_THRESHOLD, 5)
    first = asyncio.create_task(db.get_settings_cached())
    second = asyncio.create_task(db.get_settings_cached())
    await asyncio.sleep(0)
    first.cancel()
    assert (await second)[Setting.AD_THRESHOLD] == 5
    with pytest.raises(asyncio.CancelledError):
        await first
