"""Benchmark (P8): importing a tt-bot database, against a bare load of the same rows.

What it measures
    A legacy tt-bot database is generated (``devservers.ttbot_legacy``: ``--videos`` rows, a
    tenth as many users, a fifth as many sounds, with every quirk the import handles) as the
    source, on SQLite or PostgreSQL. Then, in the same run and on the same target server:

    * ``import``: the real command, ``python main.py db import-ttbot SOURCE`` in a child
      process with ``DB_URL`` set to a fresh target database (PostgreSQL or SQLite): schema
      upgrade, mapping, merge, checkpoints, hourly counters, verification — all of it; its
      wall time from start to exit and its peak RSS (``wait4``);
    * ``bare``: the same rows read from the source in the same primary-key pages and loaded
      into the same target tables of another fresh, migrated database without any mapping:
      asyncpg's binary ``COPY`` on PostgreSQL, ``executemany`` on SQLite, one transaction per
      page, one connection, the foreign keys checking each row (on PostgreSQL) — the plain
      way to load them. The import beats it on PostgreSQL: two connections write at once and
      its chats are checked once at the end (``data/ttbot_import/chat_check.py``).

    ``rows_per_s`` counts the source's rows of all three tables; ``ratio`` is the import's rate
    over the bare load's. P8's goal on 2 cores: ≥ 100,000 rows/s into PostgreSQL, ratio ≥ 0.5,
    peak RSS < 300 MB at any size.

How to run (from the repository root)
    python bench/import_bench.py                 # 5,000,000 videos, PostgreSQL → PostgreSQL
    python bench/import_bench.py --source sqlite # a SQLite tt-bot file → PostgreSQL
    python bench/import_bench.py --target sqlite # into a SQLite target
    python bench/import_bench.py --videos 200000 # a quick look
    python bench/import_bench.py --plain-role    # the import as a role that is no superuser
                                                 # (its chats then checked row by row)

Progress goes to stderr; the last line of stdout is one JSON object:
    {"source", "target", "plain_role", "rows", "import_s", "rows_per_s", "bare_s",
     "bare_rows_per_s", "ratio", "peak_rss_mb",
     "report": {per table: source_rows, imported, adjusted}}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import database_factory, progress  # noqa: E402
from data.ttbot_import.source import open_source  # noqa: E402
from data.ttbot_import.target import CHAT_COLUMNS, DOWNLOAD_COLUMNS, MUSIC_COLUMNS  # noqa: E402
from devservers.ttbot_legacy import LegacySpec, generate  # noqa: E402

log = progress("import_bench")
TOKEN = "123456789:" + "B" * 35  # the command wants one; nothing reaches Telegram
PAGE = 20_000  # the import's default batch
BARE = {
    # source table -> (target table, its columns, how a source row becomes one)
    # (values cut to the columns' lengths: the minimum that loads at all)
    "users": (
        "users",
        CHAT_COLUMNS,
        lambda r: (
            r[0],
            r[1] or 0,
            r[2] or "en",
            (r[3] or "")[:64] or None,
            bool(r[4]),
            r[5] or 0,
            r[6] or 0,
            r[1] or 0,
        ),
    ),
    "videos": (
        "downloads",
        DOWNLOAD_COLUMNS[:-1],
        lambda r: (r[1], r[2] or 0, r[3][:512], "", "tiktok", bool(r[4]), bool(r[5]), bool(r[6])),
    ),
    "music": ("music", MUSIC_COLUMNS[:-1], lambda r: (r[1], r[2] or 0, str(r[3] or "")[:32])),
}


def _plain(url: str) -> str:
    """A driver-less URL for the generator and the command line."""
    return url.replace("postgresql+asyncpg://", "postgresql://")


def run_import(source: str, target: str, folder: Path, report: Path) -> tuple[float, float]:
    """The real command in a child process: (wall seconds, peak RSS in MB)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DB_", "BOT_", "REDIS", "WEB"))}
    env.update(DB_URL=target, BOT_TOKEN=TOKEN, PYTHONPATH=str(ROOT))
    command = [sys.executable, str(ROOT / "main.py"), "db", "import-ttbot", source]
    started = time.perf_counter()
    child = subprocess.Popen(
        [*command, "--report", str(report)],
        cwd=folder,  # no config.ini or .env of the checkout is read
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"the import failed ({child.returncode}): {child.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports kilobytes


async def bare_load(source_url: str, target_url: str) -> float:
    """Seconds to read every source row by pages and load it unmapped into a migrated target."""
    from bench.common import migrated_database

    async with migrated_database(target_url):
        pass  # the schema only; the load below talks to the driver directly
    source = await open_source(source_url)
    try:
        upto = {table: await source.last_pk(table) for table in BARE}
        if target_url.startswith("sqlite"):
            return await _bare_sqlite(source, upto, target_url.split("///", 1)[1])
        return await _bare_postgres(source, upto, _plain(target_url))
    finally:
        await source.close()


async def _pages(source, table: str, upto: int | None):
    after = None
    while True:
        rows = await source.page(table, after, PAGE, upto)
        if not rows:
            return
        yield rows
        after = rows[-1][0]


async def _bare_postgres(source, upto: dict, url: str) -> float:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        started = time.perf_counter()
        for table, (name, columns, shape) in BARE.items():
            async for rows in _pages(source, table, upto[table]):
                async with conn.transaction():
                    await conn.copy_records_to_table(
                        name, records=[shape(r) for r in rows], columns=columns
                    )
        return time.perf_counter() - started
    finally:
        await conn.close()


async def _bare_sqlite(source, upto: dict, path: str) -> float:
    db = sqlite3.connect(path)
    try:
        started = time.perf_counter()
        for table, (name, columns, shape) in BARE.items():
            marks = ", ".join("?" * len(columns))
            sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})"
            async for rows in _pages(source, table, upto[table]):
                with db:
                    db.executemany(sql, [shape(r) for r in rows])
        return time.perf_counter() - started
    finally:
        db.close()


