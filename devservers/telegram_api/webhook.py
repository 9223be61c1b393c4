"""Pushing queued updates to each bot's webhook URL, as Telegram does after setWebhook.

One :class:`Pusher` per bot and webhook setting owns an aiohttp client session whose pool holds
at most ``max_connections`` connections, and keeps at most that many requests in flight. An
update leaves the queue only once its POST got a 2xx; any other answer, a connection error or a
timeout records ``last_error_*``, pauses new pushes of that webhook (a short exponential backoff,
reset by the next 2xx) and pushes the update again. Updates sharing a chat (without a chat: a
sender) go one at a time in ``update_id`` order; others go concurrently (see ``pushqueue``).

:class:`WebhookService` starts, replaces and stops pushers as setWebhook / deleteWebhook change a
bot's settings: a replaced pusher starts no new push but lets its requests in flight finish, so an
update is never in flight twice.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from yarl import URL

from .calls import Delivery
from .params import ParsedRequest, read_reply
from .pushqueue import PushQueue
from .state import BotState, EmulatorState, Webhook, now

logger = logging.getLogger(__name__)
IDLE_WAIT = 3600.0  # re-check at least this often even if nothing notifies
MAX_REPLY_SIZE = 50 * 1024 * 1024

# Runs a Bot API call carried by a webhook response: (token, method, request).
Execute = Callable[[str, str, ParsedRequest], Awaitable[object]]


@dataclass(frozen=True)
class WebhookOptions:
    """How the emulator pushes (not part of the Bot API, hence not set by setWebhook).

    ``force_close``: a new TCP connection per request, so that several processes listening on
    one port with SO_REUSEPORT (the kernel spreads connections, not requests) all get updates.
    ``retry_delay`` doubles after each failed push up to ``retry_delay_max``; ``timeout`` bounds
    one push (connect, send, answer).
    """

    force_close: bool = False
    retry_delay: float = 0.05
    retry_delay_max: float = 1.0
    timeout: float = 10.0

    def __post_init__(self) -> None:
        if not 0 < self.retry_delay <= self.retry_delay_max or self.timeout <= 0:
            raise ValueError("need 0 < retry_delay <= retry_delay_max and timeout > 0")


def describe_failure(exc: BaseException) -> str:
    """A last_error_message for a push that got no HTTP answer, worded like Telegram's."""
    if isinstance(exc, TimeoutError):
        return "Read timeout expired"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "Connection closed by the webhook before answering"
    if isinstance(exc, aiohttp.ClientConnectorError):
        code = exc.os_error.errno
        return "Connection refused" if code == errno.ECONNREFUSED else f"Connection failed: {exc}"
    if isinstance(exc, OSError) and exc.errno:
        return os.strerror(exc.errno)  # e.g. "Connection reset by peer"
    return f"Connection error: {type(exc).__name__}: {exc}"


