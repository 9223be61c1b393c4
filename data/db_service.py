"""The repository: every query tokdrop runs, as async functions.

Each function opens its own short transaction, or works inside ``session`` when a caller
that batches passes one (the caller then commits). Times are Unix seconds; ``now`` defaults
to the current time and exists so tests and imports can pin it.
"""
from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
import weakref
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    and_,
    case,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from data import runtime_settings
from data.chat_batcher import Batcher
from data.database import get_engine, session_scope
from data.dialect import insert_for
from data.errors import AlreadySubscribed, InvalidSetting, SubscriptionLimitReached, UnknownUser
from data.models import (
    COUNTER_COLUMNS,
    Download,
    HourlyStats,
    MediaCache,
    MediaKind,
    Music,
    Subscription,
    SubscriptionDelivery,
    SystemConfig,
    User,
)
from data.periods import HOUR, Audience, Bucket, Counts, Period, PeriodStats
from data.runtime_settings import Setting

log = logging.getLogger(__name__)


def _now(now: int | None) -> int:
    return int(time.time()) if now is None else now


def _audience_filter(column, audience: Audience):
    if audience is Audience.USERS:
        return column > 0
    if audience is Audience.GROUPS:
        return column < 0
    return None


def _where(stmt, *conditions):
    kept = [c for c in conditions if c is not None]
    return stmt.where(*kept) if kept else stmt


# ---------------------------------------------------------------- result shapes

@dataclass(frozen=True)
class UserSettings:
    """What the bot needs of a chat on every update."""

    lang: str
    file_mode: bool


@dataclass(frozen=True)
class UserStats:
    """A chat's own numbers for ``/stats``."""

    registered_at: int
    downloads: int
    slideshows: int
    music: int


@dataclass(frozen=True)
class ReferralRow:
    """Registrations through one referral link, and how many of them downloaded anything."""

    link: str
    users: int
    downloaded: int


@dataclass(frozen=True)
class ChatCounts:
    """How many private chats and groups the bot knows, and how many blocked it."""

    users: int
    groups: int
    blocked: int


@dataclass(frozen=True)
class Follower:
    """One subscription of a creator."""

    subscription_id: int
    user_id: int
    since: int


@dataclass(frozen=True)
class CreatorFollowers:
    """An actively followed creator and the chats that follow it."""

    creator: str
    followers: tuple[Follower, ...]


# ---------------------------------------------------------------- hourly counters

