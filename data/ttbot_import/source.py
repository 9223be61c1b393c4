"""Reading a tt-bot database, read-only: its schema check, rows in primary-key order by keyset
pages, and the aggregates the import and its verification need.

SQLite sources are opened with a ``mode=ro`` URI (and ``query_only``); PostgreSQL sources in a
session whose every transaction is read-only. Each page is one short statement, so a source
that tt-bot still serves is never held in one long transaction.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import URL

from data.database import normalise_url, shown_url, url_passwords
from data.redaction import Redactor, redact
from data.ttbot_import.errors import NotATtbotDatabase, SourceUnavailable

__all__ = [
    "COLUMNS",
    "OPTIONAL_COLUMNS",
    "PRIMARY_KEYS",
    "PostgresSource",
    "Source",
    "SqliteSource",
    "days_and_untimed",
    "open_source",
    "source_identity",
]

# The columns read from each table, in the order rows come back.
COLUMNS = {
    "users": ("user_id", "registered_at", "lang", "link", "file_mode", "ad_count", "ad_cooldown"),
    "videos": (
        "pk_id",
        "user_id",
        "downloaded_at",
        "video_link",
        "is_images",
        "is_processed",
        "is_inline",
    ),
    "music": ("pk_id", "user_id", "downloaded_at", "video_id"),
}
PRIMARY_KEYS = {"users": "user_id", "videos": "pk_id", "music": "pk_id"}
TIMES = {"users": "registered_at", "videos": "downloaded_at", "music": "downloaded_at"}
# Missing in some tt-bot versions: read as NULL.
OPTIONAL_COLUMNS = frozenset({("users", "ad_count"), ("users", "ad_cooldown")})
DAY = 86_400
CONNECT_TIMEOUT = 10


def source_identity(url: str | URL) -> str:
    """What names a source across runs, without credentials: ``sqlite:<absolute path>`` or
    ``postgresql://<host>:<port>/<database>``."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite:{Path(parsed.database or '').resolve()}"
    host = (parsed.host or "localhost").lower()
    return f"postgresql://{host}:{parsed.port or 5432}/{parsed.database or parsed.username}"


def _reason(exc: BaseException, url: URL) -> str:
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return redact(Redactor(url_passwords(url)).redact(reason))


