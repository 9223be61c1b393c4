"""``HandlerData``: every name tokdrop's handlers (and middlewares) may take from the data.

aiogram hands a handler the data entries its parameters name. Everything tokdrop puts there
is declared here, once, with its type; handlers annotate their parameters with these types
(``tests/unit/test_handler_data.py`` checks it). Middlewares write through this type
(``cast(HandlerData, data)`` at the boundary: at run time it is the same dict).
"""

from __future__ import annotations

from typing import NotRequired

from aiogram.dispatcher.middlewares.data import MiddlewareData

from bot.chat_info import ChatInfo
from bot.i18n import Locales, Translator
from bot.inflight import InFlight
from bot.leader import BackgroundJobs
from bot.media.gate_fallback import LinkGate
from bot.media.service import MediaService
from bot.metrics import Metrics
from data.config import Settings


class HandlerData(MiddlewareData, total=False):
    """aiogram's data (``bot``, ``event_chat``, ``state``, …) and tokdrop's."""

    # The dispatcher's workflow data: one of each per process (bot.app.create_dispatcher).
    locales: Locales
    """Every language's messages."""
    settings: Settings
    """The process's settings."""
    media: MediaService
    """Media delivery (resolver, downloads, file-id cache); counts in ``metrics``."""
    gate: LinkGate
    """Limits media work per chat (shared by the processes of a webhook bot)."""
    inflight: InFlight
    """Updates under way, for a graceful shutdown."""
    metrics: Metrics
    """The process's metrics."""
    background_jobs: NotRequired[BackgroundJobs]
    """The broadcast sender and the subscription poller; there once the dispatcher started."""
    # Per update, from the outer update middlewares.
    trace: dict[str, str]
    """Notes for the update's log line (``UpdateLogMiddleware``)."""
    chat_info: ChatInfo
    """The update's chat and its settings (``ChatContextMiddleware``)."""
    t: Translator
    """Messages in the chat's language (``ChatContextMiddleware``)."""
