"""``python main.py db import-ttbot`` as a process: the report (table and JSON), SIGKILL at
random points and resume with exact counts (SQLite and PostgreSQL), Ctrl-C finishing its
batch."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import pytest

from devservers.ttbot_legacy import LegacySpec, generate_postgres, generate_sqlite

ROOT = Path(__file__).resolve().parents[2]
BIG = LegacySpec(users=2_000, videos=30_000, music=4_000, seed=5)


def _env(tmp_path: Path, target: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("TOKDROP_CONFIG", "BOT_TOKEN")}
    env.update(DB_URL=target, LOG_LEVEL="INFO")
    return env


def _start(tmp_path: Path, source: str, target: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "main.py", "db", "import-ttbot", source, *extra],
        cwd=ROOT,
        env=_env(tmp_path, target),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _query(target: str, sql: str):
    """The first column of the first row of ``sql`` on the target (None when there is none or
    the table does not exist yet)."""
    if target.startswith("sqlite:///"):
        try:
            path = target[len("sqlite:///") :]
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
                row = db.execute(sql).fetchone()
        except sqlite3.OperationalError:  # not created yet
            return None
        return None if row is None else row[0]

    async def fetch():
        conn = await asyncpg.connect(target)
        try:
            return await conn.fetchval(sql)
        except asyncpg.UndefinedTableError:
            return None
        finally:
            await conn.close()

    return asyncio.run(fetch())


def _checkpoint(target: str) -> int:
    """Rows the checkpoint says are written (0 before it exists)."""
    tally = _query(target, "SELECT tally FROM ttbot_imports")
    if tally is None:
        return 0
    tally = json.loads(tally) if isinstance(tally, str) else tally
    return sum(t["imported"] for t in tally["tables"].values())


def _wait_for_progress(proc: subprocess.Popen, target: str, beyond: int) -> int:
    """Wait (at most 60 s) until the checkpoint shows more than ``beyond`` rows."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = _checkpoint(target)
        if done > beyond:
            return done
        if proc.poll() is not None:
            return done
        time.sleep(0.005)  # polling a condition, not waiting a fixed time
    raise AssertionError(f"the checkpoint did not move beyond {beyond} rows in 60 s")


def test_report_as_table_and_json(tmp_path):
    source = tmp_path / "tt.sqlite3"
    counts = generate_sqlite(source, LegacySpec(users=100, videos=600, music=90))
    target = tmp_path / "dst.sqlite3"
    report = tmp_path / "report.json"
    proc = _start(tmp_path, f"sqlite:///{source}", f"sqlite:///{target}", "--report", str(report))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "complete, verified" in out
    assert "videos → downloads" in out and "users → chats" in out
    data = json.loads(report.read_text())
    assert data["verified"] is True and data["complete"] is True
    assert data["tables"]["videos"]["source_rows"] == counts.videos
    assert data["tables"]["videos"]["imported"] == counts.videos
    assert data["tables"]["videos"]["dropped"] == 0
    assert data["tables"]["users"]["reasons"]["referral_truncated"] == counts.long_referrals
    assert data["chats_created"] == len(counts.orphan_chats)
    # Not a terminal: progress is logged, one line per few batches.
    assert "videos: 600/600 rows" in err


def test_dry_run_prints_the_report_and_writes_nothing(tmp_path):
    source = tmp_path / "tt.sqlite3"
    counts = generate_sqlite(source, LegacySpec(users=50, videos=300, music=40))
    target = tmp_path / "dst.sqlite3"
    proc = _start(tmp_path, f"sqlite:///{source}", f"sqlite:///{target}", "--dry-run")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "dry run: nothing written" in out and f"{counts.videos:,}" in out
    assert not target.exists()


def test_bad_source_exits_non_zero_without_the_password(tmp_path):
    target = tmp_path / "dst.sqlite3"
    proc = _start(
        tmp_path, "postgresql://tt:hunter2secret@127.0.0.1:1/ttbot", f"sqlite:///{target}"
    )
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "cannot reach the source" in err and "hunter2secret" not in out + err
    assert not target.exists()


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_killed_at_random_points_then_resumed_exactly(tmp_path, kind, request):
    if kind == "sqlite":
        source = tmp_path / "tt.sqlite3"
        counts = generate_sqlite(source, BIG)
        src, dst = f"sqlite:///{source}", f"sqlite:///{tmp_path / 'dst.sqlite3'}"
    else:
        server = request.getfixturevalue("pg_server")
        src = server.create_database(f"ttbot_kill_{id(tmp_path)}")
        counts = generate_postgres(src, BIG)
        dst = server.create_database(f"tokdrop_kill_{id(tmp_path)}")
    rng = random.Random(16)
    total = counts.users + counts.videos + counts.music
    done, kills = 0, 0
    while kills < 5:
        proc = _start(tmp_path, src, dst, "--batch-size", "300")
        try:
            # A random number of committed batches further, then a kill at once.
            goal = done + rng.randrange(1, 8) * 300
            while done < goal and proc.poll() is None:
                done = _wait_for_progress(proc, dst, done)
            proc.send_signal(signal.SIGKILL)
        finally:
            _, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err
        kills += 1
        assert done < total, "the import finished before it could be killed"
    proc = _start(tmp_path, src, dst, "--batch-size", "300")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "complete, verified" in out
    assert _query(dst, "SELECT COUNT(*) FROM downloads") == counts.videos
    assert _query(dst, "SELECT COUNT(*) FROM music") == counts.music
    assert _query(dst, "SELECT COUNT(*) FROM users") == counts.users + len(counts.orphan_chats)
    # No row twice: each source link and time once per chat.
    dupes = _query(
        dst,
        "SELECT COUNT(*) FROM (SELECT user_id, downloaded_at, source_url FROM downloads "
        "GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) AS twice",
    )
    assert dupes == 0
    assert _query(dst, "SELECT SUM(downloads) FROM stats_hourly") == counts.videos


@pytest.mark.slow
def test_ctrl_c_finishes_the_batch_and_says_how_to_resume(tmp_path):
    source = tmp_path / "tt.sqlite3"
    counts = generate_sqlite(source, BIG)
    target_path = tmp_path / "dst.sqlite3"
    src, dst = f"sqlite:///{source}", f"sqlite:///{target_path}"
    proc = _start(tmp_path, src, dst, "--batch-size", "200")
    _wait_for_progress(proc, dst, 2_500)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "run the same command again to resume" in out
    assert "interrupted" in out
    proc = _start(tmp_path, src, dst)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    with sqlite3.connect(target_path) as db:
        assert db.execute("SELECT COUNT(*) FROM downloads").fetchone()[0] == counts.videos
