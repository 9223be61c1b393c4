"""Several processes share one budget: the units granted follow one rate, not one per process.

Only the total is checked: who wins each unit is a race (the first take to arrive once the
bucket allows), so one instance may get most of them.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from bot.outbox import DatabaseBudget
from data.database import build_engine

from .hammer import Run, bounds, hammer

RATE, BURST, SECONDS = 40.0, 2.5, 2.5
# The property is the upper bound: shared, not multiplied (three budgets of their own would grant
# about three times as much). The lower bound only shows the budget keeps granting: on a loaded
# two-core machine (the suite runs in two workers) event-loop stalls of a few hundred ms lose
# grants, so it is loose.
AT_LEAST = 0.6
ROOT = Path(__file__).resolve().parents[2]


async def test_three_instances_share_one_rate(make_budget):
    budgets = [make_budget(RATE, BURST) for _ in range(3)]
    runs = await asyncio.gather(*(hammer(budget, SECONDS) for budget in budgets))
    granted, allowed = bounds(runs, RATE, BURST)
    assert AT_LEAST * allowed <= granted <= allowed, (granted, allowed, [r.granted for r in runs])


async def test_a_second_os_process_shares_the_postgres_budget(pg_migrated_url, budget_name):
    """One real second process (PostgreSQL only: it imports aiogram, seconds of CPU)."""
    engine = build_engine(pg_migrated_url, pool_size=1)
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.shared_budget.hammer",
        "postgres",
        pg_migrated_url,
        budget_name,
        str(RATE),
        str(BURST),
        str(SECONDS),
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert await asyncio.wait_for(child.stdout.readline(), timeout=60) == b"ready\n"
        child.stdin.write(b"go\n")
        await child.stdin.drain()
        mine = await hammer(DatabaseBudget(RATE, BURST, budget_name, engine=engine), SECONDS)
        theirs = Run(**json.loads(await asyncio.wait_for(child.stdout.readline(), timeout=30)))
        assert await asyncio.wait_for(child.wait(), timeout=30) == 0
    finally:
        await engine.dispose()
        if child.returncode is None:
            child.kill()
            await child.wait()
    granted, allowed = bounds([mine, theirs], RATE, BURST)
    assert AT_LEAST * allowed <= granted <= allowed, (granted, allowed, mine, theirs)
