"""Benchmark: what the overview's per-platform download counts cost, with and without an index.

What it measures
    On a fresh database seeded with ``--rows`` downloads (uniform over the 90 days before a
    fixed ``now``, ~3% of them from groups, ~20% of them Instagram's), the time of
    ``db_service.downloads_per_platform(period, audience)`` (one GROUP BY over the period's
    rows) for the overview's periods (24 h, 30 days, all time; all chats and private chats),
    next to ``db_service.period_stats`` for the same period (what the overview pays already,
    from the hourly counters). Each is run once to warm up, then ``--repeat`` times; the median
    is reported. It is measured twice: with the schema as migrated (the covering index
    ``ix_downloads_downloaded_at_platform_user_id``) and after replacing that index by a plain
    one on ``downloaded_at`` (so each row is read from the table), to show what covering is
    worth.

How to run (from the repository root)
    python bench/platform_counts_bench.py                 # 1,000,000 rows on SQLite
    python bench/platform_counts_bench.py --db postgres   # same on a throwaway PostgreSQL
    python bench/platform_counts_bench.py --rows 20000    # smoke check

Progress goes to stderr; stdout gets one JSON line per (index, period, audience):
    {"db", "rows", "index", "period", "audience", "per_platform_ms", "period_stats_ms", "counts"}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # runnable as `python bench/platform_counts_bench.py`

from sqlalchemy import text

from bench.common import database_factory, migrated_database, progress
from data import db_service
from data.database import get_engine
from data.models import Download, Platform, User
from data.periods import DAY, Audience, Bucket, Period

SEED = 20_261_202
NOW = 1_772_371_234  # not hour-aligned, like stats_bench
SPAN = 90 * DAY
CHATS = 20_000
GROUP_SHARE = 0.03
INSTAGRAM_SHARE = 0.2
BATCH_ROWS = 5_000
PERIODS = ("24h", "30d", "all")
COVERING = "ix_downloads_downloaded_at_platform_user_id"
PLAIN = "ix_downloads_downloaded_at_plain"  # what the schema had beside it before 0012

log = progress("platform_counts_bench")


async def seed(rows: int) -> None:
    """Chats and downloads in bulk (bypassing add_download), then the hourly counters."""
    rng = random.Random(SEED)
    groups = round(CHATS * GROUP_SHARE)
    chats = [10_000 + i for i in range(CHATS - groups)] + [-10_000 - i for i in range(groups)]
    async with get_engine().begin() as connection:
        for i in range(0, len(chats), BATCH_ROWS):
            await connection.execute(
                User.__table__.insert(),
                [
                    {"user_id": c, "registered_at": NOW - SPAN, "last_seen_at": NOW}
                    for c in chats[i : i + BATCH_ROWS]
                ],
            )
        for start in range(0, rows, BATCH_ROWS):
            await connection.execute(
                Download.__table__.insert(),
                [
                    {
                        "user_id": rng.choice(chats),
                        "downloaded_at": NOW - rng.randrange(SPAN),
                        "source_url": "https://vm.tiktok.com/x/",
                        "video_id": str(n),
                        "platform": Platform.INSTAGRAM
                        if rng.random() < INSTAGRAM_SHARE
                        else Platform.TIKTOK,
                    }
                    for n in range(start, min(rows, start + BATCH_ROWS))
                ],
            )
    await db_service.rebuild_hourly_stats()


async def median_ms(call, repeat: int, *args):
    """The median wall time of ``call(*args)`` in ms (after one warm-up run), its last result."""
    result = await call(*args)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = await call(*args)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2), result


async def measure(args, index: str) -> None:
    for name in PERIODS:
        period = Period.named(name, NOW)
        for audience in (Audience.ALL, Audience.USERS):
            per_platform, counts = await median_ms(
                db_service.downloads_per_platform, args.repeat, period, audience
            )
            period_stats, _ = await median_ms(
                db_service.period_stats, args.repeat, period, audience, Bucket.DAY
            )
            print(
                json.dumps(
                    {
                        "db": args.db,
                        "rows": args.rows,
                        "index": index,
                        "period": name,
                        "audience": audience.value,
                        "per_platform_ms": per_platform,
                        "period_stats_ms": period_stats,
                        "counts": {str(p): n for p, n in counts.items()},
                    }
                ),
                flush=True,
            )


async def settle(db: str) -> None:
    """Fresh planner statistics; on PostgreSQL also the visibility map that index-only scans
    need (what autovacuum gives a live database after a bulk load)."""
    async with get_engine().connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("VACUUM ANALYZE" if db == "postgres" else "ANALYZE"))


async def run(args) -> None:
    with database_factory(args.db, log) as (new_url, _folder):
        async with migrated_database(new_url("platforms")):
            started = time.perf_counter()
            await seed(args.rows)
            log(f"seeded {args.rows:,} downloads in {time.perf_counter() - started:.1f} s")
            await settle(args.db)
            await measure(args, COVERING)
            async with get_engine().begin() as connection:
                await connection.execute(text(f"CREATE INDEX {PLAIN} ON downloads (downloaded_at)"))
                await connection.execute(text(f"DROP INDEX {COVERING}"))
            await settle(args.db)
            await measure(args, PLAIN)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
