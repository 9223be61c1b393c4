"""Copies of a live SQLite database beside itself, made with SQLite's online backup API: before
migrations, on request (``python main.py db backup``) and on a schedule (``bot.backups``).

A copy is ``<db file>.<UTC time>-<label>.bak``. Scheduled copies (label ``scheduled``) are
rotated among themselves (``BACKUP_KEEP``), the others among themselves, so neither kind
pushes the other out.
"""

from __future__ import annotations

import calendar
import re
import sqlite3
import time
from pathlib import Path

BACKUPS_KEPT = 5  # of the unscheduled kind (before migrations, on request)
SCHEDULED = "scheduled"
_STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"\.(?P<stamp>\d{8}T\d{6}Z)-(?P<label>.+?)(?:-(?P<n>\d+))?\.bak")


def _parts(path: Path, backup: Path) -> re.Match[str] | None:
    if not backup.name.startswith(path.name):
        return None
    return _NAME.fullmatch(backup.name[len(path.name) :])


def backups_of(path: Path, *, scheduled: bool) -> list[Path]:
    """The backups of the database file ``path`` of one kind, oldest first."""
    found = []
    for backup in path.parent.glob(f"{path.name}.*.bak"):
        parts = _parts(path, backup)
        if parts is not None and (parts["label"] == SCHEDULED) == scheduled:
            found.append((parts["stamp"], int(parts["n"] or 1), backup))
    return [backup for *_, backup in sorted(found)]


def backup_time(path: Path, backup: Path) -> float | None:
    """The UTC time (seconds since the epoch) in a backup's name."""
    parts = _parts(path, backup)
    if parts is None:
        return None
    return float(calendar.timegm(time.strptime(parts["stamp"], _STAMP_FORMAT)))


def backup_sqlite(
    path: Path, *, label: str = "manual", keep: int = BACKUPS_KEPT, now: float | None = None
) -> Path:
    """Copy a live SQLite file beside itself with the online-backup API (a consistent copy
    while other connections write); keep the newest ``keep`` of its kind. ``now`` (seconds
    since the epoch) names the copy; by default the current time."""
    stamp = time.strftime(_STAMP_FORMAT, time.gmtime(time.time() if now is None else now))
    target = path.with_name(f"{path.name}.{stamp}-{label}.bak")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{stamp}-{label}-{n}.bak")
    partial = target.with_name(target.name + ".part")  # never mistaken for a backup
    try:
        with sqlite3.connect(path) as source, sqlite3.connect(partial) as copy:
            source.backup(copy)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    kind = backups_of(path, scheduled=label == SCHEDULED)
    for stale in kind[:-keep] if keep > 0 else kind:
        stale.unlink(missing_ok=True)
    return target