def _log_crash(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("%s crashed", task.get_name(), exc_info=task.exception())


class Pusher:
    """Pushes one bot's updates to one webhook setting until retired or stopped."""

    def __init__(
        self,
        state: EmulatorState,
        bot: BotState,
        webhook: Webhook,
        options: WebhookOptions,
        execute: Execute,
    ) -> None:
        self.state, self.bot, self.webhook, self.options = state, bot, webhook, options
        self.key = (webhook, options)
        self._execute = execute
        self._retired = False
        self._failures = 0  # consecutive failed pushes
        self._paused_until = 0.0
        self._pushes: set[asyncio.Task[None]] = set()
        self._queue = PushQueue(bot)
        target = URL(webhook.url)
        self._headers = {"Content-Type": "application/json"}
        if webhook.ip_address:
            self._headers["Host"] = target.raw_authority
            target = target.with_host(webhook.ip_address)
        self._target = target
        if webhook.secret_token:
            self._headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secret_token
        self.task = asyncio.create_task(self._run(), name=f"webhook-pusher-{bot.id}")
        self.task.add_done_callback(_log_crash)

    def retire(self) -> None:
        """Start no new push; the task ends once the pushes in flight have finished."""
        self._retired = True

    async def _run(self) -> None:
        connector = aiohttp.TCPConnector(
            limit=self.webhook.max_connections, force_close=self.options.force_close
        )
        timeout = aiohttp.ClientTimeout(total=self.options.timeout)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            try:
                while (update := await self._next()) is not None:
                    push = asyncio.create_task(
                        self._push(session, update), name=f"webhook-push-{self.bot.id}"
                    )
                    self._pushes.add(push)
                    push.add_done_callback(self._pushes.discard)
                if self._pushes:
                    await asyncio.wait(set(self._pushes))
            finally:
                for push in self._pushes:
                    push.cancel()
                await asyncio.gather(*self._pushes, return_exceptions=True)

    def _stopped(self) -> bool:
        return self._retired or self.state.closing

    def _blocked(self, clock: float) -> tuple[bool, float | None]:
        """Whether no push may start now, and until when (None: until something changes)."""
        if len(self.bot.in_flight) >= self.webhook.max_connections:
            return True, None
        if clock < self._paused_until:
            return True, self._paused_until
        return not self._queue.ready(), None

    async def _next(self) -> dict[str, Any] | None:
        """The next update to push, waiting for one (None: retired or the emulator stops)."""
        loop = asyncio.get_running_loop()
        while not self._stopped():
            blocked = self._blocked(loop.time())
            if not blocked[0]:
                return self._queue.take()
            wake_at = blocked[1]
            wait = IDLE_WAIT if wake_at is None else max(0.0, wake_at - loop.time())

            def changed(blocked: tuple[bool, float | None] = blocked) -> bool:
                return self._stopped() or self._blocked(loop.time()) != blocked

            try:
                await self.state.changes.wait_for(changed, wait)
            except TimeoutError:
                pass
        return None

    async def _push(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> None:
        loop = asyncio.get_running_loop()
        started, at = loop.time(), time.monotonic()
        status: int | None = None
        error: str | None = None
        reply = None
        delivered = False
        try:
            try:
                async with session.post(
                    self._target,
                    json=update,
                    headers=self._headers,
                    ssl=False,  # a local https endpoint's certificate is not checked
                    allow_redirects=False,  # Telegram counts a 3xx as a failure too
                ) as response:
                    status = response.status
                    if 200 <= status < 300:
                        try:
                            reply = await read_reply(response, MAX_REPLY_SIZE)
                        except (aiohttp.ClientError, ValueError, TimeoutError):
                            reply = None  # the 2xx counts; a reply it carried is lost
                    else:
                        error = f"Wrong response from the webhook: {status} {response.reason}"
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                error = describe_failure(exc)
            if error is None and reply is not None:
                await self._run_reply(*reply)
            delivered = error is None
            self._settle(error, loop.time())
            self.state.deliveries.append(
                Delivery(self.bot.id, update["update_id"], at, loop.time() - started, status, error)
            )
        finally:
            self._queue.finish(update, delivered)
            self.state.changes.notify()

    async def _run_reply(self, method: str, request: ParsedRequest) -> None:
        try:
            await self._execute(self.bot.token, method, request)
        except Exception:  # Telegram ignores the outcome of a webhook reply
            logger.exception("webhook reply %s failed", method)

    def _settle(self, error: str | None, clock: float) -> None:
        if error is None:
            self._failures = 0
            return
        self._failures += 1
        options = self.options
        delay = min(options.retry_delay * 2 ** (self._failures - 1), options.retry_delay_max)
        self._paused_until = max(self._paused_until, clock + delay)
        if self.bot.webhook == self.webhook:
            self.bot.webhook_error = (now(), error)


class WebhookService:
    """Keeps one pusher per bot whose webhook is set (and local) while the emulator runs."""

    def __init__(self, state: EmulatorState, execute: Execute) -> None:
        self.state = state
        self.options = WebhookOptions()
        self._execute = execute
        self._active: dict[str, Pusher] = {}
        self._retiring: set[Pusher] = set()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._supervise(), name="webhook-supervisor")
            self._task.add_done_callback(_log_crash)

    async def stop(self) -> None:
        """Cancel every push (the updates stay queued) and close the client sessions."""
        task, self._task = self._task, None
        pushers = [*self._active.values(), *self._retiring]
        self._active.clear()
        self._retiring.clear()
        tasks = [pusher.task for pusher in pushers] + ([task] if task else [])
        for each in tasks:
            each.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _wanted(self, bot: BotState) -> tuple[Webhook, WebhookOptions] | None:
        if bot.webhook is None or not bot.webhook.local:
            return None
        return (bot.webhook, self.options)

    def _outdated(self) -> bool:
        return any(
            self._wanted(bot) != (pusher.key if (pusher := self._active.get(token)) else None)
            for token, bot in self.state.bots.items()
        )

    async def _supervise(self) -> None:
        while True:
            try:
                await self.state.changes.wait_for(self._outdated, IDLE_WAIT)
            except TimeoutError:
                continue
            self._reconcile()

    def _reconcile(self) -> None:
        for token, bot in self.state.bots.items():
            wanted, pusher = self._wanted(bot), self._active.get(token)
            if pusher is not None and pusher.key == wanted:
                continue
            if pusher is not None:
                pusher.retire()
                self._retiring.add(pusher)
                pusher.task.add_done_callback(lambda _, done=pusher: self._retiring.discard(done))
                del self._active[token]
            if wanted is not None:
                webhook, options = wanted
                self._active[token] = Pusher(self.state, bot, webhook, options, self._execute)
        self.state.changes.notify()
