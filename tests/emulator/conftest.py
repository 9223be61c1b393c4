"""Fixtures: a fresh emulator per test and an aiogram Bot talking to it over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from devservers.telegram_api import TelegramApiEmulator

TOKEN = "4242:EMULATED-test-token"
USER = 777  # a private chat every test's emulator knows: Alice


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramApiEmulator]:
    async with TelegramApiEmulator(token=TOKEN, bot_username="tokdrop_test_bot") as emu:
        emu.add_chat(USER, first_name="Alice", username="alice")
        yield emu


@pytest.fixture(scope="session")
async def shared_session() -> AsyncIterator[AiohttpSession]:
    """One HTTP session for all tests: closing an AiohttpSession costs a fixed 250 ms."""
    session = AiohttpSession()
    yield session
    await session.close()


def make_bot(emulator: TelegramApiEmulator, session: AiohttpSession, token: str = TOKEN) -> Bot:
    """A real aiogram Bot whose requests go to ``emulator`` over HTTP."""
    session.api = TelegramAPIServer.from_base(emulator.base_url)
    return Bot(token, session=session)


@pytest.fixture
def bot(emulator: TelegramApiEmulator, shared_session: AiohttpSession) -> Bot:
    return make_bot(emulator, shared_session)


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session
