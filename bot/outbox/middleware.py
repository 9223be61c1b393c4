"""The aiogram request middleware: every costing call waits for the limiter; a 429 pauses its
chat (or the bot) there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter

from .costs import budget_cost, target_chat
from .errors import AmbiguousSend, SendOutcome, classify_send
from .gate import current_gate
from .lanes import Lane, current_lane
from .limiter import Limiter

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import Response, TelegramMethod


class OutboxMiddleware(BaseRequestMiddleware):
    """Paces costing calls through ``limiter``; the others go straight through.

    A 429 pauses the call's chat for ``retry_after`` (the whole bot for a bulk call, a call
    without a chat, or when several chats got one: :meth:`Limiter.flood`) and the call is
    retried once, after that pause; a second 429 pauses again and raises TelegramRetryAfter.
    Other API errors are never retried, and a network error after the request may have gone
    out raises :class:`AmbiguousSend`. A sender's :class:`~bot.outbox.gate.SendGate` is passed
    after each grant, right before the request leaves, and told when a 429 is retried.
    """

    def __init__(self, limiter: Limiter) -> None:
        self.limiter = limiter

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        cost = budget_cost(method)
        if not cost:
            self.limiter.count_passthrough()
            return await make_request(bot, method)
        lane, chat, gate = current_lane(), target_chat(method), current_gate()
        await self.limiter.acquire(chat, cost, lane=lane)
        if gate is not None:
            await gate.before_request()
        try:
            return await self._send(make_request, bot, method, lane)
        except TelegramRetryAfter as exc:
            await self.limiter.flood(lane, exc.retry_after, chat=chat)
            if gate is not None:
                await gate.refused()
        await self.limiter.acquire(chat, cost, lane=lane, front=True)
        if gate is not None:
            await gate.before_request()
        try:
            return await self._send(make_request, bot, method, lane)
        except TelegramRetryAfter as exc:
            await self.limiter.flood(lane, exc.retry_after, chat=chat)
            raise

    async def _send(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
        lane: Lane,
    ) -> Response[Any]:
        try:
            return await make_request(bot, method)
        except AmbiguousSend:
            self.limiter.count_ambiguous(lane)
            raise
        except TelegramNetworkError as exc:
            if classify_send(exc).outcome is not SendOutcome.AMBIGUOUS:
                raise
            self.limiter.count_ambiguous(lane)
            raise AmbiguousSend(method=method, message=exc.message) from (exc.__cause__ or exc)
