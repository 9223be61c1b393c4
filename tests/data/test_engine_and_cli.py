"""Engine set-up, start-up errors and the ``python main.py db`` commands."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

import main
from data import database, db_service
from data.errors import DatabaseNotInitialised, DatabaseUnavailable, UnsupportedDatabaseUrl

ROOT = Path(__file__).resolve().parents[2]


async def test_repository_before_init_is_a_clear_error():
    with pytest.raises(DatabaseNotInitialised, match="init_database"):
        await db_service.get_chat(1)


@pytest.mark.parametrize(
    "url, driver",
    [
        ("sqlite:///var/x.db", "sqlite+aiosqlite"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite"),
        ("postgresql://u:p@h/db", "postgresql+asyncpg"),
        ("postgres://u:p@h/db", "postgresql+asyncpg"),
        ("postgresql+asyncpg://u:p@h/db", "postgresql+asyncpg"),
    ],
)
def test_urls_are_normalised_to_async_drivers(url, driver):
    assert database.normalise_url(url).drivername == driver


def test_unsupported_url_is_rejected():
    with pytest.raises(UnsupportedDatabaseUrl, match="mysql"):
        database.normalise_url("mysql://u:p@h/db")


async def test_sqlite_connections_get_the_pragmas(tmp_path):
    await database.init_database(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    try:
        async with database.session_scope() as session:
            values = [
                (await session.execute(text(f"PRAGMA {name}"))).scalar_one()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            ]
        assert values == ["wal", 1, database.SQLITE_BUSY_TIMEOUT_MS, 1]
    finally:
        await database.dispose_database()


async def test_unreachable_database_names_it_without_the_password():
    with pytest.raises(DatabaseUnavailable) as caught:
        await database.init_database("postgresql://bot:hunter2secret@127.0.0.1:1/nowhere")
    message = str(caught.value)
    assert "127.0.0.1:1/nowhere" in message and "hunter2secret" not in message
    with pytest.raises(DatabaseNotInitialised):
        database.get_engine()


def test_init_twice_is_refused(tmp_path):
    import asyncio

    async def twice():
        await database.init_database(f"sqlite:///{tmp_path / 'a.sqlite3'}")
        try:
            with pytest.raises(RuntimeError, match="twice"):
                await database.init_database(f"sqlite:///{tmp_path / 'a.sqlite3'}")
        finally:
            await database.dispose_database()

    asyncio.run(twice())


def _run_main(monkeypatch, tmp_path, capsys, *argv, **env):
    monkeypatch.chdir(tmp_path)
    for key in ("DB_URL", "TOKDROP_CONFIG", "LOG_LEVEL", "BOT_TOKEN", "ADMIN_IDS"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_db_commands_upgrade_current_backup(monkeypatch, tmp_path, capsys):
    code, out, _ = _run_main(monkeypatch, tmp_path, capsys, "db", "current")
    assert code == 0 and "empty" in out and "behind head" in out
    code, out, _ = _run_main(monkeypatch, tmp_path, capsys, "db", "upgrade")
    assert code == 0 and "schema at" in out and "was empty" in out
    code, out, _ = _run_main(monkeypatch, tmp_path, capsys, "db", "current")
    assert code == 0 and "up to date" in out
    code, out, _ = _run_main(monkeypatch, tmp_path, capsys, "db", "backup")
    assert code == 0
    backup = Path(out.strip().split(" to ", 1)[1])
    with sqlite3.connect(tmp_path / backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() is not None
    code, out, _ = _run_main(monkeypatch, tmp_path, capsys, "db", "rebuild-stats")
    assert code == 0 and "0 rows" in out


def test_bad_config_value_is_one_line_naming_the_key(monkeypatch, tmp_path, capsys):
    code, out, err = _run_main(monkeypatch, tmp_path, capsys, "db", "current", LOG_LEVEL="LOUD")
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "LOG_LEVEL" in err


def test_unreachable_database_is_reported_not_raised(monkeypatch, tmp_path, capsys):
    code, _, err = _run_main(
        monkeypatch,
        tmp_path,
        capsys,
        "db",
        "current",
        DB_URL="postgresql://bot:s3cr3tpw@127.0.0.1:1/x",
    )
    assert code == 1 and "cannot reach the database" in err and "s3cr3tpw" not in err


def test_backup_of_postgres_is_refused_with_advice(monkeypatch, tmp_path, capsys):
    code, _, err = _run_main(
        monkeypatch, tmp_path, capsys, "db", "backup", DB_URL="postgresql://u@127.0.0.1:1/x"
    )
    assert code == 1 and "pg_dump" in err


def test_db_upgrade_as_a_real_process(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "db", "upgrade"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "DB_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}"},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "p.sqlite3").exists() and "schema at" in result.stdout
