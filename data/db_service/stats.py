"""Hourly counters and period statistics.

Every recorded event (download, sound, new chat) adds to its hour's ``hourly_stats`` row in
the recording transaction (:func:`count_events`), so counters change atomically with the
rows they count. :func:`period_stats` answers from whole-hour counters plus the raw rows of
the period's edge hours; :func:`rebuild_hourly_stats` recomputes the counters from raw rows.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, and_, case, delete, func, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.common import audience_filter, insert_for, where
from data.models import COUNTER_COLUMNS, Download, HourlyStats, Music, User
from data.periods import HOUR, Audience, Bucket, Counts, Period, PeriodStats


async def count_events(
    session: AsyncSession,
    at: int,
    chat_ids: list[int],
    **counts: list[int],
) -> None:
    """Add per-chat ``counts`` (one list entry per chat of ``chat_ids``) to the counters of
    ``at``'s hour, private chats and groups apart, in the caller's transaction (one upsert)."""
    totals: dict[bool, dict[str, int]] = {}
    for i, chat_id in enumerate(chat_ids):
        row = totals.setdefault(chat_id < 0, dict.fromkeys(counts, 0))
        for name, values in counts.items():
            row[name] += values[i]
    rows = [{"hour": at // HOUR, "is_group": is_group, **row} for is_group, row in totals.items()]
    if not rows:
        return
    stmt = insert_for(session, HourlyStats).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=["hour", "is_group"],
        set_={name: getattr(HourlyStats, name) + stmt.excluded[name] for name in counts},
    )
    await session.execute(stmt)


_ZERO, _ONE = literal(0, BigInteger), literal(1, BigInteger)


def _flag(column):
    """1 where a boolean column is true, else 0 (sums the same on both databases)."""
    return case((column.is_(True), _ONE), else_=_ZERO)


def _raw_ranges(column, ranges: list[tuple[int, int]]):
    return or_(*(and_(column >= lo, column < hi) for lo, hi in ranges))


def _raw_event_selects(
    width: int,
    *,
    ranges: list[tuple[int, int]] | None = None,
    audience: Audience = Audience.ALL,
    split_groups: bool = False,
):
    """SELECTs of the raw event rows, one per table, shaped like the hourly counters."""
    sources = (
        (
            Download.downloaded_at,
            Download.user_id,
            (
                _ONE,
                _flag(Download.is_images),
                _flag(Download.is_inline),
                _flag(Download.via_subscription),
                _ZERO,
                _ZERO,
            ),
        ),
        (Music.downloaded_at, Music.user_id, (_ZERO, _ZERO, _ZERO, _ZERO, _ONE, _ZERO)),
        (User.registered_at, User.user_id, (_ZERO, _ZERO, _ZERO, _ZERO, _ZERO, _ONE)),
    )
    for at, chat, counters in sources:
        columns = [(at // width).label("b")]
        if split_groups:
            columns.append((chat < 0).label("is_group"))
        columns += [
            value.label(name) for value, name in zip(counters, COUNTER_COLUMNS, strict=True)
        ]
        yield where(
            select(*columns),
            None if ranges is None else _raw_ranges(at, ranges),
            audience_filter(chat, audience),
        )


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
        parts.append(
            where(
                select(
                    (HourlyStats.hour // (width // HOUR)).label("b"),
                    *(getattr(HourlyStats, name).label(name) for name in COUNTER_COLUMNS),
                ),
                HourlyStats.hour < end_hour,
                None if first_hour is None else HourlyStats.hour >= first_hour,
                None
                if audience is Audience.ALL
                else HourlyStats.is_group.is_(audience is Audience.GROUPS),
            )
        )
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
    period: Period,
    audience: Audience = Audience.ALL,
    bucket: Bucket = Bucket.DAY,
    *,
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
        raw.c.b,
        raw.c.is_group,
        *(func.sum(raw.c[name]) for name in COUNTER_COLUMNS),
    ).group_by(raw.c.b, raw.c.is_group)
    async with session_scope(session) as s:
        await s.execute(delete(HourlyStats))
        await s.execute(
            HourlyStats.__table__.insert().from_select(
                ["hour", "is_group", *COUNTER_COLUMNS], grouped
            )
        )
        return (await s.execute(select(func.count()).select_from(HourlyStats))).scalar_one()


async def raw_events_per_block(
    first_hour: int, end_hour: int, block_hours: int, *, session: AsyncSession | None = None
) -> dict[int, int]:
    """Raw event rows (downloads, sounds, registrations) of the hours ``[first_hour,
    end_hour)`` per block of ``block_hours`` hours (block number: hour // block_hours), counted
    in SQL from the time indexes; blocks without events are absent."""
    if end_hour <= first_hour:
        return {}
    raw = union_all(
        *_raw_event_selects(HOUR * block_hours, ranges=[(first_hour * HOUR, end_hour * HOUR)])
    ).subquery()
    async with session_scope(session) as s:
        rows = await s.execute(select(raw.c.b, func.count()).group_by(raw.c.b))
        return {int(block): int(n) for block, n in rows}


async def rebuild_hourly_stats_range(
    first_hour: int, end_hour: int, *, session: AsyncSession | None = None
) -> int:
    """Recompute the counters of the hours ``[first_hour, end_hour)`` (hour numbers: Unix time
    // 3600) from the raw rows, read by their time indexes; other hours are left alone.

    The counters are upserted, so a bot process counting an event of one of these hours at
    the same time adds to the recomputed row instead of failing. Returns the rows written.
    """
    if end_hour <= first_hour:
        return 0
    raw = union_all(
        *_raw_event_selects(HOUR, ranges=[(first_hour * HOUR, end_hour * HOUR)], split_groups=True)
    ).subquery()
    grouped = select(
        raw.c.b,
        raw.c.is_group,
        *(func.sum(raw.c[name]) for name in COUNTER_COLUMNS),
    ).group_by(raw.c.b, raw.c.is_group)
    async with session_scope(session) as s:
        await s.execute(
            delete(HourlyStats).where(HourlyStats.hour >= first_hour, HourlyStats.hour < end_hour)
        )
        stmt = insert_for(s, HourlyStats).from_select(
            ["hour", "is_group", *COUNTER_COLUMNS], grouped
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["hour", "is_group"],
            set_={name: stmt.excluded[name] for name in COUNTER_COLUMNS},
        )
        return (await s.execute(stmt)).rowcount
