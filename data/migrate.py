"""Schema upgrades through Alembic, with a backup of SQLite files that already hold data
(``data.backups``)."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from data.backups import BACKUPS_KEPT, backup_sqlite
from data.database import sqlite_file_path
from data.errors import MigrationError

__all__ = [
    "BACKUPS_KEPT",
    "MIGRATIONS_DIR",
    "MIGRATION_LOCK_KEY",
    "alembic_config",
    "backup_sqlite",
    "current_revision",
    "downgrade_to",
    "head_revision",
    "upgrade_to",
    "upgrade_to_head",
]

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK_KEY = 0x746F6B64726F70  # "tokdrop": the advisory lock serialising schema changes


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config for tokdrop's migrations (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """The newest revision in the migrations folder."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current)


def _run(connection: Connection, action: str, target: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    getattr(command, action)(cfg, target)


async def _apply(engine: AsyncEngine, action: str, target: str) -> None:
    try:
        async with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Processes starting together take turns; the later ones then find the schema
                # at its target (Alembic reads the version inside this transaction) and do nothing.
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            await connection.run_sync(_run, action, target)
    except Exception as exc:
        raise MigrationError(f"schema {action} to {target} failed: {exc}") from exc


def _has_user_tables(path: Path) -> bool:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return (
            db.execute(
                "SELECT 1 FROM sqlite_master "
                "WHERE type='table' AND name NOT LIKE 'sqlite_%' LIMIT 1"
            ).fetchone()
            is not None
        )


async def upgrade_to_head(engine: AsyncEngine) -> str:
    """Bring the schema to the newest revision; backs up a non-empty SQLite file first.

    Returns the revision the database is at afterwards.
    """
    head = head_revision()
    current = await current_revision(engine)
    if current == head:
        return head
    path = sqlite_file_path(engine.url)
    if path is not None and path.exists() and _has_user_tables(path):
        saved = backup_sqlite(path, label=f"before-{head}")
        log.info("backed up %s to %s before upgrading from %s", path.name, saved.name, current)
    await _apply(engine, "upgrade", "head")
    log.info("database schema upgraded from %s to %s", current, head)
    return head


async def upgrade_to(engine: AsyncEngine, target: str) -> None:
    """Upgrade the schema to one revision (no backup: for tests and step-by-step operator work)."""
    await _apply(engine, "upgrade", target)


async def downgrade_to(engine: AsyncEngine, target: str) -> None:
    """Downgrade the schema (``base`` drops every table); used by tests and by operators rolling
    back."""
    await _apply(engine, "downgrade", target)
