"""The sandbox's world: the Telegram emulator, the tikwm and cobalt stand-ins with the sample
posts (the bot's TikTok backends, in a chain: tikwm first, cobalt its fallback; cobalt is its
Instagram backend too), the chats, and the real bot (production Dispatcher and services)
long-polling the emulator."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, Self

from bot.app import (
    MAX_CONCURRENT_UPDATES,
    Services,
    create_bot,
    create_dispatcher,
    create_services,
)
from bot.i18n import Locales
from bot.inflight import InFlight
from bot.metrics import Metrics
from data import database
from data.config import Settings, load_settings
from data.migrate import upgrade_to_head
from devservers.cobalt import CobaltEmulator
from devservers.telegram_api import TelegramApiEmulator
from devservers.tikwm import TikwmEmulator
from sandbox.backends import INSTAGRAM_NAMES
from sandbox.backends import NAMES as BACKEND_NAMES
from sandbox.instagram import publish_instagram
from sandbox.posts import publish_samples

log = logging.getLogger(__name__)

DB_PATH = Path("var/sandbox.sqlite3")  # relative to the working directory, like DB_URL's default
BOT_ID = 700_000_001
BOT_USERNAME = "tokdrop_sandbox_bot"
YOU, YOUR_NAME = 100_001, "Sam"
GROUP_ID, GROUP_TITLE = -1_001_234_567_890, "Sandbox group"
STORAGE_ID, STORAGE_TITLE = -1_009_876_543_210, "tokdrop storage"
# Telegram's global and group budgets as in production; 5 messages/s per chat instead of 1, so
# a 12-photo slideshow (which costs 12) arrives in about two seconds rather than ten.
RATES = {"TG_GLOBAL_RATE": "30", "TG_CHAT_RATE": "5", "TG_GROUP_RATE": "20"}
# A backend's breaker opens after 2 failures in a row (production: 3) for 5 s (production: 30),
# so a fallback, the open breaker and the recovery all show within seconds.
BREAKER = {"BREAKER_FAILURES": "2", "BREAKER_COOLDOWN": "5"}
START_TIMEOUT = 30.0
STOP_TIMEOUT = 20.0
EMULATOR_STOP_TIMEOUT = 3.0


async def _within(stopping: Coroutine[Any, Any, None], timeout: float) -> None:
    """Await a server's stop for at most ``timeout`` s, then cancel it: a stuck shutdown (an
    emulator bug) must not keep the sandbox from exiting."""
    task = asyncio.create_task(stopping)
    if not (await asyncio.wait({task}, timeout=timeout))[0]:
        log.warning("stopping %s took over %.0f s; cancelled", stopping.__qualname__, timeout)
        task.cancel()
        await asyncio.wait({task}, timeout=timeout)


def fake_token() -> str:
    """A made-up token of the real shape, new each run (it only ever reaches the emulator)."""
    return f"{BOT_ID}:sandbox-{secrets.token_urlsafe(24)}"


def sandbox_settings(
    token: str, tg_server: str, tikwm_url: str, cobalt_url: str, db_path: Path
) -> Settings:
    """The bot's settings, from this dict alone: config.ini, .env and the environment are not
    read (empty files stand in for both), so an operator's configuration cannot leak in."""
    environ = {
        "BOT_TOKEN": token,
        "TG_SERVER": tg_server,
        "TIKWM_URL": tikwm_url,
        "COBALT_URL": cobalt_url,
        "TIKTOK_BACKENDS": ",".join(BACKEND_NAMES),
        "INSTAGRAM_BACKENDS": ",".join(INSTAGRAM_NAMES),
        "DB_URL": f"sqlite:///{db_path}",
        "ADMIN_IDS": str(YOU),
        "LOG_LEVEL": "WARNING",
        "STORAGE_CHAT_ID": str(STORAGE_ID),
        "TIKTOK_TIMEOUT": "5",
        "TIKTOK_RETRIES": "1",
        **RATES,
        **BREAKER,
    }
    return load_settings(environ, ini_path=os.devnull, dotenv_path=os.devnull)


