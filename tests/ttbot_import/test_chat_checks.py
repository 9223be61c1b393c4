"""Downloads' chats checked once per batch (a role that may set session_replication_role) or
by the foreign key per row (any other role): the same guarantees either way."""

from __future__ import annotations

import asyncio
import itertools
import sqlite3

import asyncpg
import pytest

from bot.links.legacy import parse_legacy_link
from data import database
from data.ttbot_import import TtbotImportError, run_import, runner
from data.ttbot_import.target import chats_checked_in_bulk
from devservers.ttbot_legacy import generate_sqlite
from tests.ttbot_import.conftest import LANGUAGES, SMALL

pytestmark = pytest.mark.postgres
WAIT = 30
_names = itertools.count()


async def _import(source: str, target: str):
    return await run_import(
        source, target, parse_link=parse_legacy_link, languages=LANGUAGES, batch_size=250
    )


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "tt.sqlite3"
    return f"sqlite:///{path}", generate_sqlite(path, SMALL)


@pytest.fixture
def target(pg_server, tmp_path):
    return pg_server.create_database(f"chat_checks_{next(_names)}_{id(tmp_path)}")


async def _as_plain_role(pg_server, url: str) -> str:
    """``url`` for a login role without superuser rights that owns the database."""
    role = f"importer_{next(_names)}"
    admin = await asyncpg.connect(pg_server.url())
    try:
        await admin.execute(f"CREATE ROLE {role} LOGIN")
        await admin.execute(f"ALTER DATABASE {url.rsplit('/', 1)[1]} OWNER TO {role}")
    finally:
        await admin.close()
    return url.replace("tokdrop@", f"{role}@")


async def _bulk(url: str) -> bool:
    engine = database.build_engine(url, pool_size=1)
    try:
        return await chats_checked_in_bulk(engine)
    finally:
        await engine.dispose()


async def test_a_role_without_the_right_keeps_the_per_row_checks_and_imports_all(
    pg_server, source, target
):
    url, counts = source
    plain = await _as_plain_role(pg_server, target)
    assert await _bulk(target) is True  # the test server's superuser
    assert await _bulk(plain) is False
    report = await _import(url, plain)
    assert report.verified
    assert [t.imported for t in report.tables] == [counts.users, counts.videos, counts.music]


async def _sql(url: str, sql: str, *args):
    """One statement on a connection of its own; its first value."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.split("///", 1)[1]) as db:
            db.execute("PRAGMA foreign_keys = ON")
            row = db.execute(sql.replace("$1", "?"), args).fetchone()
            return row[0] if row else None
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


@pytest.mark.parametrize("role", ["superuser", "plain", "sqlite"])
async def test_a_chat_deleted_during_the_import_fails_its_batch_and_nothing_of_it_is_kept(
    pg_server, source, target, monkeypatch, role, tmp_path
):
    url, counts = source
    if role == "plain":
        target = await _as_plain_role(pg_server, target)
    elif role == "sqlite":
        target = f"sqlite:///{tmp_path / 'dst.sqlite3'}"
    real_insert, deleted = runner.insert_rows, []

    async def insert(conn, table, rows, **options):
        if table == "videos" and not deleted:  # the first batch's first chat goes away
            deleted.append(rows[0][0])
            await _sql(target, "DELETE FROM users WHERE user_id = $1", deleted[0])
        await real_insert(conn, table, rows, **options)

    monkeypatch.setattr(runner, "insert_rows", insert)
    with pytest.raises(TtbotImportError, match="no longer in the target") as caught:
        await _import(url, target)
    if role != "sqlite":  # SQLite's foreign key error names no row
        assert str(deleted[0]) in str(caught.value)
    assert await _sql(target, "SELECT COUNT(*) FROM downloads") == 0
    assert await _sql(target, "SELECT videos_last_pk FROM ttbot_imports") is None
    users = await _sql(target, "SELECT COUNT(*) FROM users")
    assert users == counts.users - 1 + len(counts.orphan_chats)


async def test_a_deletion_waits_for_the_batch_that_holds_its_chat(source, target, monkeypatch):
    """The batch locks its chats as the foreign key would: deleting one of them waits until
    the batch commits, then takes the batch's rows with it."""
    url, counts = source
    real_insert = runner.insert_rows
    written, may_commit = asyncio.Event(), asyncio.Event()
    first: list[int] = []

    async def insert(conn, table, rows, **options):
        await real_insert(conn, table, rows, **options)
        if table == "videos" and not first:
            first.append(rows[0][0])
            written.set()
            await asyncio.wait_for(may_commit.wait(), WAIT)

    monkeypatch.setattr(runner, "insert_rows", insert)
    running = asyncio.ensure_future(_import(url, target))
    other = None
    try:
        await asyncio.wait_for(written.wait(), WAIT)
        other = await asyncpg.connect(target)
        await other.execute("SET lock_timeout = '300ms'")
        with pytest.raises(asyncpg.LockNotAvailableError):
            await other.execute("DELETE FROM users WHERE user_id = $1", first[0])
    finally:
        may_commit.set()
        if other is not None:
            await other.close()
    report = await asyncio.wait_for(running, WAIT * 2)
    assert report.verified and report.tables[1].imported == counts.videos
