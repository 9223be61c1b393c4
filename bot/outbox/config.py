"""The limiter's numbers: three rates from the settings, bursts with defaults."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class LimiterConfig:
    """Budgets of the outgoing limiter.

    ``global_burst`` is what the bot-wide bucket holds; ``interactive_reserve`` of it is
    kept back from the bulk lane, so a reply finds a token even mid-broadcast. Any one-second
    window sees at most ``floor(global_rate + global_burst)`` units (30 at 28/s), which
    Telegram's (and the emulator's) sliding window must allow. The half token above
    reserve + 1 lets a bulk grant that fires a little late (a busy event loop) keep the
    refill instead of losing it at a full bucket.

    ``bulk_rate`` (``BROADCAST_RATE``; None: no cap) caps the bulk lane on its own, below
    what the global budget would let it take; bulk sends go out at most that fast, evenly
    spaced (a media group of N borrows N and later bulk sends wait it off).

    ``budget_retry_interval``: while a shared budget's store is down, how often it is tried
    again (see :mod:`bot.outbox.fallback`).

    A 429 pauses only its chat, unless ``bot_pause_chats`` distinct chats got one within
    ``bot_pause_window`` seconds: then it pauses the whole bot (so does a bulk call's 429 or
    one without a chat; see :meth:`bot.outbox.Limiter.flood`). Telegram does not say which
    limit a 429 is for. One chat's 429 is almost always its own limit (1/s, 20/min in a
    group); two busy groups may hit theirs together; three chats within a few seconds means
    the bot-wide limit is the likely cause and every chat would get one next, so the bot
    stops instead of collecting a 429 per chat. Ten seconds covers the retry_after of a
    bot-wide 429 burst (a few seconds) without adding up unrelated chats' 429s over an hour.
    1 restores the old behaviour (every 429 pauses the bot).
    """

    global_rate: float = 30.0  # messages per second, whole bot
    chat_rate: float = 1.0  # messages per second, one chat
    group_rate_per_minute: float = 20.0  # messages per minute, one group or channel
    global_burst: float = 2.5
    interactive_reserve: float = 1.0
    chat_burst: float = 3.0
    group_burst: float = 3.0
    bulk_rate: float | None = None  # messages per second, bulk lane (broadcasts, subscriptions)
    budget_retry_interval: float = 5.0  # seconds between tries of a shared budget that is down
    bot_pause_chats: int = 3  # distinct chats with a 429 within the window: pause the bot
    bot_pause_window: float = 10.0  # seconds

    def __post_init__(self) -> None:
        for name in ("global_rate", "chat_rate", "group_rate_per_minute"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        for name in ("global_burst", "chat_burst", "group_burst"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.bulk_rate is not None and self.bulk_rate <= 0:
            raise ValueError("bulk_rate must be positive")
        if self.budget_retry_interval <= 0:
            raise ValueError("budget_retry_interval must be positive")
        if self.bot_pause_chats < 1:
            raise ValueError("bot_pause_chats must be at least 1")
        if self.bot_pause_window <= 0:
            raise ValueError("bot_pause_window must be positive")
        if not 0 <= self.interactive_reserve < self.global_burst:
            raise ValueError("interactive_reserve must be in 0..global_burst (exclusive)")

    @classmethod
    def from_settings(cls, settings: Any, **tuning: float) -> LimiterConfig:
        """``TG_GLOBAL_RATE``, ``TG_CHAT_RATE``, ``TG_GROUP_RATE``, ``BROADCAST_RATE`` (the bulk
        lane's cap); ``tuning`` sets the rest."""
        config = cls(
            global_rate=settings.tg_global_rate,
            chat_rate=settings.tg_chat_rate,
            group_rate_per_minute=settings.tg_group_rate,
            bulk_rate=settings.broadcast_rate,
        )
        return replace(config, **tuning)
