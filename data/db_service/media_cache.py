"""Telegram file ids of posts already uploaded, so a post is sent again without downloading it.

Vocabulary: ``media_cache.video_id`` holds a post id; these functions take ``post_id``. Post ids
are unique only within a platform: every function takes ``platform`` (TikTok when not given).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.common import insert_for, unix_now
from data.models import MediaCache, MediaKind, Platform


@dataclass(frozen=True)
class CachedMedia:
    """Telegram file ids of a post (ordered for slideshows) and what a cached send needs."""

    file_ids: list[str]
    meta: dict


async def get_cached_media(
    post_id: str,
    kind: MediaKind,
    *,
    platform: Platform = Platform.TIKTOK,
    session: AsyncSession | None = None,
) -> CachedMedia | None:
    """The cached file ids and metadata of a post, or None."""
    async with session_scope(session) as s:
        row = (
            await s.execute(
                select(MediaCache.file_ids, MediaCache.meta).where(
                    MediaCache.platform == Platform(platform),
                    MediaCache.video_id == post_id,
                    MediaCache.kind == MediaKind(kind),
                )
            )
        ).first()
    return None if row is None else CachedMedia(list(row.file_ids), dict(row.meta or {}))


async def cached_media_of(
    post_id: str,
    kinds: Iterable[MediaKind],
    *,
    platform: Platform = Platform.TIKTOK,
    session: AsyncSession | None = None,
) -> dict[MediaKind, CachedMedia]:
    """Every one of ``kinds`` cached for a post, in one query (absent kinds are left out)."""
    wanted = [MediaKind(k) for k in kinds]
    async with session_scope(session) as s:
        rows = (
            await s.execute(
                select(MediaCache.kind, MediaCache.file_ids, MediaCache.meta).where(
                    MediaCache.platform == Platform(platform),
                    MediaCache.video_id == post_id,
                    MediaCache.kind.in_(wanted),
                )
            )
        ).all()
    return {
        MediaKind(row.kind): CachedMedia(list(row.file_ids), dict(row.meta or {})) for row in rows
    }


async def find_cached_media(
    post_id: str,
    kinds: Iterable[MediaKind],
    *,
    platform: Platform = Platform.TIKTOK,
    session: AsyncSession | None = None,
) -> tuple[MediaKind, CachedMedia] | None:
    """The first of ``kinds`` cached for a post (in the order given), in one query; or None."""
    order = [MediaKind(k) for k in kinds]
    found = await cached_media_of(post_id, order, platform=platform, session=session)
    return next(((kind, found[kind]) for kind in order if kind in found), None)


async def put_cached_media(
    post_id: str,
    kind: MediaKind,
    file_ids: list[str],
    meta: dict | None = None,
    *,
    now: int | None = None,
    platform: Platform = Platform.TIKTOK,
    session: AsyncSession | None = None,
) -> None:
    """Store (or replace) the file ids of a post, with optional metadata for cached sends."""
    if not file_ids or not all(isinstance(f, str) and f for f in file_ids):
        raise ValueError("file_ids must be a non-empty list of non-empty strings")
    async with session_scope(session) as s:
        stmt = insert_for(s, MediaCache).values(
            platform=Platform(platform),
            video_id=post_id,
            kind=MediaKind(kind),
            file_ids=list(file_ids),
            meta=meta,
            created_at=unix_now(now),
        )
        await s.execute(
            stmt.on_conflict_do_update(
                index_elements=["platform", "video_id", "kind"],
                set_={
                    "file_ids": stmt.excluded.file_ids,
                    "meta": stmt.excluded.meta,
                    "created_at": stmt.excluded.created_at,
                },
            )
        )


async def drop_cached_media(
    post_id: str,
    kind: MediaKind,
    *,
    platform: Platform = Platform.TIKTOK,
    session: AsyncSession | None = None,
) -> bool:
    """Forget a post's file ids (Telegram rejected them); False if none were stored."""
    async with session_scope(session) as s:
        result = await s.execute(
            delete(MediaCache).where(
                MediaCache.platform == Platform(platform),
                MediaCache.video_id == post_id,
                MediaCache.kind == MediaKind(kind),
            )
        )
        return result.rowcount > 0
