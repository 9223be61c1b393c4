"""Receiving updates by webhook: the route Telegram posts to, and its registration.

Every request must carry ``X-Telegram-Bot-Api-Secret-Token`` equal to the configured secret
(compared in constant time); anything else gets 401 and is not processed. A body that is not
JSON gets 400. An update aiogram cannot parse is acknowledged (200) and dropped with a
warning, since Telegram would otherwise deliver it again forever. Accepted updates are handled
in the background, at most ``limit`` at a time: past that the answer waits, which is how
Telegram is told to slow down (it keeps at most ``max_connections`` requests open).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramRetryAfter
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from data.config import Settings

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_CONNECTIONS = 40  # Telegram's default: concurrent webhook requests per bot
MAX_BODY_BYTES = 1024 * 1024
SET_WEBHOOK_ATTEMPTS = 5


class WebhookHandler:
    """The aiohttp handler feeding webhook updates to ``dispatcher`` for ``bot``."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        secret: str,
        *,
        limit: int,
        **data: Any,
    ) -> None:
        self.dispatcher = dispatcher
        self.bot = bot
        self._secret = secret.encode()
        self._slots = asyncio.Semaphore(limit)
        self._tasks: set[asyncio.Task[None]] = set()
        self._data = data
        self.accepted = 0  # updates taken for handling
        self.rejected = 0  # requests refused for a missing or wrong secret

    def register(self, app: web.Application, path: str) -> None:
        """Serve ``POST path`` on ``app``."""
        app.router.add_post(path, self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        """Check the secret, parse the update, hand it to the dispatcher in the background."""
        # aiohttp keeps bytes that are not UTF-8 as surrogates: encode them back, so any header
        # compares (and a malformed one is refused with 401, not a 500).
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not secrets.compare_digest(given, self._secret):
            self.rejected += 1
            log.warning(
                "webhook: refused a request without the right secret token from %s", request.remote
            )
            return web.Response(status=401, text="Unauthorized")
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            return web.Response(status=413, text="Payload Too Large")
        try:
            raw = await request.json(loads=json.loads)
            update = Update.model_validate(raw, context={"bot": self.bot})
        except (json.JSONDecodeError, UnicodeDecodeError):
            return web.Response(status=400, text="Bad Request: the body is not JSON")
        except ValidationError as exc:
            log.warning(
                "webhook: dropped an update that is not a valid Update (%s error(s))",
                exc.error_count(),
            )
            return web.json_response({})
        await self._slots.acquire()
        self.accepted += 1
        task = asyncio.create_task(self._feed(update), name=f"update {update.update_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return web.json_response({})

    async def _feed(self, update: Update) -> None:
        try:
            await self.dispatcher.feed_update(self.bot, update, **self._data)
        except Exception:  # the error router logs and answers; this is the last resort
            log.exception("webhook: update %s failed", update.update_id)
        finally:
            self._slots.release()

    async def wait_idle(self, timeout: float) -> bool:
        """Wait for the updates being handled; False if some still run after ``timeout``."""
        if not self._tasks:
            return True
        _, pending = await asyncio.wait(set(self._tasks), timeout=timeout)
        return not pending


async def register_webhook(bot: Bot, settings: Settings, allowed_updates: list[str]) -> None:
    """Point Telegram at ``WEBHOOK_URL`` with the secret (every process does it on start; it is
    idempotent, and a stopping process leaves the webhook to the others).

    Telegram refuses a second setWebhook within about a second (429): processes starting
    together wait the ``retry_after`` it names and set it again. setWebhook sends nothing to
    any chat, so this is not the send budget's business.
    """
    for attempt in range(1, SET_WEBHOOK_ATTEMPTS + 1):
        try:
            await bot.set_webhook(
                settings.webhook_url,
                secret_token=settings.webhook_token(),
                allowed_updates=allowed_updates,
                max_connections=MAX_CONNECTIONS,
                drop_pending_updates=False,
            )
            break
        except TelegramRetryAfter as exc:
            if attempt == SET_WEBHOOK_ATTEMPTS:
                raise
            await asyncio.sleep(exc.retry_after)
    log.info("webhook registered; serving %s", settings.webhook_path)
