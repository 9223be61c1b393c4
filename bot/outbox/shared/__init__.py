"""Bot-wide budgets shared by several processes: a PostgreSQL row or a Redis hash.

Both keep the state of :class:`~bot.outbox.LocalBudget` (a strict GCRA bucket's ``full_at``
and a 429 ``paused_until``) in the store, advance it with one atomic statement or script per
call, and read time from the store's clock, so processes on several machines agree. A store
that fails or does not answer in time makes the call raise :class:`SharedBudgetUnavailable`.
The store holds the state only: every process must run with the same rate and burst.

The per-chat send buckets (:class:`RedisChatBuckets`, :class:`DatabaseChatBuckets`) do the
same for each chat's :class:`~bot.outbox.ChatBuckets`; :mod:`.chat_factory` picks them, and the
link gate's, by the settings.
"""

from .base import DEFAULT_TIMEOUT, SharedBudget, SharedBudgetUnavailable
from .chats_base import SharedChats
from .database_budget import DatabaseBudget
from .database_chats import DatabaseChatBuckets
from .redis_budget import RedisBudget, redis_client
from .redis_chats import RedisChatBuckets

__all__ = [
    "DEFAULT_TIMEOUT",
    "DatabaseBudget",
    "DatabaseChatBuckets",
    "RedisBudget",
    "RedisChatBuckets",
    "SharedBudget",
    "SharedBudgetUnavailable",
    "SharedChats",
    "redis_client",
]
