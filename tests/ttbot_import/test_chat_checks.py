"""Downloads' chats checked once at the end (a role that may set session_replication_role) or
by the foreign key per row (any other role, SQLite): a chat deleted while the import runs
never leaves rows without their chat."""

from __future__ import annotations

import asyncio
import itertools
import sqlite3

import asyncpg
import pytest

from bot.links.legacy import parse_legacy_link
from data import database
from data.ttbot_import import TtbotImportError, VerificationFailed, run_import, runner
from data.ttbot_import.chat_check import (
    remove_rows_of_gone_chats,
    row_checks_can_wait,
    wait_for_writers_of_users,
)
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


async def _at_end(url: str) -> bool:
    engine = database.build_engine(url, pool_size=1)
    try:
        return await row_checks_can_wait(engine)
    finally:
        await engine.dispose()


async def test_a_role_without_the_right_keeps_the_per_row_checks_and_imports_all(
    pg_server, source, target
):
    url, counts = source
    plain = await _as_plain_role(pg_server, target)
    assert await _at_end(target) is True  # the test server's superuser
    assert await _at_end(plain) is False
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


@pytest.mark.parametrize("role", ["plain", "sqlite"])
async def test_with_row_checks_a_chat_deleted_during_the_import_fails_its_batch(
    pg_server, source, target, monkeypatch, role, tmp_path
):
    url, counts = source
    if role == "plain":
        target = await _as_plain_role(pg_server, target)
    else:
        target = f"sqlite:///{tmp_path / 'dst.sqlite3'}"
    deleted = _delete_first_chat_of_first_batch(target, monkeypatch)
    with pytest.raises(TtbotImportError, match="no longer in the target") as caught:
        await _import(url, target)
    if role == "plain":  # SQLite's foreign key error names no row
        assert str(deleted[0]) in str(caught.value)
    assert await _sql(target, "SELECT COUNT(*) FROM downloads") == 0
    assert await _sql(target, "SELECT videos_last_pk FROM ttbot_imports") is None
    users = await _sql(target, "SELECT COUNT(*) FROM users")
    assert users == counts.users - 1 + len(counts.orphan_chats)


async def test_checked_at_the_end_a_deleted_chat_takes_its_rows_and_the_import_says_so(
    source, target, monkeypatch
):
    url, counts = source
    deleted = _delete_first_chat_of_first_batch(target, monkeypatch)
    with pytest.raises(VerificationFailed, match="deleted from the target while") as caught:
        await _import(url, target)
    assert f"the first {deleted[0]}" in str(caught.value)
    assert await _sql(target, "SELECT COUNT(*) FROM users WHERE user_id = $1", deleted[0]) == 0
    for table in ("downloads", "music"):  # nothing refers to a chat that is not there
        orphans = await _sql(
            target,
            f"SELECT COUNT(*) FROM {table} t "
            "WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = t.user_id)",
        )
        assert orphans == 0
    kept = await _sql(target, "SELECT COUNT(*) FROM downloads")
    assert 0 < kept < counts.videos
    report = caught.value.report
    assert report.verified is False and report.tables[1].imported == counts.videos


async def test_the_end_check_waits_for_a_deletion_in_flight(source, target):
    """A chat being deleted when the import ends: the check waits for the deletion to end,
    then finds that chat's imported rows and removes them."""
    url, _ = source
    await _import(url, target)
    chat = await _sql(target, "SELECT user_id FROM downloads ORDER BY id LIMIT 1")
    import_id = await _sql(target, "SELECT id FROM ttbot_imports")
    deleter = await asyncpg.connect(target)
    engine = database.build_engine(target, pool_size=1)
    try:
        deleting = deleter.transaction()
        await deleting.start()
        # As a deletion without the foreign key's trigger would: the rows stay behind.
        await deleter.execute("SET LOCAL session_replication_role = replica")
        await deleter.execute("DELETE FROM users WHERE user_id = $1", chat)

        async def settle():
            await wait_for_writers_of_users(engine)
            return await remove_rows_of_gone_chats(engine, import_id)

        settling = asyncio.ensure_future(settle())
        await _until_waiting_on_a_lock(target)
        assert not settling.done()
        await deleting.commit()
        gone = await asyncio.wait_for(settling, WAIT)
    finally:
        await deleter.close()
        await engine.dispose()
    assert gone is not None and gone.chats == [chat] and gone.removed["videos"] > 0
    assert await _sql(target, "SELECT COUNT(*) FROM downloads WHERE user_id = $1", chat) == 0


async def _until_waiting_on_a_lock(url: str) -> None:
    async def poll() -> None:
        while not await _sql(
            url,
            "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()",
        ):
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), WAIT)


def _delete_first_chat_of_first_batch(target: str, monkeypatch) -> list[int]:
    """Make the first downloads batch delete its first row's chat before writing; the list
    receives that chat's id."""
    real_insert, deleted = runner.insert_rows, []

    async def insert(conn, table, rows, **options):
        if table == "videos" and not deleted:
            deleted.append(rows[0][0])
            await _sql(target, "DELETE FROM users WHERE user_id = $1", deleted[0])
        await real_insert(conn, table, rows, **options)

    monkeypatch.setattr(runner, "insert_rows", insert)
    return deleted


async def test_a_writer_of_users_that_stays_open_fails_the_check_clearly(
    source, target, monkeypatch
):
    """The wait for writers of users is bounded: each attempt gives up after LOCK_WAIT (what
    the bot's own writes may queue behind it), and after the last one the import says why."""
    from data.ttbot_import import chat_check

    url, _ = source
    await _import(url, target)
    monkeypatch.setattr(chat_check, "LOCK_WAIT", 0.2)
    monkeypatch.setattr(chat_check, "LOCK_ATTEMPTS", 2)
    writer = await asyncpg.connect(target)
    engine = database.build_engine(target, pool_size=1)
    try:
        async with writer.transaction():
            await writer.execute(
                "UPDATE users SET lang = lang WHERE user_id IN (SELECT user_id FROM users LIMIT 1)"
            )
            with pytest.raises(TtbotImportError, match="stayed open through 2 waits"):
                await asyncio.wait_for(wait_for_writers_of_users(engine), WAIT)
        await asyncio.wait_for(wait_for_writers_of_users(engine), WAIT)  # once it has ended
    finally:
        await writer.close()
        await engine.dispose()
