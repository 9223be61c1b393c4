"""The per-chat fallbacks on stores stopped for real: a Redis killed and revived, a PostgreSQL
halted and resumed, one where nothing listens. Sends and messages go on from the process's
own buckets and gate, each outage is logged once, and the shared state is used again once the
store answers (tried every ``probe_interval`` of a manual clock)."""

from __future__ import annotations

import logging

import pytest

from bot.media.gate_fallback import FallbackChatGate
from bot.media.limits import Admission, ChatGate
from bot.media.shared_limits import DatabaseChatGate, RedisChatGate
from bot.outbox import ManualClock
from bot.outbox.bucket import ChatBuckets
from bot.outbox.chat_fallback import FallbackChatBuckets
from bot.outbox.shared import DatabaseChatBuckets, RedisChatBuckets
from data import database
from data.migrate import upgrade_to_head
from devservers.postgres import PostgresServer
from devservers.redis import RedisServer
from devservers.refused import refused_port

from .conftest import NUMBERS

RETRY, TIMEOUT = 2.0, 1.0
ONE = {"per_minute": 5, "in_flight": 1}


@pytest.fixture
def redis():
    """A redis-server of this test alone (killed and revived)."""
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def _logged(caplog, text: str) -> int:
    return sum(text in record.getMessage() for record in caplog.records)


async def test_chat_buckets_fall_back_while_redis_is_down(redis, budget_name, caplog):
    caplog.set_level(logging.INFO)
    clock = ManualClock()
    shared = RedisChatBuckets.from_url(redis.url, *NUMBERS, name=budget_name, timeout=TIMEOUT)
    chats = FallbackChatBuckets(shared, ChatBuckets(*NUMBERS), clock, probe_interval=RETRY)
    try:
        assert await chats.take(1, 1) == 0.0 and not chats.degraded
        redis.kill()
        assert await chats.take(1, 1) == 0.0  # the stand-in, which knows the first send
        assert chats.degraded
        assert await chats.take(1, 1) == 0.0
        assert await chats.take(1, 1) == pytest.approx(1.0)  # the burst of 3 is spent here too
        await chats.pause(2, 5.0)  # a 429 while down: never raises, holds the chat here
        assert await chats.take(2, 1) == pytest.approx(5.0)
        redis.revive()
        await clock.advance(RETRY / 2)
        assert await chats.take(3, 1) == 0.0 and chats.degraded  # not asked within the interval
        await clock.advance(RETRY)
        assert await chats.take(4, 1) == 0.0 and not chats.degraded  # asked: back
        assert await shared.redis.exists(shared.key(4))  # the shared store took it
        state = chats.state()
        assert (state["store"], state["outages"], state["fallback_takes"]) == ("redis", 1, 3)
    finally:
        await chats.aclose()
    assert _logged(caplog, "per-chat limits use this process's own buckets") == 1
    assert _logged(caplog, "are back after") == 1


async def test_the_gate_falls_back_while_redis_is_down(redis, budget_name, caplog):
    caplog.set_level(logging.INFO)
    clock = ManualClock()
    shared = RedisChatGate.from_url(redis.url, name=budget_name, timeout=TIMEOUT)
    gate = FallbackChatGate(shared, ChatGate(2, clock.now), probe_interval=RETRY, clock=clock.now)
    try:
        assert await gate.admit(1, 1, **ONE) is Admission.OK
        assert await gate.admit(1, 1, **ONE) is Admission.BUSY  # shared: in flight
        redis.kill()
        await gate.release(1)  # never raises
        assert gate.degraded
        assert await gate.admit(2, 1, **ONE) is Admission.OK  # the local gate
        assert await gate.admit(2, 1, **ONE) is Admission.BUSY
        await gate.release(2)
        assert await gate.admit(2, 1, **ONE) is Admission.OK
        redis.revive()
        await clock.advance(RETRY)
        assert await gate.admit(3, 1, **ONE) is Admission.OK and not gate.degraded
        await gate.release(2)  # admitted locally: released locally
        assert gate.local.tracked_chats() == 1  # chat 2's window only
        await gate.release(3)
        assert await shared.redis.zcard(shared.keys(3)[1]) == 0
        assert gate.state()["fallback_admits"] == 2
    finally:
        await gate.aclose()
    assert _logged(caplog, "link limits use this process's own gate") == 1
    assert _logged(caplog, "link gate (redis) is back after") == 1


async def test_nothing_listening_never_fails_a_send_or_a_message():
    with refused_port() as port:
        engine = database.build_engine(f"postgresql://tokdrop@127.0.0.1:{port}/none", pool_size=1)
        clock = ManualClock()
        shared = DatabaseChatBuckets(*NUMBERS, engine=engine, timeout=TIMEOUT)
        chats = FallbackChatBuckets(shared, ChatBuckets(*NUMBERS), clock)
        gate = FallbackChatGate(
            DatabaseChatGate(engine=engine, timeout=TIMEOUT),
            ChatGate(2, clock.now),
            clock=clock.now,
        )
        try:
            assert [await chats.take(-5, 1) for _ in range(3)] == [0.0, 0.0, 0.0]
            assert await chats.take(-5, 1) > 0  # the local group budget holds it
            await chats.pause(-5, 1.0)
            assert await gate.admit(5, 2, **ONE) is Admission.OK
            await gate.release(5)
            assert chats.degraded and gate.degraded
        finally:
            await engine.dispose()


async def test_postgres_halted_then_resumed(budget_name, caplog):
    """A private server (halting the session's would stop other tests' work)."""
    caplog.set_level(logging.INFO)
    with PostgresServer() as server:
        url = server.create_database("chats")
        engine = database.build_engine(url, pool_size=2)
        try:
            await upgrade_to_head(engine)
            clock = ManualClock()
            shared_chats = DatabaseChatBuckets(
                *NUMBERS, budget_name, engine=engine, timeout=TIMEOUT
            )
            chats = FallbackChatBuckets(
                shared_chats, ChatBuckets(*NUMBERS), clock, probe_interval=RETRY
            )
            shared_gate = DatabaseChatGate(budget_name, engine=engine, timeout=TIMEOUT)
            gate = FallbackChatGate(
                shared_gate, ChatGate(2, clock.now), probe_interval=RETRY, clock=clock.now
            )
            assert await chats.take(1, 30) == 0.0  # an album: 28 s of debt on the server's clock
            assert await gate.admit(1, 1, **ONE) is Admission.OK
            server.halt()
            await gate.release(1)  # kept until the store is back
            assert await chats.take(2, 1) == 0.0 and chats.degraded
            assert await gate.admit(2, 1, **ONE) is Admission.OK and gate.degraded
            server.resume()
            for _ in range(5):  # a pooled connection the restart closed may cost one more try
                await clock.advance(RETRY)
                wait = await chats.take(1, 1)
                admission = await gate.admit(1, 1, **ONE)
                if not (chats.degraded or gate.degraded):
                    break
            assert not (chats.degraded or gate.degraded)
            assert 10 < wait <= 28  # the shared bucket kept its debt (real seconds went by)
            assert admission is Admission.OK  # the kept release went first
            await gate.release(1)
            assert (chats.outages, gate.outages) == (1, 1)
        finally:
            await engine.dispose()
    assert _logged(caplog, "shared chat send buckets (postgresql) are back after") == 1
