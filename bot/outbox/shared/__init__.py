"""Bot-wide budgets shared by several processes: a PostgreSQL row or a Redis hash.

Both keep the state of :class:`~bot.outbox.LocalBudget` (a strict GCRA bucket's ``full_at``
and a 429 ``paused_until``) in the store, advance it with one atomic statement or script per
call, and read time from the store's clock, so processes on several machines agree. A store
that fails or does not answer in time makes the call raise :class:`SharedBudgetUnavailable`.
The store holds the state only: every process must run with the same rate and burst.
"""

from .base import DEFAULT_TIMEOUT, SharedBudget, SharedBudgetUnavailable
from .database_budget import DatabaseBudget
from .redis_budget import RedisBudget, redis_client

__all__ = [
    "DEFAULT_TIMEOUT",
    "DatabaseBudget",
    "RedisBudget",
    "SharedBudget",
    "SharedBudgetUnavailable",
    "redis_client",
]
