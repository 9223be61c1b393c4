"""The scheduler on a manual clock: budgets, bursts, lanes, fairness, pauses, stats."""

from __future__ import annotations

import asyncio

import pytest

from bot.outbox import Lane, Limiter, LimiterConfig, ManualClock

from . import Grants, manual_limiter

BULK, INTERACTIVE = Lane.BULK, Lane.INTERACTIVE


@pytest.fixture
async def grants():
    """10 messages/s bot-wide, a bucket of 2 with 1 kept for interactive calls."""
    limiter, clock = manual_limiter(global_rate=10.0, global_burst=2.0, interactive_reserve=1.0)
    recorder = Grants(limiter, clock)
    yield recorder
    await recorder.close()


async def test_global_rate_after_a_burst_of_two(grants):
    for n in range(6):
        grants.start(f"c{n}", chat=n)
    await grants.clock.settle()
    assert grants.order == ["c0", "c1"]
    await grants.clock.advance(0.1)
    assert grants.order == ["c0", "c1", "c2"]
    await grants.clock.advance(1.0)
    assert grants.at == {"c0": 0, "c1": 0, "c2": 0.1, "c3": 0.2, "c4": 0.3, "c5": 0.4}


async def test_bulk_leaves_the_reserve_and_keeps_the_full_rate(grants):
    for n in range(4):
        grants.start(f"b{n}", chat=n, lane=BULK)
    await grants.clock.advance(1.0)
    assert grants.at == {"b0": 0, "b1": 0.1, "b2": 0.2, "b3": 0.3}


async def test_interactive_goes_first_and_does_not_wait_during_bulk(grants):
    clock = grants.clock
    for n in range(30):
        grants.start(f"b{n}", chat=100 + n, lane=BULK)
    await clock.advance(0.55)
    assert len(grants.order) == 6  # 0, 0.1 .. 0.5
    grants.start("i0", chat=1)
    grants.start("i1", chat=2)
    await clock.settle()
    assert grants.order[-1] == "i0" and grants.at["i0"] == 0.55
    await clock.advance(0.05)
    assert grants.order[-1] == "i1"
    assert grants.at["i1"] == 0.6  # the second one within 1/rate waits one token
    assert "b6" not in grants.at  # bulk waits until the reserve is back
    await clock.advance(0.3)
    assert grants.at["b6"] == 0.8


async def test_bulk_rate_is_the_budget_minus_interactive_load(grants):
    clock = grants.clock
    for n in range(100):
        grants.start(f"b{n}", chat=1000 + n, lane=BULK)
    for second in range(5):
        grants.start(f"i{second}", chat=second)
        await clock.advance(1.0)
    assert all(grants.at[f"i{s}"] == s for s in range(5))  # never held back
    bulk = [label for label in grants.order if label.startswith("b")]
    assert len(bulk) == 5 * 10 + 1 - 5


async def test_bulk_rate_caps_the_bulk_lane_only():
    limiter, clock = manual_limiter(global_rate=10.0, global_burst=2.0, bulk_rate=4.0)
    grants = Grants(limiter, clock)
    for n in range(10):
        grants.start(f"b{n}", chat=100 + n, lane=BULK)
    await clock.advance(1.0)
    # a quarter token of slack lets the second go a little early; then evenly spaced at 4/s
    assert [grants.at[f"b{n}"] for n in range(5)] == [0, 0.1875, 0.4375, 0.6875, 0.9375]
    assert len(grants.order) == 5  # 5 in the first second (4/s plus the slack), not 10
    for n in range(4):
        grants.start(f"i{n}", chat=n)
    await clock.advance(0.2)
    # replies take the global budget (burst 2, then 10/s) as the bulk lane left it (its last send
    # at 0.9375): paced by the global budget alone, not by the bulk cap of 4/s
    assert [grants.at[f"i{n}"] for n in range(3)] == [1.0, 1.0375, 1.1375]
    await grants.close()


