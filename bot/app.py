"""The aiogram application: Bot and Dispatcher factories and the polling lifecycle."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass

import aiohttp
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiohttp import web

from bot.broadcast import start_broadcast_worker
from bot.commands import publish_commands
from bot.i18n import Locales
from bot.inflight import InFlight
from bot.leader import BackgroundJobs
from bot.media.limits import ChatGate
from bot.media.service import MediaService
from bot.middlewares.chat_context import ChatContextMiddleware
from bot.middlewares.maintenance import MaintenanceMiddleware
from bot.middlewares.update_log import HandlerNameMiddleware, UpdateLogMiddleware
from bot.outbox import install_limiter
from bot.response_types import keep_response_types
from bot.subscriptions import start_subscription_poller
from bot.tiktok import create_http_session, create_resolver
from bot.webhook import WebhookHandler, register_webhook
from data import database
from data.config import Settings
from data.migrate import upgrade_to_head
from data.process_lock import lock_single_process
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
    media = dispatcher["media"]

    def start_jobs() -> dict:
        return {
            "broadcast": start_broadcast_worker(bot, settings, locales),
            "subscriptions": start_subscription_poller(bot, settings, media, locales),
        }

    jobs = dispatcher["background_jobs"] = BackgroundJobs(start_jobs)
    await jobs.start()
    log.info("bot @%s (id %s) started", me.username, me.id)


async def _on_shutdown(inflight: InFlight, dispatcher: Dispatcher) -> None:
    if inflight.count:
        log.info("waiting for %s update(s) in flight", inflight.count)
    if not await inflight.wait_idle(SHUTDOWN_GRACE_SECONDS):
        log.warning("%s update(s) still running after %.0f s; stopping anyway", inflight.count,
                    SHUTDOWN_GRACE_SECONDS)
    if (jobs := dispatcher.workflow_data.pop("background_jobs", None)) is not None:
        await jobs.stop()


async def run_bot(settings: Settings) -> None:
    """Start the database (upgrading the schema), then take updates by webhook when
    ``WEBHOOK_URL`` is set, else by long polling, until SIGINT/SIGTERM."""
    lock = lock_single_process(settings.db_url.get())
    try:
        engine = await database.init_database(settings.db_url.get())
        try:
            await upgrade_to_head(engine)
            services = create_services(settings)
            try:
                bot = create_bot(settings)
                dp = create_dispatcher(Locales(), settings, services)
                if settings.webhook_mode:
                    await serve_webhook(bot, dp, settings, _stop_on_signals())
                else:
                    await _poll(bot, dp, settings)
            finally:
                await services.close()
        finally:
            await database.dispose_database()
    finally:
        if lock is not None:
            lock.release()
    log.info("stopped")


async def _poll(bot: Bot, dp: Dispatcher, settings: Settings) -> None:
    web_server = await _start_web(web.Application(), settings)
    try:
        await bot.delete_webhook(drop_pending_updates=False)
        await dp.start_polling(bot, handle_signals=True, close_bot_session=True,
                               allowed_updates=dp.resolve_used_update_types(),
                               tasks_concurrency_limit=MAX_CONCURRENT_UPDATES)
    finally:
        if web_server is not None:
            await web_server.cleanup()


async def serve_webhook(bot: Bot, dp: Dispatcher, settings: Settings, stop: asyncio.Event) -> None:
    """Serve ``WEBHOOK_URL``'s path on WEB_HOST:listen_port until ``stop`` is set, then finish
    the updates under way; several processes may share the port."""
    app = web.Application()
    handler = WebhookHandler(dp, bot, settings.webhook_token(), limit=MAX_CONCURRENT_UPDATES)
    handler.register(app, settings.webhook_path)
    workflow = {"dispatcher": dp, "bots": [bot], "bot": bot, **dp.workflow_data}
    await dp.emit_startup(**workflow)
    web_server = None
    try:
        web_server = await _start_web(app, settings)
        await register_webhook(bot, settings, dp.resolve_used_update_types())
        await stop.wait()
        log.info("stopping: no new updates are taken")
    finally:
        if web_server is not None:
            await web_server.shutdown()  # stop accepting; handlers already running go on
        if not await handler.wait_idle(SHUTDOWN_GRACE_SECONDS):
            log.warning("updates still running after %.0f s; stopping anyway", SHUTDOWN_GRACE_SECONDS)
        await dp.emit_shutdown(**workflow)
        if web_server is not None:
            await web_server.cleanup()
        await bot.session.close()


async def _start_web(app: web.Application, settings: Settings) -> web.AppRunner | None:
    """Serve ``app`` on WEB_HOST:listen_port (None when no port is configured). The port is
    opened with SO_REUSEPORT, so several processes on one machine share it."""
    port = settings.listen_port
    if port is None:
        return None
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, settings.web_host, port, reuse_port=True).start()
    log.info("web server listening on %s:%s", settings.web_host, port)
    return runner


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    return stop
