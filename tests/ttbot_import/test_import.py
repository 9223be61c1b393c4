"""The import on SQLite and PostgreSQL sources and targets: exact counts with every quirk, the
merge rule, reruns, the dry run, the counters after the import, and bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.links.legacy import parse_legacy_link
from data import database
from data import db_service as db
from data.errors import DatabaseInUse
from data.periods import Audience, Bucket, Period
from data.process_lock import lock_single_process
from data.ttbot_import import (
    UNRESOLVED_POST_ID,
    NotATtbotDatabase,
    SourceUnavailable,
    TtbotImportError,
    run_import,
)
from devservers.ttbot_legacy import LegacySpec, _user_id, generate_sqlite
from tests.ttbot_import.conftest import LANGUAGES, SMALL, expected_reasons

pytestmark = pytest.mark.postgres


async def _import(source: str, target: str, **kw):
    kw.setdefault("batch_size", 250)
    return await run_import(source, target, parse_link=parse_legacy_link, languages=LANGUAGES, **kw)


async def _scalar(sql: str, **params):
    async with database.session_scope() as s:
        return (await s.execute(text(sql), params)).scalar_one()


async def _open(url: str):
    await database.init_database(url, pool_size=2)


async def test_every_row_is_imported_and_every_quirk_counted(make_source, make_target):
    legacy = await make_source()
    target = make_target()
    report = await _import(legacy.url, target)
    c = legacy.counts
    assert report.complete and report.verified and not report.problems
    by_table = {t.table: t for t in report.tables}
    assert {
        name: (t.source_rows, t.imported, t.dropped, t.pending) for name, t in by_table.items()
    } == {
        "users": (c.users, c.users, 0, 0),
        "videos": (c.videos, c.videos, 0, 0),
        "music": (c.music, c.music, 0, 0),
    }
    assert {name: t.reasons for name, t in by_table.items()} == expected_reasons(c)
    assert report.chats_created == len(c.orphan_chats)
    if legacy.kind == "sqlite":
        assert c.orphan_videos and c.orphan_music and len(c.orphan_chats) > 1
    await _open(target)
    try:
        assert await _scalar("SELECT COUNT(*) FROM users") == c.users + len(c.orphan_chats)
        assert await _scalar("SELECT COUNT(*) FROM downloads") == c.videos
        assert await _scalar("SELECT COUNT(*) FROM music") == c.music
        assert (
            await _scalar("SELECT COUNT(*) FROM downloads WHERE platform = 'instagram'")
            == c.instagram_links
        )
        assert (
            await _scalar(
                "SELECT COUNT(*) FROM downloads WHERE video_id = :v", v=UNRESOLVED_POST_ID
            )
            == c.short_links + c.unrecognised_links
        )
        # Nothing longer than its column, nothing without a time.
        assert await _scalar("SELECT MAX(LENGTH(link)) FROM users") == 64
        assert await _scalar("SELECT COUNT(*) FROM users WHERE link = ''") == 0
        assert await _scalar("SELECT COUNT(*) FROM downloads WHERE downloaded_at IS NULL") == 0
        langs = await _scalar(
            "SELECT COUNT(DISTINCT lang) FROM users WHERE lang NOT IN ('en', 'es', 'ru', 'uk')"
        )
        assert langs == 0
        # A mobile link's post id is parsed; groups stay groups.
        assert (
            await _scalar(
                "SELECT COUNT(*) FROM downloads WHERE source_url LIKE 'https://m.tiktok.com/v/%' "
                "AND video_id LIKE '70000%'"
            )
            == c.links["mobile_v"]
        )
        assert await _scalar("SELECT COUNT(*) FROM users WHERE user_id < 0") == c.groups
    finally:
        await database.dispose_database()


async def test_counters_show_the_history_at_once(make_source, make_target):
    legacy = await make_source()
    target = make_target()
    await _import(legacy.url, target)
    c = legacy.counts
    await _open(target)
    try:
        stats = await db.period_stats(Period.all_time(), Audience.ALL, Bucket.DAY)
        assert stats.totals.downloads == c.videos
        assert stats.totals.music == c.music
        assert stats.totals.new_users == c.users + len(c.orphan_chats)
        slideshows = c.links["photo"] + c.links["photo_query"]
        assert stats.totals.slideshows == slideshows
        # The counters agree with a full rebuild from the raw rows, hour by hour.
        async with database.session_scope() as s:
            before = (
                await s.execute(text("SELECT * FROM stats_hourly ORDER BY hour, is_group"))
            ).all()
        await db.rebuild_hourly_stats()
        async with database.session_scope() as s:
            after = (
                await s.execute(text("SELECT * FROM stats_hourly ORDER BY hour, is_group"))
            ).all()
        assert before == after and len(before) > 100
        groups = await db.period_stats(Period.all_time(), Audience.GROUPS, Bucket.DAY)
        assert 0 < groups.totals.downloads < c.videos
    finally:
        await database.dispose_database()


async def test_merge_with_a_target_that_already_serves(make_source, make_target):
    legacy = await make_source()
    target = make_target()
    early, late = _user_id(0), _user_id(1)  # both in the source (referrals: a URL, "ref_1")
    await _open(target)
    try:
        from data.migrate import upgrade_to_head

        await upgrade_to_head(database.get_engine())
        # ``late`` registered with tokdrop after tt-bot; ``early`` long before, with its own code.
        await db.create_chat(late, "uk", None, now=1_750_000_000)
        await db.update_file_mode(late, True)
        await db.create_chat(early, "es", "mine", now=1_000_000_000)
        await db.add_download(late, "https://vm.tiktok.com/ZMx/", "123", now=1_750_000_100)
    finally:
        await database.dispose_database()
    report = await _import(legacy.url, target)
    assert report.verified
    users = {t.table: t for t in report.tables}["users"]
    assert users.reasons["merged"] == 2 and users.reasons["merged_registration_earlier"] == 1
    await _open(target)
    try:
        chat = await db.get_chat(late)
        assert (chat.lang, chat.file_mode) == ("uk", True)  # its settings stay as tokdrop has
        assert chat.registered_at < 1_750_000_000  # the earlier registration: tt-bot's
        assert chat.referral and chat.referral.startswith("ref_")  # that registration's code
        chat = await db.get_chat(early)
        assert (chat.registered_at, chat.referral, chat.lang) == (1_000_000_000, "mine", "es")
        c = legacy.counts
        assert await _scalar("SELECT COUNT(*) FROM downloads") == c.videos + 1  # appended
        assert await _scalar("SELECT COUNT(*) FROM users") == c.users + len(c.orphan_chats)
        stats = await db.period_stats(Period.all_time())
        # The chat registered twice counts once, at its earlier registration.
        assert stats.totals.new_users == c.users + len(c.orphan_chats)
        assert stats.totals.downloads == c.videos + 1
    finally:
        await database.dispose_database()


async def test_a_finished_import_run_again_imports_nothing_twice(make_source, make_target):
    legacy = await make_source()
    target = make_target()
    first = await _import(legacy.url, target)
    again = await _import(legacy.url, target, batch_size=97)
    assert again.verified
    assert again.to_json()["tables"] == first.to_json()["tables"]
    await _open(target)
    try:
        assert await _scalar("SELECT COUNT(*) FROM downloads") == legacy.counts.videos
        assert await _scalar("SELECT COUNT(*) FROM music") == legacy.counts.music
        assert await _scalar("SELECT phase FROM ttbot_imports") == "done"
    finally:
        await database.dispose_database()


async def test_dry_run_reads_everything_and_writes_nothing(make_source, make_target, target_kind):
    legacy = await make_source()
    target = make_target()
    report = await _import(legacy.url, target, dry_run=True)
    c = legacy.counts
    assert report.dry_run and report.verified is None
    assert [t.imported for t in report.tables] == [c.users, c.videos, c.music]
    assert {t.table: t.reasons for t in report.tables} == expected_reasons(c)
    assert report.chats_created == len(c.orphan_chats)
    assert "dry run: nothing written" in report.lines()[1]
    if target_kind == "sqlite":
        assert not database.sqlite_file_path(target).exists()
    else:
        await _open(target)
        try:
            assert await _scalar("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'") == 0
        finally:
            await database.dispose_database()


async def test_old_schema_without_ad_columns(make_source, make_target):
    legacy = await make_source(LegacySpec(users=50, videos=200, music=30, old_schema=True))
    report = await _import(legacy.url, make_target())
    assert report.verified and report.tables[0].imported == 50


async def test_not_a_ttbot_database_names_what_is_missing(tmp_path, make_target):
    import sqlite3

    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, lang VARCHAR)")
        con.execute("CREATE TABLE music (pk_id BIGINT, user_id BIGINT)")
    target = make_target()
    with pytest.raises(NotATtbotDatabase) as caught:
        await _import(f"sqlite:///{path}", target)
    message = str(caught.value)
    for missing in (
        "table videos",
        "users.registered_at",
        "users.link",
        "users.file_mode",
        "music.downloaded_at",
        "music.video_id",
    ):
        assert missing in message
    assert "ad_count" not in message


async def test_unreachable_and_missing_sources(tmp_path, make_target):
    target = make_target()
    with pytest.raises(SourceUnavailable) as caught:
        await _import("postgresql://tt:hunter2secret@127.0.0.1:1/ttbot", target)
    assert "127.0.0.1:1/ttbot" in str(caught.value) and "hunter2secret" not in str(caught.value)
    with pytest.raises(SourceUnavailable, match="no file"):
        await _import(f"sqlite:///{tmp_path / 'nope.sqlite3'}", target)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(SourceUnavailable):
        await _import(f"sqlite:///{junk}", target)


async def test_source_equal_to_target_is_refused(tmp_path, pg_server):
    path = tmp_path / "same.sqlite3"
    generate_sqlite(path, LegacySpec(users=5, videos=5, music=5))
    with pytest.raises(TtbotImportError, match="target database itself"):
        await _import(f"sqlite:///{path}", f"sqlite:///{tmp_path}/./same.sqlite3")
    url = pg_server.url("postgres")
    with pytest.raises(TtbotImportError, match="target database itself"):
        await _import(url, url.replace("127.0.0.1", "127.0.0.1"))


async def test_sqlite_target_in_use_by_a_bot_is_refused(tmp_path):
    source = tmp_path / "tt.sqlite3"
    generate_sqlite(source, SMALL)
    target = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    lock = lock_single_process(target)
    try:
        with pytest.raises(DatabaseInUse, match="another tokdrop process"):
            await _import(f"sqlite:///{source}", target)
    finally:
        lock.release()
    assert not (tmp_path / "bot.sqlite3").exists()  # nothing written


async def test_the_source_is_never_written(tmp_path):
    source = tmp_path / "tt.sqlite3"
    generate_sqlite(source, SMALL)
    before = source.read_bytes()
    await _import(f"sqlite:///{source}", f"sqlite:///{tmp_path / 'dst.sqlite3'}")
    assert source.read_bytes() == before
    assert not (tmp_path / "tt.sqlite3-wal").exists()


async def test_batches_written_side_by_side_commit_in_reading_order(
    tmp_path, pg_server, monkeypatch
):
    """The second batch's rows are in while the first is still being written: neither they
    nor its checkpoint are visible until the first has committed."""
    import asyncio

    import asyncpg

    from data.ttbot_import import runner

    source = tmp_path / "tt.sqlite3"
    counts = generate_sqlite(source, SMALL)
    target = pg_server.create_database(f"tokdrop_order_{id(tmp_path)}")
    first_may_go, second_in = asyncio.Event(), asyncio.Event()
    videos_batches = []
    real_insert = runner.insert_rows

    async def insert(conn, table, rows, **options):
        if table == "videos":
            videos_batches.append(len(rows))
            if len(videos_batches) == 1:
                await asyncio.wait_for(first_may_go.wait(), 30)
        await real_insert(conn, table, rows, **options)
        if table == "videos" and len(videos_batches) == 2:
            second_in.set()

    monkeypatch.setattr(runner, "insert_rows", insert)
    running = asyncio.ensure_future(_import(f"sqlite:///{source}", target))
    try:
        await asyncio.wait_for(second_in.wait(), 30)
        watcher = await asyncpg.connect(target)
        try:
            assert await watcher.fetchval("SELECT videos_last_pk FROM ttbot_imports") is None
            assert await watcher.fetchval("SELECT COUNT(*) FROM downloads") == 0
        finally:
            await watcher.close()
    finally:
        first_may_go.set()
    report = await asyncio.wait_for(running, 60)
    assert report.verified and report.tables[1].imported == counts.videos


async def test_a_source_cancelled_while_opening_leaves_no_connection_open(tmp_path, monkeypatch):
    """The import opens a second source connection (for the verification's counts) and
    cancels it when the import fails early: cancelled while it sets the connection read-only,
    the SQLite connection is closed — its thread left behind would keep the process from ever
    exiting (seen: a CLI run that failed early never returned)."""
    import asyncio
    import threading

    import aiosqlite

    from data.ttbot_import.source import open_source

    source = tmp_path / "tt.sqlite3"
    generate_sqlite(source, LegacySpec(users=5, videos=5, music=5))
    real_execute, held = aiosqlite.Connection.execute, asyncio.Event()

    def execute(self, sql, *args, **kwargs):
        async def when_let_through():
            held.set()
            await asyncio.Event().wait()  # until cancelled
            return await real_execute(self, sql, *args, **kwargs)

        return when_let_through()

    monkeypatch.setattr(aiosqlite.Connection, "execute", execute)
    before = set(threading.enumerate())
    opening = asyncio.ensure_future(open_source(f"sqlite:///{source}"))
    await asyncio.wait_for(held.wait(), 10)
    opening.cancel()
    with pytest.raises(asyncio.CancelledError):
        await opening
    left = [t for t in threading.enumerate() if t not in before]
    for thread in left:
        thread.join(10)
    assert [t.name for t in left if t.is_alive()] == []
