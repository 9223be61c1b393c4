"""Flooding one chat through the Telegram emulator, and what Telegram's per-chat limits allow,
for the flood-isolation test and the webhook benchmark."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from devservers.telegram_api import ChatTraffic, TelegramApiEmulator
from devservers.telegram_api.limits import (
    CHAT_BURST,
    CHAT_RATE,
    GROUP_BURST,
    GROUP_RATE_PER_MINUTE,
    TOLERANCE,
)
from devservers.telegram_api.methods import lookup

__all__ = [
    "CHAT_LIMIT",
    "GROUP_LIMIT",
    "ChatLimit",
    "attempts",
    "flood",
]


@dataclass(frozen=True)
class ChatLimit:
    """A per-chat budget as the emulator enforces it: ``rate`` sends/s, ``burst``, a send up to
    ``tolerance`` seconds early."""

    rate: float
    burst: float
    tolerance: float = TOLERANCE

    def allowed_in(self, seconds: float) -> int:
        """The most sends a chat may get in any window of ``seconds``: the burst, then one per
        1/rate, each up to ``tolerance`` early."""
        return math.floor(self.burst + self.rate * (seconds + self.tolerance) + 1e-9)

    def compliance(self, traffic: ChatTraffic, start: float, seconds: float) -> float:
        """Sends in ``[start, start + seconds)`` per second, over ``rate``: 1.0 is the
        sustained limit; up to ``1 + burst / (rate * seconds)`` (plus the tolerance) is
        allowed."""
        sent = sum(1 for at in traffic.sends if start <= at < start + seconds)
        return sent / seconds / self.rate

    def compliance_goal(self, seconds: float) -> float:
        """The highest :meth:`compliance` the limit allows over ``seconds``."""
        return self.allowed_in(seconds) / seconds / self.rate


CHAT_LIMIT = ChatLimit(CHAT_RATE, CHAT_BURST)  # Telegram's, one private chat
GROUP_LIMIT = ChatLimit(GROUP_RATE_PER_MINUTE / 60, GROUP_BURST)  # Telegram's, one group


def attempts(emulator: TelegramApiEmulator, chat: int) -> ChatTraffic:
    """Every send request to ``chat``, accepted or answered an error (a flood 429 included), as
    a :class:`ChatTraffic` (times: when each was recorded): what the bots asked for, where
    ``emulator.chat_traffic`` holds what the limits let through."""
    times = sorted(
        call.at
        for call in emulator.calls
        if call.chat_id == chat and (method := lookup(call.method)) is not None and method.sends
    )
    return ChatTraffic(chat, tuple(times), {})


async def flood(
    emulator: TelegramApiEmulator,
    chat_id: int,
    texts: Sequence[str],
    *,
    per_second: float,
    seconds: float,
    **message: Any,
) -> int:
    """Queue ``texts`` (cycling) into ``chat_id`` at ``per_second`` for ``seconds``, evenly
    spaced on the monotonic clock (``message``: send_message's options, e.g. ``user_id`` and
    ``chat_type`` for a group); the number queued."""
    start = time.monotonic()
    sent = 0
    while (due := start + sent / per_second) < start + seconds:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        emulator.send_message(chat_id, texts[sent % len(texts)], **message)
        sent += 1
    return sent
