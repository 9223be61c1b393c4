"""``python main.py db …``: schema upgrade, current revision, backups, counter rebuild."""

from __future__ import annotations

from data import database, db_service
from data.backups import backup_sqlite
from data.config import Settings
from data.errors import DataError
from data.migrate import current_revision, head_revision, upgrade_to_head

COMMANDS = ("upgrade", "current", "backup", "rebuild-stats")


async def run_db_command(name: str, settings: Settings) -> list[str]:
    """Run one ``db`` sub-command and return the lines to print; raises DataError on failure."""
    url = settings.db_url.get()
    if name == "backup":
        path = database.sqlite_file_path(url)
        if path is None:
            raise DataError("db backup copies SQLite files only; back up PostgreSQL with pg_dump")
        if not path.exists():
            raise DataError(f"no database file at {path}")
        return [f"backup written to {backup_sqlite(path)}"]
    engine = await database.init_database(url, pool_size=2)
    try:
        if name == "upgrade":
            before = await current_revision(engine)
            after = await upgrade_to_head(engine)
            return [
                f"schema at {after}" + ("" if before == after else f" (was {before or 'empty'})")
            ]
        if name == "current":
            current, head = await current_revision(engine), head_revision()
            state = (
                "up to date"
                if current == head
                else f"behind head {head}: run `python main.py db upgrade`"
            )
            return [f"schema at {current or 'empty'} — {state}"]
        if name == "rebuild-stats":
            return [f"hourly counters rebuilt: {await db_service.rebuild_hourly_stats()} rows"]
        raise DataError(f"unknown db command {name!r}; use one of {', '.join(COMMANDS)}")
    finally:
        await database.dispose_database()
