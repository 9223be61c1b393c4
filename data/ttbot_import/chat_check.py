"""Downloads' and sounds' chats checked once, at the end of the load, instead of row by row.

On PostgreSQL the foreign keys ``downloads.user_id`` and ``music.user_id`` run a locking query
for every row written: more than a third of the cost of importing a download. When the
target's role may set ``session_replication_role`` (a superuser, or a role granted ``SET`` on
it — what ``pg_restore --disable-triggers`` needs too), the import's batches turn those per-row
triggers off for their own transactions, and the foreign keys' work is done for all of them
at once when the rows are in:

- :func:`wait_for_writers_of_users` waits until no transaction that was writing ``users`` is
  left (a ``SHARE`` lock on the table, taken and let go at once: a few milliseconds for the
  bot's short writes). A chat deleted while the import ran is gone for good by then, and a
  chat deleted from then on cascades to every imported row, all of them committed.
- The verification then finds every chat of the source in the target — the import writes each
  chat before the rows that refer to it — so no imported row lacks its chat.
- Only when it does not (someone deleted chats meanwhile), :func:`remove_rows_of_gone_chats`
  removes the imported rows whose chat is gone, as the key's ``ON DELETE CASCADE`` would have,
  and the import reports them: it is then not verified.

Other roles keep the per-row checks, and SQLite checks its keys cheaply in-process.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from data.ttbot_import.errors import TtbotImportError

__all__ = [
    "NO_ROW_TRIGGERS",
    "GoneChats",
    "remove_rows_of_gone_chats",
    "row_checks_can_wait",
    "wait_for_writers_of_users",
]

# The first statement of a batch's transaction: its rows skip the foreign keys' triggers.
NO_ROW_TRIGGERS = text("SET LOCAL session_replication_role = replica")
_TABLES = {"videos": "downloads", "music": "music"}
# The chats of the import's rows that are not in ``users`` (one scan per table).
_GONE_CHATS = text(
    " UNION ".join(
        f"SELECT t.user_id FROM {name} t WHERE t.imported_from IN (:own, :filled) "
        "AND NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = t.user_id)"
        for name in _TABLES.values()
    )
    + " ORDER BY 1"
)
LOCK_WAIT = 2.0  # seconds the SHARE lock on users is waited for, at most, per attempt
LOCK_ATTEMPTS = 5
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for a lock_timeout that ran out


@dataclass
class GoneChats:
    """Chats deleted while the import ran, and the imported rows removed with them."""

    chats: list[int]
    removed: dict[str, int]

    def problem(self) -> str:
        """The sentence the report gives."""
        return (
            f"{len(self.chats)} chats (the first {self.chats[0]}) were deleted from the target "
            f"while the import ran; their {self.removed['videos']} downloads and "
            f"{self.removed['music']} sounds were removed, as the foreign key's cascade does"
        )


async def row_checks_can_wait(engine: AsyncEngine) -> bool:
    """Whether the import may check its chats at the end (see the module): PostgreSQL, and a
    role allowed to set ``session_replication_role``."""
    if engine.dialect.name != "postgresql":
        return False
    async with engine.connect() as conn:
        try:
            await conn.execute(NO_ROW_TRIGGERS)
        except DBAPIError:  # insufficient privilege
            return False
        finally:
            await conn.rollback()
    return True


async def remove_rows_of_gone_chats(engine: AsyncEngine, import_id: int) -> GoneChats | None:
    """Remove import ``import_id``'s rows whose chat is gone (one scan of each table; call
    :func:`wait_for_writers_of_users` first); what was gone, or None when every chat is
    there."""
    marks = {"own": import_id, "filled": -import_id}  # the import's rows, timed and filled
    async with engine.begin() as conn:
        gone = list((await conn.execute(_GONE_CHATS, marks)).scalars())
        if not gone:
            return None
        removed = {}
        for table, name in _TABLES.items():
            result = await conn.execute(
                text(
                    f"DELETE FROM {name} WHERE user_id = ANY(CAST(:gone AS bigint[])) "
                    "AND imported_from IN (:own, :filled)"
                ),
                {"gone": gone, **marks},
            )
            removed[table] = result.rowcount
        return GoneChats(gone, removed)


async def wait_for_writers_of_users(engine: AsyncEngine) -> None:
    """Take and let go a SHARE lock on ``users``: it is granted once every transaction that
    was writing the table has ended. New writers queue behind the request, so it gives up
    after :data:`LOCK_WAIT` (the bot pauses no longer) and tries again."""
    for attempt in range(1, LOCK_ATTEMPTS + 1):
        try:
            async with engine.begin() as conn:
                await conn.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT * 1000:.0f}ms'"))
                await conn.execute(text("LOCK TABLE users IN SHARE MODE"))
            return
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                raise
            if attempt == LOCK_ATTEMPTS:
                raise TtbotImportError(
                    "cannot check the imported rows' chats: a transaction writing users "
                    f"stayed open through {LOCK_ATTEMPTS} waits of {LOCK_WAIT:g} s; end it and "
                    "run the import again (it only finishes its checks)"
                ) from None
            await asyncio.sleep(LOCK_WAIT)
