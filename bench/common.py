"""What every benchmark shares: progress on stderr, fresh databases of either kind, clean exits."""

from __future__ import annotations

import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from data.config import Settings, load_settings
from data.database import dispose_database, get_engine, init_database
from data.migrate import upgrade_to_head
from devservers.bot_processes import UNLIMITED_SENDS  # opened-up send limiter, re-exported

__all__ = [
    "UNLIMITED_SENDS",
    "database_factory",
    "migrated_database",
    "progress",
    "settings_without_files",
]


def settings_without_files(environ: dict[str, str], folder: Path) -> Settings:
    """Settings from ``environ`` alone: no config.ini or .env of the working directory is read."""
    empty = folder / "empty.ini"
    empty.touch()
    return load_settings(environ, ini_path=empty, dotenv_path=empty)


def progress(name: str) -> Callable[[str], None]:
    """A function printing ``[name] message`` lines to stderr (stdout is for the JSON result)."""

    def log(message: str) -> None:
        print(f"[{name}] {message}", file=sys.stderr, flush=True)

    return log


def _terminate(signum, _frame) -> None:
    raise SystemExit(128 + signum)  # unwind through the finally blocks (server stop, temp dir)


@contextmanager
def database_factory(
    kind: str, log: Callable[[str], None]
) -> Iterator[tuple[Callable[[str], str], Path]]:
    """Yield ``(new_db_url(name), temp_folder)``: SQLite files in the folder, or databases of a
    throwaway PostgreSQL server started here and stopped on exit (SIGTERM included)."""
    signal.signal(signal.SIGTERM, _terminate)
    with tempfile.TemporaryDirectory(prefix="tokdrop-bench-") as tmp:
        folder = Path(tmp)
        if kind == "sqlite":
            yield (lambda name: f"sqlite:///{folder}/{name}.sqlite3"), folder
            return
        from devservers.postgres import PostgresServer

        server = PostgresServer()
        try:
            started = time.perf_counter()
            server.start()
            log(
                f"PostgreSQL started on port {server.port} in {time.perf_counter() - started:.1f} s"
            )
            yield server.create_database, folder
        finally:
            server.stop()


@asynccontextmanager
async def migrated_database(url: str) -> AsyncIterator[None]:
    """The process-wide database initialised on ``url`` at the newest schema, disposed on exit."""
    await init_database(url)
    try:
        await upgrade_to_head(get_engine())
        yield
    finally:
        await dispose_database()
