"""A database URL carrying its password as ``?password=`` never shows it: neither in the
"database ready" log line nor in the cannot-reach error, through the real logging set-up of
``python main.py``."""

import logging

import pytest

import main
from devservers.bot_processes import free_port

PASSWORD = "s3cr@t"
IN_URL = "s3cr%40t"


@pytest.fixture
def restore_logging():
    """main.main() installs the process's logging on the root logger; put pytest's back."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def _db_current(monkeypatch, tmp_path, capsys, url: str) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path)
    for key in ("TOKDROP_CONFIG", "BOT_TOKEN", "ADMIN_IDS", "REDIS_URL", "TIKTOK_PROXY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DB_URL", url)
    monkeypatch.setenv("LOG_LEVEL", "INFO")
    code = main.main(["db", "current"])
    out, err = capsys.readouterr()
    return code, out + err


def _assert_hidden(text: str) -> None:
    lowered = text.lower()
    assert "s3cr" not in lowered, text


@pytest.mark.postgres
def test_query_password_is_masked_in_the_database_ready_line(
    pg_server, monkeypatch, tmp_path, capsys, restore_logging
):
    url = pg_server.url().replace("postgresql://", "postgresql+asyncpg://") + f"?password={IN_URL}"
    code, output = _db_current(monkeypatch, tmp_path, capsys, url)
    assert code == 0, output
    assert f"database ready (postgresql+asyncpg://tokdrop@127.0.0.1:{pg_server.port}" in output
    assert "password=***" in output
    _assert_hidden(output)


def test_query_password_is_masked_in_the_cannot_reach_error(
    monkeypatch, tmp_path, capsys, restore_logging
):
    url = f"postgresql+asyncpg://u@127.0.0.1:{free_port()}/db?password={IN_URL}"
    code, output = _db_current(monkeypatch, tmp_path, capsys, url)
    assert code == 1 and "cannot reach the database at" in output, output
    _assert_hidden(output)
