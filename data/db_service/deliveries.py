"""A delivered post, recorded in one call and one transaction: the download row and its hourly
counters, the file ids a fresh upload produced, and the chat's ad counter.

Vocabulary as in :mod:`data.db_service.downloads` (``chat_id``, ``post_id``, ``is_slideshow``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.ads import claim_ad, increment_ad_count
from data.db_service.common import unix_now
from data.db_service.downloads import NewDownload, record_downloads, recorded_download_id
from data.db_service.media_cache import put_cached_media
from data.errors import UnknownChat
from data.models import MediaKind, Platform


@dataclass(frozen=True)
class CacheEntry:
    """Telegram file ids a fresh upload of a post produced, to send it again without fetching."""

    post_id: str
    kind: MediaKind
    file_ids: list[str]
    meta: dict | None = None
    platform: Platform = Platform.TIKTOK


@dataclass(frozen=True)
class RecordedDelivery:
    """What the caller needs next: the download's row id and whether the chat is due an ad
    (already recorded as shown: the caller sends it)."""

    download_id: int
    ad_due: bool = False


async def store_cache_entry(
    entry: CacheEntry,
    *,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> None:
    """Store (or replace) a post's file ids, under its platform."""
    await put_cached_media(
        entry.post_id,
        entry.kind,
        entry.file_ids,
        entry.meta,
        now=now,
        platform=entry.platform,
        session=session,
    )


async def record_delivery(
    download: NewDownload,
    *,
    cache: CacheEntry | None = None,
    ad_step: bool = False,
    replay: bool = False,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> RecordedDelivery:
    """Record a delivered post in one transaction: its download row and counters, ``cache``
    (the file ids of a fresh upload) and, with ``ad_step``, the chat's ad turn (an ad that is
    due is claimed, else the chat's download count since its last ad moves on).

    ``replay``: this repeats a call whose outcome is unknown (the database went away), with the
    same ``now`` and a download with a ``key``. When that download is already recorded the
    earlier call was made (all of it: one transaction) and nothing is written again.

    Raises UnknownChat when the chat has no row; the file ids are still stored then.
    """
    at = unix_now(now)
    if replay and download.key is None:
        raise ValueError("a replayed download needs its key")
    try:
        async with session_scope(session) as s:
            if replay and (done := await recorded_download_id(s, at, download)) is not None:
                return RecordedDelivery(done)
            if cache is not None:
                await store_cache_entry(cache, now=at, session=s)
            download_id = (await record_downloads(s, at, [download]))[0]
            ad_due = False
            if ad_step:
                ad_due = await claim_ad(download.chat_id, now=at, session=s)
                if not ad_due:
                    await increment_ad_count(download.chat_id, session=s)
    except UnknownChat:
        if cache is not None and session is None:  # the file ids are good whoever asked
            await store_cache_entry(cache, now=at)
        raise
    return RecordedDelivery(download_id, ad_due)
