"""Shared per-chat buckets and link gates on either store, each with its own engine or client
(as another process would have), closed after use; the stores are tests/shared_budget's."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.media.shared_limits import DatabaseChatGate, RedisChatGate, SharedChatGate
from bot.outbox.shared import DatabaseChatBuckets, RedisChatBuckets, SharedChats, redis_client
from data import database
from tests.shared_budget import conftest as budget_fixtures

# tests/shared_budget's fixtures, shared with these tests
budget_name = budget_fixtures.budget_name
pg_global = budget_fixtures.pg_global
redis_server = budget_fixtures.redis_server
redis_url = budget_fixtures.redis_url
shared_store = budget_fixtures.shared_store
shared_url = budget_fixtures.shared_url

# chat_rate, chat_burst, group_rate (per second), group_burst: the limiter's defaults
NUMBERS = (1.0, 3.0, 20.0 / 60, 3.0)


class Made:
    """Engines and clients made for one test, closed at its end."""

    def __init__(self) -> None:
        self.closing: list = []
        self.engines: list[AsyncEngine] = []

    def engine(self, url: str) -> AsyncEngine:
        engine = database.build_engine(url, pool_size=2)
        self.engines.append(engine)
        return engine

    async def close(self) -> None:
        for thing in self.closing:
            await thing.aclose()
        for engine in self.engines:
            await engine.dispose()


@pytest.fixture
async def made():
    made = Made()
    yield made
    await made.close()


@pytest.fixture
def make_chats(shared_store, shared_url, budget_name, made):
    """``make_chats(*numbers, **options)``: new shared chat buckets on ``shared_store``, all
    sharing ``budget_name``."""

    def make(*numbers: float, **options) -> SharedChats:
        numbers = numbers or NUMBERS
        chats: SharedChats
        if shared_store == "postgres":
            engine = made.engine(shared_url)
            chats = DatabaseChatBuckets(*numbers, budget_name, engine=engine, **options)
        else:
            client = redis_client(shared_url)
            chats = RedisChatBuckets(
                client, *numbers, name=budget_name, owns_client=True, **options
            )
        made.closing.append(chats)
        return chats

    return make


@pytest.fixture
def make_gate(shared_store, shared_url, budget_name, made):
    """``make_gate(**options)``: a new shared link gate on ``shared_store`` (set
    ``budget_name``)."""

    def make(**options) -> SharedChatGate:
        gate: SharedChatGate
        if shared_store == "postgres":
            gate = DatabaseChatGate(budget_name, engine=made.engine(shared_url), **options)
        else:
            client = redis_client(shared_url)
            gate = RedisChatGate(client, name=budget_name, owns_client=True, **options)
        made.closing.append(gate)
        return gate

    return make
