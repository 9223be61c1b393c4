"""Benchmark: the 30-day daily download series, tokdrop's SQL way against fetching every row.

What it measures
    On a fresh database seeded with ``--rows`` downloads (uniform over the 90 days before a
    fixed ``now``, across ``--users`` chats, ~3% of them groups, plus ``rows/10`` music rows),
    the "last 30 days, per day, all chats" statistic is computed two ways:

    * ``sql``: tokdrop's ``db_service.period_stats(Period.last(30 days), Audience.ALL,
      Bucket.DAY)`` — one statement that sums the hourly counters (``stats_hourly``) and reads
      raw rows only for the partial hours at the period's edges;
    * ``fetch_all``: the naive way (tt-bot's): SELECT every ``(downloaded_at, source_url)`` row
      of the period through SQLAlchemy, ``.all()``, and count per UTC day in Python.

    Each is run once to warm up and then ``--repeat`` times; the median wall time is reported.
    Peak Python memory of one run of each is measured with ``tracemalloc`` (growth over the
    memory held before the run). The two per-day download counts must be identical, otherwise
    the benchmark fails (AssertionError) — it proves equality, not just speed.

    The seeding bypasses ``add_download`` (bulk Core INSERTs, thousands of rows a statement)
    and then calls ``db_service.rebuild_hourly_stats()`` so the counters match the raw rows.

How to run (from the repository root)
    python bench/stats_bench.py                       # 1,000,000 rows on SQLite
    python bench/stats_bench.py --db postgres         # same on a throwaway PostgreSQL server
    python bench/stats_bench.py --rows 20000          # smoke check, a few seconds

Progress goes to stderr; the last line of stdout is one JSON object:
    {"db", "rows", "sql_ms", "fetch_all_ms", "speedup", "sql_peak_mb", "fetch_all_peak_mb"}
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # runnable as `python bench/stats_bench.py`, no PYTHONPATH

from sqlalchemy import func, select

from bench.common import database_factory, migrated_database, progress
from data import db_service
from data.database import get_engine, session_scope
from data.models import Download, HourlyStats, Music, User
from data.periods import DAY, Audience, Bucket, Period

SEED = 20_260_101
# 2026-03-01 13:20:34 UTC: deliberately not hour- or day-aligned, so the SQL way also has to
# read raw rows for the partial hours at both edges and the series has 31 (partial) days.
NOW = 1_772_371_234
SEED_SPAN = 90 * DAY
PERIOD_SECONDS = 30 * DAY
GROUP_SHARE = 0.03
BATCH_ROWS = 5_000
LANGS = ("en", "en", "en", "ru", "ru", "es", "pt", "id", "tr", "uk", "ar", "vi")


log = progress("stats_bench")


# ---------------------------------------------------------------- seeding


def make_users(rng: random.Random, count: int) -> list[dict]:
    """Chats registered uniformly over the 90 days, sorted by registration time."""
    groups = max(1, round(count * GROUP_SHARE)) if count > 1 else 0
    private_ids = rng.sample(range(10_000_000, 8_000_000_000), count - groups)
    group_ids = [-1_000_000_000_000 - n for n in rng.sample(range(1, 3_000_000_000), groups)]
    ids = private_ids + group_ids
    rng.shuffle(ids)
    start = NOW - SEED_SPAN
    times = sorted(rng.randrange(start, NOW) for _ in ids)
    users = []
    for user_id, at in zip(ids, times, strict=True):
        users.append(
            {
                "user_id": user_id,
                "registered_at": at,
                "lang": rng.choice(LANGS),
                "link": f"ref{rng.randrange(40)}" if rng.random() < 0.1 else None,
                "file_mode": rng.random() < 0.05,
                "last_seen_at": rng.randrange(at, NOW),
            }
        )
    return users


class ChatPicker:
    """Picks, for an event at time ``t``, a chat that had registered by then."""

    def __init__(self, users: list[dict], rng: random.Random) -> None:
        self.ids = [u["user_id"] for u in users]
        self.times = [u["registered_at"] for u in users]
        self.rng = rng

    def at(self, t: int) -> int:
        known = bisect.bisect_right(self.times, t)
        return self.ids[self.rng.randrange(max(known, 1))]


def event_times(rng: random.Random, count: int) -> list[int]:
    """Uniform over the 90 days before NOW, ascending (ids grow with time, as in production)."""
    start = NOW - SEED_SPAN
    return sorted(rng.randrange(start, NOW) for _ in range(count))


def download_rows(rng: random.Random, picker: ChatPicker, count: int) -> Iterator[list[dict]]:
    """Batches of download rows with realistic TikTok URLs."""
    creators = max(10, count // 20)
    batch: list[dict] = []
    rand, randrange = rng.random, rng.randrange
    for at in event_times(rng, count):
        video_id = str(randrange(7_000_000_000_000_000_000, 7_600_000_000_000_000_000))
        r = rand()
        batch.append(
            {
                "user_id": picker.at(at),
                "downloaded_at": at,
                "source_url": f"https://www.tiktok.com/@user{randrange(creators)}/video/{video_id}",
                "video_id": video_id,
                "is_images": r < 0.12,
                "is_processed": True,
                "is_inline": 0.12 <= r < 0.17,
                "via_subscription": 0.17 <= r < 0.19,
            }
        )
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def music_rows(rng: random.Random, picker: ChatPicker, count: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for at in event_times(rng, count):
        batch.append(
            {
                "user_id": picker.at(at),
                "downloaded_at": at,
                "video_id": str(
                    rng.randrange(7_000_000_000_000_000_000, 7_600_000_000_000_000_000)
                ),
            }
        )
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


async def seed(rows: int, users: int) -> None:
    rng = random.Random(SEED)
    started = time.perf_counter()
    user_rows = make_users(rng, users)
    picker = ChatPicker(user_rows, rng)
    engine = get_engine()
    async with engine.begin() as connection:
        for i in range(0, len(user_rows), BATCH_ROWS):
            await connection.execute(User.__table__.insert(), user_rows[i : i + BATCH_ROWS])
        done = 0
        for batch in download_rows(rng, picker, rows):
            await connection.execute(Download.__table__.insert(), batch)
            done += len(batch)
            if done % 200_000 < BATCH_ROWS:
                log(f"  {done:,} downloads inserted ({time.perf_counter() - started:.1f} s)")
        for batch in music_rows(rng, picker, rows // 10):
            await connection.execute(Music.__table__.insert(), batch)
    seeded = time.perf_counter() - started
    log(
        f"seeded {len(user_rows):,} chats, {rows:,} downloads, {rows // 10:,} music rows "
        f"in {seeded:.1f} s"
    )

    started = time.perf_counter()
    counters = await db_service.rebuild_hourly_stats()
    rebuilt = time.perf_counter() - started
    log(f"rebuilt {counters:,} hourly counter rows in {rebuilt:.2f} s")

    async with session_scope() as s:
        raw = (await s.execute(select(func.count()).select_from(Download))).scalar_one()
        counted = (await s.execute(select(func.sum(HourlyStats.downloads)))).scalar_one()
    if raw != rows or int(counted or 0) != rows:
        raise AssertionError(
            f"seeding left {raw} raw downloads and {counted} counted, wanted {rows}"
        )


# ---------------------------------------------------------------- the two ways

PERIOD = Period.last(PERIOD_SECONDS, now=NOW)


async def sql_way() -> dict[int, int]:
    """tokdrop: one statement over the hourly counters (+ raw rows at the edges)."""
    stats = await db_service.period_stats(PERIOD, Audience.ALL, Bucket.DAY)
    return {start: counts.downloads for start, counts in stats.series}


async def fetch_all_way() -> dict[int, int]:
    """tt-bot: every row of the period into Python, bucketed per UTC day there."""
    stmt = select(Download.downloaded_at, Download.source_url).where(
        Download.downloaded_at >= PERIOD.start,
        Download.downloaded_at < PERIOD.end,
    )
    async with session_scope() as s:
        rows = (await s.execute(stmt)).all()
    per_day: dict[int, int] = {}
    for downloaded_at, _url in rows:
        day = downloaded_at // DAY * DAY
        per_day[day] = per_day.get(day, 0) + 1
    return per_day


async def timed(
    name: str, way: Callable[[], Awaitable[dict[int, int]]], repeat: int
) -> tuple[float, dict]:
    result = await way()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        again = await way()
        samples.append((time.perf_counter() - started) * 1000)
        if again != result:
            raise AssertionError(f"{name}: repeated runs disagree")
    median = statistics.median(samples)
    log(
        f"{name}: median {median:.2f} ms over {repeat} runs "
        f"(min {min(samples):.2f}, max {max(samples):.2f})"
    )
    return median, result


async def peak_mb(way: Callable[[], Awaitable[dict[int, int]]]) -> float:
    """Peak traced allocation growth of one run, in MB."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        await way()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return (peak - before) / 1_000_000


