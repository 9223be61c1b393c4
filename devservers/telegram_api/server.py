"""The aiohttp application serving /bot<token>/<method>, and the emulator's public API."""

from __future__ import annotations

import copy
import inspect
import json
import logging
import time
from collections.abc import Callable
from typing import Any, Self

from aiohttp import web

from .calls import Call, Delivery
from .context import Context
from .errors import ENTITY_TOO_LARGE, METHOD_NOT_FOUND, UNAUTHORIZED, ApiError
from .flood import admit, target_chat
from .limits import (
    CHAT_BURST,
    CHAT_RATE,
    GROUP_BURST,
    GROUP_RATE_PER_MINUTE,
    TOLERANCE,
    ChatBudget,
)
from .methods import lookup
from .params import Params, ParsedRequest, read_request
from .state import MEMBER_STATUSES, EmulatorState, StoredFile
from .traffic import ChatTraffic
from .updates import UpdateBuilders
from .webhook import WebhookOptions, WebhookService

logger = logging.getLogger(__name__)
MAX_UPLOAD_SIZE = 50 * 1024 * 1024  # the Bot API's limit for multipart uploads


class TelegramApiEmulator(UpdateBuilders):
    """An in-process Telegram Bot API server on 127.0.0.1 for tests and the sandbox mode.

    Usage::

        async with TelegramApiEmulator(token="42:TEST") as emulator:
            server = TelegramAPIServer.from_base(emulator.base_url)
            bot = Bot("42:TEST", session=AiohttpSession(api=server))
            emulator.send_message(777, "/start")       # a user writes to the bot
            reply = await emulator.wait_for_call("sendMessage")

    Updates reach the bot through getUpdates, or, once it called setWebhook (plain
    ``http://127.0.0.1:<port>/path`` is fine), as POSTs to that URL: see :meth:`webhook_deliveries`
    and :meth:`wait_until_delivered`, and :class:`WebhookOptions` for how pushes are made.
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        bot_user_id: int | None = None,
        bot_username: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        max_upload_size: int = MAX_UPLOAD_SIZE,
        auto_chats: bool = False,
        webhook_options: WebhookOptions | None = None,
        set_webhook_interval: float = 1.0,
        chat_limits: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``auto_chats``: any positive/negative chat id is known without being seen first
        (by default a chat exists once registered with :meth:`add_chat` or seen in an update).
        ``webhook_options``: how updates are pushed once a bot calls setWebhook.
        ``set_webhook_interval``: a setWebhook with a URL sooner than this after the bot's
        previous one answers 429 retry after 1, as Telegram does (0: never).
        ``chat_limits``: enforce Telegram's per-chat limits from the start (see
        :meth:`set_chat_rate_limit`, :meth:`set_group_rate_limit`; off by default, like the
        global one). ``clock``: the monotonic seconds flood control and :meth:`chat_traffic`
        use (tests may pass a manual clock)."""
        self.state = EmulatorState(
            auto_chats=auto_chats, set_webhook_interval=set_webhook_interval, clock=clock
        )
        if chat_limits:
            self.set_chat_rate_limit()
            self.set_group_rate_limit()
        self.host, self.port = host, port
        self.max_upload_size = max_upload_size
        self._runner: web.AppRunner | None = None
        self._webhooks = WebhookService(self.state, self._execute)
        if webhook_options is not None:
            self._webhooks.options = webhook_options
        self.base_url = ""
        self._redirects: dict[str, int] = {}  # method (lower case) -> requests left to redirect
        if token is not None:
            self.add_bot(token, user_id=bot_user_id, username=bot_username)

    # -- lifecycle
    async def start(self) -> str:
        if self._runner is not None:
            return self.base_url
        app = web.Application(client_max_size=self.max_upload_size + (1 << 20))
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        port = self._runner.addresses[0][1]
        self.state.closing = False
        self.base_url = f"http://{self.host}:{port}"
        self._webhooks.start()
        return self.base_url

    async def stop(self) -> None:
        if self._runner is None:
            return
        self.state.closing = True  # pending long polls answer [] right away
        self.state.changes.notify()
        runner, self._runner = self._runner, None
        await self._webhooks.stop()  # pushes in flight are cancelled; their updates stay queued
        await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # -- HTTP
    async def _handle(self, request: web.Request) -> web.Response:
        token, name = request.match_info["token"], request.match_info["method"]
        arrived = self.state.clock()  # before the body: a slow upload is not a late send
        if self._redirects.get(name.lower(), 0) > 0:
            self._redirects[name.lower()] -= 1
            raise web.HTTPFound(request.url)
        failure: ApiError | None = None
        try:
            parsed = await read_request(request, self.max_upload_size)
        except ApiError as exc:
            parsed, failure = ParsedRequest({}, []), exc
        except Exception as exc:  # an emulator bug: still answer in the Bot API's shape
            logger.exception("reading a %s request failed", name)
            parsed, failure = (
                ParsedRequest({}, []),
                ApiError(500, f"Internal Server Error: {exc!r}"),
            )
        status, body = await self._execute(token, name, parsed, failure, arrived)
        text = json.dumps(body, ensure_ascii=False)
        return web.Response(text=text, status=status, content_type="application/json")

    async def _execute(
        self,
        token: str,
        name: str,
        parsed: ParsedRequest,
        failure: ApiError | None = None,
        arrived: float | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Run one Bot API call (from HTTP or a webhook reply), record it, return the answer."""
        spec = lookup(name)
        params, files = parsed.params, parsed.files
        result: Any = None
        at = self.state.clock() if arrived is None else arrived
        chat, units = None, 0
        try:
            if failure is not None:
                raise failure
            bot = self.state.bots.get(token)
            if bot is None:
                raise ApiError(*UNAUTHORIZED)
            if spec is None:
                raise ApiError(*METHOD_NOT_FOUND)
            if parsed.oversized:
                raise ApiError(*ENTITY_TOO_LARGE)
            injected = self.state.failures.take(spec.name)
            if injected is not None:
                raise injected
            if spec.sends:
                chat, units = target_chat(self.state, params.get("chat_id")), spec.units(params)
                admit(self.state, chat, units, at)
            outcome = spec.handler(Context(self.state, bot, Params(params, files)))
            result = await outcome if inspect.isawaitable(outcome) else outcome
            if chat is not None and units:
                self.state.traffic.sent(chat, units, at)
            status, body, error = 200, {"ok": True, "result": result}, None
        except ApiError as exc:
            status, body = exc.error_code, exc.payload()
            error = {key: value for key, value in body.items() if key != "ok"}
        except Exception as exc:  # an emulator bug: still answer in the Bot API's shape
            logger.exception("emulated %s failed", name)
            status, body = 500, ApiError(500, f"Internal Server Error: {exc!r}").payload()
            error = {key: value for key, value in body.items() if key != "ok"}
        self.state.log.record(
            Call(
                spec.name if spec else name,
                params,
                files,
                token,
                time.monotonic(),
                copy.deepcopy(result),
                error,
            )
        )
        return status, body

    # -- configuration
    def add_bot(
        self,
        token: str,
        *,
        user_id: int | None = None,
        username: str | None = None,
        first_name: str | None = None,
    ) -> dict[str, Any]:
        """Accept ``token``; the bot's id defaults to the number before the colon."""
        return dict(self.state.add_bot(token, user_id, username, first_name).user)

    def add_user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        is_premium: bool | None = None,
    ) -> dict[str, Any]:
        return dict(
            self.state.user(
                user_id,
                first_name=first_name,
                last_name=last_name,
                username=username,
                language_code=language_code,
                is_premium=is_premium,
            )
        )

    def add_chat(
        self,
        chat_id: int,
        chat_type: str | None = None,
        *,
        title: str | None = None,
        username: str | None = None,
        first_name: str | None = None,
    ) -> dict[str, Any]:
        """Make a chat known (positive id: a private chat with that user)."""
        fields = {"first_name": first_name} if chat_id > 0 else {"title": title}
        return dict(self.state.add_chat(chat_id, chat_type, username=username, **fields))

    def set_chat_member(self, chat_id: int, user_id: int, status: str) -> None:
        """What getChatMember answers; for the bot's own id it also decides 403s."""
        if status not in MEMBER_STATUSES:
            raise ValueError(f"unknown chat member status {status!r}")
        self.state.members[(chat_id, user_id)] = status

    def block_chat(self, chat_id: int, *, token: str | None = None) -> None:
        """The user blocks the bot (or the group kicks it): sends there answer 403."""
        self.state.members[(chat_id, self.state.bot(token).id)] = "kicked"

    def unblock_chat(self, chat_id: int, *, token: str | None = None) -> None:
        self.state.members.pop((chat_id, self.state.bot(token).id), None)

    def set_rate_limit(self, per_second: float | None) -> None:
        """Global flood control over sends (None: unlimited)."""
        self.state.limiter.configure(per_second)

    def set_chat_rate_limit(
        self,
        per_second: float | None = CHAT_RATE,
        burst: float = CHAT_BURST,
        *,
        tolerance: float = TOLERANCE,
    ) -> None:
        """Flood control per private chat (None: unlimited, the default until called).

        Defaults: Telegram's "about one message per second" in a chat, ``per_second`` 1 with a
        ``burst`` of 3, the bot's own defaults (TG_CHAT_RATE, chat_burst). The sends are the
        global limit's (an album counts its items); a send may come ``tolerance`` (0.25) s
        early. Beyond that the chat answers 429 with ``retry_after``; see :meth:`chat_traffic`.
        Either this or :meth:`set_group_rate_limit` starts every chat's bucket full again.
        """
        private = None if per_second is None else ChatBudget(per_second, burst, tolerance)
        self.state.chat_limiter.configure(private=private, group=self.state.chat_limiter.group)

    def set_group_rate_limit(
        self,
        per_minute: float | None = GROUP_RATE_PER_MINUTE,
        burst: float = GROUP_BURST,
        *,
        tolerance: float = TOLERANCE,
    ) -> None:
        """Flood control per group, supergroup or channel (negative id or ``@username``;
        None: unlimited, the default until called).

        Defaults: Telegram's 20 messages per minute, with a ``burst`` of 3, the bot's own
        defaults (TG_GROUP_RATE, group_burst); otherwise as :meth:`set_chat_rate_limit`.
        """
        rate = None if per_minute is None else ChatBudget(per_minute / 60, burst, tolerance)
        self.state.chat_limiter.configure(private=self.state.chat_limiter.private, group=rate)

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        count: int = 1,
        **parameters: Any,
    ) -> None:
        """The next ``count`` calls of ``method`` fail with this error instead of running."""
        self.state.failures.add(
            method, error_code, description, count=count, retry_after=retry_after, **parameters
        )

    def redirect_next(self, method: str, count: int = 1) -> None:
        """The next ``count`` HTTP requests of ``method`` answer 302 to their own URL, as a
        misconfigured proxy in front of the Bot API may. aiohttp gives up after 10 redirected
        requests, so 10 make one call fail with ``TooManyRedirects``, whose message quotes the
        URL, token included. Not recorded as calls."""
        self._redirects[method.lower()] = self._redirects.get(method.lower(), 0) + count

    def clear_failures(self) -> None:
        """Forget the errors :meth:`fail_next` queued and not yet returned (ends a burst)."""
        self.state.failures.clear()

    @property
    def webhook_options(self) -> WebhookOptions:
        """How webhooks are pushed; assigning restarts the pushers with the new options."""
        return self._webhooks.options

    @webhook_options.setter
    def webhook_options(self, options: WebhookOptions) -> None:
        self._webhooks.options = options
        self.state.changes.notify()

    @property
    def set_webhook_interval(self) -> float:
        """Seconds a bot must wait between setWebhook calls with a URL (else 429; 0: never)."""
        return self.state.set_webhook_interval

    @set_webhook_interval.setter
    def set_webhook_interval(self, seconds: float) -> None:
        self.state.set_webhook_interval = seconds
        for bot in self.state.bots.values():
            bot.next_set_webhook_at = 0.0

    def forget_file(self, file_id: str) -> None:
        """Make ``file_id`` stale: sending it again answers 400 wrong file identifier."""
        self.state.files.pop(file_id, None)

    # -- inspection
    @property
    def calls(self) -> list[Call]:
        return self.state.log.calls

    def calls_to(self, method: str, chat_id: int | str | None = None) -> list[Call]:
        """Recorded calls of ``method`` (any case), optionally only those to ``chat_id``."""
        return self.state.log.calls_to(method, chat_id)

    def clear_calls(self) -> None:
        self.state.log.clear()

    def chat_traffic(self, chat_id: int | str) -> ChatTraffic:
        """What ``chat_id`` got so far: ``.sends`` (clock times of accepted send units),
        ``.flood_429s`` (``{"global": n, "chat": n, "group": n}``), ``.most_in(seconds)``,
        ``.per_second()``. Counted whether or not limits are on; an ``@username`` of a known
        chat counts as that chat."""
        return self.state.traffic.of(target_chat(self.state, chat_id) or chat_id)

    def traffic(self) -> dict[int | str, ChatTraffic]:
        """:meth:`chat_traffic` of every chat that got a send or a flood 429."""
        return {chat: self.state.traffic.of(chat) for chat in self.state.traffic.chats()}

    def flood_429s(self, kind: str | None = None) -> int:
        """Flood-control 429s answered to sends with a chat, of one reason (``"global"``,
        ``"chat"``, ``"group"``) or all (None); injected failures are not counted."""
        return self.state.traffic.total_429s(kind)

    def clear_traffic(self) -> None:
        """Forget the per-chat counts (the limits' buckets are kept)."""
        self.state.traffic.clear()

    async def wait_for_call(
        self, method: str, predicate: Callable[[Call], bool] | None = None, timeout: float = 5.0
    ) -> Call:
        """The earliest ``method`` call matching ``predicate`` that no earlier wait returned,
        waiting for it if needed; TimeoutError (listing recent calls) after ``timeout`` s."""
        return await self.state.log.wait_for_call(method, predicate, timeout)

    async def wait_until(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked on every call and injected update)."""
        return await self.state.log.wait_until(predicate, timeout)

    def bot_user(self, token: str | None = None) -> dict[str, Any]:
        return dict(self.state.bot(token).user)

    def messages(self, chat_id: int, *, token: str | None = None) -> list[dict[str, Any]]:
        """Messages currently in the chat (sent by anyone, not deleted), oldest first."""
        stored = self.state.bot(token).messages.get(chat_id, {})
        return [copy.deepcopy(stored[key]) for key in sorted(stored)]

    def message(
        self, chat_id: int, message_id: int, *, token: str | None = None
    ) -> dict[str, Any] | None:
        found = self.state.bot(token).message(chat_id, message_id)
        return copy.deepcopy(found) if found else None

    def file(self, file_id: str) -> StoredFile | None:
        return self.state.files.get(file_id)

    def waiting_polls(self, *, token: str | None = None) -> int:
        """How many getUpdates requests of the bot are waiting in a long poll right now."""
        return self.state.bot(token).waiting_polls

    def pending_updates(self, *, token: str | None = None) -> list[dict[str, Any]]:
        """Updates not yet delivered: not confirmed by a getUpdates offset, or (webhook) not
        yet answered with a 2xx, including those being pushed right now."""
        return copy.deepcopy(self.state.bot(token).updates)

    def webhook_deliveries(self, *, token: str | None = None) -> list[Delivery]:
        """Every webhook push attempt of the bot so far, in the order they finished."""
        bot_id = self.state.bot(token).id
        return [delivery for delivery in self.state.deliveries if delivery.bot_id == bot_id]

    def webhook_in_flight(self, *, token: str | None = None) -> int:
        """How many webhook pushes of the bot are waiting for an answer right now."""
        return len(self.state.bot(token).in_flight)

    async def wait_until_delivered(self, timeout: float = 5.0, *, token: str | None = None) -> None:
        """Wait until every update queued so far left the queue: pushed with a 2xx answer
        (webhook) or confirmed by a getUpdates offset (polling). TimeoutError after ``timeout``."""
        bot = self.state.bot(token)
        last = bot.next_update_id - 1
        try:
            await self.state.changes.wait_for(lambda: not bot.has_undelivered(last), timeout)
        except TimeoutError:
            error = bot.webhook_error[1] if bot.webhook_error else None
            left = sum(1 for u in bot.updates if u["update_id"] <= last and bot.is_wanted(u))
            raise TimeoutError(
                f"{left} of the updates up to #{last} still undelivered after "
                f"{timeout} s ({len(bot.in_flight)} being pushed; last webhook error: {error})"
            ) from None

    def callback_answer(
        self, callback_query_id: str, *, token: str | None = None
    ) -> dict[str, Any] | None:
        query = self.state.bot(token).queries.get(callback_query_id)
        return query.answer if query else None

    def inline_answer(
        self, inline_query_id: str, *, token: str | None = None
    ) -> dict[str, Any] | None:
        """The parameters of answerInlineQuery (results, cache_time, ...) once answered."""
        query = self.state.bot(token).queries.get(inline_query_id)
        return query.answer if query else None

    def commands(
        self,
        scope: dict[str, Any] | None = None,
        language_code: str = "",
        *,
        token: str | None = None,
    ) -> list[dict[str, Any]]:
        key = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return copy.deepcopy(self.state.bot(token).commands.get((key, language_code), []))
