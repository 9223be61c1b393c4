"""One outgoing budget for every Telegram call: interactive replies first, bulk fills the rest.

An :class:`OutboxMiddleware` on the bot's session (``bot.session_chain`` builds the chain;
``install_limiter(bot, settings)`` adds the limiter alone) makes every costing call (see
:mod:`.costs`) wait for budget: bot-wide messages/s (``TG_GLOBAL_RATE``), per chat
messages/s (``TG_CHAT_RATE``, small bursts allowed) and per group messages/minute
(``TG_GROUP_RATE``). Calls are interactive unless made inside
``with bulk_lane():``. A 429 pauses its chat (the whole bot when several chats get one, for
a bulk call, or for a call without a chat) and the call is retried once; a send whose
outcome is unknown raises :class:`AmbiguousSend` instead of risking a duplicate;
:func:`classify_send` tells every sender what became of a send (see :mod:`.errors`). A shared
budget whose store is down is stood in for by a local one for interactive calls, while bulk
calls fail as not sent (:mod:`.fallback`); a :class:`SendGate` lets a sender mark a delivery
only once its request was granted (:mod:`.gate`).

Modules: ``clock`` (time), ``bucket`` (token buckets, chat holds), ``budget`` (the shareable
bot-wide budget), ``chat_store`` (the interface of chat budgets shared by several processes),
``lanes`` (lane context), ``queue`` (fair per-chat queue), ``limiter`` (the scheduler),
``costs`` (what costs what), ``middleware`` (aiogram), ``errors``, ``stats``, ``config``,
``shared`` (the budget in PostgreSQL or Redis for several processes),
``budget_factory`` (which budget a process uses), ``fallback`` (while the shared one is down)
and ``gate`` (mark a delivery after the grant).
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot

from .budget import GlobalBudget, LocalBudget
from .budget_factory import close_global_budget, create_global_budget
from .chat_store import SharedChatBuckets
from .clock import Clock, LoopClock, ManualClock
from .config import LimiterConfig
from .costs import budget_cost, target_chat
from .errors import AmbiguousSend, SendOutcome, SendResult, classify_send
from .fallback import FallbackBudget
from .gate import SendGate, SendWithheld, current_gate
from .lanes import Lane, bulk_lane, current_lane, interactive_lane
from .limiter import Limiter
from .middleware import OutboxMiddleware
from .shared import DatabaseBudget, RedisBudget, SharedBudgetUnavailable

__all__ = [
    "AmbiguousSend",
    "Clock",
    "DatabaseBudget",
    "FallbackBudget",
    "GlobalBudget",
    "Lane",
    "Limiter",
    "LimiterConfig",
    "LocalBudget",
    "LoopClock",
    "ManualClock",
    "OutboxMiddleware",
    "RedisBudget",
    "SendGate",
    "SendOutcome",
    "SendResult",
    "SendWithheld",
    "SharedBudgetUnavailable",
    "SharedChatBuckets",
    "budget_cost",
    "bulk_lane",
    "classify_send",
    "close_global_budget",
    "create_global_budget",
    "current_gate",
    "current_lane",
    "install_limiter",
    "interactive_lane",
    "target_chat",
]


def install_limiter(
    bot: Bot,
    settings: Any,
    *,
    clock: Clock | None = None,
    budget: GlobalBudget | None = None,
    shared_chats: SharedChatBuckets | None = None,
    **tuning: float,
) -> Limiter:
    """Pace every costing call of ``bot`` by ``settings`` (TG_*_RATE); returns the limiter.

    ``tuning`` overrides other :class:`LimiterConfig` fields (bursts, reserve); ``budget``
    replaces the in-process global budget (e.g. one shared by several processes), and
    ``shared_chats`` shares the chat and group budgets with them too. A session
    that already has a limiter keeps it, and that limiter is returned.
    """
    for middleware in bot.session.middleware:
        if isinstance(middleware, OutboxMiddleware):
            return middleware.limiter
    config = LimiterConfig.from_settings(settings, **tuning)
    limiter = Limiter(config, clock=clock, budget=budget, shared_chats=shared_chats)
    bot.session.middleware(OutboxMiddleware(limiter))
    return limiter
