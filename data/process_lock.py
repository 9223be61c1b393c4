"""One bot process per SQLite database: an exclusive lock on a file next to it.

SQLite serialises writers inside one file, but several bot processes on it would each run
the background jobs' leases, caches and send budget as if alone, and block each other's
writes; tokdrop therefore serves an SQLite database from one process, and several processes
need PostgreSQL. The lock is an ``flock`` the kernel drops when the process ends, however it
ends, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from data.database import sqlite_file_path
from data.errors import DatabaseInUse


class ProcessLock:
    """Holds ``<database>.lock`` until :meth:`release` (or the process's end)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`DatabaseInUse` naming the database."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            database = self.path.with_suffix("")
            raise DatabaseInUse(
                f"another tokdrop process is already running on the SQLite database {database}; "
                "SQLite serves one bot process: stop the other one, or set DB_URL to a PostgreSQL "
                "database to run several processes"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        """Let another process take the database."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def lock_single_process(db_url: str) -> ProcessLock | None:
    """Refuse to start a second process on the same SQLite file; None for PostgreSQL and
    in-memory SQLite (nothing to lock)."""
    path = sqlite_file_path(db_url)
    if path is None:
        return None
    lock = ProcessLock(path.with_name(path.name + ".lock"))
    lock.acquire()
    return lock
