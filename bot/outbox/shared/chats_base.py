"""What the shared per-chat send buckets have in common: their numbers, a time limit on each
call, and the store's error as :class:`SharedBudgetUnavailable`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from ..bucket import ChatBuckets, ChatKey
from ..clock import Clock
from ..config import LimiterConfig
from .base import DEFAULT_TIMEOUT, SharedBudgetUnavailable

T = TypeVar("T")


async def guarded(call: Awaitable[T], what: str, timeout: float) -> T:
    """Await ``call`` within ``timeout`` s; any failure becomes SharedBudgetUnavailable naming
    ``what`` and the error type only (never an address or a password)."""
    try:
        async with asyncio.timeout(timeout):
            return await call
    except TimeoutError as exc:
        raise SharedBudgetUnavailable(f"{what}: no answer within {timeout:g} s") from exc
    except Exception as exc:
        raise SharedBudgetUnavailable(f"{what}: {type(exc).__name__}") from exc


class SharedChats:
    """:class:`~bot.outbox.ChatBuckets` kept in a store that several processes share.

    Implements the limiter's ``SharedChatBuckets`` protocol (``store``, ``take``, ``pause``).
    Subclasses implement :meth:`_take` and :meth:`_pause` as one atomic operation each, timed
    by the store's clock; ``clock`` (Unix seconds) pins that time: tests only.
    """

    store = "shared"

    def __init__(
        self,
        chat_rate: float,
        chat_burst: float,
        group_rate: float,
        group_burst: float,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Clock | None = None,
    ) -> None:
        if min(chat_rate, chat_burst, group_rate, group_burst, timeout) <= 0:
            raise ValueError("rates, bursts and timeout must be positive")
        self.chat_rate, self.chat_burst = chat_rate, chat_burst
        self.group_rate, self.group_burst = group_rate, group_burst
        self.timeout = timeout
        self.clock = clock

    @staticmethod
    def numbers(config: LimiterConfig) -> tuple[float, float, float, float]:
        """``(chat_rate, chat_burst, group_rate, group_burst)`` of ``config``, as the limiter's
        own :class:`ChatBuckets` (the group rate per second)."""
        return (
            config.chat_rate,
            config.chat_burst,
            config.group_rate_per_minute / 60,
            config.group_burst,
        )

    async def take(self, chat: ChatKey, cost: float) -> float:
        """Charge ``cost`` to ``chat`` (and its group budget for a group) and answer 0.0 if it
        may go now; else charge nothing and answer the seconds until it may. No chat (inline
        edits) always goes. Raises SharedBudgetUnavailable when the store fails or is silent
        for ``timeout``."""
        if chat is None:
            return 0.0
        return await guarded(self._take(chat, cost, self._now()), self._what(), self.timeout)

    async def pause(self, chat: ChatKey, seconds: float) -> None:
        """Hold ``chat`` for ``seconds`` in every process (a 429 for it); raises like take."""
        if chat is None:
            return
        await guarded(self._pause(chat, seconds, self._now()), self._what(), self.timeout)

    async def aclose(self) -> None:
        """Release what the store holds (nothing unless a subclass says otherwise)."""

    is_group = staticmethod(ChatBuckets.is_group)

    def _steps(self, cost: float) -> tuple[float, float, float, float]:
        """(chat step, chat offset, group step, group offset): a take goes once
        ``full_at + offset <= now`` and moves ``full_at`` by ``step`` (borrowing)."""
        return (
            cost / self.chat_rate,
            (min(cost, self.chat_burst) - self.chat_burst) / self.chat_rate,
            cost / self.group_rate,
            (min(cost, self.group_burst) - self.group_burst) / self.group_rate,
        )

    def _what(self) -> str:
        return f"shared chat send buckets ({self.store})"

    def _now(self) -> float | None:
        return None if self.clock is None else self.clock.now()

    async def _take(self, chat: ChatKey, cost: float, now: float | None) -> float:
        raise NotImplementedError

    async def _pause(self, chat: ChatKey, seconds: float, now: float | None) -> None:
        raise NotImplementedError
