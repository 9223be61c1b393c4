"""A shared budget answers exactly like LocalBudget: on a pinned clock, then on the store's."""

from __future__ import annotations

import asyncio
import random
import shutil

import pytest

from bot.outbox import LocalBudget, ManualClock, RedisBudget
from data import database
from data.db_service.coordination import take_send_budget

START = 1_700_000_000.0  # Unix seconds, so a missing row or key (a full bucket) looks the same


def random_script(seed: int, length: int = 300) -> list[tuple]:
    """Takes of various costs and reserves, pauses and clock steps, mostly small ones."""
    rng = random.Random(seed)
    script: list[tuple] = []
    for _ in range(length):
        kind = rng.choices(["take", "pause", "advance"], weights=[10, 1, 10])[0]
        if kind == "take":
            script.append(("take", rng.choice([1, 1, 1, 1, 2, 3, 4]), rng.choice([0.0, 1.0])))
        elif kind == "pause":
            script.append(("pause", rng.choice([0.1, 0.3, 1.0])))
        else:
            script.append(("advance", rng.choice([0.0, 0.01, 0.05, 0.1, 0.1, 0.2, 0.5, 1.5])))
    return script


@pytest.mark.parametrize("seed", [1, 2])
async def test_answers_match_local_budget_on_a_pinned_clock(make_budget, seed):
    clock = ManualClock(START)
    local = LocalBudget(10.0, 2.5, clock)
    shared = make_budget(10.0, 2.5, clock=clock)
    answers = []
    for step, (kind, *args) in enumerate(random_script(seed)):
        if kind == "advance":
            await clock.advance(args[0])
        elif kind == "pause":
            await local.pause(args[0])
            await shared.pause(args[0])
        else:
            expected = await local.take(*args)
            answer = await shared.take(*args)
            assert (answer == 0.0) == (expected == 0.0), f"step {step}: {kind}{args}"
            assert answer == pytest.approx(expected, abs=1e-6), f"step {step}: {kind}{args}"
            answers.append(answer)
    granted = answers.count(0.0)
    assert granted > 40 and len(answers) - granted > 40  # grants and refusals both exercised


async def test_burst_then_rate_then_keep(make_budget):
    clock = ManualClock(START)
    budget = make_budget(4.0, 3.0, clock=clock)
    assert [await budget.take(1, 0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert await budget.take(1, 0.0) == pytest.approx(0.25)
    await clock.advance(0.25)
    assert await budget.take(1, 1.0) == pytest.approx(0.25)  # bulk leaves one unit
    assert await budget.take(1, 0.0) == 0.0  # an interactive call does not
    await clock.advance(1.0)
    assert await budget.take(2, 1.0) == 0.0
    assert await budget.take(5, 0.0) == pytest.approx(1.0)  # above capacity: strict


async def test_pause_holds_every_instance_and_keeps_the_longest(make_budget):
    clock = ManualClock(START)
    first, second = make_budget(10.0, 2.5, clock=clock), make_budget(10.0, 2.5, clock=clock)
    await first.pause(3.0)
    await second.pause(1.0)
    assert await second.take(1, 0.0) == pytest.approx(3.0)
    await clock.advance(2.5)
    assert await first.take(1, 0.0) == pytest.approx(0.5)
    await clock.advance(0.5)
    assert await second.take(1, 0.0) == 0.0


async def test_waits_on_the_stores_clock_are_honest(make_budget):
    """Sleeping the answered wait is enough: the next take is granted (or nearly).

    One token a second, so a stall of the loaded machine between two statements (up to about a
    second) cannot refill the bucket behind the test's back and hide the wait."""
    budget, other = make_budget(1.0, 3.0), make_budget(1.0, 3.0)
    assert [await budget.take(1, 0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = await other.take(1, 0.0)
    assert 0.0 < wait <= 1.0
    await asyncio.sleep(wait)
    again = await other.take(1, 0.0)
    assert again == 0.0 or again < 0.002
    await other.pause(2.0)
    wait = await budget.take(1, 0.0)
    assert 1.0 < wait <= 2.0


async def test_store_functions_refuse_sqlite_clearly(sqlite_template, tmp_path):
    path = tmp_path / "one.sqlite3"
    shutil.copyfile(sqlite_template, path)
    await database.init_database(f"sqlite:///{path}")
    try:
        with pytest.raises(NotImplementedError, match="needs PostgreSQL"):
            await take_send_budget("telegram", 30.0, 2.5, 1, 0.0)
    finally:
        await database.dispose_database()


async def test_redis_key_expires_once_idle(redis_url, budget_name):
    budget = RedisBudget.from_url(redis_url, 100.0, 1.0, name=budget_name)
    try:
        await budget.pause(2.0)
        assert 2000 < await budget.redis.pttl(budget.key) <= 3000
        budget.key += ":fresh"
        assert await budget.take(1, 0.0) == 0.0
        assert 0 < await budget.redis.pttl(budget.key) <= 1010  # full 10 ms later, + 1 s

        async def gone() -> None:
            while await budget.redis.exists(budget.key):
                await asyncio.sleep(0.05)

        await asyncio.wait_for(gone(), timeout=5)
        assert await budget.take(1, 0.0) == 0.0  # no key: a full bucket again
    finally:
        await budget.aclose()
