"""Alembic owns the schema: stairway up/down/up, models agree with migrations, backups before
upgrades."""

import asyncio
import json
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from data import database, db_service
from data.migrate import (
    alembic_config,
    backup_sqlite,
    current_revision,
    downgrade_to,
    head_revision,
    upgrade_to,
    upgrade_to_head,
)
from data.models import Base


@pytest.fixture
def empty_url(backend, request, tmp_path):
    """An empty database (no schema at all) of the test's backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    name = f"empty_{request.node.name.split('[')[0][-40:]}".lower()
    return request.getfixturevalue("pg_server").create_database(name)


@pytest.fixture
async def engine(empty_url):
    engine = database.build_engine(empty_url, pool_size=2)
    yield engine
    await engine.dispose()


async def _tables(engine) -> set[str]:
    async with engine.connect() as connection:
        return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))


async def test_stairway_every_revision_up_down_up(engine):
    revisions = [
        r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    ][::-1]
    assert await current_revision(engine) is None
    for index, revision in enumerate(revisions):
        await upgrade_to(engine, revision)
        await downgrade_to(engine, revisions[index - 1] if index else "base")
        await upgrade_to(engine, revision)
        assert await current_revision(engine) == revision
    assert revisions[-1] == head_revision()
    await downgrade_to(engine, "base")
    assert await _tables(engine) <= {"alembic_version"}
    await upgrade_to_head(engine)
    assert set(Base.metadata.tables) <= await _tables(engine)


async def test_models_and_migrations_agree(engine):
    await upgrade_to_head(engine)

    def diff(connection):
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_upgrade_of_a_file_with_data_writes_a_backup_first(tmp_path):
    path = tmp_path / "live.sqlite3"
    url = f"sqlite:///{path}"
    await database.init_database(url)
    await upgrade_to_head(database.get_engine())
    await db_service.create_chat(1, "en", "promo", now=1000)
    await downgrade_to(database.get_engine(), "base")  # an old schema that already holds a table
    assert not list(tmp_path.glob("*.bak"))
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE legacy (x INTEGER)")
        raw.execute("INSERT INTO legacy VALUES (42)")
    await upgrade_to_head(database.get_engine())
    await database.dispose_database()
    backups = list(tmp_path.glob("live.sqlite3.*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT x FROM legacy").fetchall() == [(42,)]


async def test_fresh_file_needs_no_backup_and_up_to_date_file_is_left_alone(tmp_path):
    path = tmp_path / "new.sqlite3"
    engine = database.build_engine(f"sqlite:///{path}")
    await upgrade_to_head(engine)
    await upgrade_to_head(engine)
    await engine.dispose()
    assert not list(tmp_path.glob("*.bak"))


def test_backups_keep_only_the_newest(tmp_path):
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE t (x)")
        raw.execute("INSERT INTO t VALUES (1)")
    made = [backup_sqlite(path, label=f"n{i}", keep=3) for i in range(5)]
    assert sorted(tmp_path.glob("db.sqlite3.*.bak")) == sorted(made[-3:])
    with sqlite3.connect(made[-1]) as copy:
        assert copy.execute("SELECT x FROM t").fetchall() == [(1,)]


async def test_processes_starting_together_on_postgres_take_turns(pg_server):
    """Several bot processes upgrading one fresh PostgreSQL database at once all succeed."""
    url = pg_server.create_database("empty_concurrent_start")
    engines = [database.build_engine(url, pool_size=1) for _ in range(3)]
    try:
        revisions = await asyncio.gather(*(upgrade_to_head(engine) for engine in engines))
        assert revisions == [head_revision()] * 3
        assert await current_revision(engines[0]) == head_revision()
    finally:
        for engine in engines:
            await engine.dispose()


async def test_rows_from_before_platforms_read_as_tiktok_and_downgrade_keeps_tiktok(engine):
    """0007: rows written at 0006 become TikTok's; the media cache is keyed by platform; going
    back keeps every download but only TikTok's cached file ids (the old key cannot hold both)."""
    await upgrade_to(engine, "0006")
    async with engine.begin() as connection:
        await connection.execute(
            text("INSERT INTO users (user_id, registered_at, last_seen_at) VALUES (1, 10, 10)")
        )
        await connection.execute(
            text(
                "INSERT INTO downloads (user_id, downloaded_at, source_url, video_id)"
                " VALUES (1, 20, 'https://vm.tiktok.com/a/', '71')"
            )
        )
        await connection.execute(
            text(
                "INSERT INTO media_cache (video_id, kind, file_ids, created_at)"
                " VALUES ('71', 'video', '[\"old\"]', 20)"
            )
        )
    await upgrade_to(engine, "0007")

    async with engine.begin() as connection:
        platforms = await connection.execute(text("SELECT platform FROM downloads"))
        assert platforms.scalars().all() == ["tiktok"]
        await connection.execute(
            text(
                "INSERT INTO media_cache (platform, video_id, kind, file_ids, created_at)"
                " VALUES ('instagram', '71', 'video', '[\"ig\"]', 30)"
            )
        )
        await connection.execute(
            text(
                "INSERT INTO downloads (user_id, downloaded_at, source_url, video_id, platform)"
                " VALUES (1, 30, 'https://www.instagram.com/reel/71/', '71', 'instagram')"
            )
        )
        cached = await connection.execute(
            text("SELECT platform, file_ids FROM media_cache ORDER BY platform")
        )
        assert [(p, json.loads(f) if isinstance(f, str) else f) for p, f in cached] == [
            ("instagram", ["ig"]),
            ("tiktok", ["old"]),
        ]
    async with engine.begin() as connection:
        with pytest.raises(IntegrityError):  # (platform, post, kind) is the key
            await connection.execute(
                text(
                    "INSERT INTO media_cache (video_id, kind, file_ids, created_at)"
                    " VALUES ('71', 'video', '[\"again\"]', 40)"
                )
            )

    await downgrade_to(engine, "0006")
    async with engine.connect() as connection:
        cached = await connection.execute(text("SELECT video_id, file_ids FROM media_cache"))
        assert [(v, json.loads(f) if isinstance(f, str) else f) for v, f in cached] == [
            ("71", ["old"])
        ]
        downloads = await connection.execute(text("SELECT count(*) FROM downloads"))
        assert downloads.scalar_one() == 2
