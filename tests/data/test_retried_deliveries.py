"""A delivery written again after the database went away (``record_delivery(replay=True)``) is
recorded once, whether or not the first attempt's commit went through. Both backends."""

import pytest

from data import db_service as db
from data.db_service import CacheEntry, NewDownload
from data.models import MediaKind

CHAT, AT = 6161, 1_800_000_000


def _download(post_id: str) -> NewDownload:
    return NewDownload(
        CHAT, f"https://vm.tiktok.com/{post_id}/", post_id, key=db.new_delivery_key()
    )


async def test_a_replay_of_a_recorded_delivery_writes_nothing_again(store):
    await db.create_chat(CHAT)
    download = _download("1")
    first = await db.record_delivery(download, ad_step=True, now=AT)
    again = await db.record_delivery(download, replay=True, now=AT)
    assert again.download_id == first.download_id
    assert [row.post_id for row in await db.download_history(CHAT)] == ["1"]
    stats = await db.get_chat_stats(CHAT)
    assert stats.downloads == 1
    assert (await db.get_chat(CHAT)).ad_count == 1  # the ad turn moved once


async def test_a_replay_of_a_delivery_never_recorded_records_it_with_its_file_ids(store):
    await db.create_chat(CHAT)
    recorded = await db.record_delivery(_download("1"), now=AT)
    cache = CacheEntry("2", MediaKind.VIDEO, ["file-2"])
    replayed = await db.record_delivery(_download("2"), cache=cache, replay=True, now=AT)
    assert replayed.download_id != recorded.download_id  # same chat and second, other key
    assert [row.post_id for row in await db.download_history(CHAT)] == ["2", "1"]
    assert (await db.get_cached_media("2", MediaKind.VIDEO)).file_ids == ["file-2"]
    assert (await db.get_chat_stats(CHAT)).downloads == 2


async def test_a_replay_needs_the_downloads_key(store):
    await db.create_chat(CHAT)
    unkeyed = NewDownload(CHAT, "https://vm.tiktok.com/x/", "3")
    with pytest.raises(ValueError):
        await db.record_delivery(unkeyed, replay=True, now=AT)


async def test_a_replay_of_a_recorded_sound_writes_nothing_again(store):
    await db.create_chat(CHAT)
    first = await db.add_music(CHAT, "7", now=AT)
    again = await db.add_music(CHAT, "7", replay=True, now=AT)
    assert again == first
    assert (await db.get_chat_stats(CHAT)).music == 1


async def test_a_replay_of_a_sound_never_recorded_records_it(store):
    await db.create_chat(CHAT)
    await db.add_music(CHAT, "7", now=AT)
    other = await db.add_music(CHAT, "8", replay=True, now=AT)  # same second, another post
    later = await db.add_music(CHAT, "7", replay=True, now=AT + 1)
    assert len({other, later}) == 2
    assert (await db.get_chat_stats(CHAT)).music == 3


async def test_a_replayed_subscription_settlement_records_its_deliveries_once(store):
    await db.create_chat(CHAT)
    delivered = [db.SubscriptionDownload(CHAT, "https://www.tiktok.com/@c/video/9", "9", False)]
    key = db.new_delivery_key()
    await db.settle_deliveries("9", delivered=delivered, key=key, now=AT)
    await db.settle_deliveries("9", delivered=delivered, key=key, replay=True, now=AT)
    assert [row.post_id for row in await db.download_history(CHAT)] == ["9"]
    assert (await db.get_chat_stats(CHAT)).downloads == 1
    # a settlement whose first attempt never reached the database is made by its replay
    await db.settle_deliveries(
        "9", delivered=delivered, key=db.new_delivery_key(), replay=True, now=AT
    )
    assert len(await db.download_history(CHAT)) == 2
