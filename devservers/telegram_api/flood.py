"""Admitting one send: the global window and the target chat's budget, with every 429 and
accepted send counted for that chat."""

from __future__ import annotations

import re
from typing import Any

from .errors import ApiError
from .limits import ChatKey
from .state import EmulatorState
from .traffic import FLOOD_CHAT, FLOOD_GLOBAL, FLOOD_GROUP

_INT = re.compile(r"-?\d+")


def target_chat(state: EmulatorState, ref: Any) -> ChatKey | None:
    """The chat a send writes to: its id (an ``@username`` of a known chat resolves to it), an
    unknown ``@username`` in lower case, or None (no chat_id: inline message edits)."""
    if isinstance(ref, bool):
        return None
    if isinstance(ref, int):
        return ref or None
    if not isinstance(ref, str) or not ref.strip():
        return None
    ref = ref.strip()
    if _INT.fullmatch(ref):
        return int(ref) or None
    if not ref.startswith("@"):
        return None
    known = state.find_chat(ref)
    return known["id"] if known else ref.lower()


def admit(state: EmulatorState, chat: ChatKey | None, units: int, at: float) -> None:
    """Take ``units`` of ``chat``'s budget and of the global window, or raise the 429 (counted
    for ``chat``, its reason the chat's kind or "global") without taking either.

    ``at`` is when the request arrived, before its body was read (per-chat buckets take
    requests out of order); the global window, a plain queue of times, runs on the clock's
    now, as requests finish arriving."""
    limiter = state.chat_limiter
    if chat is not None:
        try:
            limiter.check(chat, units, at)
        except ApiError:
            state.traffic.rejected(chat, FLOOD_GROUP if limiter.is_group(chat) else FLOOD_CHAT)
            raise
    try:
        state.limiter.acquire(units, now=state.clock())
    except ApiError:
        if chat is not None:
            state.traffic.rejected(chat, FLOOD_GLOBAL)
        raise
    if chat is not None:
        limiter.take(chat, units, at)
