"""Writes owed after a send survive a database outage: queued in order while a real SQLite file is
locked by another connection, made once it is free, never twice; bounded; counted at shutdown."""

from __future__ import annotations

import asyncio
import logging
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import exc as sa_exc

from bot.media.meta import PostMeta
from bot.media.records import record_inline_delivery, record_music
from bot.metrics import Metrics
from bot.pending_writes import PendingWrites
from data import database
from data import db_service as db
from data.db_service import CacheEntry, NewDownload
from data.errors import UnknownChat
from data.models import MediaKind
from data.outages import is_database_outage

CHAT = 5151
FAST = (0.01, 0.05)  # retry backoff of these tests, seconds


@pytest.fixture
async def sqlite_path(sqlite_template, tmp_path, monkeypatch):
    """A migrated SQLite file with one chat; a locked write gives up after 20 ms, not 15 s."""
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 20)
    path = tmp_path / "tokdrop.sqlite3"
    shutil.copyfile(sqlite_template, path)
    await database.init_database(f"sqlite:///{path}")
    await db.create_chat(CHAT)
    yield path
    await database.dispose_database()


@contextmanager
def locked(path) -> Iterator[None]:
    """Another connection holds SQLite's write lock (an exclusive transaction) meanwhile."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


async def until(predicate, timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


def _download(post_id: str) -> NewDownload:
    return NewDownload(
        CHAT, f"https://vm.tiktok.com/{post_id}/", post_id, key=db.new_delivery_key()
    )


def _record(writes: PendingWrites, post_id: str, cache: CacheEntry | None = None):
    """What the link flow does after a send: the delivery, replayed safely when retried."""
    download, at = _download(post_id), 1_800_000_000
    return writes.write(
        f"download of {post_id}",
        lambda: db.record_delivery(download, cache=cache, now=at),
        retry=lambda: db.record_delivery(download, cache=cache, replay=True, now=at),
    )


async def _posts() -> list[str]:
    """Recorded post ids, oldest row first."""
    return [row.post_id for row in reversed(await db.download_history(CHAT, limit=100))]


async def test_a_write_while_the_database_is_locked_waits_then_is_made_once(sqlite_path):
    writes = PendingWrites(backoff=FAST)
    metrics = Metrics()
    metrics.pending_writes.watch(writes)
    cache = CacheEntry("7001", MediaKind.VIDEO, ["file-7001"])
    with locked(sqlite_path):
        assert await _record(writes, "7001", cache) is None  # queued, not raised
        assert writes.depth == 1
        assert metrics.registry.get_sample_value("tokdrop_pending_writes") == 1
        await asyncio.sleep(0.2)  # retries keep failing while the lock is held
        assert writes.depth == 1 and await _posts() == []
    await until(lambda: writes.depth == 0)
    assert await _posts() == ["7001"]
    assert (await db.get_cached_media("7001", MediaKind.VIDEO)).file_ids == ["file-7001"]
    assert (await db.get_chat_stats(CHAT)).downloads == 1  # its counter too
    assert metrics.registry.get_sample_value("tokdrop_pending_writes") == 0
    assert metrics.registry.get_sample_value("tokdrop_pending_writes_recovered_total") == 1
    assert await writes.close() == 0


async def test_writes_wait_in_order_and_the_oldest_is_dropped_when_full(sqlite_path, caplog):
    writes = PendingWrites(capacity=3, backoff=FAST)
    with locked(sqlite_path):
        for post_id in ("1", "2", "3", "4", "5"):
            assert await _record(writes, post_id) is None
        assert (writes.depth, writes.dropped) == (3, 2)
    assert "dropped" in caplog.text and "download of 1" in caplog.text
    await until(lambda: writes.depth == 0)
    assert await _posts() == ["3", "4", "5"]  # the newest three, in the order they were sent
    assert await _record(writes, "6") is not None  # the database is back: written at once
    assert await _posts() == ["3", "4", "5", "6"]


async def test_a_retry_after_a_commit_whose_answer_was_lost_adds_no_second_row(sqlite_path):
    writes = PendingWrites(backoff=FAST)
    download, at = _download("8001"), 1_800_000_000
    attempts = []

    async def committed_but_answer_lost():
        attempts.append("first")
        await db.record_delivery(download, now=at)
        raise ConnectionResetError("connection lost before the commit's answer")

    async def again():
        attempts.append("retry")
        return await db.record_delivery(download, replay=True, now=at)

    assert await writes.write("download of 8001", committed_but_answer_lost, retry=again) is None
    await until(lambda: writes.depth == 0)
    assert attempts == ["first", "retry"]
    assert await _posts() == ["8001"]
    assert (await db.get_chat_stats(CHAT)).downloads == 1


async def test_shutdown_tries_once_more_then_logs_how_many_are_lost(sqlite_path, caplog):
    writes = PendingWrites(backoff=FAST)
    with locked(sqlite_path):
        await _record(writes, "1")
        await _record(writes, "2")
        with caplog.at_level(logging.ERROR, logger="bot.pending_writes"):
            assert await writes.close(timeout=2) == 2
    assert "2 write(s) lost" in caplog.text and "download of 1" in caplog.text
    assert await _posts() == []

    writes = PendingWrites(backoff=(5.0, 5.0))  # the database is back before the next retry
    with locked(sqlite_path):
        await _record(writes, "3")
    assert await writes.close() == 0  # the final flush made it
    assert await _posts() == ["3"]


async def test_a_write_the_database_refuses_for_good_is_logged_and_not_retried(sqlite_path, caplog):
    writes = PendingWrites(backoff=FAST)
    unknown = NewDownload(4242, "https://vm.tiktok.com/x/", "9001", key=db.new_delivery_key())
    assert (
        await writes.write("download for a chat never seen", lambda: db.record_delivery(unknown))
        is None
    )
    assert writes.depth == 0
    assert "could not write download for a chat never seen" in caplog.text


async def test_outages_are_told_from_errors_a_retry_cannot_fix(sqlite_path):
    with locked(sqlite_path), pytest.raises(sa_exc.OperationalError) as busy:
        await db.set_blocked(CHAT, True)
    assert is_database_outage(busy.value)
    engine = database.build_engine("postgresql://nobody@127.0.0.1:9/none")  # nothing listens
    try:
        with pytest.raises(OSError) as refused:
            async with engine.connect():
                pass
    finally:
        await engine.dispose()
    assert is_database_outage(refused.value)
    with pytest.raises(UnknownChat) as unknown:
        await db.add_download(4242, "https://vm.tiktok.com/x/", "9001")
    assert not is_database_outage(unknown.value)
    assert isinstance(unknown.value.__cause__, sa_exc.IntegrityError)
    assert not is_database_outage(unknown.value.__cause__)


async def test_inline_downloads_and_sounds_sent_during_an_outage_are_recorded_once_after(
    sqlite_path,
):
    writes = PendingWrites(backoff=FAST)
    meta = PostMeta("9001", "video", "a", "https://www.tiktok.com/@a/video/9001", has_sound=True)
    with locked(sqlite_path):
        await record_inline_delivery(writes, CHAT, meta.link, meta)
        await record_music(writes, CHAT, "9001")
        assert writes.depth == 2
    await until(lambda: writes.depth == 0)
    rows = await db.download_history(CHAT)
    assert [(row.post_id, row.is_inline) for row in rows] == [("9001", True)]
    stats = await db.get_chat_stats(CHAT)
    assert (stats.downloads, stats.music) == (1, 1)
    assert await writes.close() == 0
