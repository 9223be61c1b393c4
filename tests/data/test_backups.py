"""Scheduled SQLite backups: due on a fake clock, rotated to BACKUP_KEEP apart from the other
backups, valid SQLite copies holding the data, made by the background-jobs leader only,
nothing for PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

import pytest

from bot.backups import BackupJob, start_backup_job
from bot.leader import BackgroundJobs
from data import database, db_service
from data.backups import SCHEDULED, backup_sqlite, backups_of
from data.config import load_settings

HOUR = 3600.0
T0 = 1_800_000_000.0  # a fixed UTC time for the fake clock


class FakeClock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _settings(tmp_path: Path, url: str, **extra: str):
    empty = tmp_path / "empty.ini"
    empty.touch()
    return load_settings({"DB_URL": url, **extra}, ini_path=empty, dotenv_path=empty)


def _chats_in(backup: Path) -> set[int]:
    with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {row[0] for row in copy.execute("SELECT user_id FROM users")}


async def _until(check, timeout: float = 20.0):
    async with asyncio.timeout(timeout):
        while not (found := check()):
            await asyncio.sleep(0.02)
    return found


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_backups_fall_due_rotate_to_keep_and_hold_the_data(store, db_url):
    path = database.sqlite_file_path(db_url)
    manual = backup_sqlite(path)  # another kind: never rotated away by the schedule
    clock = FakeClock()
    job = BackupJob(path, HOUR, keep=2, clock=clock)
    await db_service.create_chat(1, "en")

    assert await job.step() == HOUR  # no scheduled backup yet: one now
    first = backups_of(path, scheduled=True)
    assert len(first) == 1 and _chats_in(first[0]) == {1}

    clock.now += HOUR - 60
    assert await job.step() == 60  # not due: nothing written
    assert backups_of(path, scheduled=True) == first

    for chat_id in (2, 3):
        await db_service.create_chat(chat_id, "en")
        clock.now += HOUR
        await job.step()
    kept = backups_of(path, scheduled=True)
    assert len(kept) == 2 and first[0] not in kept and job.made == 3
    assert _chats_in(kept[-1]) == {1, 2, 3} and _chats_in(kept[0]) == {1, 2}
    assert manual.exists() and backups_of(path, scheduled=False) == [manual]
    assert all(SCHEDULED in backup.name for backup in kept)

    restarted = BackupJob(path, HOUR, keep=2, clock=clock)  # the schedule survives a restart
    clock.now += 600
    assert await restarted.step() == HOUR - 600 and restarted.made == 0


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_only_the_background_jobs_leader_backs_up(store, db_url, tmp_path):
    path = database.sqlite_file_path(db_url)
    settings = _settings(tmp_path, db_url, BACKUP_INTERVAL_HOURS="1", BACKUP_KEEP="3")
    clock = FakeClock()
    started: list[BackupJob] = []

    def start_jobs():
        job = start_backup_job(settings, clock=clock)
        started.append(job)
        return {"backups": job}

    leaders = [BackgroundJobs(start_jobs, holder=f"test:{n}") for n in (1, 2)]
    for leader in leaders:
        await leader.start()
    try:
        assert sorted(leader.leading for leader in leaders) == [False, True]
        leading = next(leader for leader in leaders if leader.leading)
        assert len(started) == 1 and leading.jobs == {"backups": started[0]}
        await _until(lambda: len(backups_of(path, scheduled=True)) == 1)
        clock.now += HOUR  # the task's own loop: woken, it finds the next backup due
        started[0].wake()
        await _until(lambda: len(backups_of(path, scheduled=True)) == 2)
        assert len(started) == 1  # the standby process never started one
    finally:
        for leader in leaders:
            await leader.stop()
    assert not started[0].running


def test_no_job_when_off_or_for_postgresql(tmp_path, caplog):
    sqlite_url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert start_backup_job(_settings(tmp_path, sqlite_url, BACKUP_INTERVAL_HOURS="0")) is None
    with caplog.at_level(logging.INFO, logger="bot.backups"):
        settings = _settings(tmp_path, "postgresql://u@127.0.0.1:1/x")
        assert settings.backup_interval_hours > 0 and start_backup_job(settings) is None
    assert "pg_dump" in caplog.text