async def test_bulk_album_borrows_from_the_cap():
    limiter, clock = manual_limiter(global_rate=100.0, global_burst=20.0, bulk_rate=2.0)
    grants = Grants(limiter, clock)
    grants.start("album", chat=1, cost=4, lane=BULK)
    grants.start("next", chat=2, lane=BULK)
    await clock.advance(3.0)
    # four units at 2/s: the next waits them off (2 s, less the eighth of a second of slack)
    assert grants.at == {"album": 0, "next": 1.875}
    await grants.close()


async def test_waiting_interactive_calls_all_go_before_bulk(grants):
    for n in range(3):
        grants.start(f"b{n}", chat=100 + n, lane=BULK)
    for n in range(3):
        grants.start(f"i{n}", chat=n)
    await grants.clock.advance(1.0)
    assert grants.order == ["i0", "i1", "i2", "b0", "b1", "b2"]


async def test_chats_are_served_round_robin_within_a_lane(grants):
    for n in range(5):
        grants.start(f"a{n}", chat="@busy")
    for chat in ("b", "c"):
        for n in range(2):
            grants.start(f"{chat}{n}", chat=chat)
    await grants.clock.advance(2.0)
    assert grants.order == ["a0", "b0", "c0", "a1", "b1", "c1", "a2", "a3", "a4"]


async def test_bulk_lane_is_fair_per_chat_too(grants):
    for n in range(4):
        grants.start(f"x{n}", chat=1, lane=BULK)
    grants.start("y0", chat=2, lane=BULK)
    await grants.clock.advance(1.0)
    assert grants.order == ["x0", "y0", "x1", "x2", "x3"]


async def test_per_chat_rate_with_a_small_burst():
    limiter, clock = manual_limiter(
        global_rate=100.0, global_burst=10.0, chat_rate=1.0, chat_burst=3.0
    )
    grants = Grants(limiter, clock)
    for n in range(5):
        grants.start(f"a{n}", chat=7)
    grants.start("other", chat=8)
    await clock.advance(3.0)
    assert grants.at == {"a0": 0, "a1": 0, "a2": 0, "other": 0, "a3": 1.0, "a4": 2.0}
    await grants.close()


async def test_group_budget_per_minute():
    limiter, clock = manual_limiter(
        global_rate=100.0,
        global_burst=20.0,
        chat_rate=10.0,
        chat_burst=10.0,
        group_rate_per_minute=20.0,
        group_burst=3.0,
    )
    grants = Grants(limiter, clock)
    for n in range(5):
        grants.start(f"g{n}", chat=-100123)
    for n in range(5):
        grants.start(f"p{n}", chat=55)
    await clock.advance(10.0)
    assert [grants.at[f"g{n}"] for n in range(5)] == [0, 0, 0, 3.0, 6.0]
    assert all(grants.at[f"p{n}"] == 0 for n in range(5))
    await grants.close()


async def test_a_chat_held_by_its_budget_does_not_block_others():
    limiter, clock = manual_limiter(
        global_rate=100.0, global_burst=10.0, chat_rate=0.5, chat_burst=1.0
    )
    grants = Grants(limiter, clock)
    grants.start("a0", chat=1)
    grants.start("a1", chat=1)
    grants.start("b0", chat=2)
    await clock.settle()
    assert grants.order == ["a0", "b0"]
    await clock.advance(2.0)
    assert grants.at["a1"] == 2.0
    await grants.close()


async def test_album_costs_its_items(grants):
    grants.start("single", chat=1)
    await grants.clock.settle()
    grants.start("album", chat=2, cost=5)
    grants.start("next", chat=3)
    await grants.clock.advance(1.0)
    # full again at 0.1; a bucket of 2 serves 5 units once it has refilled 3 more
    assert grants.at == {"single": 0.0, "album": 0.4, "next": 0.8}
    assert grants.limiter.stats()["interactive"]["units"] == 7