async def _bump(session: AsyncSession, at: int, chat_id: int, **counts: int) -> None:
    """Add ``counts`` to the hour's counter row in the caller's transaction (atomic upsert)."""
    await _bump_rows(session, [{"hour": at // HOUR, "is_group": chat_id < 0, **counts}])


async def _bump_rows(session: AsyncSession, rows: list[dict]) -> None:
    """Add to several counter rows (distinct hour/is_group keys, same counter names) in one statement."""
    counters = [name for name in rows[0] if name not in ("hour", "is_group")]
    stmt = insert_for(session, HourlyStats).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=["hour", "is_group"],
        set_={name: getattr(HourlyStats, name) + stmt.excluded[name] for name in counters},
    )
    await session.execute(stmt)


# ---------------------------------------------------------------- users

async def get_user(user_id: int, *, session: AsyncSession | None = None) -> User | None:
    """The chat's row (a detached snapshot), or None when it never talked to the bot."""
    async with session_scope(session) as s:
        return await s.get(User, user_id)


async def _insert_user(s: AsyncSession, user_id: int, lang: str, link: str | None, now: int) -> User | None:
    stmt = (
        insert_for(s, User)
        .values(user_id=user_id, registered_at=now, lang=lang, link=link, last_seen_at=now)
        .on_conflict_do_nothing(index_elements=["user_id"])
        .returning(User)
    )
    created = (await s.execute(stmt)).scalar_one_or_none()
    if created is not None:
        await _bump(s, now, user_id, new_users=1)
    return created


async def create_user(
    user_id: int, lang: str = "en", link: str | None = None, *, now: int | None = None,
    session: AsyncSession | None = None,
) -> bool:
    """Register a chat; returns False (and changes nothing, referral included) if it exists."""
    async with session_scope(session) as s:
        return await _insert_user(s, user_id, lang, link, _now(now)) is not None


async def get_or_create_user(
    user_id: int, lang: str = "en", link: str | None = None, *, now: int | None = None,
    session: AsyncSession | None = None,
) -> tuple[User, bool]:
    """The chat's row, registering it first if needed; ``(user, created)``.

    Known chats cost one primary-key read; concurrent first contacts register exactly once.
    """
    async with session_scope(session) as s:
        user = await s.get(User, user_id)
        if user is not None:
            return user, False
        created = await _insert_user(s, user_id, lang, link, _now(now))
        if created is not None:
            return created, True
        return (await s.execute(select(User).where(User.user_id == user_id))).scalar_one(), False


@dataclass(frozen=True)
class ChatVisit:
    """An update from a chat: register it (with ``lang`` and ``link``) if new; ``unblock`` if it wrote."""

    chat_id: int
    lang: str
    link: str | None = None
    unblock: bool = False


@dataclass(frozen=True)
class ChatRow:
    """What the bot needs of a chat on every update."""

    user_id: int
    lang: str
    file_mode: bool
    blocked_at: int | None
    last_seen_at: int
    created: bool = False


LAST_SEEN_RESOLUTION = 60
_CHAT_COLUMNS = (User.user_id, User.lang, User.file_mode, User.blocked_at, User.last_seen_at)


def _chat_row(row, *, created: bool = False) -> ChatRow:
    return ChatRow(row.user_id, row.lang, bool(row.file_mode), row.blocked_at, row.last_seen_at, created)


async def load_chats(
    visits: Iterable[ChatVisit], *, now: int | None = None, session: AsyncSession | None = None,
) -> dict[int, ChatRow]:
    """Load many chats, registering new ones, in one short transaction (a handful of statements).

    A chat's first visit wins (its referral link is kept, later ones ignored); last-seen times
    are refreshed when older than a minute; chats that wrote to the bot are unblocked.
    """
    at = _now(now)
    first: dict[int, ChatVisit] = {}
    for visit in visits:
        first.setdefault(visit.chat_id, visit)
    if not first:
        return {}
    async with session_scope(session) as s:
        selected = await s.execute(select(*_CHAT_COLUMNS).where(User.user_id.in_(list(first))))
        found = {row.user_id: _chat_row(row) for row in selected.all()}
        missing = [v for chat_id, v in first.items() if chat_id not in found]
        if missing:
            inserted = (await s.execute(
                insert_for(s, User).values([
                    {"user_id": v.chat_id, "registered_at": at, "lang": v.lang, "link": v.link,
                     "last_seen_at": at} for v in missing
                ]).on_conflict_do_nothing(index_elements=["user_id"]).returning(*_CHAT_COLUMNS)
            )).all()
            found.update((row.user_id, _chat_row(row, created=True)) for row in inserted)
            groups = sum(1 for row in inserted if row.user_id < 0)
            counts = [(False, len(inserted) - groups), (True, groups)]
            if inserted:
                await _bump_rows(s, [{"hour": at // HOUR, "is_group": g, "new_users": n} for g, n in counts if n])
            raced = [v.chat_id for v in missing if v.chat_id not in found]
            if raced:  # registered by another process between our SELECT and INSERT
                again = await s.execute(select(*_CHAT_COLUMNS).where(User.user_id.in_(raced)))
                found.update((row.user_id, _chat_row(row)) for row in again.all())
        stale = [r.user_id for r in found.values() if not r.created and at - r.last_seen_at >= LAST_SEEN_RESOLUTION]
        if stale:
            await s.execute(update(User).where(User.user_id.in_(stale)).values(last_seen_at=at))
        unblocked = [c for c, v in first.items() if v.unblock and found[c].blocked_at is not None]
        if unblocked:
            await s.execute(update(User).where(User.user_id.in_(unblocked)).values(blocked_at=None))
            for chat_id in unblocked:
                found[chat_id] = dataclasses.replace(found[chat_id], blocked_at=None)
    return found


_visit_batchers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


async def visit_chat(visit: ChatVisit) -> ChatRow:
    """Load (registering if new) the chat an update came from; concurrent visits share one transaction."""
    loop = asyncio.get_running_loop()
    batcher = _visit_batchers.get(loop)
    if batcher is None:
        batcher = _visit_batchers[loop] = Batcher(load_chats, key=lambda v: v.chat_id)
    return await batcher.submit(visit)


async def _update_user(session: AsyncSession | None, user_id: int, **values) -> bool:
    async with session_scope(session) as s:
        result = await s.execute(update(User).where(User.user_id == user_id).values(**values))
        return result.rowcount > 0


async def update_lang(user_id: int, lang: str, *, session: AsyncSession | None = None) -> bool:
    """Set the chat's language; False if the chat is unknown."""
    return await _update_user(session, user_id, lang=lang)


async def update_file_mode(user_id: int, file_mode: bool, *, session: AsyncSession | None = None) -> bool:
    """Turn file mode (media as documents) on or off; False if the chat is unknown."""
    return await _update_user(session, user_id, file_mode=file_mode)


async def get_user_settings(user_id: int, *, session: AsyncSession | None = None) -> UserSettings | None:
    """Language and file mode in one query, or None for an unknown chat."""
    async with session_scope(session) as s:
        row = (await s.execute(select(User.lang, User.file_mode).where(User.user_id == user_id))).first()
    return None if row is None else UserSettings(row.lang, bool(row.file_mode))


async def set_blocked(
    user_id: int, blocked: bool, *, now: int | None = None, session: AsyncSession | None = None,
) -> bool:
    """Record that the chat blocked the bot (or unblocked it); False if the chat is unknown."""
    return await _update_user(session, user_id, blocked_at=_now(now) if blocked else None)


async def touch_last_seen(user_id: int, *, now: int | None = None, session: AsyncSession | None = None) -> bool:
    """Set the chat's last activity time; False if the chat is unknown."""
    return await _update_user(session, user_id, last_seen_at=_now(now))


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


# ---------------------------------------------------------------- recording

async def add_download(
    user_id: int, source_url: str, video_id: str, *, is_images: bool = False, is_inline: bool = False,
    via_subscription: bool = False, is_processed: bool = True, now: int | None = None,
    session: AsyncSession | None = None,
) -> int:
    """Record a delivered post and count it in the same transaction; returns the row id."""
    at = _now(now)
    async with session_scope(session) as s:
        try:
            download_id = (await s.execute(
                insert_for(s, Download).values(
                    user_id=user_id, downloaded_at=at, source_url=source_url[:512], video_id=video_id,
                    is_images=is_images, is_inline=is_inline, via_subscription=via_subscription,
                    is_processed=is_processed,
                ).returning(Download.id)
            )).scalar_one()
        except IntegrityError as exc:
            raise UnknownUser(user_id) from exc
        await _bump(
            s, at, user_id, downloads=1, slideshows=int(is_images), inline=int(is_inline),
            via_subscription=int(via_subscription),
        )
        return download_id


async def add_music(
    user_id: int, video_id: str, *, now: int | None = None, session: AsyncSession | None = None,
) -> int:
    """Record a sound extracted from a post; returns the row id."""
    at = _now(now)
    async with session_scope(session) as s:
        try:
            music_id = (await s.execute(
                insert_for(s, Music).values(user_id=user_id, downloaded_at=at, video_id=video_id)
                .returning(Music.id)
            )).scalar_one()
        except IntegrityError as exc:
            raise UnknownUser(user_id) from exc
        await _bump(s, at, user_id, music=1)
        return music_id


# ---------------------------------------------------------------- per-chat numbers

async def get_user_stats(user_id: int, *, session: AsyncSession | None = None) -> UserStats | None:
    """Registration time and download, slideshow and music counts in one round trip."""
    mine = Download.user_id == user_id
    stmt = select(
        User.registered_at,
        select(func.count()).where(mine).scalar_subquery(),
        select(func.count()).where(mine, Download.is_images.is_(True)).scalar_subquery(),
        select(func.count()).where(Music.user_id == user_id).scalar_subquery(),
    ).where(User.user_id == user_id)
    async with session_scope(session) as s:
        row = (await s.execute(stmt)).first()
    return None if row is None else UserStats(*row)


async def download_history(
    user_id: int, *, limit: int = 10, before_id: int | None = None, session: AsyncSession | None = None,
) -> list[Download]:
    """The chat's downloads, newest first; pass the last row's id as ``before_id`` for the next page."""
    stmt = select(Download).where(Download.user_id == user_id)
    if before_id is not None:
        stmt = stmt.where(Download.id < before_id)
    stmt = stmt.order_by(Download.id.desc()).limit(limit)
    async with session_scope(session) as s:
        return list((await s.execute(stmt)).scalars())


# ---------------------------------------------------------------- period statistics

_ZERO, _ONE = literal(0, BigInteger), literal(1, BigInteger)


def _flag(column):
    """1 where a boolean column is true, else 0 (sums the same on both databases)."""
    return case((column.is_(True), _ONE), else_=_ZERO)


def _raw_ranges(column, ranges: list[tuple[int, int]]):
    return or_(*(and_(column >= lo, column < hi) for lo, hi in ranges))


def _raw_event_selects(
    width: int, *, ranges: list[tuple[int, int]] | None = None, audience: Audience = Audience.ALL,
    split_groups: bool = False,
):
    """SELECTs of the raw event rows, one per table, shaped like the hourly counters."""
    sources = (
        (Download.downloaded_at, Download.user_id, (
            _ONE, _flag(Download.is_images), _flag(Download.is_inline),
            _flag(Download.via_subscription), _ZERO, _ZERO)),
        (Music.downloaded_at, Music.user_id, (_ZERO, _ZERO, _ZERO, _ZERO, _ONE, _ZERO)),
        (User.registered_at, User.user_id, (_ZERO, _ZERO, _ZERO, _ZERO, _ZERO, _ONE)),
    )
    for at, chat, counters in sources:
        columns = [(at // width).label("b")]
        if split_groups:
            columns.append((chat < 0).label("is_group"))
        columns += [value.label(name) for value, name in zip(counters, COUNTER_COLUMNS)]
        yield _where(select(*columns), None if ranges is None else _raw_ranges(at, ranges),
                     _audience_filter(chat, audience))


def _period_rows(period: Period, audience: Audience, bucket: Bucket):
    """One UNION ALL statement: whole hours from the counters, edge hours from raw rows."""
    width = int(bucket)
    start, end = period.start, period.end
    first_hour = None if start is None else -(-start // HOUR)
    end_hour = end // HOUR
    parts = []
    raw: list[tuple[int, int]]
    if first_hour is not None and first_hour >= end_hour:
        raw = [(start, end)]
    else:
        parts.append(_where(
            select(
                (HourlyStats.hour // (width // HOUR)).label("b"),
                *(getattr(HourlyStats, name).label(name) for name in COUNTER_COLUMNS),
            ),
            HourlyStats.hour < end_hour,
            None if first_hour is None else HourlyStats.hour >= first_hour,
            None if audience is Audience.ALL else HourlyStats.is_group.is_(audience is Audience.GROUPS),
        ))
        raw = [(end_hour * HOUR, end)]
        if start is not None:
            raw.insert(0, (start, first_hour * HOUR))
    raw = [(lo, hi) for lo, hi in raw if lo < hi]
    if raw:
        parts.extend(_raw_event_selects(width, ranges=raw, audience=audience))
    rows = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    return (
        select(rows.c.b, *(func.sum(rows.c[name]) for name in COUNTER_COLUMNS))
        .group_by(rows.c.b)
        .order_by(rows.c.b)
    )


async def period_stats(
    period: Period, audience: Audience = Audience.ALL, bucket: Bucket = Bucket.DAY, *,
    session: AsyncSession | None = None,
) -> PeriodStats:
    """Downloads, slideshows, inline, subscription deliveries, music and new chats for a period.

    Totals plus a zero-filled series of UTC buckets, computed by one SQL statement whose cost
    depends on the number of hours in the period, not on the number of rows.
    """
    bucket, audience = Bucket(bucket), Audience(audience)
    result = PeriodStats(period, audience, bucket)
    if period.start == period.end:
        return result
    async with session_scope(session) as s:
        rows = (await s.execute(_period_rows(period, audience, bucket))).all()
    width = int(bucket)
    by_bucket = {int(row[0]): Counts(*(int(v or 0) for v in row[1:])) for row in rows}
    for counts in by_bucket.values():
        result.totals.add(counts)
    if period.start is not None:
        first = period.start // width
    elif by_bucket:
        first = min(by_bucket)
    else:
        return result
    last = (period.end - 1) // width
    result.series = [(b * width, by_bucket.get(b, Counts())) for b in range(first, last + 1)]
    return result


async def rebuild_hourly_stats(*, session: AsyncSession | None = None) -> int:
    """Recompute every hourly counter from the raw rows (after imports or manual edits).

    Returns the number of counter rows written.
    """
    raw = union_all(*_raw_event_selects(HOUR, split_groups=True)).subquery()
    grouped = select(
        raw.c.b, raw.c.is_group, *(func.sum(raw.c[name]) for name in COUNTER_COLUMNS),
    ).group_by(raw.c.b, raw.c.is_group)
    async with session_scope(session) as s:
        await s.execute(delete(HourlyStats))
        await s.execute(
            HourlyStats.__table__.insert().from_select(["hour", "is_group", *COUNTER_COLUMNS], grouped)
        )
        return (await s.execute(select(func.count()).select_from(HourlyStats))).scalar_one()


# ---------------------------------------------------------------- operator views

async def referral_stats(limit: int = 20, *, session: AsyncSession | None = None) -> list[ReferralRow]:
    """Top referral links by registrations, with how many of those chats downloaded anything."""
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


async def top_languages(limit: int = 10, *, session: AsyncSession | None = None) -> list[tuple[str, int]]:
    """Languages by number of chats, most common first."""
    stmt = (
        select(User.lang, func.count().label("n")).group_by(User.lang)
        .order_by(func.count().desc(), User.lang).limit(limit)
    )
    async with session_scope(session) as s:
        return [(lang, n) for lang, n in (await s.execute(stmt)).all()]


async def file_mode_count(*, session: AsyncSession | None = None) -> int:
    """How many chats have file mode on."""
    async with session_scope(session) as s:
        return (await s.execute(
            select(func.count()).select_from(User).where(User.file_mode.is_(True))
        )).scalar_one()


async def top_users(limit: int = 10, *, session: AsyncSession | None = None) -> list[tuple[int, int]]:
    """Chats with the most downloads: ``(user_id, downloads)``, most first."""
    stmt = (
        select(Download.user_id, func.count().label("n")).group_by(Download.user_id)
        .order_by(func.count().desc(), Download.user_id).limit(limit)
    )
    async with session_scope(session) as s:
        return [(uid, n) for uid, n in (await s.execute(stmt)).all()]


# ---------------------------------------------------------------- ads

async def increment_ad_count(user_id: int, *, session: AsyncSession | None = None) -> int | None:
    """Count one more download since the last ad, atomically; the new count, or None if unknown."""
    async with session_scope(session) as s:
        return (await s.execute(
            update(User).where(User.user_id == user_id)
            .values(ad_count=User.ad_count + 1).returning(User.ad_count)
        )).scalar_one_or_none()


async def should_show_ad(user_id: int, *, now: int | None = None, session: AsyncSession | None = None) -> bool:
    """Whether the chat is due an ad: enough downloads since the last one and out of cooldown.

    An unknown chat is never due one.
    """
    async with session_scope(session) as s:
        threshold = await get_setting(Setting.AD_THRESHOLD, session=s)
        due = (await s.execute(select(User.user_id).where(
            User.user_id == user_id, User.ad_count >= threshold, User.ad_cooldown <= _now(now),
        ))).first()
    return due is not None


async def record_ad_shown(user_id: int, *, now: int | None = None, session: AsyncSession | None = None) -> bool:
    """Reset the chat's ad counter and start its cooldown; False if the chat is unknown."""
    async with session_scope(session) as s:
        hours = await get_setting(Setting.AD_COOLDOWN_HOURS, session=s)
        return await _update_user(s, user_id, ad_count=0, ad_cooldown=_now(now) + hours * HOUR)


async def claim_ad(user_id: int, *, now: int | None = None, session: AsyncSession | None = None) -> bool:
    """Atomically check that an ad is due and record it as shown, so two workers never both show one."""
    at = _now(now)
    async with session_scope(session) as s:
        settings = await get_settings([Setting.AD_THRESHOLD, Setting.AD_COOLDOWN_HOURS], session=s)
        claimed = await s.execute(
            update(User)
            .where(User.user_id == user_id, User.ad_count >= settings[Setting.AD_THRESHOLD],
                   User.ad_cooldown <= at)
            .values(ad_count=0, ad_cooldown=at + settings[Setting.AD_COOLDOWN_HOURS] * HOUR)
        )
        return claimed.rowcount > 0


# ---------------------------------------------------------------- audiences

def _audience_conditions(audience: Audience, lang: str | None, include_blocked: bool):
    return (
        _audience_filter(User.user_id, Audience(audience)),
        None if lang is None else User.lang == lang,
        None if include_blocked else User.blocked_at.is_(None),
    )


async def count_audience(
    audience: Audience = Audience.ALL, *, lang: str | None = None, include_blocked: bool = False,
    session: AsyncSession | None = None,
) -> int:
    """How many chats ``iter_audience`` with the same filters yields."""
    stmt = _where(select(func.count()).select_from(User), *_audience_conditions(audience, lang, include_blocked))
    async with session_scope(session) as s:
        return (await s.execute(stmt)).scalar_one()


async def iter_audience(
    audience: Audience = Audience.ALL, *, lang: str | None = None, include_blocked: bool = False,
    batch_size: int = 1000,
) -> AsyncIterator[list[int]]:
    """Chat ids in ascending batches (keyset pagination, one short query per batch)."""
    conditions = _audience_conditions(audience, lang, include_blocked)
    after: int | None = None
    while True:
        stmt = _where(select(User.user_id), *conditions,
                      None if after is None else User.user_id > after)
        async with session_scope() as s:
            ids = list((await s.execute(stmt.order_by(User.user_id).limit(batch_size))).scalars())
        if not ids:
            return
        yield ids
        if len(ids) < batch_size:
            return
        after = ids[-1]


# ---------------------------------------------------------------- subscriptions

async def add_subscription(
    user_id: int, creator: str, *, limit: int, now: int | None = None, session: AsyncSession | None = None,
) -> Subscription:
    """Follow ``creator``; re-following an inactive subscription restarts it from now.

    Raises UnknownUser, AlreadySubscribed or SubscriptionLimitReached. The chat's row is
    written first so concurrent calls for one chat serialise and the limit holds.
    """
    at = _now(now)
    creator = creator.lower()
    async with session_scope(session) as s:
        # A no-op write that locks the chat's row (PostgreSQL) or the database (SQLite).
        locked = await s.execute(
            update(User).where(User.user_id == user_id).values(last_seen_at=User.last_seen_at)
        )
        if locked.rowcount == 0:
            raise UnknownUser(user_id)
        existing = (await s.execute(select(Subscription).where(
            Subscription.user_id == user_id, Subscription.creator == creator,
        ))).scalar_one_or_none()
        if existing is not None and existing.active:
            raise AlreadySubscribed(user_id, creator)
        active = (await s.execute(select(func.count()).select_from(Subscription).where(
            Subscription.user_id == user_id, Subscription.active.is_(True),
        ))).scalar_one()
        if active >= limit:
            raise SubscriptionLimitReached(user_id, limit)
        if existing is not None:
            existing.active, existing.created_at, existing.last_checked_at = True, at, None
            await s.flush()
            return existing
        subscription = Subscription(user_id=user_id, creator=creator, created_at=at, active=True)
        s.add(subscription)
        await s.flush()
        return subscription


async def remove_subscription(user_id: int, creator: str, *, session: AsyncSession | None = None) -> bool:
    """Stop following ``creator``; False if the chat did not follow it."""
    async with session_scope(session) as s:
        result = await s.execute(delete(Subscription).where(
            Subscription.user_id == user_id, Subscription.creator == creator.lower(),
        ))
        return result.rowcount > 0


async def list_subscriptions(
    user_id: int, *, include_inactive: bool = False, session: AsyncSession | None = None,
) -> list[Subscription]:
    """The chat's subscriptions, alphabetically by creator."""
    stmt = _where(select(Subscription), Subscription.user_id == user_id,
                  None if include_inactive else Subscription.active.is_(True))
    async with session_scope(session) as s:
        return list((await s.execute(stmt.order_by(Subscription.creator))).scalars())


async def active_creators(*, session: AsyncSession | None = None) -> list[CreatorFollowers]:
    """Every actively followed creator with its followers; chats that blocked the bot are paused."""
    stmt = (
        select(Subscription.creator, Subscription.id, Subscription.user_id, Subscription.created_at)
        .join(User, User.user_id == Subscription.user_id)
        .where(Subscription.active.is_(True), User.blocked_at.is_(None))
        .order_by(Subscription.creator, Subscription.id)
    )
    grouped: dict[str, list[Follower]] = {}
    async with session_scope(session) as s:
        for creator, sub_id, uid, since in (await s.execute(stmt)).all():
            grouped.setdefault(creator, []).append(Follower(sub_id, uid, since))
    return [CreatorFollowers(creator, tuple(followers)) for creator, followers in grouped.items()]


async def mark_creator_checked(creator: str, *, now: int | None = None, session: AsyncSession | None = None) -> int:
    """Stamp every active subscription of ``creator`` as checked; returns how many."""
    async with session_scope(session) as s:
        result = await s.execute(
            update(Subscription)
            .where(Subscription.creator == creator.lower(), Subscription.active.is_(True))
            .values(last_checked_at=_now(now))
        )
        return result.rowcount


async def deactivate_creator(creator: str, *, session: AsyncSession | None = None) -> list[int]:
    """Deactivate every subscription of a creator that vanished; returns the affected chat ids."""
    async with session_scope(session) as s:
        result = await s.execute(
            update(Subscription)
            .where(Subscription.creator == creator.lower(), Subscription.active.is_(True))
            .values(active=False)
            .returning(Subscription.user_id)
        )
        return sorted(result.scalars())


async def record_delivery(
    subscription_id: int, video_id: str, *, now: int | None = None, session: AsyncSession | None = None,
) -> bool:
    """Record that a post reached a subscription; False if it was already recorded."""
    async with session_scope(session) as s:
        result = await s.execute(
            insert_for(s, SubscriptionDelivery)
            .values(subscription_id=subscription_id, video_id=video_id, delivered_at=_now(now))
            .on_conflict_do_nothing(index_elements=["subscription_id", "video_id"])
        )
        return result.rowcount > 0


async def delivered_video_ids(
    subscription_id: int, video_ids: Iterable[str], *, session: AsyncSession | None = None,
) -> set[str]:
    """Which of ``video_ids`` the subscription already received."""
    wanted = list(video_ids)
    if not wanted:
        return set()
    async with session_scope(session) as s:
        return set((await s.execute(select(SubscriptionDelivery.video_id).where(
            SubscriptionDelivery.subscription_id == subscription_id,
            SubscriptionDelivery.video_id.in_(wanted),
        ))).scalars())


# ---------------------------------------------------------------- media cache

@dataclass(frozen=True)
class CachedMedia:
    """Telegram file ids of a post (ordered for slideshows) and what a cached send needs."""

    file_ids: list[str]
    meta: dict


async def get_cached_media(
    video_id: str, kind: MediaKind, *, session: AsyncSession | None = None,
) -> CachedMedia | None:
    """The cached file ids and metadata of a post, or None."""
    async with session_scope(session) as s:
        row = (await s.execute(select(MediaCache.file_ids, MediaCache.meta).where(
            MediaCache.video_id == video_id, MediaCache.kind == MediaKind(kind),
        ))).first()
    return None if row is None else CachedMedia(list(row.file_ids), dict(row.meta or {}))


async def find_cached_media(
    video_id: str, kinds: Iterable[MediaKind], *, session: AsyncSession | None = None,
) -> tuple[MediaKind, CachedMedia] | None:
    """The first of ``kinds`` cached for a post (in the order given), in one query; or None."""
    order = [MediaKind(k) for k in kinds]
    async with session_scope(session) as s:
        rows = {row.kind: row for row in (await s.execute(
            select(MediaCache.kind, MediaCache.file_ids, MediaCache.meta)
            .where(MediaCache.video_id == video_id, MediaCache.kind.in_(order))
        )).all()}
    for kind in order:
        if kind in rows:
            return kind, CachedMedia(list(rows[kind].file_ids), dict(rows[kind].meta or {}))
    return None


async def put_cached_media(
    video_id: str, kind: MediaKind, file_ids: list[str], meta: dict | None = None, *,
    now: int | None = None, session: AsyncSession | None = None,
) -> None:
    """Store (or replace) the file ids of a post, with optional metadata for cached sends."""
    if not file_ids or not all(isinstance(f, str) and f for f in file_ids):
        raise ValueError("file_ids must be a non-empty list of non-empty strings")
    async with session_scope(session) as s:
        stmt = insert_for(s, MediaCache).values(
            video_id=video_id, kind=MediaKind(kind), file_ids=list(file_ids), meta=meta,
            created_at=_now(now),
        )
        await s.execute(stmt.on_conflict_do_update(
            index_elements=["video_id", "kind"],
            set_={"file_ids": stmt.excluded.file_ids, "meta": stmt.excluded.meta,
                  "created_at": stmt.excluded.created_at},
        ))


async def drop_cached_media(video_id: str, kind: MediaKind, *, session: AsyncSession | None = None) -> bool:
    """Forget a post's file ids (Telegram rejected them); False if none were stored."""
    async with session_scope(session) as s:
        result = await s.execute(delete(MediaCache).where(
            MediaCache.video_id == video_id, MediaCache.kind == MediaKind(kind),
        ))
        return result.rowcount > 0


# ---------------------------------------------------------------- runtime settings

def _checked(key: Setting, stored: object) -> object:
    try:
        return runtime_settings.validate(key, stored)
    except InvalidSetting as exc:
        log.warning("stored runtime setting ignored, using its default: %s", exc)
        return runtime_settings.default_of(key)


async def get_settings(
    keys: Iterable[Setting] | None = None, *, session: AsyncSession | None = None,
) -> dict[Setting, object]:
    """Current values of ``keys`` (default: all), defaults filled in, in one query."""
    wanted = [Setting(k) for k in (keys if keys is not None else Setting)]
    async with session_scope(session) as s:
        stored = dict((await s.execute(
            select(SystemConfig.key, SystemConfig.value).where(SystemConfig.key.in_([k.value for k in wanted]))
        )).all())
    return {
        key: _checked(key, stored[key.value]) if key.value in stored else runtime_settings.default_of(key)
        for key in wanted
    }


SETTINGS_MAX_AGE = 2.0
_settings_cache: tuple[object, float, dict[Setting, object]] | None = None  # (engine, read at, values)
_settings_version = 0  # bumped by every set_setting, so a read that overlapped it is not cached


async def get_settings_cached(max_age: float = SETTINGS_MAX_AGE) -> dict[Setting, object]:
    """All runtime settings, re-read at most every ``max_age`` seconds (for per-update checks).

    A change made in this process is seen at once; other processes see it within ``max_age``.
    """
    global _settings_cache
    now, engine = time.monotonic(), get_engine()
    cached = _settings_cache
    if cached is not None and cached[0] is engine and now - cached[1] <= max_age:
        return cached[2]
    version = _settings_version
    values = await get_settings()
    if version == _settings_version:  # no set_setting meanwhile: these values are not stale
        _settings_cache = (engine, now, values)
    return values


async def get_setting(key: Setting, *, session: AsyncSession | None = None):
    """Current value of one runtime setting (its default until an admin sets it)."""
    return (await get_settings([key], session=session))[Setting(key)]


async def set_setting(
    key: Setting, value: object, *, now: int | None = None, session: AsyncSession | None = None,
) -> None:
    """Validate and store a runtime setting; raises InvalidSetting for a bad value."""
    global _settings_cache, _settings_version
    key = Setting(key)
    value = runtime_settings.validate(key, value)
    async with session_scope(session) as s:
        stmt = insert_for(s, SystemConfig).values(key=key.value, value=value, updated_at=_now(now))
        await s.execute(stmt.on_conflict_do_update(
            index_elements=["key"], set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at},
        ))
    _settings_version += 1
    _settings_cache = None

from data.admin_queries import *  # operator queries
from data.broadcast_store import *  # broadcast queries
from data.lease_store import *  # background job leases
from data.metrics_queries import *  # /metrics scrape queries
from data.send_budget_store import *  # the send budget shared by processes
from data.subscription_store import *  # subscription polling queries
