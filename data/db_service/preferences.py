"""Chat preferences: read all of a chat's, set one, and the column that loads them with a chat.

Design of the per-update load: :func:`preferences_column` is a correlated scalar subquery that
aggregates the chat's ``chat_preferences`` rows into one JSON object
(``json_group_object`` on SQLite, ``json_object_agg`` on PostgreSQL). It is added to the SELECT
that already loads the chat on each update, so preferences cost no extra round trip; unlike a
LEFT JOIN it keeps one row per chat (the batched IN (...) load and its callers stay as they
are), and the lookup is on the table's primary key (chat_id, key). ``file_mode`` is not in that
table: it is the seed schema's ``users.file_mode``, already among the chat's columns.
"""

from __future__ import annotations

import logging

from sqlalchemy import JSON, BigInteger, String, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.common import insert_for, is_postgres, unix_now
from data.errors import UnknownChat
from data.models import ChatPreference, User
from data.preferences import ON, Preference, Preferences, preferences_from, text_of

log = logging.getLogger(__name__)

PREFERENCES_LABEL = "preferences"


def preferences_column(session: AsyncSession):
    """The chat's stored preferences as one JSON object (``{key: value}``; None or ``{}`` when
    it has none), correlated to ``users``: add it to a SELECT of ``users`` rows."""
    aggregate = func.json_object_agg if is_postgres(session) else func.json_group_object
    return (
        select(aggregate(ChatPreference.key, ChatPreference.value, type_=JSON))
        .where(ChatPreference.chat_id == User.user_id)
        .correlate(User)
        .scalar_subquery()
        .label(PREFERENCES_LABEL)
    )


def preferences_of(row) -> Preferences:
    """The :class:`Preferences` of a ``users`` row selected with ``file_mode`` and, when the
    query had it, :func:`preferences_column` (without it: defaults besides file mode)."""
    stored = row._mapping.get(PREFERENCES_LABEL)
    if stored is not None and not isinstance(stored, dict):
        log.warning("chat %s: stored preferences are not an object; using defaults", row.user_id)
        stored = None
    return preferences_from(stored or {}, file_mode=bool(row.file_mode))


async def _load(s: AsyncSession, chat_id: int) -> Preferences:
    row = (
        await s.execute(
            select(User.user_id, User.file_mode, preferences_column(s)).where(
                User.user_id == chat_id
            )
        )
    ).first()
    if row is None:
        raise UnknownChat(chat_id)
    return preferences_of(row)


async def get_preferences(chat_id: int, *, session: AsyncSession | None = None) -> Preferences:
    """All of the chat's preferences, defaults filled in, in one query; UnknownChat if the chat
    never talked to the bot."""
    async with session_scope(session) as s:
        return await _load(s, chat_id)


async def set_preference(
    chat_id: int,
    key: Preference,
    value: object,
    *,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> Preferences:
    """Store one preference (a value :func:`data.preferences.parse_preference` returned) and
    return all of them; UnknownChat if the chat is unknown. ``FILE_MODE`` is ``users.file_mode``
    (what ``/mode`` sets); the others are upserted in one statement, so concurrent sets of a key
    never fail and the last one wins."""
    key = Preference(key)
    text = text_of(key, value)
    async with session_scope(session) as s:
        if key is Preference.FILE_MODE:
            await s.execute(
                update(User).where(User.user_id == chat_id).values(file_mode=text == ON)
            )
        else:
            # INSERT ... SELECT from users: an unknown chat inserts nothing (no FK error).
            source = select(
                User.user_id,
                literal(key.value, String),
                literal(text, String),
                literal(unix_now(now), BigInteger),
            ).where(User.user_id == chat_id)
            stmt = insert_for(s, ChatPreference).from_select(
                ["chat_id", "key", "value", "updated_at"], source
            )
            await s.execute(
                stmt.on_conflict_do_update(
                    index_elements=["chat_id", "key"],
                    set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at},
                )
            )
        return await _load(s, chat_id)
