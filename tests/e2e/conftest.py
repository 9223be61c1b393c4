"""End-to-end fixtures: the emulator, and the real bot polling it on each database backend."""
from collections.abc import AsyncIterator

import pytest
from aiogram.client.session.aiohttp import AiohttpSession

from devservers.telegram_api import TelegramApiEmulator
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
async def running_bot(store, db_url, emulator, e2e_session, tmp_path) -> AsyncIterator[RunningBot]:
    """The production Dispatcher polling the emulator, on an empty database of each backend."""
    app = RunningBot(emulator, settings_for(emulator, db_url, tmp_path), e2e_session)
    await app.start()
    try:
        yield app
    finally:
        await app.stop()