class Source:
    """An open tt-bot database. Subclasses speak one driver's SQL."""

    dialect = ""
    placeholder = "?"

    def __init__(self, url: URL) -> None:
        self.url = url
        self.shown = shown_url(url.set(drivername=url.get_backend_name()))
        self.identity = source_identity(url)
        self.present: dict[str, set[str]] = {}
        # Whether a foreign key guarantees every download's chat is in ``users``.
        self.chats_guaranteed = False

    # -- driver primitives -------------------------------------------------------------------
    async def fetch(self, sql: str, *args: object) -> list:
        """Rows of one read statement."""
        raise NotImplementedError

    async def columns(self) -> dict[str, set[str]]:
        """The columns of the tables named in :data:`COLUMNS` that exist."""
        raise NotImplementedError

    async def close(self) -> None:
        """Close the connection."""
        raise NotImplementedError

    def _p(self, n: int) -> str:
        return self.placeholder if self.placeholder == "?" else f"${n}"

    # -- the import's reads ------------------------------------------------------------------
    async def check_schema(self) -> None:
        """Raise :class:`NotATtbotDatabase` naming every missing table and column."""
        try:
            self.present = await self.columns()
        except Exception as exc:  # noqa: BLE001 - e.g. a file that is no SQLite database
            raise SourceUnavailable(
                f"cannot read the source {self.shown}: {_reason(exc, self.url)}"
            ) from None
        missing = []
        for table, columns in COLUMNS.items():
            found = self.present.get(table)
            if found is None:
                missing.append(f"table {table}")
                continue
            missing += [
                f"column {table}.{name}"
                for name in columns
                if name not in found and (table, name) not in OPTIONAL_COLUMNS
            ]
        if missing:
            raise NotATtbotDatabase(missing)

    def _select(self, table: str) -> str:
        found = self.present.get(table, set(COLUMNS[table]))
        return ", ".join(c if c in found else f"NULL AS {c}" for c in COLUMNS[table])

    async def page(self, table: str, after: int | None, limit: int, upto: int | None) -> list:
        """Up to ``limit`` rows of ``table`` after primary key ``after`` (None: from the
        first) and at most ``upto``, in primary-key order, as :data:`COLUMNS` lists them."""
        pk = PRIMARY_KEYS[table]
        conditions, args = [], []
        if after is not None:
            args.append(after)
            conditions.append(f"{pk} > {self._p(len(args))}")
        if upto is not None:
            args.append(upto)
            conditions.append(f"{pk} <= {self._p(len(args))}")
        args.append(limit)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        limit_mark = self._p(len(args))
        sql = f"SELECT {self._select(table)} FROM {table}{where} ORDER BY {pk} LIMIT {limit_mark}"
        return await self.fetch(sql, *args)

    async def last_pk(self, table: str) -> int | None:
        """The largest primary key of ``table`` now (the end of this run's reading)."""
        rows = await self.fetch(f"SELECT MAX({PRIMARY_KEYS[table]}) FROM {table}")
        return rows[0][0]

    async def count(self, table: str, upto: int | None = None) -> int:
        """Rows of ``table`` with primary key at most ``upto`` (all for None)."""
        if upto is None:
            return (await self.fetch(f"SELECT COUNT(*) FROM {table}"))[0][0]
        sql = f"SELECT COUNT(*) FROM {table} WHERE {PRIMARY_KEYS[table]} <= {self._p(1)}"
        return (await self.fetch(sql, upto))[0][0]

    async def orphan_chats(
        self, upto: dict[str, int | None]
    ) -> list[tuple[int, int | None, int, int]]:
        """``(chat id, first time or None, videos, music)`` of every chat that downloaded
        (up to the ``upto`` primary keys) but has no ``users`` row; empty when a foreign key
        guarantees there is none."""
        if self.chats_guaranteed:
            return []
        parts, args = [], []
        for table, counts in (
            ("videos", "COUNT(*) AS v, 0 AS m"),
            ("music", "0 AS v, COUNT(*) AS m"),
        ):
            if upto.get(table) is None:
                continue
            args.append(upto[table])
            parts.append(
                f"SELECT t.user_id AS chat, MIN(t.downloaded_at) AS first_at, {counts} "
                f"FROM {table} t WHERE t.pk_id <= {self._p(len(args))} AND NOT EXISTS "
                "(SELECT 1 FROM users u WHERE u.user_id = t.user_id) GROUP BY t.user_id"
            )
        if not parts:
            return []
        sql = (
            "SELECT o.chat, MIN(o.first_at), SUM(o.v), SUM(o.m) FROM ("
            + " UNION ALL ".join(parts)
            + ") o GROUP BY o.chat ORDER BY o.chat"
        )
        return [(r[0], r[1], int(r[2]), int(r[3])) for r in await self.fetch(sql, *args)]

    async def per_day(self, table: str, upto: int | None) -> tuple[dict[int, int], int]:
        """Rows of ``table`` (primary key at most ``upto``) per UTC day of their time, and the
        number without a time (one scan)."""
        if upto is None:
            return {}, 0
        pk, at = PRIMARY_KEYS[table], TIMES[table]
        rows = await self.fetch(
            f"SELECT {at} / {DAY}, COUNT(*) FROM {table} WHERE {pk} <= {self._p(1)} "
            f"GROUP BY {at} / {DAY}",
            upto,
        )
        return days_and_untimed(rows)

    async def existing_chats(self, ids: list[int]) -> set[int]:
        """Which of ``ids`` have a ``users`` row."""
        found: set[int] = set()
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ", ".join(self._p(i + 1) for i in range(len(part)))
            rows = await self.fetch(f"SELECT user_id FROM users WHERE user_id IN ({marks})", *part)
            found.update(r[0] for r in rows)
        return found


