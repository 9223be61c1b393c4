"""Fault-injection fixtures: a Redis of the test's own (killed and revived by the test), the
emulator, and bots whose send budget is shared through that Redis."""

from __future__ import annotations

import asyncio
import inspect
from collections import Counter
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer

from bot.app import create_bot
from bot.metrics import Metrics
from bot.outbox import (
    Limiter,
    LimiterConfig,
    OutboxMiddleware,
    close_global_budget,
    create_global_budget,
)
from bot.outbox.shared.chat_factory import close_shared, create_shared_chats
from data import db_service as db
from data.config import Settings
from data.db_service import ChatVisit
from devservers.redis import RedisServer
from devservers.telegram_api import TelegramApiEmulator
from tests.e2e import conftest as e2e_fixtures
from tests.e2e.harness import BorrowedSession, RunningBot, settings_for

e2e_session, emulator, tikwm = e2e_fixtures.e2e_session, e2e_fixtures.emulator, e2e_fixtures.tikwm
ADMIN = 4040
RETRY_INTERVAL = 0.3  # seconds between tries of the shared budget while it is down (tests)


@pytest.fixture
def redis():
    """A redis-server of this test alone: the test may kill and revive it."""
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def limiter_of(bot: Bot) -> Limiter:
    """The send limiter on the bot's session."""
    return next(m.limiter for m in bot.session.middleware if isinstance(m, OutboxMiddleware))


def retry_quickly(bot: Bot) -> Limiter:
    """Try a shared budget that is down every RETRY_INTERVAL s instead of every 5 s."""
    limiter = limiter_of(bot)
    assert limiter.fallback is not None, "the budget is not shared"
    limiter.fallback.probe_interval = RETRY_INTERVAL
    return limiter


@pytest.fixture
async def shared_bot(e2e_session) -> AsyncIterator:
    """``make(settings)``: a Bot (the production one of ``create_bot``) whose send budget is
    the shared one ``create_global_budget`` makes of the settings (REDIS_URL)."""
    budgets = []

    def make(settings: Settings, metrics: Metrics | None = None) -> Bot:
        budget = create_global_budget(settings, LimiterConfig.from_settings(settings))
        budgets.append(budget)
        api = TelegramAPIServer.from_base(settings.tg_server)
        bot = create_bot(settings, metrics, BorrowedSession(e2e_session, api), budget=budget)
        retry_quickly(bot)
        return bot

    yield make
    for budget in budgets:
        await close_global_budget(budget)


class SharedBudgetRunningBot(RunningBot):
    """The polling production bot of the e2e harness, its send budget and per-chat budgets
    shared through the settings' REDIS_URL (``create_global_budget`` and
    ``create_shared_chats``, as ``run_bot`` does; the link gate is the services' own)."""

    def __init__(self, emulator: TelegramApiEmulator, settings: Settings, session) -> None:
        super().__init__(emulator, settings, session)
        config = LimiterConfig.from_settings(settings)
        self.budget = create_global_budget(settings, config)
        self.shared_chats = create_shared_chats(settings, config)
        api = TelegramAPIServer.from_base(settings.tg_server)
        self.bot = create_bot(
            settings,
            self.metrics,
            BorrowedSession(session, api),
            budget=self.budget,
            shared_chats=self.shared_chats,
        )
        self.limiter = retry_quickly(self.bot)

    async def stop(self) -> None:
        await super().stop()
        await close_global_budget(self.budget)
        await close_shared(self.shared_chats)


@pytest.fixture
async def start_shared_bot(store, db_url, emulator, tikwm, e2e_session, redis, tmp_path):
    """Start the production bot on the test's Redis (REDIS_URL), with its own background jobs
    stopped (tests poll by hand); stopped after the test."""
    started: list[SharedBudgetRunningBot] = []

    async def start(**extra: str) -> SharedBudgetRunningBot:
        config = {
            "TIKWM_URL": tikwm.base_url,
            "TIKTOK_TIMEOUT": "2",
            "TIKTOK_RETRIES": "1",
            "REDIS_URL": redis.url,
            **extra,
        }
        settings = settings_for(emulator, db_url, tmp_path, **config)
        app = SharedBudgetRunningBot(emulator, settings, e2e_session)
        await app.start()
        started.append(app)
        jobs = app.dp.workflow_data.pop("background_jobs", None)
        if jobs is not None:
            await jobs.stop()
        return app

    yield start
    for app in started:
        await app.stop()


async def load_chats(ids) -> None:
    """Known chats (the broadcast audience)."""
    await db.load_chats([ChatVisit(chat_id, "en") for chat_id in ids])


def copies(emulator: TelegramApiEmulator) -> Counter:
    """copyMessage calls Telegram accepted, per chat."""
    return Counter(c.chat_id for c in emulator.calls_to("copyMessage") if c.ok)


async def eventually(condition, timeout: float, *, every: float = 0.05, what: str = "condition"):
    """Poll ``condition()`` (a plain or async callable) until it is truthy; its value. For
    conditions the emulator's own waits do not see (they wake on its calls only)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if loop.time() >= deadline:
            raise AssertionError(f"{what} not met within {timeout} s")
        await asyncio.sleep(every)
