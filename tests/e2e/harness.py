"""Runs the production Dispatcher against the Telegram emulator over real HTTP, in this process."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Update
from aiohttp import ClientSession

from bot.app import Services, create_bot, create_dispatcher, create_services
from bot.i18n import Locales
from bot.inflight import InFlight
from bot.metrics import Metrics
from bot.web import (
    Probe,
    WebServer,
    background_jobs_probe,
    create_web_app,
    polling_probe,
    standard_probes,
)
from data.config import Settings, load_settings
from devservers.bot_processes import UNLIMITED_SENDS
from devservers.telegram_api import Call, TelegramApiEmulator

TOKEN = "424242:AAH-tokdrop-e2e-test-token-0123456789"
BOT_USERNAME = "tokdrop_bot"
# Stricter than production (which asks only for the kinds it handles): every kind reaches the bot.
ALL_UPDATE_TYPES = [name for name in Update.model_fields if name != "update_id"]


def settings_for(
    emulator: TelegramApiEmulator, db_url: str, tmp_path: Path, **extra: str
) -> Settings:
    """Settings as an operator would write them, pointing at the emulator (no config files read)."""
    empty = tmp_path / "empty.ini"
    empty.touch()
    # The emulator enforces no send rate unless a test asks it to; the limiter is opened up to
    # match.
    environ = {
        "BOT_TOKEN": TOKEN,
        "TG_SERVER": emulator.base_url,
        "DB_URL": db_url,
        **UNLIMITED_SENDS,
        **extra,
    }
    return load_settings(environ, ini_path=empty, dotenv_path=empty)


class BorrowedSession(AiohttpSession):
    """One bot's Bot API session (its own middleware chain) over a shared HTTP client: closing
    it is free, where closing an AiohttpSession costs aiogram a fixed 250 ms."""

    def __init__(self, shared: AiohttpSession, api: TelegramAPIServer) -> None:
        super().__init__(api=api)
        self.shared = shared

    async def create_session(self) -> ClientSession:
        return await self.shared.create_session()

    async def close(self) -> None:
        """Nothing to do: the shared session's owner closes it."""


class RunningBot:
    """The real bot polling the emulator; ``say`` sends as a user and returns the bot's reply.
    ``metrics`` are the bot's (the process's, in production)."""

    def __init__(
        self, emulator: TelegramApiEmulator, settings: Settings, session: AiohttpSession
    ) -> None:
        self.emulator = emulator
        self.settings = settings
        self.metrics = Metrics()
        api = TelegramAPIServer.from_base(emulator.base_url)
        self.bot: Bot = create_bot(settings, self.metrics, BorrowedSession(session, api))
        self.inflight = InFlight()
        self.services: Services | None = None
        self.dp: Dispatcher | None = None
        self._task: asyncio.Task | None = None
        self.web: WebServer | None = None

    async def start(self) -> None:
        """Start polling and wait until the bot has published its commands."""
        self.services = create_services(self.settings, self.metrics)
        self.dp = create_dispatcher(Locales(), self.settings, self.services, self.inflight)
        self._task = asyncio.create_task(
            self.dp.start_polling(
                self.bot,
                handle_signals=False,
                close_bot_session=False,
                polling_timeout=1,
                allowed_updates=ALL_UPDATE_TYPES,
            )
        )
        await self.emulator.wait_until(
            lambda: self.emulator.waiting_polls(token=TOKEN) > 0, timeout=10
        )

    def health_probes(self) -> dict[str, Probe]:
        """The checks of a polling process: database, Bot API, the long poll, background jobs."""
        workflow = self.dp.workflow_data
        return {
            **standard_probes(self.bot),
            "polling": polling_probe(self.metrics, max_silence=10),
            "background": background_jobs_probe(lambda: workflow.get("background_jobs")),
        }

    async def start_web(self, probes: Mapping[str, Probe] | None = None) -> str:
        """Serve /healthz (``probes``, by default :meth:`health_probes`) and /metrics for this bot
        on a free loopback port; returns the base URL. Stopped by :meth:`stop`."""
        probes = self.health_probes() if probes is None else probes
        self.web = WebServer(create_web_app(self.metrics, probes), "127.0.0.1", 0)
        await self.web.start()
        return self.web.url

    async def stop(self) -> None:
        """Stop the web server if started, stop polling and wait for the polling task to end."""
        if self.web is not None:
            await self.web.stop()
        if self._task is not None and not self._task.done():
            await self.dp.stop_polling()
            await asyncio.wait_for(self._task, 10)
        if self.services is not None:
            await self.services.close()

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until every update pushed so far was fetched, confirmed, and fully handled."""
        emu = self.emulator
        # Back in a long poll with nothing queued: every update was delivered and confirmed.
        await emu.wait_until(
            lambda: not emu.pending_updates(token=TOKEN) and emu.waiting_polls(token=TOKEN) > 0,
            timeout=timeout,
        )
        assert await self.inflight.wait_idle(timeout), "handlers still running"

    async def say(
        self,
        chat_id: int,
        text: str,
        *,
        method: str = "sendMessage",
        timeout: float = 10.0,
        **kwargs,
    ) -> Call:
        """Send ``text`` as a user in ``chat_id`` and return the bot's next ``method`` call to
        that chat."""
        self.emulator.send_message(chat_id, text, **kwargs)
        return await self.emulator.wait_for_call(
            method, lambda c: c.chat_id == chat_id, timeout=timeout
        )

    def sent_to(self, chat_id: int, method: str = "sendMessage") -> list[Call]:
        """Every ``method`` call the bot made to ``chat_id`` so far."""
        return self.emulator.calls_to(method, chat_id=chat_id)
