"""Operator views: the numbers behind ``/stats``, ``/referrals``, ``/top`` and the overview.

Vocabulary: ``users.link`` is a chat's referral code; these views speak of ``referral``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, exists, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.common import audience_filter, kept
from data.models import Download, Platform, Subscription, User
from data.periods import Audience, Period


@dataclass(frozen=True)
class ReferralRow:
    """Registrations through one referral code, and how many of them downloaded anything."""

    referral: str
    chats: int
    downloaded: int


@dataclass(frozen=True)
class ChatCounts:
    """How many private chats and groups the bot knows, and how many blocked it."""

    users: int
    groups: int
    blocked: int


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


async def chat_counts(*, session: AsyncSession | None = None) -> ChatCounts:
    """Private chats, groups and blocked chats, in one query."""
    stmt = select(
        func.count().filter(User.user_id > 0),
        func.count().filter(User.user_id < 0),
        func.count().filter(User.blocked_at.is_not(None)),
    )
    async with session_scope(session) as s:
        users, groups, blocked = (await s.execute(stmt)).one()
    return ChatCounts(users, groups, blocked)


async def overview_counts(
    audience: Audience = Audience.ALL,
    *,
    session: AsyncSession | None = None,
) -> OverviewCounts:
    """Users, groups, blocked chats, active subscriptions and followed creators in one query."""
    chats = select(
        func.count().filter(User.user_id > 0),
        func.count().filter(User.user_id < 0),
        func.count().filter(
            User.blocked_at.is_not(None), *kept(audience_filter(User.user_id, audience))
        ),
    ).subquery()
    subs = (
        select(
            func.count(Subscription.id),
            func.count(func.distinct(Subscription.creator)),
        )
        .where(
            Subscription.active.is_(True), *kept(audience_filter(Subscription.user_id, audience))
        )
        .subquery()
    )
    stmt = select(*chats.c, *subs.c).select_from(chats.join(subs, true()))
    async with session_scope(session) as s:
        row = (await s.execute(stmt)).one()
    return OverviewCounts(*(int(v or 0) for v in row))


async def downloads_per_platform(
    period: Period,
    audience: Audience = Audience.ALL,
    *,
    session: AsyncSession | None = None,
) -> dict[Platform, int]:
    """Downloads in ``period`` per platform, in :class:`Platform` order; platforms without
    any are left out. One GROUP BY over the period's rows, read from
    ``ix_downloads_downloaded_at_platform_user_id`` alone (no table rows)."""
    stmt = select(Download.platform, func.count()).where(
        Download.downloaded_at < period.end,
        *kept(
            None if period.start is None else Download.downloaded_at >= period.start,
            audience_filter(Download.user_id, audience),
        ),
    )
    async with session_scope(session) as s:
        counts = dict((await s.execute(stmt.group_by(Download.platform))).all())
    return {p: int(counts[p]) for p in Platform if counts.get(p)}


async def referral_stats(
    limit: int = 20,
    *,
    session: AsyncSession | None = None,
) -> list[ReferralRow]:
    """Top referral codes by registrations, with how many of those chats downloaded anything."""
    downloaded = exists().where(Download.user_id == User.user_id)
    stmt = (
        select(User.link, func.count().label("n"), func.sum(case((downloaded, 1), else_=0)))
        .where(User.link.is_not(None))
        .group_by(User.link)
        .order_by(func.count().desc(), User.link)
        .limit(limit)
    )
    async with session_scope(session) as s:
        return [ReferralRow(link, n, int(d or 0)) for link, n, d in (await s.execute(stmt)).all()]


async def top_languages(
    limit: int = 10,
    *,
    session: AsyncSession | None = None,
) -> list[tuple[str, int]]:
    """Languages by number of chats, most common first."""
    stmt = (
        select(User.lang, func.count().label("n"))
        .group_by(User.lang)
        .order_by(func.count().desc(), User.lang)
        .limit(limit)
    )
    async with session_scope(session) as s:
        return [(lang, n) for lang, n in (await s.execute(stmt)).all()]


async def file_mode_count(*, session: AsyncSession | None = None) -> int:
    """How many chats have file mode on."""
    async with session_scope(session) as s:
        return (
            await s.execute(select(func.count()).select_from(User).where(User.file_mode.is_(True)))
        ).scalar_one()


async def top_chats(
    limit: int = 10,
    *,
    session: AsyncSession | None = None,
) -> list[tuple[int, int]]:
    """Chats with the most downloads: ``(chat_id, downloads)``, most first."""
    stmt = (
        select(Download.user_id, func.count().label("n"))
        .group_by(Download.user_id)
        .order_by(func.count().desc(), Download.user_id)
        .limit(limit)
    )
    async with session_scope(session) as s:
        return [(chat_id, n) for chat_id, n in (await s.execute(stmt)).all()]
