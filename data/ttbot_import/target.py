"""Writing imported rows into tokdrop's tables, inside the caller's transaction (the batch's,
which also carries its checkpoint).

Downloads and sounds go in by ``COPY`` on PostgreSQL (asyncpg's binary copy, on the same
connection and transaction) and by ``executemany`` on SQLite; no ORM object is made per row.
Chats are upserted by the merge rule: a chat already in the target keeps the earlier
registration and the referral of that registration (the other one when it has none); its
settings (language, file mode, ad counters, blocked state) stay as the target has them.
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from data.models import User

__all__ = [
    "CHAT_COLUMNS",
    "DOWNLOAD_COLUMNS",
    "MUSIC_COLUMNS",
    "chat_registrations",
    "existing_chats",
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
_IN_CHUNK = 5_000


def _upsert_sql(dialect: str) -> str:
    least = "LEAST" if dialect == "postgresql" else "MIN"
    columns = ", ".join(CHAT_COLUMNS)
    values = ", ".join(f":{c}" for c in CHAT_COLUMNS)
    return (
        f"INSERT INTO users ({columns}) VALUES ({values}) ON CONFLICT (user_id) DO UPDATE SET "
        "link = CASE WHEN excluded.registered_at < users.registered_at "
        "THEN COALESCE(excluded.link, users.link) ELSE COALESCE(users.link, excluded.link) END, "
        f"registered_at = {least}(users.registered_at, excluded.registered_at)"
    )


async def existing_chats(
    conn: AsyncConnection, ids: list[int]
) -> dict[int, tuple[int, str | None]]:
    """``chat id -> (registered_at, referral)`` of the chats of ``ids`` the target has."""
    found: dict[int, tuple[int, str | None]] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        rows = await conn.execute(
            select(User.user_id, User.registered_at, User.link).where(
                User.user_id.in_(ids[start : start + _IN_CHUNK])
            )
        )
        found.update((r[0], (r[1], r[2])) for r in rows)
    return found


async def chat_registrations(conn: AsyncConnection, ids: list[int]) -> dict[int, int]:
    """``chat id -> registered_at`` of the chats of ``ids`` the target has."""
    return {chat: at for chat, (at, _) in (await existing_chats(conn, ids)).items()}


async def upsert_chats(conn: AsyncConnection, rows: list[dict]) -> None:
    """Insert chats (dicts of :data:`CHAT_COLUMNS`), merging with those already there."""
    if rows:
        await conn.execute(text(_upsert_sql(conn.dialect.name)), rows)


async def insert_rows(conn: AsyncConnection, table: str, rows: list[tuple]) -> None:
    """Append rows of a source table (``videos`` or ``music``) to its target table, as tuples
    of :data:`DOWNLOAD_COLUMNS` or :data:`MUSIC_COLUMNS`."""
    if not rows:
        return
    name, columns = TARGET_TABLES[table]
    if conn.dialect.name == "postgresql":
        raw = (await conn.get_raw_connection()).driver_connection
        if not raw.is_in_transaction():  # COPY alone would commit apart from the checkpoint
            raise RuntimeError("COPY outside the batch's transaction")
        await raw.copy_records_to_table(name, records=rows, columns=columns)
        return
    marks = ", ".join("?" * len(columns))
    await conn.exec_driver_sql(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})", rows)