def days_and_untimed(rows) -> tuple[dict[int, int], int]:
    """``(count per day, the count of the NULL day)`` of ``(day or None, count)`` rows."""
    days = {None if day is None else int(day): int(n) for day, n in rows}
    return days, days.pop(None, 0)


class SqliteSource(Source):
    """An SQLite file opened read-only."""

    dialect = "sqlite"

    def __init__(self, url: URL, db) -> None:
        super().__init__(url)
        self._db = db

    @classmethod
    async def open(cls, url: URL) -> SqliteSource:
        import aiosqlite

        path = Path(url.database or "")
        if not url.database or not path.is_file():
            raise SourceUnavailable(f"cannot open the source {shown_url(url)}: no file at {path}")
        if not os.access(path, os.R_OK):
            raise SourceUnavailable(
                f"cannot open the source {shown_url(url)}: {path} is not readable"
            )
        try:
            db = await aiosqlite.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        except Exception as exc:  # noqa: BLE001 - any driver error means the same here
            raise SourceUnavailable(f"cannot open the source {shown_url(url)}: {exc}") from None
        try:
            await db.execute("PRAGMA query_only = ON")
        except BaseException as exc:
            # Closed even when cancelled: an open connection's thread would keep the process
            # from exiting.
            await asyncio.shield(db.close())
            if isinstance(exc, Exception):
                raise SourceUnavailable(f"cannot open the source {shown_url(url)}: {exc}") from None
            raise
        return cls(url, db)

    async def fetch(self, sql: str, *args: object) -> list:
        async with self._db.execute(sql, args) as cursor:
            return await cursor.fetchall()

    async def columns(self) -> dict[str, set[str]]:
        found = {}
        for table in COLUMNS:
            rows = await self.fetch(f"PRAGMA table_info({table})")
            if rows:
                found[table] = {row[1].lower() for row in rows}
        return found

    async def close(self) -> None:
        await self._db.close()


class PostgresSource(Source):
    """A PostgreSQL database in a read-only session."""

    dialect = "postgresql"
    placeholder = "$"

    def __init__(self, url: URL, conn) -> None:
        super().__init__(url)
        self._conn = conn

    @classmethod
    async def open(cls, url: URL) -> PostgresSource:
        import asyncpg

        plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
        try:
            conn = await asyncpg.connect(plain, timeout=CONNECT_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - any driver or OS error means the same here
            raise SourceUnavailable(
                f"cannot reach the source {shown_url(url)}: {_reason(exc, url)}"
            ) from None
        await conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        return cls(url, conn)

    async def fetch(self, sql: str, *args: object) -> list:
        return await self._conn.fetch(sql, *args)

    async def columns(self) -> dict[str, set[str]]:
        rows = await self.fetch(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ANY($1::text[])",
            list(COLUMNS),
        )
        found: dict[str, set[str]] = {}
        for table, column in rows:
            found.setdefault(table, set()).add(column)
        # A validated foreign key from both download tables to users: no row lacks its chat.
        fks = await self.fetch(
            "SELECT c.conrelid::regclass::text FROM pg_constraint c "
            "WHERE c.contype = 'f' AND c.convalidated "
            "AND c.confrelid = to_regclass('users') "
            "AND c.conrelid IN (to_regclass('videos'), to_regclass('music'))"
        )
        self.chats_guaranteed = {r[0] for r in fks} >= {"videos", "music"}
        return found

    async def close(self) -> None:
        await self._conn.close()


async def open_source(url: str | URL) -> Source:
    """Open a tt-bot database (``sqlite:///path`` or ``postgresql://…``) for reading."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        return await SqliteSource.open(parsed)
    return await PostgresSource.open(parsed)
