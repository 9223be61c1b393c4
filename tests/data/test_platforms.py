"""Platforms: the file_id cache is keyed by platform and post id, and downloads record theirs."""

from data import db_service as db
from data.models import MediaKind, Platform

NOW = 1_800_000_000


async def test_one_post_id_under_two_platforms_is_two_cache_entries(store):
    await db.put_cached_media("C1", MediaKind.VIDEO, ["tt"], {"author": "a"}, now=NOW)
    await db.put_cached_media(
        "C1", MediaKind.VIDEO, ["ig"], {"author": "b"}, now=NOW, platform=Platform.INSTAGRAM
    )
    assert await db.get_cached_media("C1", MediaKind.VIDEO) == db.CachedMedia(
        ["tt"], {"author": "a"}
    )
    assert await db.get_cached_media(
        "C1", MediaKind.VIDEO, platform=Platform.INSTAGRAM
    ) == db.CachedMedia(["ig"], {"author": "b"})
    kinds = [MediaKind.VIDEO_DOCUMENT, MediaKind.VIDEO]
    assert await db.find_cached_media("C1", kinds, platform=Platform.INSTAGRAM) == (
        MediaKind.VIDEO,
        db.CachedMedia(["ig"], {"author": "b"}),
    )
    # Replacing one platform's entry leaves the other's alone.
    await db.put_cached_media("C1", MediaKind.VIDEO, ["ig2"], now=NOW, platform="instagram")
    assert (await db.get_cached_media("C1", MediaKind.VIDEO)).file_ids == ["tt"]
    assert await db.drop_cached_media("C1", MediaKind.VIDEO, platform=Platform.INSTAGRAM) is True
    assert await db.get_cached_media("C1", MediaKind.VIDEO, platform=Platform.INSTAGRAM) is None
    assert await db.find_cached_media("C1", kinds) == (
        MediaKind.VIDEO,
        db.CachedMedia(["tt"], {"author": "a"}),
    )
    assert await db.drop_cached_media("C1", MediaKind.VIDEO, platform=Platform.INSTAGRAM) is False
    assert (await db.get_cached_media("C1", MediaKind.VIDEO)).file_ids == ["tt"]


async def test_a_delivery_records_its_platform_in_the_download_and_the_cache(store):
    await db.create_chat(7, now=NOW)
    await db.record_delivery(
        db.NewDownload(7, "https://www.instagram.com/reel/C1/", "C1", platform=Platform.INSTAGRAM),
        cache=db.CacheEntry("C1", MediaKind.VIDEO, ["ig"], platform=Platform.INSTAGRAM),
        now=NOW,
    )
    await db.record_delivery(
        db.NewDownload(7, "https://vm.tiktok.com/x/", "C1"),
        cache=db.CacheEntry("C1", MediaKind.VIDEO, ["tt"]),
        now=NOW + 1,
    )
    await db.add_download(7, "https://instagram.com/p/C2/", "C2", platform=Platform.INSTAGRAM)
    history = await db.download_history(7)
    assert [(r.post_id, r.platform) for r in history] == [
        ("C2", Platform.INSTAGRAM),
        ("C1", Platform.TIKTOK),
        ("C1", Platform.INSTAGRAM),
    ]
    assert all(isinstance(r.platform, Platform) for r in history)
    assert (await db.get_cached_media("C1", MediaKind.VIDEO)).file_ids == ["tt"]
    assert (
        await db.get_cached_media("C1", MediaKind.VIDEO, platform=Platform.INSTAGRAM)
    ).file_ids == ["ig"]
    stats = await db.get_chat_stats(7)
    assert stats.downloads == 3
