"""The aiogram application: Bot and Dispatcher factories and the polling lifecycle."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from dataclasses import dataclass

import aiohttp
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.redis import RedisStorage
from aiohttp import web

from bot.backups import start_backup_job
from bot.broadcast import start_broadcast_worker
from bot.commands import keep_publishing_commands
from bot.handler_data import HandlerData
from bot.i18n import Locales
from bot.inflight import InFlight
from bot.leader import BackgroundJobs
from bot.media.gate_fallback import LinkGate, LocalChatGate
from bot.media.limits import ChatGate
from bot.media.service import MediaService
from bot.metrics import Metrics, UpdateMetricsMiddleware
from bot.middlewares.chat_context import ChatContextMiddleware
from bot.middlewares.maintenance import MaintenanceMiddleware
from bot.middlewares.update_log import HandlerNameMiddleware, UpdateLogMiddleware
from bot.outbox import (
    GlobalBudget,
    LimiterConfig,
    SharedChatBuckets,
    close_global_budget,
    create_global_budget,
)
from bot.outbox.shared.chat_factory import close_shared, create_shared_chats, create_shared_gate
from bot.pending_writes import PendingWrites
from bot.response_types import keep_response_types
from bot.session_chain import install_session_chain
from bot.sources import create_http_session, create_resolvers
from bot.startup import bot_api_startup
from bot.subscriptions import start_subscription_poller
from bot.web import (
    Probe,
    WebServer,
    backend_probes,
    background_jobs_probe,
    create_web_app,
    last_update_probe,
    polling_probe,
    standard_probes,
)
from bot.webhook import WebhookHandler, register_webhook
from data import database
from data.config import Settings
from data.migrate import upgrade_to_head
from data.process_lock import lock_single_process
from data.redaction import register_settings
from handlers import routers

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 15.0
# Bounds the backlog handled at once after downtime, so database pool waits stay short.
MAX_CONCURRENT_UPDATES = 200


def create_bot(
    settings: Settings,
    metrics: Metrics | None,
    session: AiohttpSession | None = None,
    *,
    budget: GlobalBudget | None = None,
    shared_chats: SharedChatBuckets | None = None,
) -> Bot:
    """A Bot talking to ``TG_SERVER`` (Telegram, a self-hosted Bot API server, or the emulator),
    with every API call passing through the outgoing send budget (``bot.outbox``) and counted in
    ``metrics`` (see ``bot.session_chain``). ``session`` must be this bot's own; ``budget`` is
    the bot-wide budget when several processes share one (default: this process's own),
    ``shared_chats`` their per-chat budgets (default: this process's own)."""
    keep_response_types()
    register_settings(settings)  # the token (and every other secret) is masked wherever shown
    if session is None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.tg_server))
    bot = Bot(
        settings.bot_token.get(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
    install_session_chain(bot, settings, metrics=metrics, budget=budget, shared_chats=shared_chats)
    return bot


@dataclass
class Services:
    """Per-process helpers handlers share: the HTTP session, the resolvers, media delivery,
    limits, the metrics they count in, and the writes waiting through a database outage."""

    http: aiohttp.ClientSession
    media: MediaService
    gate: LinkGate
    metrics: Metrics

    @property
    def writes(self) -> PendingWrites:
        """The process's queue of writes waiting for the database (the media service's)."""
        return self.media.writes

    async def close(self) -> None:
        """Make the writes still waiting (or log how many are lost), then close the resolvers and
        the HTTP session. Call before the database is disposed."""
        await self.writes.close()
        await self.media.close()
        await close_shared(self.gate)
        await self.http.close()


def create_services(settings: Settings, metrics: Metrics) -> Services:
    """Build the shared services, counting in ``metrics`` (call inside the running event loop)."""
    http = create_http_session(settings)
    resolvers = create_resolvers(settings, http)
    for chain in resolvers.values():
        metrics.backends.watch(chain)
    writes = PendingWrites()
    metrics.pending_writes.watch(writes)
    media = MediaService(resolvers, http, settings, metrics, writes=writes)
    local = ChatGate(settings.media_concurrency)
    gate = create_shared_gate(settings, local) or LocalChatGate(local)
    return Services(http, media, gate, metrics)


def freeze_startup_objects() -> None:
    """Exempt what start-up built (modules, aiogram's models, SQLAlchemy's mappers, locales,
    the bot and its services) from garbage collection: they live as long as the process, and
    every full collection would otherwise walk them again. Under a burst of updates those
    collections cost about a quarter of the handling time (bench/bot_bench.py)."""
    gc.collect()
    gc.freeze()


def fsm_storage(settings: Settings) -> BaseStorage | None:
    """Where FSM state lives: Redis when ``REDIS_URL`` is set (shared by every process), else
    None (each Dispatcher's own memory)."""
    return RedisStorage.from_url(settings.redis_url.get()) if settings.redis_url else None


def create_dispatcher(
    locales: Locales,
    settings: Settings,
    services: Services,
    inflight: InFlight | None = None,
    *,
    storage: BaseStorage | None = None,
) -> Dispatcher:
    """A Dispatcher with tokdrop's middlewares and routers (the same in production and tests);
    FSM state lives in ``storage`` (default: this process's memory). Handlers take their data
    by the names and types of :class:`~bot.handler_data.HandlerData`."""
    inflight = inflight or InFlight()
    workflow = HandlerData(
        locales=locales,
        settings=settings,
        media=services.media,
        gate=services.gate,
        inflight=inflight,
        metrics=services.metrics,
    )
    dp = Dispatcher(storage=storage, **workflow)
    # Outer update middlewares, outermost first: each wraps the ones below it, then the routers.
    # aiogram's own come before these: ErrorsMiddleware (the error handlers), UserContext
    # (event_chat, event_from_user) and FSM (state).
    update_chain = (
        # 1. In flight (shutdown waits for it) and the update's log line: sees all of it.
        UpdateLogMiddleware(inflight),
        # 2. Counts and times the update, the chat lookup below included.
        UpdateMetricsMiddleware(services.metrics),
        # 3. Loads or registers the chat: chat_info, t, locales.
        ChatContextMiddleware(locales),
        # 4. Maintenance mode answers with t (from 3) and may stop the update here.
        MaintenanceMiddleware(settings),
    )
    for middleware in update_chain:
        dp.update.outer_middleware(middleware)
    # Inner middleware of every event observer: names the handler for the log line (1).
    for name, observer in dp.observers.items():
        if name not in ("update", "error"):
            observer.middleware(HandlerNameMiddleware())
    dp.include_routers(*routers())
    dp.startup.register(_on_startup)
    dp.shutdown.register(_on_shutdown)
    return dp


async def _on_startup(
    bot: Bot, locales: Locales, settings: Settings, dispatcher: Dispatcher
) -> None:
    me = await bot.me()
    # Cosmetic: retried in the background, never a reason not to serve.
    dispatcher["command_menu"] = asyncio.create_task(
        keep_publishing_commands(bot, locales), name="command menu"
    )
    media = dispatcher["media"]

    def start_jobs() -> dict:
        jobs = {
            "broadcast": start_broadcast_worker(bot, settings, locales),
            "subscriptions": start_subscription_poller(bot, settings, media, locales),
        }
        if (backups := start_backup_job(settings)) is not None:
            jobs["backups"] = backups
        return jobs

    jobs = dispatcher["background_jobs"] = BackgroundJobs(start_jobs)
    await jobs.start()
    log.info("bot @%s (id %s) started", me.username, me.id)


async def _on_shutdown(inflight: InFlight, dispatcher: Dispatcher) -> None:
    if inflight.count:
        log.info("waiting for %s update(s) in flight", inflight.count)
    if not await inflight.wait_idle(SHUTDOWN_GRACE_SECONDS):
        log.warning(
            "%s update(s) still running after %.0f s; stopping anyway",
            inflight.count,
            SHUTDOWN_GRACE_SECONDS,
        )
    if (menu := dispatcher.workflow_data.pop("command_menu", None)) is not None:
        menu.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await menu
    if (jobs := dispatcher.workflow_data.pop("background_jobs", None)) is not None:
        await jobs.stop()


async def run_bot(settings: Settings) -> None:
    """Start the database (upgrading the schema), then take updates by webhook when
    ``WEBHOOK_URL`` is set, else by long polling, until SIGINT/SIGTERM.

    Raises :class:`~bot.startup.StartupError` (one line) when the Bot API fails a start-up
    call, after closing every session."""
    lock = lock_single_process(settings.db_url.get())
    try:
        engine = await database.init_database(settings.db_url.get())
        try:
            await upgrade_to_head(engine)
            metrics = Metrics()  # the process's one registry, handed to everything that counts
            services = create_services(settings, metrics)
            config = LimiterConfig.from_settings(settings)
            budget = create_global_budget(settings, config)
            shared_chats = create_shared_chats(settings, config)
            try:
                bot = create_bot(settings, metrics, budget=budget, shared_chats=shared_chats)
                try:
                    dp = create_dispatcher(
                        Locales(), settings, services, storage=fsm_storage(settings)
                    )
                    freeze_startup_objects()
                    if settings.webhook_mode:
                        await serve_webhook(bot, dp, settings, _stop_on_signals(), metrics)
                    else:
                        await _poll(bot, dp, settings, metrics)
                finally:
                    await bot.session.close()  # already closed unless start-up failed
            finally:
                await close_global_budget(budget)
                await close_shared(shared_chats)
                await services.close()
        finally:
            await database.dispose_database()
    finally:
        if lock is not None:
            lock.release()
    log.info("stopped")


async def _poll(bot: Bot, dp: Dispatcher, settings: Settings, metrics: Metrics) -> None:
    server = None
    if settings.listen_port is not None:
        app = bot_web_app(bot, dp, settings, metrics, "polling", polling_probe(metrics))
        server = WebServer(app, settings.web_host, settings.listen_port)
        await server.start()
        log.info("serving /healthz and /metrics on %s:%s", settings.web_host, server.port)
    try:
        async with bot_api_startup(settings.tg_server):
            await bot.me()
            await bot.delete_webhook(drop_pending_updates=False)
        await dp.start_polling(
            bot,
            handle_signals=True,
            close_bot_session=True,
            allowed_updates=dp.resolve_used_update_types(),
            tasks_concurrency_limit=MAX_CONCURRENT_UPDATES,
        )
    finally:
        if server is not None:
            await server.stop()


async def serve_webhook(
    bot: Bot,
    dp: Dispatcher,
    settings: Settings,
    stop: asyncio.Event,
    metrics: Metrics,
) -> None:
    """Serve ``WEBHOOK_URL``'s path (plus /healthz and /metrics of ``metrics``) on
    WEB_HOST:listen_port until ``stop`` is set, then finish the updates under way; several
    processes may share the port."""
    app = bot_web_app(bot, dp, settings, metrics, "updates", last_update_probe(metrics))
    handler = WebhookHandler(dp, bot, settings.webhook_token(), limit=MAX_CONCURRENT_UPDATES)
    handler.register(app, settings.webhook_path)
    server = WebServer(app, settings.web_host, settings.listen_port)
    workflow = {"dispatcher": dp, "bots": [bot], "bot": bot, **dp.workflow_data}
    async with bot_api_startup(settings.tg_server):
        await bot.me()
    await dp.emit_startup(**workflow)
    try:
        await server.start()
        log.info(
            "serving the webhook, /healthz and /metrics on %s:%s", settings.web_host, server.port
        )
        async with bot_api_startup(settings.tg_server):
            await register_webhook(bot, settings, dp.resolve_used_update_types())
        await stop.wait()
        log.info("stopping: no new updates are taken")
    finally:
        await server.stop_accepting()  # other processes on the port take the new requests
        if not await handler.wait_idle(SHUTDOWN_GRACE_SECONDS):
            log.warning(
                "updates still running after %.0f s; stopping anyway", SHUTDOWN_GRACE_SECONDS
            )
        await dp.emit_shutdown(**workflow)
        await server.stop()
        await bot.session.close()
        log.info(
            "webhook: %s update(s) handled, %s request(s) refused",
            handler.accepted,
            handler.rejected,
        )


def bot_web_app(
    bot: Bot,
    dp: Dispatcher,
    settings: Settings,
    metrics: Metrics,
    source: str,
    source_probe: Probe,
) -> web.Application:
    """/healthz (database, Bot API, the update source, the background jobs, the resolver
    backends) and /metrics (behind ``METRICS_TOKEN`` when set)."""
    probes = {
        **standard_probes(bot, dp.workflow_data.get("gate")),
        source: source_probe,
        "background": background_jobs_probe(lambda: dp.workflow_data.get("background_jobs")),
        **backend_probes(metrics),
    }
    return create_web_app(metrics, probes, metrics_token=settings.metrics_token.get())


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    return stop
