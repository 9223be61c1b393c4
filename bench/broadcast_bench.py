"""Benchmark: a durable broadcast against Telegram-like flood control — rate held, nobody twice.

What it measures
    A fresh, migrated database holds ``--recipients`` private chats. The in-process Telegram
    Bot API emulator (``devservers.telegram_api``, real HTTP on 127.0.0.1) enforces
    ``--emulator-rate`` sends per second over any one-second window (``set_rate_limit``,
    answering 429 with ``retry_after`` past it), like Telegram's ~30 messages/s. One broadcast
    to every chat is queued through the repository (``db_service.create_broadcast``: the
    audience snapshot is one ``INSERT … SELECT``), with a progress message in the admin's
    chat, and the production worker (``bot.broadcast.start_broadcast_worker``) sends it at
    ``--rate`` messages/s (``BROADCAST_RATE``), editing the progress message every 5 s as in
    production (those edits share the rate), through the production bot (``create_bot``) and
    its send limiter (``bot.outbox``, ``TG_GLOBAL_RATE`` two under the emulator's rate).

    ``achieved_rate`` is successful ``copyMessage`` calls per second between the first and the
    last one, on the emulator's clock; ``ratio`` is achieved / configured. ``flood_errors`` counts
    429 answers of any method; ``duplicates`` extra copies to any chat; ``missed`` chats without
    a copy. The run fails (AssertionError) if the broadcast does not finish or its counters
    disagree with what the emulator recorded.

How to run (from the repository root)
    python bench/broadcast_bench.py                        # 10,000 chats on SQLite (~6 minutes)
    python bench/broadcast_bench.py --db postgres          # same on a throwaway PostgreSQL server
    python bench/broadcast_bench.py --recipients 600       # smoke check, ~20 s

Target: ``ratio`` >= 0.95, ``duplicates`` 0, ``missed`` 0 (and ideally ``flood_errors`` 0).

Progress goes to stderr; the last line of stdout is one JSON object:
    {"db", "recipients", "configured_rate", "achieved_rate", "ratio", "flood_errors", "duplicates",
     "missed"}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(
        0, str(REPO_ROOT)
    )  # runnable as `python bench/broadcast_bench.py`, no PYTHONPATH

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy import insert

from bench.common import database_factory, migrated_database, progress, settings_without_files
from bot.app import create_bot
from bot.broadcast import start_broadcast_worker
from bot.logging_setup import setup_logging
from bot.metrics import Metrics
from data import db_service
from data.config import Settings
from data.database import session_scope
from data.models import BroadcastStatus, User
from data.periods import Audience
from devservers.telegram_api import Call, TelegramApiEmulator

TOKEN = "123456789:AAH-tokdrop-bench-token-0123456789"
ADMIN = 42
FIRST_CHAT = 300_000_000
INSERT_BATCH = 1000

log = progress("broadcast_bench")


class CopyTracker:
    """Scans only the calls recorded since its last look (the call list grows to tens of
    thousands)."""

    def __init__(self, calls: list[Call]) -> None:
        self.calls, self.position = calls, 0
        self.copies: Counter[int] = Counter()
        self.first: float | None = None
        self.last: float | None = None
        self.floods = 0

    def scan(self) -> None:
        """Count the calls recorded since the last scan."""
        calls = self.calls
        while self.position < len(calls):
            call = calls[self.position]
            self.position += 1
            if call.error and call.error.get("error_code") == 429:
                self.floods += 1
            elif call.method == "copyMessage" and call.ok:
                self.copies[call.chat_id] += 1
                self.first = call.at if self.first is None else self.first
                self.last = call.at

    @property
    def sent(self) -> int:
        """Successful copies so far."""
        return sum(self.copies.values())


def bench_settings(
    emulator: TelegramApiEmulator, db_url: str, folder: Path, args: argparse.Namespace
) -> Settings:
    """Settings pointing at the emulator, no config files read (as tests/e2e/harness.py does).

    The bot-wide send budget (``TG_GLOBAL_RATE``, ``bot.outbox``) is set as an operator sets it
    for Telegram: two under the limit (28 for 30), since the limiter's bucket holds a burst of
    2.5 and any one-second window may see ``floor(rate + 2.5)`` sends."""
    global_rate = max(1.0, args.emulator_rate - 2)
    environ = {
        "BOT_TOKEN": TOKEN,
        "TG_SERVER": emulator.base_url,
        "DB_URL": db_url,
        "BROADCAST_RATE": str(args.rate),
        "TG_GLOBAL_RATE": str(global_rate),
    }
    return settings_without_files(environ, folder)


async def add_chats(count: int) -> range:
    """``count`` private chats, inserted in batches (set-up, not measured)."""
    chats = range(FIRST_CHAT, FIRST_CHAT + count)
    now = int(time.time())
    for start in range(0, count, INSERT_BATCH):
        rows = [
            {"user_id": c, "registered_at": now, "lang": "en", "last_seen_at": now}
            for c in chats[start : start + INSERT_BATCH]
        ]
        async with session_scope() as s:
            await s.execute(insert(User), rows)
    return chats


async def broadcast_run(args: argparse.Namespace, db_url: str, folder: Path) -> dict:
    """Set up the chats, the emulator and the bot; queue the broadcast; run the worker until
    done."""
    async with migrated_database(db_url):
        chats = await add_chats(args.recipients)
        async with TelegramApiEmulator(token=TOKEN, auto_chats=True) as emulator:
            session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))
            settings = bench_settings(emulator, db_url, folder, args)
            bot = create_bot(settings, Metrics(), session)
            try:
                emulator.set_rate_limit(args.emulator_rate)
                source = emulator.send_message(ADMIN, "📰 Benchmark news")["message"]["message_id"]
                shown = await bot.send_message(ADMIN, "📣 Broadcast starting…")
                started = time.perf_counter()
                job = await db_service.create_broadcast(
                    ADMIN,
                    ADMIN,
                    source,
                    Audience.USERS,
                    progress_chat_id=ADMIN,
                    progress_message_id=shown.message_id,
                )
                log(
                    f"broadcast #{job.id} queued for {job.total:,} chats in "
                    f"{time.perf_counter() - started:.2f} s "
                    f"(one INSERT … SELECT)"
                )
                if job.total != args.recipients:
                    raise AssertionError(
                        f"audience snapshot holds {job.total} chats, expected {args.recipients}"
                    )
                tracker = CopyTracker(emulator.calls)
                worker = start_broadcast_worker(bot, settings)
                try:
                    job = await wait_until_done(job.id, tracker, args)
                finally:
                    await worker.stop()
                tracker.scan()
            finally:
                await session.close()
    return report(args, job, tracker, chats)


async def wait_until_done(broadcast_id: int, tracker: CopyTracker, args: argparse.Namespace):
    """The broadcast's row once it is done (progress on stderr every 15 s); AssertionError if it
    takes too long."""
    deadline = time.monotonic() + max(120.0, 3 * args.recipients / args.rate)
    last_log = time.monotonic()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        tracker.scan()
        job = await db_service.get_broadcast(broadcast_id)
        if job.status is BroadcastStatus.DONE:
            return job
        if time.monotonic() - last_log >= 15:
            last_log = time.monotonic()
            span = (tracker.last or 0) - (tracker.first or 0)
            rate = (tracker.sent - 1) / span if span > 0 else 0.0
            log(
                f"{tracker.sent:,} of {args.recipients:,} sent, {rate:.2f}/s, "
                f"{tracker.floods} 429s so far"
            )
    raise AssertionError(
        f"broadcast not done within the deadline: {tracker.sent} of {args.recipients} sent"
    )


def report(args: argparse.Namespace, job, tracker: CopyTracker, chats: range) -> dict:
    """Check the counters against the emulator's record and build the JSON figures."""
    duplicates = sum(n - 1 for n in tracker.copies.values() if n > 1)
    missed = sum(1 for chat in chats if tracker.copies[chat] == 0)
    if (
        job.sent != sum(1 for chat in chats if tracker.copies[chat])
        or job.sent + job.blocked + job.failed != job.total
    ):
        raise AssertionError(
            f"counters disagree with the emulator: sent={job.sent} blocked={job.blocked} "
            f"failed={job.failed} total={job.total}, emulator copies={tracker.sent}"
        )
    span = (tracker.last or 0) - (tracker.first or 0)
    achieved = (tracker.sent - 1) / span if span > 0 else 0.0
    log(
        f"{tracker.sent:,} copies in {span:.1f} s: {achieved:.2f}/s of {args.rate:g}/s configured "
        f"(emulator allows {args.emulator_rate:g}/s); {tracker.floods} 429s, "
        f"{duplicates} duplicates, {missed} missed"
    )
    return {
        "db": args.db,
        "recipients": args.recipients,
        "configured_rate": args.rate,
        "achieved_rate": round(achieved, 2),
        "ratio": round(achieved / args.rate, 3),
        "flood_errors": tracker.floods,
        "duplicates": duplicates,
        "missed": missed,
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--recipients", type=int, default=10_000, help="chats in the audience (default 10,000)"
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--rate", type=float, default=28.0, help="BROADCAST_RATE, messages/s (default 28)"
    )
    parser.add_argument(
        "--emulator-rate",
        type=float,
        default=30.0,
        help="sends/s the emulator allows before answering 429 (default 30, like Telegram)",
    )
    args = parser.parse_args(argv)
    if args.recipients < 2 or args.rate <= 0 or args.emulator_rate <= 0:
        parser.error("--recipients must be at least 2 and the rates positive")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and print its JSON line."""
    args = parse_args(argv)
    setup_logging("WARNING", secrets=[TOKEN])
    log(
        f"{args.db}: broadcast to {args.recipients:,} chats at {args.rate:g}/s, "
        f"emulator limit {args.emulator_rate:g}/s"
    )
    with database_factory(args.db, log) as (new_db_url, folder):
        result = asyncio.run(broadcast_run(args, new_db_url("broadcast_bench"), folder))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