def check_equal(sql: dict[int, int], naive: dict[int, int], rows: int) -> int:
    """Raise unless both ways give the same downloads for every day; returns the period total."""
    nonzero = {day: n for day, n in sql.items() if n}
    if nonzero != naive:
        diff = sorted(d for d in set(nonzero) | set(naive) if nonzero.get(d) != naive.get(d))
        detail = ", ".join(
            f"{d}: sql={nonzero.get(d, 0)} naive={naive.get(d, 0)}" for d in diff[:5]
        )
        raise AssertionError(f"per-day downloads differ on {len(diff)} day(s): {detail}")
    first, last = PERIOD.start // DAY * DAY, (PERIOD.end - 1) // DAY * DAY
    expected_days = list(range(first, last + DAY, DAY))
    if list(sql) != expected_days:
        raise AssertionError(f"series covers {len(sql)} days, expected {len(expected_days)}")
    total = sum(naive.values())
    if rows >= 10_000 and not 0.25 * rows < total < 0.42 * rows:
        raise AssertionError(f"{total} downloads in 30 of 90 days is implausible for {rows} rows")
    return total


# ---------------------------------------------------------------- main


async def run(args: argparse.Namespace, url: str) -> dict:
    async with migrated_database(url):
        await seed(args.rows, args.users)
        sql_ms, sql_series = await timed("sql (period_stats)", sql_way, args.repeat)
        fetch_ms, naive_series = await timed("fetch_all (naive)", fetch_all_way, args.repeat)
        total = check_equal(sql_series, naive_series, args.rows)
        log(f"equal: {len(sql_series)} daily buckets, {total:,} downloads in the period")
        sql_peak = await peak_mb(sql_way)
        fetch_peak = await peak_mb(fetch_all_way)
        log(f"peak memory: sql {sql_peak:.1f} MB, fetch_all {fetch_peak:.1f} MB")
    return {
        "db": args.db,
        "rows": args.rows,
        "sql_ms": round(sql_ms, 2),
        "fetch_all_ms": round(fetch_ms, 2),
        "speedup": round(fetch_ms / sql_ms, 1),
        "sql_peak_mb": round(sql_peak, 1),
        "fetch_all_peak_mb": round(fetch_peak, 1),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="downloads to seed (default 1,000,000)"
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--users", type=int, default=50_000, help="chats to seed (default 50,000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each way (default 5)")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.users < 1 or args.repeat < 1:
        parser.error("--rows, --users and --repeat must be positive")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    log(f"{args.db}: {args.rows:,} downloads, {args.users:,} chats, {args.repeat} runs per way")
    with database_factory(args.db, log) as (new_db_url, _folder):
        result = asyncio.run(run(args, new_db_url("tokdrop_bench")))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
