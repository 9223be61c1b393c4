"""The aiogram application: Bot and Dispatcher factories and the polling lifecycle."""
from __future__ import annotations

import logging
from dataclasses import dataclass

import aiohttp
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from bot.broadcast import start_broadcast_worker
from bot.commands import publish_commands
from bot.i18n import Locales
from bot.inflight import InFlight
from bot.media.limits import ChatGate
from bot.media.service import MediaService
from bot.middlewares.chat_context import ChatContextMiddleware
from bot.middlewares.maintenance import MaintenanceMiddleware
from bot.middlewares.update_log import HandlerNameMiddleware, UpdateLogMiddleware
from bot.outbox import install_limiter
from bot.response_types import keep_response_types
from bot.subscriptions import start_subscription_poller
from bot.tiktok import create_http_session, create_resolver
from data import database
from data.config import Settings
from data.migrate import upgrade_to_head
from handlers import routers

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 15.0
# Bounds the backlog handled at once after downtime, so database pool waits stay short.
MAX_CONCURRENT_UPDATES = 200


def create_bot(settings: Settings, session: AiohttpSession | None = None) -> Bot:
    """A Bot talking to ``TG_SERVER`` (Telegram, a self-hosted Bot API server, or the emulator),
    with every API call passing through the outgoing send budget (``bot.outbox``)."""
    keep_response_types()
    if session is None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.tg_server))
    bot = Bot(
        settings.bot_token.get(), session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
    install_limiter(bot, settings)
    return bot


@dataclass
class Services:
    """Per-process helpers handlers share: the HTTP session, the TikTok resolver, media delivery, limits."""

    http: aiohttp.ClientSession
    media: MediaService
    gate: ChatGate

    async def close(self) -> None:
        """Close the resolver and the HTTP session."""
        await self.media.resolver.close()
        await self.http.close()


def create_services(settings: Settings) -> Services:
    """Build the shared services (call inside the running event loop)."""
    http = create_http_session(settings)
    resolver = create_resolver(settings, http)
    return Services(http, MediaService(resolver, http, settings), ChatGate(settings.media_concurrency))


def create_dispatcher(
    locales: Locales, settings: Settings, services: Services, inflight: InFlight | None = None,
) -> Dispatcher:
    """A Dispatcher with tokdrop's middlewares and routers (the same in production and tests)."""
    inflight = inflight or InFlight()
    dp = Dispatcher(locales=locales, inflight=inflight, settings=settings, media=services.media,
                    gate=services.gate)
    dp.update.outer_middleware(UpdateLogMiddleware(inflight))
    dp.update.outer_middleware(ChatContextMiddleware(locales))
    dp.update.outer_middleware(MaintenanceMiddleware(settings))
    for name, observer in dp.observers.items():
        if name not in ("update", "error"):
            observer.middleware(HandlerNameMiddleware())
    dp.include_routers(*routers())
    dp.startup.register(_on_startup)
    dp.shutdown.register(_on_shutdown)
    return dp


async def _on_startup(bot: Bot, locales: Locales, settings: Settings, dispatcher: Dispatcher) -> None:
    me = await bot.me()
    await publish_commands(bot, locales)
    dispatcher["broadcast_worker"] = start_broadcast_worker(bot, settings, locales)
    dispatcher["subscription_poller"] = start_subscription_poller(bot, settings, dispatcher["media"], locales)
    log.info("bot @%s (id %s) started", me.username, me.id)


async def _on_shutdown(inflight: InFlight, dispatcher: Dispatcher) -> None:
    if inflight.count:
        log.info("waiting for %s update(s) in flight", inflight.count)
    if not await inflight.wait_idle(SHUTDOWN_GRACE_SECONDS):
        log.warning("%s update(s) still running after %.0f s; stopping anyway", inflight.count,
                    SHUTDOWN_GRACE_SECONDS)
    if (worker := dispatcher.workflow_data.pop("broadcast_worker", None)) is not None:
        await worker.stop()
    if (poller := dispatcher.workflow_data.pop("subscription_poller", None)) is not None:
        await poller.stop()


async def run_polling(settings: Settings) -> None:
    """Start the database (upgrading the schema), then long-poll until SIGINT/SIGTERM."""
    engine = await database.init_database(settings.db_url.get())
    try:
        await upgrade_to_head(engine)
        services = create_services(settings)
        try:
            bot = create_bot(settings)
            dp = create_dispatcher(Locales(), settings, services)
            await bot.delete_webhook(drop_pending_updates=False)
            await dp.start_polling(bot, handle_signals=True, close_bot_session=True,
                                   allowed_updates=dp.resolve_used_update_types(),
                                   tasks_concurrency_limit=MAX_CONCURRENT_UPDATES)
        finally:
            await services.close()
    finally:
        await database.dispose_database()
        log.info("stopped")