def fresh_database_file(path: Path) -> None:
    """Remove the previous run's sandbox database: its file_ids belong to an emulator that is
    gone, and scripts must start from the same empty state every time."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)


class World:
    """``async with World() as world:`` everything is up and the bot is polling."""

    def __init__(self, db_path: Path = DB_PATH) -> None:
        self.db_path = db_path
        self.token = fake_token()
        self.telegram = TelegramApiEmulator(
            token=self.token, bot_username=BOT_USERNAME, auto_chats=True
        )
        self.tikwm = TikwmEmulator()
        self.cobalt = CobaltEmulator()
        self.inflight = InFlight()
        self.settings: Settings | None = None
        self.metrics = Metrics()  # the bot's: /metrics and /healthz read the same
        self._services: Services | None = None
        self._dispatcher = None
        self._polling: asyncio.Task | None = None

    async def __aenter__(self) -> Self:
        await self.telegram.start()
        await self.tikwm.start()
        try:
            await self.cobalt.start()
            self._populate()
            await self._start_bot()
        except BaseException:
            await self.__aexit__()
            raise
        return self

    def _populate(self) -> None:
        publish_samples(self.tikwm, self.cobalt)
        publish_instagram(self.cobalt)
        self.telegram.add_user(YOU, first_name=YOUR_NAME, username="sam", language_code="en")
        self.telegram.add_chat(STORAGE_ID, "channel", title=STORAGE_TITLE)
        self.telegram.add_chat(GROUP_ID, "supergroup", title=GROUP_TITLE)
        self.telegram.set_chat_member(GROUP_ID, YOU, "creator")

    async def _start_bot(self) -> None:
        fresh_database_file(self.db_path)
        self.settings = sandbox_settings(
            self.token,
            self.telegram.base_url,
            self.tikwm.base_url,
            self.cobalt.base_url,
            self.db_path,
        )
        engine = await database.init_database(self.settings.db_url.get())
        await upgrade_to_head(engine)
        self._services = create_services(self.settings, self.metrics)
        bot = create_bot(self.settings, self.metrics)
        self._dispatcher = create_dispatcher(
            Locales(), self.settings, self._services, self.inflight
        )
        self._polling = asyncio.create_task(
            self._dispatcher.start_polling(
                bot,
                handle_signals=False,
                close_bot_session=True,
                allowed_updates=self._dispatcher.resolve_used_update_types(),
                tasks_concurrency_limit=MAX_CONCURRENT_UPDATES,
            )
        )
        await self.telegram.wait_until(
            lambda: self.polling_failure() or self._in_long_poll(), timeout=START_TIMEOUT
        )
        if failure := self.polling_failure():
            raise RuntimeError(failure)

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            if self._polling is not None and not self._polling.done():
                try:
                    await self._dispatcher.stop_polling()
                except RuntimeError:  # stopped before polling began
                    self._polling.cancel()
                await asyncio.wait({self._polling}, timeout=STOP_TIMEOUT)
                if not self._polling.done():
                    self._polling.cancel()
        finally:
            if self._services is not None:
                await self._services.close()
            await database.dispose_database()
            await _within(self.tikwm.stop(), STOP_TIMEOUT)
            await _within(self.cobalt.stop(), STOP_TIMEOUT)
            await _within(self.telegram.stop(), EMULATOR_STOP_TIMEOUT)

    def _in_long_poll(self) -> bool:
        return self.telegram.waiting_polls(token=self.token) > 0

    def polling_failure(self) -> str | None:
        """Why the bot stopped polling on its own, if it did."""
        if self._polling is None or not self._polling.done() or self._polling.cancelled():
            return None
        error = self._polling.exception()
        return f"the bot stopped polling: {error!r}" if error else "the bot stopped polling"

    async def settle(self, timeout: float) -> None:
        """Wait until every update pushed so far was fetched, confirmed and fully handled:
        nothing queued, the bot back in a long poll, no handler running. TimeoutError if not."""
        telegram = self.telegram

        def idle_queue() -> bool:
            done = not telegram.pending_updates(token=self.token) and self._in_long_poll()
            return done or bool(self.polling_failure())

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        await telegram.wait_until(idle_queue, timeout=timeout)
        if not await self.inflight.wait_idle(max(0.0, deadline - loop.time())):
            raise TimeoutError(f"handlers still running after {timeout:.0f} s")
