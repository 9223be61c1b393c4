"""Writing imported rows into tokdrop's tables, inside the caller's transaction (the batch's,
which also carries its checkpoint).

Downloads and sounds go in by ``COPY`` on PostgreSQL (asyncpg's binary copy, on the same
connection and transaction) and by ``executemany`` on SQLite; no ORM object is made per row.

Where the role may, their chats are left to :mod:`data.ttbot_import.chat_check` (one check
at the end instead of the foreign keys' trigger per row).

Chats are upserted by the merge rule: a chat already in the target keeps the earlier
registration and the referral of that registration (the other one when it has none); its
settings (language, file mode, ad counters, blocked state) stay as the target has them.
"""

from __future__ import annotations

import json

from asyncpg.exceptions import ForeignKeyViolationError
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from data.ttbot_import.chat_check import NO_ROW_TRIGGERS
from data.ttbot_import.errors import TtbotImportError

__all__ = [
    "CHAT_COLUMNS",
    "DOWNLOAD_COLUMNS",
    "MUSIC_COLUMNS",
    "chat_registrations",
    "existing_chats",
    "id_list",
    "insert_rows",
    "upsert_chats",
]

CHAT_COLUMNS = (
    "user_id",
    "registered_at",
    "lang",
    "link",
    "file_mode",
    "ad_count",
    "ad_cooldown",
    "last_seen_at",
)
# Each column's PostgreSQL array type, for the one-statement upsert from arrays.
_CHAT_ARRAYS = ("bigint", "bigint", "text", "text", "boolean", "integer", "bigint", "bigint")
DOWNLOAD_COLUMNS = (
    "user_id",
    "downloaded_at",
    "source_url",
    "video_id",
    "platform",
    "is_images",
    "is_processed",
    "is_inline",
    "imported_from",
)
MUSIC_COLUMNS = ("user_id", "downloaded_at", "video_id", "imported_from")
TARGET_TABLES = {"videos": ("downloads", DOWNLOAD_COLUMNS), "music": ("music", MUSIC_COLUMNS)}
_MERGE = (
    " ON CONFLICT (user_id) DO UPDATE SET "
    "link = CASE WHEN excluded.registered_at < users.registered_at "
    "THEN COALESCE(excluded.link, users.link) ELSE COALESCE(users.link, excluded.link) END, "
    "registered_at = {least}(users.registered_at, excluded.registered_at)"
)
_COLUMNS = ", ".join(CHAT_COLUMNS)
# PostgreSQL: every row in one statement, each column an array parameter.
_UPSERT_POSTGRES = text(
    f"INSERT INTO users ({_COLUMNS}) SELECT * FROM unnest("
    + ", ".join(f"CAST(:{c} AS {t}[])" for c, t in zip(CHAT_COLUMNS, _CHAT_ARRAYS, strict=True))
    + ")"
    + _MERGE.format(least="LEAST")
)
# SQLite: one row per execution (executemany; in-process, so cheap).
_UPSERT_SQLITE = text(
    f"INSERT INTO users ({_COLUMNS}) VALUES ({', '.join(f':{c}' for c in CHAT_COLUMNS)})"
    + _MERGE.format(least="MIN")
)
_FOUND_POSTGRES = text(
    "SELECT user_id, registered_at, link FROM users WHERE user_id = ANY(CAST(:ids AS bigint[]))"
)
_FOUND_SQLITE = text(
    "SELECT user_id, registered_at, link FROM users "
    "WHERE user_id IN (SELECT value FROM json_each(:ids))"
)


def id_list(conn: AsyncConnection, ids: list[int]) -> object:
    """``ids`` as one parameter of the ``:ids`` statements: an array on PostgreSQL, a JSON
    array (read by ``json_each``) on SQLite."""
    return ids if conn.dialect.name == "postgresql" else json.dumps(ids)


async def existing_chats(
    conn: AsyncConnection, ids: list[int]
) -> dict[int, tuple[int, str | None]]:
    """``chat id -> (registered_at, referral)`` of the chats of ``ids`` the target has (one
    statement, however many ids)."""
    if not ids:
        return {}
    sql = _FOUND_POSTGRES if conn.dialect.name == "postgresql" else _FOUND_SQLITE
    rows = await conn.execute(sql, {"ids": id_list(conn, ids)})
    return {r[0]: (r[1], r[2]) for r in rows}


async def chat_registrations(conn: AsyncConnection, ids: list[int]) -> dict[int, int]:
    """``chat id -> registered_at`` of the chats of ``ids`` the target has."""
    return {chat: at for chat, (at, _) in (await existing_chats(conn, ids)).items()}


async def upsert_chats(conn: AsyncConnection, rows: list[dict]) -> None:
    """Insert chats (dicts of :data:`CHAT_COLUMNS`), merging with those already there."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        await conn.execute(_UPSERT_POSTGRES, {c: [row[c] for row in rows] for c in CHAT_COLUMNS})
    else:
        await conn.execute(_UPSERT_SQLITE, rows)


def _chats_gone(detail: str) -> TtbotImportError:
    return TtbotImportError(
        f"a chat of this batch is no longer in the target ({detail}): was it deleted while "
        "the import ran? Its downloads cannot be written; nothing of this batch is kept"
    )


async def insert_rows(
    conn: AsyncConnection, table: str, rows: list[tuple], *, check_chats: bool = True
) -> None:
    """Append rows of a source table (``videos`` or ``music``) to its target table, as tuples
    of :data:`DOWNLOAD_COLUMNS` or :data:`MUSIC_COLUMNS`; without ``check_chats`` (PostgreSQL,
    first in its transaction) their chats are left to the check at the end
    (:mod:`data.ttbot_import.chat_check`)."""
    if not rows:
        return
    name, columns = TARGET_TABLES[table]
    if conn.dialect.name == "postgresql":
        if not check_chats:
            await conn.execute(NO_ROW_TRIGGERS)
        raw = (await conn.get_raw_connection()).driver_connection
        if not raw.is_in_transaction():
            # The driver opens the transaction at the first statement; COPY alone would
            # commit apart from the checkpoint.
            await conn.execute(text("SELECT 1"))
        try:
            await raw.copy_records_to_table(name, records=rows, columns=columns)
        except ForeignKeyViolationError as exc:  # the per-row checks
            raise _chats_gone(exc.detail or str(exc)) from None
        return
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})"
    try:
        await conn.exec_driver_sql(sql, rows)
    except IntegrityError as exc:
        if "FOREIGN KEY" not in str(exc.orig):
            raise
        raise _chats_gone("the foreign key refused a row") from None
