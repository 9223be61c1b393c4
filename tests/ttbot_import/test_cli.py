"""``python main.py db import-ttbot`` as a process: the report (table and JSON), SIGKILL at
random points and resume with exact counts, Ctrl-C finishing its batch."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devservers.ttbot_legacy import LegacySpec, generate_sqlite

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


def _checkpoint(target_path: Path) -> int:
    """Rows the checkpoint says are written (0 before it exists)."""
    try:
        with sqlite3.connect(f"file:{target_path}?mode=ro", uri=True, timeout=5) as db:
            row = db.execute("SELECT tally FROM ttbot_imports").fetchone()
    except sqlite3.OperationalError:  # not created yet
        return 0
    if row is None:
        return 0
    return sum(t["imported"] for t in json.loads(row[0])["tables"].values())


def _wait_for_progress(proc: subprocess.Popen, target_path: Path, beyond: int) -> int:
    """Wait (at most 60 s) until the checkpoint shows more than ``beyond`` rows."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = _checkpoint(target_path)
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
def test_killed_at_random_points_then_resumed_exactly(tmp_path):
    source = tmp_path / "tt.sqlite3"
    counts = generate_sqlite(source, BIG)
    target_path = tmp_path / "dst.sqlite3"
    src, dst = f"sqlite:///{source}", f"sqlite:///{target_path}"
    rng = random.Random(16)
    total = counts.users + counts.videos + counts.music
    done, kills = 0, 0
    while kills < 5:
        proc = _start(tmp_path, src, dst, "--batch-size", "300")
        try:
            # A random number of committed batches further, then a kill at once.
            goal = done + rng.randrange(1, 8) * 300
            while done < goal and proc.poll() is None:
                done = _wait_for_progress(proc, target_path, done)
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
    with sqlite3.connect(target_path) as db:
        assert db.execute("SELECT COUNT(*) FROM downloads").fetchone()[0] == counts.videos
        assert db.execute("SELECT COUNT(*) FROM music").fetchone()[0] == counts.music
        users = db.execute("SELECT COUNT(*) FROM users").fetchone()[0]
        assert users == counts.users + len(counts.orphan_chats)
        # No row twice: each source link and time once per chat.
        dupes = db.execute(
            "SELECT COUNT(*) FROM (SELECT user_id, downloaded_at, source_url, COUNT(*) AS n "
            "FROM downloads GROUP BY 1, 2, 3 HAVING n > 1)"
        ).fetchone()[0]
        assert dupes == 0
        assert db.execute("SELECT SUM(downloads) FROM stats_hourly").fetchone()[0] == counts.videos


@pytest.mark.slow
def test_ctrl_c_finishes_the_batch_and_says_how_to_resume(tmp_path):
    source = tmp_path / "tt.sqlite3"
    counts = generate_sqlite(source, BIG)
    target_path = tmp_path / "dst.sqlite3"
    src, dst = f"sqlite:///{source}", f"sqlite:///{target_path}"
    proc = _start(tmp_path, src, dst, "--batch-size", "200")
    _wait_for_progress(proc, target_path, 2_500)
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
