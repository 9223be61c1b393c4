"""A real Redis server for the session, and shared budgets on either store, closed after use."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.outbox import DatabaseBudget, RedisBudget
from bot.outbox.shared import DEFAULT_TIMEOUT, SharedBudget, redis_client
from data import database
from devservers.redis import RedisServer

STORES = ["postgres", "redis"]


@pytest.fixture(scope="session")
def redis_server():
    """One redis-server for the whole run (own port and folder, no persistence; Debian's or the
    pip wheel's, see devservers.sources); without one, the tests using it error, never skip."""
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server) -> str:
    """URL of the session's Redis server."""
    return redis_server.url


@pytest.fixture(params=STORES)
def shared_store(request) -> str:
    """The shared store a parametrized test runs on."""
    return request.param


@pytest.fixture
def budget_name() -> str:
    """A budget name of this test alone (rows and keys of other tests never interfere)."""
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def shared_url(shared_store, request) -> str:
    """URL of the test PostgreSQL database or Redis server, by ``shared_store``."""
    return request.getfixturevalue("pg_migrated_url" if shared_store == "postgres" else "redis_url")


@pytest.fixture
async def make_budget(shared_store, shared_url, budget_name):
    """``make_budget(rate, burst, **options)``: a new budget on ``shared_store`` with its own engine
    or client (as another process would have), all sharing ``budget_name``."""
    made: list[SharedBudget] = []
    engines: list[AsyncEngine] = []

    def make(rate: float, burst: float, **options) -> SharedBudget:
        if shared_store == "postgres":
            engine = database.build_engine(shared_url, pool_size=2)
            engines.append(engine)
            budget: SharedBudget = DatabaseBudget(
                rate, burst, budget_name, engine=engine, **options
            )
        else:
            timeout = options.get("timeout", DEFAULT_TIMEOUT)
            budget = RedisBudget(
                redis_client(shared_url, timeout=timeout),
                rate,
                burst,
                name=budget_name,
                owns_client=True,
                **options,
            )
        made.append(budget)
        return budget

    yield make
    for budget in made:
        await budget.aclose()
    for engine in engines:
        await engine.dispose()


@pytest.fixture
async def pg_global(pg_migrated_url) -> AsyncIterator[str]:
    """The process-wide database (``data.database``) initialised on the test PostgreSQL."""
    await database.init_database(pg_migrated_url)
    try:
        yield pg_migrated_url
    finally:
        await database.dispose_database()
