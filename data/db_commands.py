"""``python main.py db …``: schema upgrade, current revision, backups, counter rebuild, and
the import of a tt-bot database."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Collection
from pathlib import Path

from data import database, db_service
from data.backups import backup_sqlite
from data.config import Settings
from data.errors import DataError
from data.migrate import current_revision, head_revision, upgrade_to_head
from data.redaction import register, url_secrets
from data.ttbot_import import (
    ImportInterrupted,
    LinkParser,
    Progress,
    VerificationFailed,
    run_import,
)

COMMANDS = ("upgrade", "current", "backup", "rebuild-stats")
IMPORT_COMMAND = "import-ttbot"
EXIT_INTERRUPTED = 130


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


async def run_import_command(
    settings: Settings,
    source_url: str,
    *,
    parse_link: LinkParser,
    languages: Collection[str],
    batch_size: int,
    dry_run: bool = False,
    report_file: Path | None = None,
    progress: Progress | None = None,
) -> tuple[list[str], int]:
    """``db import-ttbot``: the report's lines and the exit status (0 complete and verified, 1
    verification failed, 130 interrupted by SIGINT/SIGTERM after the batch in flight). Bad
    input raises DataError."""
    register(url_secrets(source_url))  # the source's password is masked like DB_URL's
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_signal() -> None:
        if not stop.is_set():
            print("stopping after the current batch…", file=sys.stderr, flush=True)
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)
    try:
        report = await run_import(
            source_url,
            settings.db_url.get(),
            parse_link=parse_link,
            languages=languages,
            batch_size=batch_size,
            dry_run=dry_run,
            progress=progress,
            stop=stop,
        )
        status, tail = 0, []
    except ImportInterrupted as exc:
        report, status, tail = exc.report, EXIT_INTERRUPTED, [str(exc)]
    except VerificationFailed as exc:
        report, status, tail = exc.report, 1, [str(exc)]
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    if report_file is not None:
        report.write_json(report_file)
    return report.lines() + tail, status
