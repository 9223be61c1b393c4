"""Take units from a budget as fast as it allows for a while; also a second process doing so.

As a program (``python -m tests.shared_budget.hammer postgres URL NAME RATE BURST SECONDS``) it
connects, prints ``ready``, waits for a line on stdin, hammers, and prints one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import asdict, dataclass

from bot.outbox import GlobalBudget


@dataclass
class Run:
    """Units granted between ``start`` and ``end`` (``time.monotonic()``, system-wide)."""

    granted: int
    start: float
    end: float


async def hammer(budget: GlobalBudget, seconds: float) -> Run:
    """Take one unit at a time for ``seconds``, sleeping each answered wait (as the limiter)."""
    start = time.monotonic()
    deadline, granted = start + seconds, 0
    while (now := time.monotonic()) < deadline:
        wait = await budget.take(1, 0.0)
        if wait > 0:
            await asyncio.sleep(min(wait, deadline - now))
        else:
            granted += 1
    return Run(granted, start, time.monotonic())


def bounds(runs: list[Run], rate: float, burst: float) -> tuple[int, float]:
    """(units granted by all runs, the most a shared budget allows over their window)."""
    window = max(run.end for run in runs) - min(run.start for run in runs)
    return sum(run.granted for run in runs), rate * window + burst


async def _main(url: str, name: str, rate: float, burst: float, seconds: float) -> None:
    from sqlalchemy import text

    from bot.outbox import DatabaseBudget
    from data.database import build_engine

    engine = build_engine(url, pool_size=1)
    try:
        async with engine.connect() as connection:  # connect before the start line
            await connection.execute(text("SELECT 1"))
        budget = DatabaseBudget(rate, burst, name, engine=engine)
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        print(json.dumps(asdict(await hammer(budget, seconds))), flush=True)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    store, url, name, rate, burst, seconds = sys.argv[1:7]
    assert store == "postgres", "only the PostgreSQL budget runs as a second process"
    asyncio.run(_main(url, name, float(rate), float(burst), float(seconds)))