def plain_role(url: str) -> str:
    """``url``'s database handed to a new login role without superuser rights (the server's
    superuser does it); the URL to reach it as that role."""
    import asyncpg

    async def hand_over() -> None:
        admin = await asyncpg.connect(_plain(url))
        try:
            await admin.execute("CREATE ROLE importer LOGIN")
            await admin.execute(f"ALTER DATABASE {url.rsplit('/', 1)[1]} OWNER TO importer")
        finally:
            await admin.close()

    asyncio.run(hand_over())
    user = url.split("://", 1)[1].split("@", 1)[0]
    return url.replace(f"://{user}@", "://importer@", 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--videos", type=int, default=5_000_000)
    parser.add_argument("--source", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--target", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument(
        "--plain-role",
        action="store_true",
        help="import as a PostgreSQL role that may not set session_replication_role",
    )
    args = parser.parse_args()
    # Without orphans (downloads whose chat has no users row): the bare load has no chats to
    # make for them, and PostgreSQL's foreign keys would refuse those rows.
    spec = LegacySpec(
        users=max(args.videos // 10, 1),
        videos=args.videos,
        music=args.videos // 5,
        orphans=False,
    )
    kinds = {args.source, args.target}
    with database_factory("postgres" if "postgres" in kinds else "sqlite", log) as (new_db, tmp):
        with database_factory("sqlite", log) as (new_file, _):

            def url(kind: str, name: str) -> str:
                return new_db(name) if kind == "postgres" else new_file(name)

            source = _plain(url(args.source, "ttbot"))
            started = time.perf_counter()
            counts = generate(source, spec)
            rows = counts.users + counts.videos + counts.music
            log(f"generated {rows:,} source rows in {time.perf_counter() - started:.1f} s")

            bare_s = asyncio.run(bare_load(source, url(args.target, "bare")))
            log(f"bare load: {bare_s:.1f} s ({rows / bare_s:,.0f} rows/s)")
            report_file = tmp / "report.json"
            target = url(args.target, "target")
            if args.plain_role and args.target == "postgres":
                target = plain_role(target)
            import_s, rss = run_import(source, target, tmp, report_file)
            log(f"import: {import_s:.1f} s ({rows / import_s:,.0f} rows/s), peak RSS {rss:.0f} MB")
            report = json.loads(report_file.read_text())
    print(
        json.dumps(
            {
                "source": args.source,
                "target": args.target,
                "plain_role": args.plain_role,
                "rows": rows,
                "import_s": round(import_s, 2),
                "rows_per_s": round(rows / import_s),
                "bare_s": round(bare_s, 2),
                "bare_rows_per_s": round(rows / bare_s),
                "ratio": round(bare_s / import_s, 3),
                "peak_rss_mb": round(rss, 1),
                "report": {
                    name: {k: t.get(k) for k in ("source_rows", "imported", "adjusted")}
                    for name, t in report.get("tables", {}).items()
                },
            }
        )
    )


if __name__ == "__main__":
    main()
