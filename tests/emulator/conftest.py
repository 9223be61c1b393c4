"""Fixtures: a fresh emulator per test, an aiogram Bot talking to it over HTTP, and a guard
that refuses any network connection other than to the loopback interface."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from devservers.telegram_api import TelegramApiEmulator

TOKEN = "4242:EMULATED-test-token"
USER = 777  # a private chat every test's emulator knows: Alice
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def check(address: object) -> None:
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            raise ConnectionRefusedError(f"test tried to reach {address!r} (loopback only)")

    def connect(self: socket.socket, address: object) -> None:
        check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        check(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


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
