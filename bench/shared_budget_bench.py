"""Benchmark: what one ``take`` of the bot-wide send budget costs, by where the budget lives.

What it measures
    ``--takes`` sequential ``take(1, 0)`` calls (after ``--warmup`` unmeasured ones) on:

    * ``local``: ``LocalBudget`` (in-process GCRA on the event loop's clock);
    * ``postgres``: ``DatabaseBudget`` on the process-wide engine, as the bot runs it: one
      ``INSERT … ON CONFLICT DO UPDATE`` statement in its own transaction (BEGIN, statement,
      COMMIT) on a throwaway PostgreSQL server on 127.0.0.1 (fsync off);
    * ``redis``: ``RedisBudget``: one EVALSHA of the Lua script on a throwaway redis-server.

    The budget's rate is high enough that every take is granted (the write path). Each call
    is timed with ``perf_counter``; the median and 95th percentile are reported in
    microseconds. One process, no contention: the cost a limiter pays per grant.

How to run (from the repository root)
    python bench/shared_budget_bench.py                  # 3,000 takes each, about 10 s
    python bench/shared_budget_bench.py --takes 300      # smoke check

Progress goes to stderr; the last line of stdout is one JSON object:
    {"takes", "local_median_us", "local_p95_us", "postgres_median_us", "postgres_p95_us",
     "redis_median_us", "redis_p95_us"}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # runnable as `python bench/shared_budget_bench.py`

from bench.common import database_factory, migrated_database, progress
from bot.outbox import DatabaseBudget, GlobalBudget, LocalBudget, LoopClock, RedisBudget
from devservers.redis import RedisServer

RATE, BURST = 1e9, 1e9  # every take granted
log = progress("shared_budget")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--takes", type=int, default=3000, help="measured takes per budget")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured takes first")
    return parser.parse_args(argv)


async def time_takes(budget: GlobalBudget, takes: int, warmup: int) -> dict[str, float]:
    """Median and p95 of one take, in microseconds."""
    for _ in range(warmup):
        assert await budget.take(1, 0.0) == 0.0
    samples = []
    for _ in range(takes):
        started = time.perf_counter()
        wait = await budget.take(1, 0.0)
        samples.append((time.perf_counter() - started) * 1e6)
        assert wait == 0.0
    samples.sort()
    return {
        "median_us": round(statistics.median(samples), 1),
        "p95_us": round(samples[int(0.95 * (len(samples) - 1))], 1),
    }


async def run(args: argparse.Namespace, pg_url: str, redis_url: str) -> dict[str, object]:
    result: dict[str, object] = {"takes": args.takes}

    def record(name: str, figures: dict[str, float]) -> None:
        log(f"{name}: median {figures['median_us']} µs, p95 {figures['p95_us']} µs")
        result.update({f"{name}_{key}": value for key, value in figures.items()})

    record(
        "local", await time_takes(LocalBudget(RATE, BURST, LoopClock()), args.takes, args.warmup)
    )
    async with migrated_database(pg_url):
        record(
            "postgres",
            await time_takes(DatabaseBudget(RATE, BURST, "bench"), args.takes, args.warmup),
        )
    budget = RedisBudget.from_url(redis_url, RATE, BURST, name="bench")
    try:
        record("redis", await time_takes(budget, args.takes, args.warmup))
    finally:
        await budget.aclose()
    return result


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    with database_factory("postgres", log) as (new_db_url, _folder), RedisServer() as redis:
        log(f"redis-server started on port {redis.port}")
        result = asyncio.run(run(args, new_db_url("tokdrop_bench"), redis.url))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