async def test_pause_stops_every_lane_then_resumes(grants):
    clock, limiter = grants.clock, grants.limiter
    await limiter.flood(BULK, 2)
    grants.start("i", chat=1)
    grants.start("b", chat=2, lane=BULK)
    await clock.advance(1.99)
    assert grants.order == []
    await clock.advance(0.01)
    assert grants.order == ["i"]
    await clock.advance(0.1)
    assert grants.order == ["i", "b"]
    assert limiter.stats()["bulk"]["flood_429"] == 1
    assert limiter.stats()["interactive"]["flood_429"] == 0


async def test_cancelled_wait_uses_no_budget(grants):
    for n in range(3):
        grants.start(f"c{n}", chat=n)
    await grants.clock.settle()
    grants.tasks["c2"].cancel()
    grants.start("late", chat=9)
    await grants.clock.advance(0.1)
    assert grants.order == ["c0", "c1", "late"]
    assert grants.limiter.queued() == 0


async def test_stats_count_sends_units_and_waits(grants):
    grants.start("i0", chat=1)
    grants.start("i1", chat=2)
    grants.start("i2", chat=3, cost=2)
    grants.start("b0", chat=4, lane=BULK)
    await grants.clock.settle()
    stats = grants.limiter.stats()
    assert stats["queued"] == {"interactive": 1, "bulk": 1}
    await grants.clock.advance(1.0)
    stats = grants.limiter.stats()
    assert stats["interactive"] == {
        "sends": 3,
        "units": 4,
        "waits": 1,
        "wait_seconds": pytest.approx(0.2),
        "flood_429": 0,
        "chat_pauses": 0,
        "bot_pauses": 0,
        "ambiguous": 0,
    }
    assert stats["bulk"]["sends"] == 1 and stats["bulk"]["waits"] == 1
    assert stats["bulk"]["wait_seconds"] == pytest.approx(0.4)
    assert stats["queued"] == {"interactive": 0, "bulk": 0}
    assert stats["passthrough"] == 0 and stats["tracked_chats"] == 4
    assert stats["shared_chat_errors"] == 0


async def test_dispatcher_runs_only_while_calls_wait(grants):
    def dispatchers() -> int:
        return sum(1 for t in asyncio.all_tasks() if t.get_name() == "outbox-limiter")

    for n in range(3):
        grants.start(f"c{n}", chat=n)
    await grants.clock.settle()
    assert dispatchers() == 1 and grants.clock.pending() == 1
    await grants.clock.advance(0.1)
    assert dispatchers() == 0 and grants.clock.pending() == 0


class RemoteBudget:
    """A GlobalBudget that suspends like a network call and records what it was asked."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.asked: list[tuple[int, float]] = []
        self.next_free = 0.0
        self.broken = False

    async def take(self, cost: int, keep: float) -> float:
        await asyncio.sleep(0)
        if self.broken:
            self.broken = False
            raise ConnectionError("budget store unreachable")
        self.asked.append((cost, keep))
        wait = self.next_free - self.clock.now()
        if wait > 0:
            return wait
        self.next_free = self.clock.now() + 0.5 * cost
        return 0.0

    async def pause(self, seconds: float) -> None:
        self.next_free = max(self.next_free, self.clock.now() + seconds)


async def test_a_shared_budget_plugs_in():
    clock = ManualClock()
    budget = RemoteBudget(clock)
    limiter = Limiter(LimiterConfig(chat_rate=100, chat_burst=100), clock=clock, budget=budget)
    grants = Grants(limiter, clock)
    grants.start("i", chat=1)
    grants.start("b", chat=2, lane=BULK)
    await clock.advance(0.6)
    assert grants.at == {"i": 0, "b": 0.5}
    assert (1, 0.0) in budget.asked and (1, 1.0) in budget.asked
    budget.broken = True
    failing = grants.start("fails", chat=3)
    grants.start("works", chat=4)
    await clock.advance(1.0)
    with pytest.raises(ConnectionError):
        await failing
    assert "works" in grants.at
    await grants.close()
