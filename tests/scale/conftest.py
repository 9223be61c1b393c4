"""Fixtures for webhook mode and several processes: an emulator that opens a new connection per
push, so processes sharing one port with SO_REUSEPORT all receive updates."""

from collections.abc import AsyncIterator

import pytest

from data import database
from devservers.telegram_api import TelegramApiEmulator, WebhookOptions
from tests.conftest import clear_tables
from tests.e2e.harness import BOT_USERNAME, TOKEN


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramApiEmulator]:
    """A fresh Telegram emulator that creates chats on first contact and spreads webhook pushes
    over new connections."""
    async with TelegramApiEmulator(
        token=TOKEN,
        bot_username=BOT_USERNAME,
        auto_chats=True,
        webhook_options=WebhookOptions(force_close=True),
    ) as emu:
        yield emu


@pytest.fixture
async def pg_store(pg_migrated_url) -> AsyncIterator[str]:
    """The repository on an emptied PostgreSQL database; yields its URL for bot processes."""
    await database.init_database(pg_migrated_url)
    try:
        await clear_tables()
        yield pg_migrated_url
    finally:
        await database.dispose_database()
