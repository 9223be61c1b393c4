"""Benchmarks keep running: tiny runs print their JSON line (figures are not judged here)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "script, args, keys",
    [
        (
            "redaction_bench.py",
            ["--lines", "200", "--repeat", "1"],
            {"secrets", "lines", "plain_us", "encoded_us"},
        ),
        (
            "stats_bench.py",
            ["--rows", "3000", "--users", "300", "--repeat", "1"],
            {"db", "rows", "sql_ms", "fetch_all_ms", "speedup", "sql_peak_mb", "fetch_all_peak_mb"},
        ),
        (
            "bot_bench.py",
            ["--updates", "60", "--warmup", "10", "--skip-info-run", "--rounds", "1"],
            {
                "db",
                "updates",
                "tokdrop_ups",
                "noop_ups",
                "ratio",
                "rounds",
                "ratio_min",
                "ratio_max",
            },
        ),
        (
            "media_bench.py",
            ["--links", "6", "--sample", "3", "--video-kb", "64", "--warmup", "0"],
            {"db", "links", "links_per_s", "p50_ms", "p95_ms", "cache_speedup"},
        ),
        (
            "subscriptions_bench.py",
            ["--subscriptions", "60", "--creators", "6", "--video-kb", "16"],
            {
                "db",
                "subscriptions",
                "creators",
                "new_posts",
                "cycle_s",
                "resolver_calls",
                "media_downloads",
                "deliveries",
            },
        ),
        (
            "memory_bench.py",
            ["--video-mb", "4", "--runs", "1"],
            {
                "video_mb",
                "runs",
                "peak_rss_before_mb",
                "peak_rss_after_mb",
                "growth_mb",
                "growth_mb_min",
                "growth_mb_max",
                "transfer_growth_mb",
                "seconds",
            },
        ),
        (
            "render_bench.py",
            ["--photos", "2", "--width", "64", "--height", "96", "--sound-s", "3", "--runs", "1"],
            {
                "photos",
                "sound_s",
                "render_s",
                "ratio",
                "ratio_min",
                "ratio_max",
                "peak_rss_mb",
                "runs",
            },
        ),
        (
            "import_bench.py",
            ["--videos", "300", "--source", "sqlite", "--target", "sqlite"],
            {
                "source",
                "target",
                "plain_role",
                "rows",
                "import_s",
                "rows_per_s",
                "bare_s",
                "bare_rows_per_s",
                "ratio",
                "peak_rss_mb",
                "report",
            },
        ),
        (
            "limiter_bench.py",
            ["--chats", "60", "--users", "5"],
            {
                "bulk_rate",
                "interactive_p50_ms",
                "interactive_p95_ms",
                "interactive_p95_idle_ms",
                "flood_errors",
            },
        ),
    ],
)
def test_benchmark_prints_its_json_line(script, args, keys):
    figures = _last_json_line(script, args)
    assert set(figures) == keys and figures.get("db", "sqlite") == "sqlite"


@pytest.mark.postgres
def test_import_bench_as_a_role_that_is_no_superuser():
    """--plain-role imports into a PostgreSQL database its own role owns (chats checked row
    by row), and every row arrives."""
    figures = _last_json_line("import_bench.py", ["--videos", "300", "--plain-role"])
    assert figures["plain_role"] is True and figures["target"] == "postgres"
    assert all(t["imported"] == t["source_rows"] for t in figures["report"].values())


def _last_json_line(script: str, args: list[str]) -> dict:
    """Run ``bench/<script> args``; it must succeed, and its last stdout line is returned."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
