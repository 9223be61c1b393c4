"""After the rows: the hourly counters rebuilt over the imported range, and the verification
that source and target agree, each side counted in SQL.

The target side counts only the import's own rows (``imported_from`` names it; negated for
rows whose time was filled in), so rows the bot wrote before or during the import do not
disturb the comparison.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from data.db_service.stats import rebuild_hourly_stats_range
from data.models import Download, Music, User
from data.periods import HOUR
from data.ttbot_import.source import DAY, Source

__all__ = ["STATS_CHUNK_HOURS", "rebuild_counters", "verify"]

STATS_CHUNK_HOURS = 24 * 7  # hours rebuilt per transaction: short ones, the bot keeps writing
_TARGETS = {"videos": Download, "music": Music}
_IN_CHUNK = 5_000


async def rebuild_counters(
    first_at: int, last_at: int, *, keep_going: Callable[[], bool] = lambda: True
) -> bool:
    """Rebuild the hourly counters of every hour from ``first_at``'s to ``last_at``'s, a week
    per transaction; False when ``keep_going`` said stop before the end."""
    hour, end = first_at // HOUR, last_at // HOUR + 1
    while hour < end:
        if not keep_going():
            return False
        upper = min(hour + STATS_CHUNK_HOURS, end)
        await rebuild_hourly_stats_range(hour, upper)
        hour = upper
    return True


async def _target_per_day(engine: AsyncEngine, table: str, import_id: int):
    model = _TARGETS[table]
    day = model.downloaded_at // DAY
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(day, func.count()).where(model.imported_from == import_id).group_by(day)
        )
        per_day = {int(d): int(n) for d, n in rows}
        filled = (
            await conn.execute(
                select(func.count()).select_from(model).where(model.imported_from == -import_id)
            )
        ).scalar_one()
    return per_day, int(filled)


async def _chats_found(
    engine: AsyncEngine, source: Source, upto: int | None, orphans: list[int], page: int
) -> tuple[int, int]:
    """How many of the source's chats (up to ``upto``), and of the ``orphans``, the target
    has: one pass over the source's ids, a page at a time."""
    found = total = 0
    after = None
    async with engine.connect() as conn:

        async def present(ids: list[int]) -> int:
            n = 0
            for start in range(0, len(ids), _IN_CHUNK):
                n += (
                    await conn.execute(
                        select(func.count())
                        .select_from(User)
                        .where(User.user_id.in_(ids[start : start + _IN_CHUNK]))
                    )
                ).scalar_one()
            return n

        while upto is not None:
            rows = await source.page("users", after, page, upto)
            if not rows:
                break
            total += len(rows)
            found += await present([r[0] for r in rows])
            after = rows[-1][0]
        return found, await present(orphans)


async def verify(
    engine: AsyncEngine,
    source: Source,
    import_id: int,
    last_pk: dict[str, int | None],
    source_rows: dict[str, int],
    orphans: list[int],
    *,
    page: int = 20_000,
) -> list[str]:
    """Compare source and target; the problems found (empty: they agree)."""
    problems = []
    found, orphans_found = await _chats_found(engine, source, last_pk["users"], orphans, page)
    if found != source_rows["users"]:
        problems.append(f"chats: {found} of the source's {source_rows['users']} are in the target")
    if orphans_found != len(orphans):
        problems.append(
            f"chats created for downloads: {orphans_found} of {len(orphans)} are in the target"
        )
    for table in ("videos", "music"):
        src_days, src_nulls = await source.per_day(table, last_pk[table])
        dst_days, dst_filled = await _target_per_day(engine, table, import_id)
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
