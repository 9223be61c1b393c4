"""Keyset-paginated exports of every chat and of downloads, for the operator's CSV files.

Each batch is one short transaction; rows come back as :class:`ChatExportRow` and
:class:`~data.db_service.downloads.DownloadRow` values (``chat_id``, ``referral``, ``post_id``,
``is_slideshow``), never ORM rows.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select

from data.database import session_scope
from data.db_service.downloads import DOWNLOAD_COLUMNS, DownloadRow, download_of
from data.models import Download, User

EXPORT_BATCH_SIZE = 1000


@dataclass(frozen=True)
class ChatExportRow:
    """One chat as exported: its stored fields and its number of downloads."""

    chat_id: int
    registered_at: int
    lang: str
    referral: str | None
    file_mode: bool
    blocked_at: int | None
    last_seen_at: int
    downloads: int


async def iter_chats_for_export(
    *,
    batch_size: int = EXPORT_BATCH_SIZE,
) -> AsyncIterator[list[ChatExportRow]]:
    """Every chat in ascending id order, in batches (keyset pagination, one short query each).

    Each row carries the chat's download count (an index lookup per chat, never a table scan).
    """
    downloads = (
        select(func.count())
        .where(Download.user_id == User.user_id)
        .correlate(User)
        .scalar_subquery()
    )
    columns = (
        User.user_id,
        User.registered_at,
        User.lang,
        User.link,
        User.file_mode,
        User.blocked_at,
        User.last_seen_at,
        downloads,
    )
    after: int | None = None
    while True:
        stmt = select(*columns)
        if after is not None:
            stmt = stmt.where(User.user_id > after)
        async with session_scope() as s:
            rows = (await s.execute(stmt.order_by(User.user_id).limit(batch_size))).all()
        if not rows:
            return
        yield [
            ChatExportRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], int(r[7] or 0))
            for r in rows
        ]
        if len(rows) < batch_size:
            return
        after = rows[-1][0]


async def iter_downloads_for_export(
    since: int | None = None,
    *,
    batch_size: int = EXPORT_BATCH_SIZE,
) -> AsyncIterator[list[DownloadRow]]:
    """Downloads at or after ``since`` (all when None), oldest first, in batches.

    Keyset pagination on ``(downloaded_at, id)`` walks the ``downloaded_at`` index, so each
    batch costs the same however far into the table it is.
    """
    last: tuple[int, int] | None = None
    while True:
        conditions = []
        if since is not None:
            conditions.append(Download.downloaded_at >= since)
        if last is not None:
            at, row_id = last
            conditions.append(Download.downloaded_at >= at)
            conditions.append(
                or_(
                    Download.downloaded_at > at,
                    and_(Download.downloaded_at == at, Download.id > row_id),
                )
            )
        stmt = select(*DOWNLOAD_COLUMNS)
        if conditions:
            stmt = stmt.where(*conditions)
        stmt = stmt.order_by(Download.downloaded_at, Download.id).limit(batch_size)
        async with session_scope() as s:
            rows = (await s.execute(stmt)).all()
        if not rows:
            return
        yield [download_of(r) for r in rows]
        if len(rows) < batch_size:
            return
        last = (rows[-1][2], rows[-1][0])
