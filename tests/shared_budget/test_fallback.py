"""The shared budget's stand-in, on a real Redis killed and revived: replies go on from the
process's own budget, bulk calls are refused as not sent, the store is tried again every
``budget_retry_interval`` (a manual clock), and both transitions are logged once."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.outbox import Lane, LimiterConfig, ManualClock, RedisBudget, SharedBudgetUnavailable
from bot.outbox.limiter import Limiter
from devservers.redis import RedisServer

RETRY = 2.0  # seconds between tries of the store while it is down


@pytest.fixture
def redis():
    """A redis-server of this test alone (killed and revived)."""
    server = RedisServer()
    server.start()
    yield server
    server.stop()


async def _granted(limiter: Limiter, chat: int, lane: Lane = Lane.INTERACTIVE) -> None:
    await asyncio.wait_for(limiter.acquire(chat, lane=lane), 10)


async def test_replies_fall_back_while_redis_is_down_and_return_when_it_is_back(
    redis, budget_name, caplog
):
    caplog.set_level(logging.INFO, logger="bot.outbox")
    clock = ManualClock()
    budget = RedisBudget.from_url(redis.url, 30.0, 2.5, name=budget_name, timeout=1.0)
    config = LimiterConfig(budget_retry_interval=RETRY)
    limiter = Limiter(config, clock=clock, budget=budget)
    fallback = limiter.fallback
    try:
        await _granted(limiter, 1, Lane.BULK)
        assert limiter.budget_state() == {
            "shared": True,
            "store": "redis",
            "degraded": False,
            "down_seconds": 0.0,
            "outages": 0,
            "fallback_units": 0,
        }
        redis.kill()
        await clock.advance(1.0)
        await _granted(limiter, 2)  # a reply: the local stand-in grants it
        assert fallback.degraded
        with pytest.raises(SharedBudgetUnavailable):  # bulk: refused, not sent
            await _granted(limiter, 3, Lane.BULK)
        await clock.advance(RETRY / 2)
        await _granted(limiter, 4)  # within the interval: the store is not even asked
        redis.revive()
        with pytest.raises(SharedBudgetUnavailable):  # still within the interval
            await _granted(limiter, 5, Lane.BULK)
        await clock.advance(RETRY)
        await _granted(limiter, 6, Lane.BULK)  # asked again: it answers, the outage is over
        state = limiter.budget_state()
        assert (state["degraded"], state["outages"], state["fallback_units"]) == (False, 1, 2)
        await _granted(limiter, 7)  # and replies use it again
        assert fallback.fallback_units == 2
    finally:
        await budget.aclose()
    down = [r for r in caplog.records if "replies use this process's own" in r.getMessage()]
    back = [r for r in caplog.records if "is back after" in r.getMessage()]
    assert len(down) == len(back) == 1  # each transition logged once
    assert down[0].levelno == back[0].levelno == logging.WARNING


async def test_a_429_during_the_outage_still_pauses_this_process(redis, budget_name):
    clock = ManualClock()
    budget = RedisBudget.from_url(redis.url, 30.0, 2.5, name=budget_name, timeout=1.0)
    limiter = Limiter(LimiterConfig(), clock=clock, budget=budget)
    try:
        redis.kill()
        await _granted(limiter, 1)
        await limiter.flood(Lane.INTERACTIVE, 3)  # never raises, pauses the stand-in
        waiting = asyncio.create_task(limiter.acquire(2))
        await clock.advance(2.9)
        assert not waiting.done()
        await clock.advance(0.2)
        await asyncio.wait_for(waiting, 5)
    finally:
        await budget.aclose()
