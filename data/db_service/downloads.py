"""Downloads and sounds: recording what the bot delivered, and reading a chat's history.

Vocabulary: rows of ``downloads`` are stored with ``user_id``, ``video_id`` and ``is_images``;
these functions speak of ``chat_id``, ``post_id`` and ``is_slideshow`` and return
:class:`DownloadRow` values. Each download records the platform of its post (TikTok when not
given).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.common import chunks, insert_for, unix_now
from data.db_service.stats import count_events
from data.errors import UnknownChat
from data.models import Download, Music, Platform

SOURCE_URL_LENGTH = 512


@dataclass(frozen=True)
class NewDownload:
    """A post delivered to a chat, to be recorded."""

    chat_id: int
    source_url: str
    post_id: str
    is_slideshow: bool = False
    is_inline: bool = False
    via_subscription: bool = False
    is_processed: bool = True
    # Set on a download whose write may be repeated (see :func:`recorded_download_id`).
    key: int | None = None
    platform: Platform = Platform.TIKTOK


@dataclass(frozen=True)
class DownloadRow:
    """One recorded download."""

    id: int
    chat_id: int
    downloaded_at: int
    post_id: str
    source_url: str
    is_slideshow: bool
    is_inline: bool
    via_subscription: bool
    is_processed: bool
    platform: Platform = Platform.TIKTOK


DOWNLOAD_COLUMNS = (
    Download.id,
    Download.user_id,
    Download.downloaded_at,
    Download.video_id,
    Download.source_url,
    Download.is_images,
    Download.is_inline,
    Download.via_subscription,
    Download.is_processed,
    Download.platform,
)


def download_of(row) -> DownloadRow:
    """The :class:`DownloadRow` of a row selected with :data:`DOWNLOAD_COLUMNS`."""
    return DownloadRow(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        bool(row[5]),
        bool(row[6]),
        bool(row[7]),
        bool(row[8]),
        Platform(row[9]),
    )


async def record_downloads(
    session: AsyncSession,
    at: int,
    downloads: Iterable[NewDownload],
) -> list[int]:
    """Insert download rows and add them to the hourly counters, in the caller's transaction;
    returns the new row ids. One row for a chat with no row in ``users`` raises UnknownChat."""
    rows = list(downloads)
    ids: list[int] = []
    for part in chunks(rows):
        try:
            ids += (
                (
                    await session.execute(
                        insert_for(session, Download)
                        .values(
                            [
                                {
                                    "user_id": d.chat_id,
                                    "downloaded_at": at,
                                    "source_url": d.source_url[:SOURCE_URL_LENGTH],
                                    "video_id": d.post_id,
                                    "is_images": d.is_slideshow,
                                    "is_inline": d.is_inline,
                                    "via_subscription": d.via_subscription,
                                    "is_processed": d.is_processed,
                                    "delivery_key": d.key,
                                    "platform": Platform(d.platform),
                                }
                                for d in part
                            ]
                        )
                        .returning(Download.id)
                    )
                )
                .scalars()
                .all()
            )
        except IntegrityError as exc:
            if len(part) != 1:
                raise
            raise UnknownChat(part[0].chat_id) from exc
    await count_events(
        session,
        at,
        [d.chat_id for d in rows],
        downloads=[1] * len(rows),
        slideshows=[int(d.is_slideshow) for d in rows],
        inline=[int(d.is_inline) for d in rows],
        via_subscription=[int(d.via_subscription) for d in rows],
    )
    return ids


def new_delivery_key() -> int:
    """A random key for :attr:`NewDownload.key` (63 bits: a collision is not a concern)."""
    return secrets.randbits(63)


async def recorded_download_id(session: AsyncSession, at: int, download: NewDownload) -> int | None:
    """The id of the row of ``download`` (by its key) if one was recorded at ``at``, else None.

    Read by chat and time (``ix_downloads_user_id_downloaded_at``), so it stays cheap however
    many downloads there are."""
    if download.key is None:
        return None
    return (
        await session.execute(
            select(Download.id).where(
                Download.user_id == download.chat_id,
                Download.downloaded_at == at,
                Download.delivery_key == download.key,
            )
        )
    ).scalar_one_or_none()


async def add_download(
    chat_id: int,
    source_url: str,
    post_id: str,
    *,
    is_slideshow: bool = False,
    is_inline: bool = False,
    via_subscription: bool = False,
    is_processed: bool = True,
    platform: Platform = Platform.TIKTOK,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> int:
    """Record a delivered post and count it in the same transaction; returns the row id."""
    download = NewDownload(
        chat_id,
        source_url,
        post_id,
        is_slideshow,
        is_inline,
        via_subscription,
        is_processed,
        platform=platform,
    )
    async with session_scope(session) as s:
        return (await record_downloads(s, unix_now(now), [download]))[0]


async def add_music(
    chat_id: int,
    post_id: str,
    *,
    replay: bool = False,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> int:
    """Record a sound extracted from a post; returns the row id.

    ``replay``: this repeats a call whose outcome is unknown (the database went away) with the
    same ``now``; a row of this chat and post at that second means it was made, and it is
    returned instead of writing another."""
    at = unix_now(now)
    async with session_scope(session) as s:
        if replay:
            done = (
                await s.execute(
                    select(Music.id).where(
                        Music.user_id == chat_id,
                        Music.downloaded_at == at,
                        Music.video_id == post_id,
                    )
                )
            ).scalar_one_or_none()
            if done is not None:
                return done
        try:
            music_id = (
                await s.execute(
                    insert_for(s, Music)
                    .values(user_id=chat_id, downloaded_at=at, video_id=post_id)
                    .returning(Music.id)
                )
            ).scalar_one()
        except IntegrityError as exc:
            raise UnknownChat(chat_id) from exc
        await count_events(s, at, [chat_id], music=[1])
        return music_id


async def download_history(
    chat_id: int,
    *,
    limit: int = 10,
    before_id: int | None = None,
    session: AsyncSession | None = None,
) -> list[DownloadRow]:
    """The chat's downloads, newest first; the last row's id as ``before_id`` pages on."""
    stmt = select(*DOWNLOAD_COLUMNS).where(Download.user_id == chat_id)
    if before_id is not None:
        stmt = stmt.where(Download.id < before_id)
    stmt = stmt.order_by(Download.id.desc()).limit(limit)
    async with session_scope(session) as s:
        return [download_of(row) for row in (await s.execute(stmt)).all()]
