"""Scheduled SQLite backups: a background job of the leading process (``bot.leader``) that
copies the database every ``BACKUP_INTERVAL_HOURS`` and keeps the newest ``BACKUP_KEEP``.

The schedule is anchored on the newest scheduled backup's time (in its name), so restarts and
a change of leader neither skip a backup nor make extra ones; a database with no scheduled
backup yet is copied at once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path

from bot.background import BackgroundJob, Backoff
from data.backups import SCHEDULED, backup_sqlite, backup_time, backups_of
from data.config import Settings
from data.database import sqlite_file_path

log = logging.getLogger(__name__)

BACKUP_BACKOFF = Backoff(base=30.0, cap=1800.0, doublings=6)  # after a failed copy


class BackupJob(BackgroundJob):
    """Copies the SQLite file ``path`` when the newest scheduled backup is ``interval``
    seconds old (or there is none), keeping ``keep``; ``clock`` gives seconds since the epoch."""

    label = "backup job"

    def __init__(
        self,
        path: Path,
        interval: float,
        keep: int,
        *,
        clock: Callable[[], float] = time.time,
        worker_id: str | None = None,
    ) -> None:
        super().__init__(worker_id, BACKUP_BACKOFF)
        self.path, self.interval, self.keep, self.clock = path, interval, keep, clock
        self.made = 0

    def _last(self) -> float | None:
        newest = backups_of(self.path, scheduled=True)
        return backup_time(self.path, newest[-1]) if newest else None

    async def step(self) -> float:
        """Back up when due; returns the seconds until the next one is due."""
        now = self.clock()
        last = self._last()
        if last is None or now - last >= self.interval:
            target = await asyncio.to_thread(
                backup_sqlite, self.path, label=SCHEDULED, keep=self.keep, now=now
            )
            self.made += 1
            log.info("scheduled backup written to %s (keeping %s)", target.name, self.keep)
            last = now
        return max(1.0, last + self.interval - self.clock())


def start_backup_job(settings: Settings, **options) -> BackupJob | None:
    """Start the scheduled backups ``settings`` ask for, or None: off (interval 0), or the
    database is not an SQLite file (PostgreSQL is backed up with pg_dump, by the operator)."""
    if not settings.backup_interval_hours:
        return None
    path = sqlite_file_path(settings.db_url.get())
    if path is None:
        log.info(
            "scheduled backups: the database is not an SQLite file; use pg_dump for PostgreSQL"
        )
        return None
    job = BackupJob(path, settings.backup_interval_hours * 3600, settings.backup_keep, **options)
    job.start()
    return job
