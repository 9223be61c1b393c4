"""Helpers every repository module shares: the clock, the audience filter, SQL building and
the few statements whose SQL differs between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from data.clock import unix_now
from data.periods import Audience

__all__ = [
    "IN_LIST_CHUNK",
    "audience_filter",
    "chunks",
    "insert_for",
    "is_postgres",
    "kept",
    "unix_now",
    "where",
]

IN_LIST_CHUNK = 1000  # ids per IN (...) list


def audience_filter(chat_id_column, audience: Audience):
    """The condition on a chat id column for ``audience``: private chats have positive ids,
    groups negative; None for everyone."""
    audience = Audience(audience)
    if audience is Audience.USERS:
        return chat_id_column > 0
    if audience is Audience.GROUPS:
        return chat_id_column < 0
    return None


def kept(*conditions) -> list:
    """The conditions that are not None."""
    return [c for c in conditions if c is not None]


def where(stmt, *conditions):
    """``stmt`` filtered by the conditions that are not None."""
    conditions = kept(*conditions)
    return stmt.where(*conditions) if conditions else stmt


def chunks(values: list, size: int = IN_LIST_CHUNK) -> Iterable[list]:
    """``values`` in slices of at most ``size`` (bounded IN lists and bind parameters)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def insert_for(session: AsyncSession, table):
    """An INSERT that supports ``on_conflict_do_nothing/do_update`` on the session's database."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for dialect {name}")


def is_postgres(session: AsyncSession) -> bool:
    """Whether the session talks to PostgreSQL."""
    return session.get_bind().dialect.name == "postgresql"
