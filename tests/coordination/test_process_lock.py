"""One process per SQLite database; several need PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from data.errors import DatabaseInUse
from data.process_lock import lock_single_process

ROOT = Path(__file__).resolve().parents[2]


def test_second_lock_on_the_same_file_is_refused_until_released(tmp_path):
    url = f"sqlite:///{tmp_path}/bot.sqlite3"
    first = lock_single_process(url)
    with pytest.raises(DatabaseInUse) as caught:
        lock_single_process(url)
    assert "PostgreSQL" in str(caught.value) and "bot.sqlite3" in str(caught.value)
    first.release()
    lock_single_process(url).release()


def test_postgres_and_memory_need_no_lock():
    assert lock_single_process("postgresql://u:p@127.0.0.1:5432/db") is None
    assert lock_single_process("sqlite://") is None


def test_the_lock_holds_across_processes_and_dies_with_its_holder(tmp_path):
    url = f"sqlite:///{tmp_path}/bot.sqlite3"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys
            from data.process_lock import lock_single_process
            lock = lock_single_process({url!r})
            print("locked", flush=True)
            sys.stdin.read()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseInUse):
            lock_single_process(url)
    finally:
        holder.kill()
        holder.wait(10)
    lock_single_process(url).release()  # the kernel dropped the dead process's lock


def test_a_second_bot_on_the_same_sqlite_file_is_refused_at_startup(tmp_path):
    database = tmp_path / "bot.sqlite3"
    lock = lock_single_process(f"sqlite:///{database}")  # stands in for the first bot process
    try:
        result = subprocess.run(
            [sys.executable, str(ROOT / "main.py")],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={
                "PATH": "/usr/bin:/bin",
                "HOME": str(tmp_path),
                "DB_URL": f"sqlite:///{database}",
                "BOT_TOKEN": "12345:not-a-real-token-but-well-formed-abcdefghij",
                "TG_SERVER": "http://127.0.0.1:9",
            },
        )
    finally:
        lock.release()
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "another tokdrop process is already running" in output and "PostgreSQL" in output
    assert "not-a-real-token" not in output
    assert not database.exists()  # refused before touching the database
