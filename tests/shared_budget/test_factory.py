"""create_global_budget: Redis when configured, PostgreSQL in webhook mode, else in-process."""

from __future__ import annotations

import logging

import pytest

from bot.outbox import (
    DatabaseBudget,
    LimiterConfig,
    RedisBudget,
    close_global_budget,
    create_global_budget,
)
from data.config import load_settings
from devservers.redis import RedisServer, RedisUnavailable

TOKEN = "424245:AAH-tokdrop-factory-token-0123456789"
PG = "postgresql://tokdrop:pg-secret@127.0.0.1:5432/tokdrop"
WEBHOOK = "https://bot.example.org/tg"


@pytest.fixture
def settings(tmp_path):
    empty = tmp_path / "empty.ini"
    empty.touch()

    def make(**environ: str):
        return load_settings({"BOT_TOKEN": TOKEN, **environ}, ini_path=empty, dotenv_path=empty)

    return make


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"DB_URL": PG},
        {"WEBHOOK_URL": WEBHOOK},  # webhook on SQLite: several processes are refused elsewhere
    ],
)
def test_one_process_keeps_the_in_process_budget(settings, environ):
    assert create_global_budget(settings(**environ), LimiterConfig()) is None


def test_webhook_on_postgres_shares_through_the_database(settings):
    config = LimiterConfig(global_rate=28.0, global_burst=3.0)
    budget = create_global_budget(settings(WEBHOOK_URL=WEBHOOK, DB_URL=PG), config)
    assert isinstance(budget, DatabaseBudget)
    assert (budget.rate, budget.capacity, budget.name) == (28.0, 3.0, "bot424245")


async def test_redis_url_wins_and_is_never_logged(settings, caplog):
    caplog.set_level(logging.DEBUG)
    with RedisServer(password="r3dis-secret") as server:
        budget = create_global_budget(
            settings(REDIS_URL=server.url, WEBHOOK_URL=WEBHOOK, DB_URL=PG), LimiterConfig()
        )
        assert isinstance(budget, RedisBudget)
        assert budget.key == "tokdrop:send_budget:bot424245"
        assert await budget.take(1, 0.0) == 0.0
        await close_global_budget(budget)
    assert "shared through Redis" in caplog.text
    assert "r3dis-secret" not in caplog.text and str(server.port) not in caplog.text
    await close_global_budget(None)


def test_missing_redis_server_says_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setenv("TOKDROP_SERVERS", "system")  # the wheel of requirements-dev.txt not tried
    monkeypatch.delenv("TOKDROP_REDIS_SERVER", raising=False)
    with pytest.raises(RedisUnavailable, match="install Debian's redis-server"):
        RedisServer()
