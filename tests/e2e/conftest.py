"""End-to-end fixtures: the emulator, and the real bot polling it on each database backend."""

from collections.abc import AsyncIterator

import pytest
from aiogram.client.session.aiohttp import AiohttpSession

from devservers.telegram_api import TelegramApiEmulator
from devservers.tikwm import TikwmEmulator
from tests.e2e.harness import BOT_USERNAME, TOKEN, RunningBot, settings_for


@pytest.fixture(scope="session")
async def e2e_session() -> AsyncIterator[AiohttpSession]:
    """One HTTP session for all end-to-end tests (closing one costs aiogram a fixed 250 ms)."""
    session = AiohttpSession()
    yield session
    await session.close()


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramApiEmulator]:
    """A fresh Telegram emulator that creates chats on first contact."""
    async with TelegramApiEmulator(token=TOKEN, bot_username=BOT_USERNAME, auto_chats=True) as emu:
        yield emu


@pytest.fixture
async def tikwm() -> AsyncIterator[TikwmEmulator]:
    """A tikwm-shaped resolver and media server on loopback."""
    async with TikwmEmulator() as server:
        yield server


@pytest.fixture
async def start_bot(store, db_url, emulator, tikwm, e2e_session, tmp_path):
    """Start the production bot with extra settings (env names); stopped after the test."""
    started: list[RunningBot] = []

    async def start(**extra: str) -> RunningBot:
        config = {
            "TIKWM_URL": tikwm.base_url,
            "TIKTOK_TIMEOUT": "2",
            "TIKTOK_RETRIES": "1",
            **extra,
        }
        app = RunningBot(emulator, settings_for(emulator, db_url, tmp_path, **config), e2e_session)
        await app.start()
        started.append(app)
        return app

    yield start
    for app in started:
        await app.stop()


@pytest.fixture
async def running_bot(start_bot) -> RunningBot:
    """The production Dispatcher polling the emulator, on an empty database of each backend."""
    return await start_bot()
