"""Engine and session factory: created once at startup, disposed once at shutdown."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import StaticPool

from data.errors import DatabaseNotInitialised, DatabaseUnavailable, UnsupportedDatabaseUrl
from data.redaction import MASK, Redactor, redact

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 15_000
_QUERY_PASSWORD = re.compile(r"(?i)([?&]password=)[^&]*")

_engine: AsyncEngine | None = None
_sessions: async_sessionmaker[AsyncSession] | None = None


def normalise_url(url: str | URL) -> URL:
    """Map ``sqlite://`` and ``postgresql://`` (or ``postgres://``) URLs to the async drivers."""
    raw = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw[len("postgres://") :]
    parsed = make_url(raw)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite")
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+asyncpg")
    raise UnsupportedDatabaseUrl(
        f"unsupported database scheme {parsed.drivername!r}: use sqlite:///path or postgresql://…"
    )


def url_passwords(url: URL) -> list[str]:
    """The passwords a URL carries: its user info's and a ``password`` query value."""
    found = [str(url.password)] if url.password else []
    value = url.query.get("password")
    found += [value] if isinstance(value, str) else list(value or ())
    return found


def shown_url(url: URL) -> str:
    """The URL for logs and messages: every password (user info or query) masked."""
    return _QUERY_PASSWORD.sub(rf"\1{MASK}", url.render_as_string(hide_password=True))


def is_sqlite_memory(url: URL) -> bool:
    """Whether the URL names an in-memory SQLite database."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def sqlite_file_path(url: str | URL) -> Path | None:
    """The file behind an SQLite URL, or None for PostgreSQL and in-memory SQLite."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() != "sqlite" or is_sqlite_memory(parsed):
        return None
    return Path(parsed.database)


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def build_engine(url: str | URL, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    """Create an async engine with tokdrop's connection settings for the URL's database."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        if is_sqlite_memory(parsed):
            engine = create_async_engine(parsed, echo=echo, poolclass=StaticPool)
        else:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_async_engine(
                parsed, echo=echo, pool_size=pool_size, max_overflow=pool_size
            )
        event.listen(engine.sync_engine, "connect", _set_sqlite_pragmas)
        return engine
    return create_async_engine(
        parsed,
        echo=echo,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_recycle=1800,
    )


async def check_connection(engine: AsyncEngine) -> None:
    """Open one connection and run ``SELECT 1``; raise DatabaseUnavailable (password masked) if
    that fails."""
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any driver or OS error means the same to the operator
        where = shown_url(engine.url)
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        # Drivers may quote the URL or its password in their messages.
        reason = redact(Redactor(url_passwords(engine.url)).redact(reason))
        raise DatabaseUnavailable(f"cannot reach the database at {where}: {reason}") from None


async def init_database(url: str | URL, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    """Create the process-wide engine and session factory (once) after checking the database
    answers."""
    global _engine, _sessions
    if _engine is not None:
        raise RuntimeError("init_database() called twice; call dispose_database() first")
    engine = build_engine(url, pool_size=pool_size, echo=echo)
    try:
        await check_connection(engine)
    except DatabaseUnavailable:
        await engine.dispose()
        raise
    _engine = engine
    _sessions = async_sessionmaker(_engine, expire_on_commit=False)
    log.info("database ready (%s)", shown_url(_engine.url))
    return _engine


async def dispose_database() -> None:
    """Close every pooled connection and forget the engine; safe to call when not initialised."""
    global _engine, _sessions
    engine, _engine, _sessions = _engine, None, None
    if engine is not None:
        await engine.dispose()


def get_engine() -> AsyncEngine:
    """The engine made by ``init_database``."""
    if _engine is None:
        raise DatabaseNotInitialised()
    return _engine


def dialect_name() -> str:
    """``"sqlite"`` or ``"postgresql"``."""
    return get_engine().dialect.name


@asynccontextmanager
async def session_scope(session: AsyncSession | None = None) -> AsyncIterator[AsyncSession]:
    """Yield the caller's session untouched, or a fresh one committed on success and rolled back
    on error."""
    if session is not None:
        yield session
        return
    if _sessions is None:
        raise DatabaseNotInitialised()
    async with _sessions() as fresh:
        try:
            yield fresh
            await fresh.commit()
        except BaseException:
            await fresh.rollback()
            raise


def new_session() -> AsyncSession:
    """A session for callers that batch several repository calls in one transaction."""
    if _sessions is None:
        raise DatabaseNotInitialised()
    return _sessions()
