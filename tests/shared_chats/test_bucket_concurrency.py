"""Several instances (own engines or clients, as processes) hammering one chat: the sends
granted follow the chat's rate and burst (and a group's budget), never one set per instance."""

from __future__ import annotations

import asyncio
import time

RATE, BURST, GROUP_RATE, SECONDS = 20.0, 3.0, 10.0, 2.0
AT_LEAST = 0.5  # loose: a loaded two-core machine's stalls lose grants, never add any


async def hammer(chats, chat, seconds: float) -> tuple[int, float, float]:
    """Take one unit at a time for ``seconds``, sleeping each answered wait (as the limiter)."""
    start = time.monotonic()
    deadline, granted = start + seconds, 0
    while (now := time.monotonic()) < deadline:
        wait = await chats.take(chat, 1)
        if wait > 0:
            await asyncio.sleep(min(wait, deadline - now))
        else:
            granted += 1
    return granted, start, time.monotonic()


async def _check(instances, chat, rate: float) -> None:
    runs = await asyncio.gather(*(hammer(one, chat, SECONDS) for one in instances for _ in "ab"))
    granted = sum(run[0] for run in runs)
    window = max(run[2] for run in runs) - min(run[1] for run in runs)
    allowed = rate * window + BURST
    assert AT_LEAST * allowed <= granted <= allowed, (granted, allowed, [r[0] for r in runs])


async def test_three_instances_share_a_private_chats_rate(make_chats):
    await _check([make_chats(RATE, BURST, GROUP_RATE, BURST) for _ in range(3)], 101, RATE)


async def test_three_instances_share_a_groups_budget(make_chats):
    """The group budget (slower than the chat's) is the one that holds."""
    await _check([make_chats(RATE, BURST, GROUP_RATE, BURST) for _ in range(3)], -102, GROUP_RATE)
