"""The shared link gate answers exactly like ChatGate on a pinned clock, on both stores, across
instances (processes); its in-flight slots are leases that expire; idle state goes away."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.media.limits import Admission, ChatGate

START = 1_700_000_000.0
LIMITS = {"per_minute": 5, "in_flight": 2}


class Clock:
    """A pinned clock both gates read."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


def random_script(seed: int, length: int = 200) -> list[tuple]:
    rng = random.Random(seed)
    script: list[tuple] = []
    for _ in range(length):
        kind = rng.choices(["admit", "release", "advance"], weights=[5, 3, 3])[0]
        if kind == "admit":
            script.append(("admit", rng.choice([1, 2, -3]), rng.choice([0, 1, 1, 2, 3, 6])))
        elif kind == "release":
            script.append(("release", rng.choice([1, 2, -3])))
        else:
            script.append(("advance", rng.choice([0.0, 1.0, 5.0, 10.0, 20.0])))
    return script


@pytest.mark.parametrize("seed", [1, 2])
async def test_answers_match_chat_gate_on_a_pinned_clock(make_gate, seed):
    clock = Clock()
    local = ChatGate(4, clock=clock)
    gates = [make_gate(clock=clock, lease=10_000.0) for _ in range(2)]  # two processes
    holders: dict[int, list] = {}  # per chat: the gate of each admission in flight
    answers = []
    for step, (kind, *args) in enumerate(random_script(seed)):
        if kind == "advance":
            clock.now += args[0]
        elif kind == "release":
            chat = args[0]
            local.release(chat)
            if holders.get(chat):
                await holders[chat].pop().release(chat)
        else:
            chat, links = args
            gate = gates[step % 2]
            expected = local.admit(chat, links, **LIMITS)
            answer = await gate.admit(chat, links, **LIMITS)
            assert answer is expected, f"step {step}: {chat} {links}"
            if answer is Admission.OK:
                holders.setdefault(chat, []).append(gate)
            answers.append(answer)
    assert {Admission.OK, Admission.BUSY, Admission.FLOOD} <= set(answers)


async def test_a_lease_never_released_expires(make_gate):
    clock = Clock()
    gate, other = make_gate(clock=clock, lease=30.0), make_gate(clock=clock, lease=30.0)
    limits = {"per_minute": 100, "in_flight": 1}
    assert await gate.admit(5, 1, **limits) is Admission.OK  # its process dies: never released
    assert await other.admit(5, 1, **limits) is Admission.BUSY
    clock.now += 29.9
    assert await other.admit(5, 1, **limits) is Admission.BUSY
    clock.now += 0.2
    assert await other.admit(5, 1, **limits) is Admission.OK
    await other.release(5)
    assert await gate.admit(5, 1, **limits) is Admission.OK


async def test_a_short_lease_expires_on_the_stores_clock(make_gate):
    gate = make_gate(lease=0.3)
    limits = {"per_minute": 100, "in_flight": 1}
    assert await gate.admit(6, 1, **limits) is Admission.OK
    assert await gate.admit(6, 1, **limits) is Admission.BUSY

    async def admitted() -> None:
        while await gate.admit(6, 1, **limits) is not Admission.OK:
            await asyncio.sleep(0.05)

    await asyncio.wait_for(admitted(), timeout=10)


async def test_the_minute_window_is_shared(make_gate):
    clock = Clock()
    first, second = make_gate(clock=clock), make_gate(clock=clock)
    limits = {"per_minute": 5, "in_flight": 10}
    assert await first.admit(7, 3, **limits) is Admission.OK
    clock.now += 30
    assert await second.admit(7, 3, **limits) is Admission.FLOOD  # 3 + 3 > 5
    assert await second.admit(7, 2, **limits) is Admission.OK
    assert await second.admit(8, 5, **limits) is Admission.OK  # another chat
    clock.now += 30  # the first three left the window (at exactly 60 s, as ChatGate)
    assert await first.admit(7, 3, **limits) is Admission.OK
    assert await first.admit(7, 1, **limits) is Admission.FLOOD


async def test_concurrent_admits_never_exceed_the_limits(make_gate):
    gates = [make_gate() for _ in range(3)]
    busy = await asyncio.gather(
        *(gates[i % 3].admit(9, 1, per_minute=100, in_flight=2) for i in range(24))
    )
    assert busy.count(Admission.OK) == 2 and busy.count(Admission.BUSY) == 22
    flood = await asyncio.gather(
        *(gates[i % 3].admit(10, 1, per_minute=5, in_flight=100) for i in range(24))
    )
    assert flood.count(Admission.OK) == 5 and flood.count(Admission.FLOOD) == 19


async def test_redis_keys_expire_once_idle(redis_url, budget_name):
    from bot.media.shared_limits import RedisChatGate

    gate = RedisChatGate.from_url(redis_url, name=budget_name, lease=1.0)
    try:
        assert await gate.admit(11, 2, **LIMITS) is Admission.OK
        links, leases = gate.keys(11)
        assert 60_000 < await gate.redis.pttl(links) <= 61_000
        assert 1000 < await gate.redis.pttl(leases) <= 2000
        await gate.release(11)
        assert await gate.redis.zcard(leases) == 0
        assert await gate.admit(12, 0, **LIMITS) is Admission.OK  # no links: no links key
        assert not await gate.redis.exists(gate.keys(12)[0])
    finally:
        await gate.aclose()


async def test_idle_rows_are_pruned(pg_global, budget_name):
    from sqlalchemy import select

    from bot.media.shared_limits import DatabaseChatGate
    from data.database import session_scope
    from data.models import ChatLinkGate

    async def rows() -> set[int]:
        async with session_scope() as session:
            query = select(ChatLinkGate.chat_id).where(ChatLinkGate.name == budget_name)
            return set((await session.execute(query)).scalars())

    clock = Clock()
    gate = DatabaseChatGate(budget_name, clock=clock, lease=120.0)
    assert await gate.admit(13, 1, **LIMITS) is Admission.OK
    await gate.release(13)
    clock.now += 100
    assert await gate.admit(14, 1, **LIMITS) is Admission.OK  # never released
    await gate.prune()
    assert await rows() == {13, 14}  # 13's row lives on as long as a lease might have
    clock.now += 30
    await gate.prune()
    assert await rows() == {14}
    clock.now += 100
    assert await gate.prune() >= 1
    assert await rows() == set()
