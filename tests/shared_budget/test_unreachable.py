"""A store that is down or silent: take raises within its timeout, the limiter goes on."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time

import pytest

from bot.outbox import (
    DatabaseBudget,
    Lane,
    LimiterConfig,
    RedisBudget,
    SharedBudgetUnavailable,
    close_global_budget,
    create_global_budget,
)
from bot.outbox.limiter import Limiter
from data import database
from data.config import load_settings
from devservers.redis import RedisServer

TIMEOUT = 1.0
PASSWORD = "s3cret-redis-pass"


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.asynccontextmanager
async def silent_server():
    """A TCP server that accepts connections and never answers; yields its port."""
    held: list[asyncio.StreamWriter] = []

    async def accept(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()


@contextlib.asynccontextmanager
async def budget_at(store: str, port: int):
    """A budget of ``store`` pointed at 127.0.0.1:``port``."""
    if store == "postgres":
        engine = database.build_engine(f"postgresql://tokdrop@127.0.0.1:{port}/none", pool_size=1)
        try:
            yield DatabaseBudget(30.0, 2.5, engine=engine, timeout=TIMEOUT)
        finally:
            await engine.dispose()
    else:
        budget = RedisBudget.from_url(
            f"redis://:{PASSWORD}@127.0.0.1:{port}/0", 30.0, 2.5, timeout=TIMEOUT
        )
        try:
            yield budget
        finally:
            await budget.aclose()


async def take_fails(budget) -> SharedBudgetUnavailable:
    """The error a take raises; it must come within the budget's timeout (plus slack)."""
    started = time.monotonic()
    with pytest.raises(SharedBudgetUnavailable) as caught:
        await asyncio.wait_for(budget.take(1, 0.0), TIMEOUT + 5)
    assert time.monotonic() - started < TIMEOUT + 2
    return caught.value


@pytest.mark.parametrize("store", ["postgres", "redis"])
async def test_take_raises_when_nothing_listens(store):
    async with budget_at(store, closed_port()) as budget:
        error = await take_fails(budget)
    assert store.replace("postgres", "postgresql") in str(error)
    assert PASSWORD not in str(error)


@pytest.mark.parametrize("store", ["postgres", "redis"])
async def test_take_raises_when_the_store_never_answers(store):
    async with silent_server() as port, budget_at(store, port) as budget:
        error = await take_fails(budget)
        with pytest.raises(SharedBudgetUnavailable):
            await budget.pause(1.0)
    assert "no answer within" in str(error)


async def test_redis_going_away_then_coming_back(budget_name):
    server = RedisServer()
    server.start()
    budget = RedisBudget.from_url(server.url, 30.0, 2.5, name=budget_name, timeout=TIMEOUT)
    try:
        assert await budget.take(1, 0.0) == 0.0
        server.stop()
        await take_fails(budget)
        await take_fails(budget)  # again: no hang on a dead pooled connection
    finally:
        await budget.aclose()
        server.stop()


async def test_the_limiter_stands_in_for_replies_and_refuses_bulk_calls(caplog, tmp_path):
    empty = tmp_path / "empty.ini"
    empty.touch()
    settings = load_settings(
        {
            "BOT_TOKEN": "424244:AAH-tokdrop-unreachable-token-0123456",
            "REDIS_URL": f"redis://:{PASSWORD}@127.0.0.1:{closed_port()}/0",
        },
        ini_path=empty,
        dotenv_path=empty,
    )
    caplog.set_level(logging.DEBUG)
    budget = create_global_budget(settings, LimiterConfig())
    limiter = Limiter(LimiterConfig(), budget=budget)
    try:
        for chat in (1, 2):  # replies: granted by this process's own budget
            await asyncio.wait_for(limiter.acquire(chat), TIMEOUT + 5)
        for chat in (3, 4):  # bulk: not sent, the caller tries again later
            with pytest.raises(SharedBudgetUnavailable):
                await asyncio.wait_for(limiter.acquire(chat, lane=Lane.BULK), TIMEOUT + 5)
        assert limiter.queued() == 0
        state = limiter.budget_state()
    finally:
        await close_global_budget(budget)
    assert state["degraded"] and state["outages"] == 1 and state["fallback_units"] == 2
    assert caplog.text.count("replies use this process's own send budget") == 1  # logged once
    assert "global budget failed" not in caplog.text
    assert PASSWORD not in caplog.text
