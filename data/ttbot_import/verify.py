"""After the rows: the hourly counters rebuilt over the imported range, and the verification
that source and target agree, each side counted in SQL.

The target side counts only the import's own rows (``imported_from`` names it; negated for
rows whose time was filled in), so rows the bot wrote before or during the import do not
disturb the comparison.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy import case, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from data.db_service.stats import raw_events_per_block, rebuild_hourly_stats_range
from data.models import Download, Music
from data.periods import HOUR
from data.ttbot_import.source import DAY, Source, days_and_untimed, open_source
from data.ttbot_import.target import id_list

__all__ = [
    "STATS_BLOCK_HOURS",
    "STATS_CHUNK_EVENTS",
    "all_or_none",
    "count_source_days",
    "rebuild_counters",
    "verify",
]
T = TypeVar("T")

# Raw events recomputed per transaction: short ones (well under a second), the bot keeps
# writing; the range is cut at edges of blocks of STATS_BLOCK_HOURS hours (a UTC day).
STATS_CHUNK_EVENTS = 200_000
STATS_BLOCK_HOURS = DAY // HOUR
_TARGETS = {"videos": Download, "music": Music}


async def rebuild_counters(
    first_at: int,
    last_at: int,
    *,
    keep_going: Callable[[], bool] = lambda: True,
    workers: int = 1,
    events_per_day: dict[int, int] | None = None,
) -> bool:
    """Rebuild the hourly counters of every hour from ``first_at``'s to ``last_at``'s, in
    transactions of about :data:`STATS_CHUNK_EVENTS` raw events each (empty stretches of the
    range cost nothing), ``workers`` of them at once (their hours never overlap); False when
    ``keep_going`` said stop before the end. ``events_per_day`` (UTC day number -> events),
    when the caller knows it well enough, saves counting it."""
    first_hour, end = first_at // HOUR, last_at // HOUR + 1
    per_block = events_per_day
    if per_block is None:
        per_block = await raw_events_per_block(first_hour, end, STATS_BLOCK_HOURS)
    chunks = iter(_chunks(first_hour, end, per_block))

    async def worker() -> bool:
        for lower, upper in chunks:
            if not keep_going():
                return False
            await rebuild_hourly_stats_range(lower, upper)
        return True

    return all(await all_or_none(*(worker() for _ in range(workers))))


async def all_or_none(*steps: Awaitable[T]) -> list[T]:
    """Run ``steps`` at once and return their results; when one fails, the others are
    cancelled (and awaited) before its error is raised."""
    tasks = [asyncio.ensure_future(step) for step in steps]
    try:
        return await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


def _chunks(first_hour: int, end_hour: int, per_block: dict[int, int]) -> list[tuple[int, int]]:
    """``[first_hour, end_hour)`` cut at block edges into ranges of at most
    :data:`STATS_CHUNK_EVENTS` events each (one block alone may hold more)."""
    chunks, lower, events = [], first_hour, 0
    for block in sorted(per_block):
        n = per_block[block]
        edge = max(block * STATS_BLOCK_HOURS, first_hour)
        if events and events + n > STATS_CHUNK_EVENTS and edge > lower:
            chunks.append((lower, edge))
            lower, events = edge, 0
        events += n
    chunks.append((lower, end_hour))
    return chunks


async def _target_per_day(
    engine: AsyncEngine, table: str, import_id: int
) -> tuple[dict[int, int], int]:
    """The import's rows of ``table`` per UTC day, and those whose time was filled in (one
    scan)."""
    model = _TARGETS[table]
    day = case((model.imported_from < 0, None), else_=model.downloaded_at // DAY)
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(day, func.count())
            .where(model.imported_from.in_((import_id, -import_id)))
            .group_by(day)
        )
        return days_and_untimed(rows)


SourceDays = dict[str, tuple[dict[int, int], int]]
"""``table -> (rows per UTC day, rows without a time)`` of the source's videos and music."""


async def count_source_days(source_url: str, upto: dict[str, int | None]) -> SourceDays:
    """The source side of the verification, on a connection of its own (so it can run while
    the import reads): rows per day of its downloads and sounds up to the ``upto`` keys."""
    source = await open_source(source_url)
    try:
        return {table: await source.per_day(table, upto[table]) for table in _TARGETS}
    finally:
        await source.close()


_COUNT_POSTGRES = text("SELECT count(*) FROM users WHERE user_id = ANY(CAST(:ids AS bigint[]))")
_COUNT_SQLITE = text(
    "SELECT count(*) FROM users WHERE user_id IN (SELECT value FROM json_each(:ids))"
)


async def _chats_found(
    engine: AsyncEngine, source: Source, upto: int | None, orphans: list[int], page: int
) -> tuple[int, int]:
    """How many of the source's chats (up to ``upto``), and of the ``orphans``, the target
    has: one pass over the source's ids, a page (one statement) at a time."""
    found = 0
    after = None
    async with engine.connect() as conn:
        sql = _COUNT_POSTGRES if conn.dialect.name == "postgresql" else _COUNT_SQLITE

        async def present(ids: list[int]) -> int:
            if not ids:
                return 0
            return (await conn.execute(sql, {"ids": id_list(conn, ids)})).scalar_one()

        while upto is not None:
            rows = await source.page("users", after, page, upto)
            if not rows:
                break
            found += await present([r[0] for r in rows])
            after = rows[-1][0]
        return found, await present(orphans)


async def verify(
    engine: AsyncEngine,
    source: Source,
    source_days: SourceDays,
    import_id: int,
    upto: dict[str, int | None],
    source_rows: dict[str, int],
    orphans: list[int],
    *,
    page: int = 20_000,
) -> list[str]:
    """Compare source and target (the target's side counted by several connections at once);
    the problems found (empty: they agree)."""
    problems = []
    (found, orphans_found), *target_days = await all_or_none(
        _chats_found(engine, source, upto["users"], orphans, page),
        *(_target_per_day(engine, table, import_id) for table in _TARGETS),
    )
    if found != source_rows["users"]:
        problems.append(f"chats: {found} of the source's {source_rows['users']} are in the target")
    if orphans_found != len(orphans):
        problems.append(
            f"chats created for downloads: {orphans_found} of {len(orphans)} are in the target"
        )
    for table, (dst_days, dst_filled) in zip(_TARGETS, target_days, strict=True):
        src_days, src_nulls = source_days[table]
        src_total, dst_total = (
            sum(src_days.values()) + src_nulls,
            sum(dst_days.values()) + dst_filled,
        )
        if src_total != source_rows[table] or dst_total != src_total:
            problems.append(f"{table}: source {src_total} rows, target {dst_total} imported rows")
        differing = sorted(
            d for d in src_days.keys() | dst_days.keys() if src_days.get(d) != dst_days.get(d)
        )
        if differing:
            first = differing[0]
            problems.append(
                f"{table}: per-day totals differ on {len(differing)} days (first: day {first}, "
                f"source {src_days.get(first, 0)}, target {dst_days.get(first, 0)})"
            )
        if src_nulls != dst_filled:
            problems.append(
                f"{table}: {src_nulls} source rows without a time, {dst_filled} filled in"
            )
    return problems
