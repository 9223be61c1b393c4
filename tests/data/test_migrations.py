"""Alembic owns the schema: stairway up/down/up, models agree with migrations, backups before
upgrades."""

import asyncio
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

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
