"""Operator queries: overview counters and keyset-paginated exports.

Re-exported by ``data.db_service`` (``from data.admin_queries import *``), so callers use them
as ``db_service.<name>`` like every other repository function. Each function runs one short
transaction per call (exports: one per batch); times are Unix seconds.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.models import Download, Subscription, User
from data.periods import Audience

__all__ = [
    "EXPORT_BATCH_SIZE",
    "DownloadExportRow",
    "OverviewCounts",
    "UserExportRow",
    "iter_downloads_for_export",
    "iter_users_for_export",
    "overview_counts",
]

EXPORT_BATCH_SIZE = 1000


def _audience(column, audience: Audience):
    audience = Audience(audience)
    if audience is Audience.USERS:
        return column > 0
    if audience is Audience.GROUPS:
        return column < 0
    return None


def _kept(*conditions):
    return [c for c in conditions if c is not None]


@dataclass(frozen=True)
class OverviewCounts:
    """Chat and subscription counts for the operator overview.

    ``users`` and ``groups`` always count every chat; ``blocked``, ``subscriptions`` (active
    ones) and ``creators`` (distinct creators with an active subscription) follow the audience.
    """

    users: int
    groups: int
    blocked: int
    subscriptions: int
    creators: int


async def overview_counts(
    audience: Audience = Audience.ALL, *, session: AsyncSession | None = None,
) -> OverviewCounts:
    """Users, groups, blocked chats, active subscriptions and followed creators in one query."""
    chats = select(
        func.count().filter(User.user_id > 0),
        func.count().filter(User.user_id < 0),
        func.count().filter(User.blocked_at.is_not(None), *_kept(_audience(User.user_id, audience))),
    ).subquery()
    subs = select(
        func.count(Subscription.id), func.count(func.distinct(Subscription.creator)),
    ).where(Subscription.active.is_(True), *_kept(_audience(Subscription.user_id, audience))).subquery()
    stmt = select(*chats.c, *subs.c).select_from(chats.join(subs, true()))
    async with session_scope(session) as s:
        row = (await s.execute(stmt)).one()
    return OverviewCounts(*(int(v or 0) for v in row))


@dataclass(frozen=True)
class UserExportRow:
    """One chat as exported: its stored fields and its number of downloads."""

    user_id: int
    registered_at: int
    lang: str
    link: str | None
    file_mode: bool
    blocked_at: int | None
    last_seen_at: int
    downloads: int


@dataclass(frozen=True)
class DownloadExportRow:
    """One download as exported."""

    id: int
    user_id: int
    downloaded_at: int
    video_id: str
    source_url: str
    is_images: bool
    is_inline: bool
    via_subscription: bool
    is_processed: bool


async def iter_users_for_export(*, batch_size: int = EXPORT_BATCH_SIZE) -> AsyncIterator[list[UserExportRow]]:
    """Every chat in ascending id order, in batches (keyset pagination, one short query each).

    Each row carries the chat's download count (an index lookup per chat, never a table scan).
    """
    downloads = (
        select(func.count()).where(Download.user_id == User.user_id).correlate(User).scalar_subquery()
    )
    columns = (User.user_id, User.registered_at, User.lang, User.link, User.file_mode, User.blocked_at,
               User.last_seen_at, downloads)
    after: int | None = None
    while True:
        stmt = select(*columns)
        if after is not None:
            stmt = stmt.where(User.user_id > after)
        async with session_scope() as s:
            rows = (await s.execute(stmt.order_by(User.user_id).limit(batch_size))).all()
        if not rows:
            return
        yield [UserExportRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], int(r[7] or 0)) for r in rows]
        if len(rows) < batch_size:
            return
        after = rows[-1][0]


async def iter_downloads_for_export(
    since: int | None = None, *, batch_size: int = EXPORT_BATCH_SIZE,
) -> AsyncIterator[list[DownloadExportRow]]:
    """Downloads at or after ``since`` (all when None), oldest first, in batches.

    Keyset pagination on ``(downloaded_at, id)`` walks the ``downloaded_at`` index, so each
    batch costs the same however far into the table it is.
    """
    columns = (Download.id, Download.user_id, Download.downloaded_at, Download.video_id, Download.source_url,
               Download.is_images, Download.is_inline, Download.via_subscription, Download.is_processed)
    last: tuple[int, int] | None = None
    while True:
        conditions = []
        if since is not None:
            conditions.append(Download.downloaded_at >= since)
        if last is not None:
            at, row_id = last
            conditions.append(Download.downloaded_at >= at)
            conditions.append(or_(Download.downloaded_at > at, and_(Download.downloaded_at == at, Download.id > row_id)))
        stmt = select(*columns)
        if conditions:
            stmt = stmt.where(*conditions)
        stmt = stmt.order_by(Download.downloaded_at, Download.id).limit(batch_size)
        async with session_scope() as s:
            rows = (await s.execute(stmt)).all()
        if not rows:
            return
        yield [DownloadExportRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), bool(r[6]), bool(r[7]), bool(r[8]))
               for r in rows]
        if len(rows) < batch_size:
            return
        last = (rows[-1][2], rows[-1][0])
