"""Benchmark: updates per second through the whole bot, tokdrop against a no-op Dispatcher.

What it measures
    Both runs talk real HTTP on 127.0.0.1 to the in-process Telegram Bot API emulator
    (``devservers.telegram_api``), long-polling it with aiogram's ``start_polling`` exactly as
    production does (updates handled as concurrent tasks, no concurrency limit):

    * ``tokdrop``: a fresh, migrated database; ``create_bot(settings, metrics, session)`` and the
      production Dispatcher ``create_dispatcher(...)`` with its middlewares (update log,
      chat context: one batched ``db_service.load_chats`` per update batch) and routers;
    * ``noop``: the same emulator setup and bot, but a bare ``Dispatcher()`` with one router
      whose ``/start`` handler only does ``await message.answer("hi")`` — no middlewares, no
      database. It is the ceiling set by aiogram, aiohttp and the emulator on this machine.

    Each run gets a fresh emulator and first handles ``--warmup`` /start messages (not
    counted). Then ``--updates`` /start messages from as many distinct private users
    (language_code "en") are queued at once while the bot sits in a long poll. The time runs
    from the first getUpdates answer that hands one of them out to the moment the emulator
    recorded the last of the N replies (``sendMessage`` to those chats), both on the
    emulator's clock; waiting uses the emulator's event-driven ``wait_until``. The tokdrop
    run must leave exactly N new ``users`` rows (each /start registered its chat) and both
    runs exactly N successful replies, otherwise the benchmark fails (AssertionError).

    Logging is at WARNING for the two timed runs. Production logs one INFO line per update
    (``tokdrop.updates``); a third tokdrop run with INFO logging into a file shows what that
    costs — reported on stderr only (``--skip-info-run`` leaves it out).

How to run (from the repository root)
    python bench/bot_bench.py                    # 5,000 updates on SQLite
    python bench/bot_bench.py --db postgres      # same on a throwaway PostgreSQL server
    python bench/bot_bench.py --updates 500      # smoke check, a few seconds

Target: ``ratio`` (tokdrop_ups / noop_ups) >= 0.8 on SQLite and PostgreSQL — the database work
per update should cost less than a quarter of what aiogram and HTTP already cost. Both runs
freeze what their start-up built out of the garbage collector's reach, as ``run_bot`` does
(``bot.app.freeze_startup_objects``).

Progress goes to stderr; the last line of stdout is one JSON object:
    {"db", "updates", "tokdrop_ups", "noop_ups", "ratio", "rounds", "ratio_min", "ratio_max"}
(``--rounds`` paired runs, the median round's figures with the spread of the ratios).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # runnable as `python bench/bot_bench.py`, no PYTHONPATH

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import CommandStart
from aiogram.types import Message
from sqlalchemy import func, select

from bench.common import (
    UNLIMITED_SENDS,
    database_factory,
    migrated_database,
    progress,
    settings_without_files,
)
from bot.app import create_bot, create_dispatcher, create_services, freeze_startup_objects
from bot.i18n import Locales
from bot.inflight import InFlight
from bot.logging_setup import FORMAT, setup_logging
from bot.metrics import Metrics
from data.config import Settings
from data.database import session_scope
from data.models import User
from devservers.telegram_api import Call, TelegramApiEmulator

TOKEN = "123456789:AAH-tokdrop-bench-token-0123456789"
BOT_USERNAME = "tokdrop_bench_bot"
POLLING_TIMEOUT = 10  # seconds; a queue that is not empty is answered at once anyway
WARMUP_FIRST_ID = 100_000_000  # private chat ids of the warm-up users ...
MEASURED_FIRST_ID = 200_000_000  # ... and of the measured users (distinct ranges)


log = progress("bot_bench")


# ---------------------------------------------------------------- counting replies


class ReplyTracker:
    """An incremental ``wait_until`` predicate: scans only the calls recorded since last time.

    (``calls_to`` walks every call, and the predicate is re-checked on each recorded call: with
    thousands of updates that would be quadratic and the bench would measure itself.)
    """

    def __init__(
        self, calls: list[Call], start: int, chat_ids: range, polling: asyncio.Task
    ) -> None:
        self.calls, self.position, self.chat_ids, self.polling = calls, start, chat_ids, polling
        self.replies = 0
        self.failed: list[Call] = []
        self.first_handout: float | None = None
        self.last_reply: float | None = None

    def __call__(self) -> bool:
        calls, chat_ids = self.calls, self.chat_ids
        while self.position < len(calls):
            call = calls[self.position]
            self.position += 1
            if call.method == "sendMessage" and call.chat_id in chat_ids:
                if call.ok:
                    self.replies += 1
                    self.last_reply = call.at
                else:
                    self.failed.append(call)
            elif call.method == "getUpdates" and self.first_handout is None and call.result:
                self.first_handout = call.at
        return self.replies >= len(chat_ids) or bool(self.failed) or self.polling.done()


@dataclass
class Batch:
    updates: int
    seconds: float

    @property
    def ups(self) -> float:
        return self.updates / self.seconds


async def run_batch(
    emulator: TelegramApiEmulator,
    polling: asyncio.Task,
    first_id: int,
    count: int,
    inflight: InFlight | None,
) -> Batch:
    """Queue ``count`` /start messages from new private users; wait for every reply."""
    chat_ids = range(first_id, first_id + count)
    tracker = ReplyTracker(emulator.calls, len(emulator.calls), chat_ids, polling)
    for chat_id in chat_ids:  # no await in between: the bot sees them all queued at once
        emulator.send_message(chat_id, "/start", language_code="en")
    await emulator.wait_until(tracker, timeout=max(60.0, count / 20))
    if polling.done():
        polling.result()  # re-raise why polling ended
        raise AssertionError("polling stopped before every update was answered")
    if tracker.failed:
        raise AssertionError(
            f"{len(tracker.failed)} reply(ies) failed, first: {tracker.failed[0].describe()}"
        )
    await settle(emulator, inflight)
    replies = sum(
        1
        for call in emulator.calls
        if call.method == "sendMessage" and call.chat_id in chat_ids and call.ok
    )
    if replies != count:
        raise AssertionError(f"{replies} replies to the {count} chats, expected exactly {count}")
    assert tracker.first_handout is not None and tracker.last_reply is not None
    return Batch(count, tracker.last_reply - tracker.first_handout)


async def settle(
    emulator: TelegramApiEmulator, inflight: InFlight | None, timeout: float = 30.0
) -> None:
    """Every update delivered and confirmed (the bot is back in a long poll) and handled."""
    await emulator.wait_until(
        lambda: (
            emulator.waiting_polls(token=TOKEN) > 0 and not emulator.pending_updates(token=TOKEN)
        ),
        timeout=timeout,
    )
    if inflight is not None and not await inflight.wait_idle(timeout):
        raise AssertionError(
            f"{inflight.count} update(s) still being handled after {timeout:.0f} s"
        )


# ---------------------------------------------------------------- one run


def bench_settings(emulator: TelegramApiEmulator, db_url: str, folder: Path) -> Settings:
    """Settings pointing at the emulator, no config files read (as tests/e2e/harness.py does)."""
    environ = {
        "BOT_TOKEN": TOKEN,
        "TG_SERVER": emulator.base_url,
        "DB_URL": db_url,
        **UNLIMITED_SENDS,
    }
    return settings_without_files(environ, folder)


def noop_dispatcher() -> Dispatcher:
    dp = Dispatcher()
    router = Router(name="noop")

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer("hi")

    dp.include_router(router)
    return dp


async def drive(
    emulator: TelegramApiEmulator,
    bot: Bot,
    dp: Dispatcher,
    inflight: InFlight | None,
    args: argparse.Namespace,
    label: str,
) -> Batch:
    """Poll the emulator with ``dp``; the warm-up batch, then the measured one."""
    polling = asyncio.create_task(
        dp.start_polling(
            bot,
            handle_signals=False,
            close_bot_session=False,
            polling_timeout=POLLING_TIMEOUT,
            allowed_updates=dp.resolve_used_update_types(),
        )
    )
    try:
        await emulator.wait_until(
            lambda: emulator.waiting_polls(token=TOKEN) > 0 or polling.done(), timeout=30
        )
        if polling.done():
            polling.result()
            raise AssertionError("polling ended at start-up")
        if args.warmup:
            warm = await run_batch(emulator, polling, WARMUP_FIRST_ID, args.warmup, inflight)
            log(f"{label}: warm-up {warm.updates:,} updates, {warm.ups:,.1f} updates/s")
        measured = await run_batch(emulator, polling, MEASURED_FIRST_ID, args.updates, inflight)
        log(
            f"{label}: {measured.updates:,} updates in {measured.seconds:.2f} s, "
            f"{measured.ups:,.1f} updates/s"
        )
        return measured
    finally:
        if not polling.done():
            await dp.stop_polling()
            try:
                await asyncio.wait_for(polling, 15)
            except Exception as exc:  # noqa: BLE001 - log it, don't hide the error that got us here
                log(f"{label}: polling did not stop cleanly: {exc!r}")


async def with_emulator(
    run: Callable[[TelegramApiEmulator, AiohttpSession], Awaitable[Batch]],
) -> Batch:
    """A fresh emulator and HTTP session for one run (closed afterwards, outside the timing)."""
    async with TelegramApiEmulator(
        token=TOKEN, bot_username=BOT_USERNAME, auto_chats=True
    ) as emulator:
        session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))
        try:
            return await run(emulator, session)
        finally:
            await session.close()


async def tokdrop_run(args: argparse.Namespace, db_url: str, folder: Path, label: str) -> Batch:
    async with migrated_database(db_url):

        async def run(emulator: TelegramApiEmulator, session: AiohttpSession) -> Batch:
            settings = bench_settings(emulator, db_url, folder)
            metrics = Metrics()
            bot = create_bot(settings, metrics, session)
            inflight = InFlight()
            services = create_services(settings, metrics)
            try:
                dispatcher = create_dispatcher(Locales(), settings, services, inflight)
                freeze_startup_objects()  # as run_bot does once start-up is built
                return await drive(emulator, bot, dispatcher, inflight, args, label)
            finally:
                await services.close()

        batch = await with_emulator(run)
        await check_users(args.warmup, args.updates)
    return batch


async def check_users(warmup: int, updates: int) -> None:
    """Each /start registered its chat: N rows for the measured users, N + warm-up in all."""
    first, last = MEASURED_FIRST_ID, MEASURED_FIRST_ID + updates - 1
    async with session_scope() as s:
        measured = (
            await s.execute(
                select(func.count()).select_from(User).where(User.user_id.between(first, last))
            )
        ).scalar_one()
        total = (await s.execute(select(func.count()).select_from(User))).scalar_one()
    if measured != updates or total != warmup + updates:
        raise AssertionError(
            f"users table holds {measured} of the {updates} measured chats and "
            f"{total} rows in all, expected {updates} and {warmup + updates}"
        )


async def noop_run(args: argparse.Namespace, folder: Path) -> Batch:
    async def run(emulator: TelegramApiEmulator, session: AiohttpSession) -> Batch:
        bot = create_bot(
            bench_settings(emulator, "sqlite:///unused.sqlite3", folder), Metrics(), session
        )
        dispatcher = noop_dispatcher()
        freeze_startup_objects()  # the ceiling is measured under the same collector regime
        return await drive(emulator, bot, dispatcher, None, args, "noop")

    return await with_emulator(run)


# ---------------------------------------------------------------- logging


def quiet_logging() -> None:
    setup_logging("WARNING", secrets=[TOKEN])


def info_logging_to(path: Path) -> logging.Handler:
    """Production's INFO logging (format, redaction, quiet libraries), into a file, not stderr."""
    redactor = setup_logging("INFO", secrets=[TOKEN])
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(redactor)
    root.addHandler(handler)
    return handler


# ---------------------------------------------------------------- main


async def run(args: argparse.Namespace, new_db_url: Callable[[str], str], folder: Path) -> dict:
    # Rounds pair a tokdrop run with a noop run right after it: on a shared machine the load
    # drifts between minutes, and a ratio of two runs far apart measures the drift.
    ratios, tokdrops, noops = [], [], []
    for number in range(1, args.rounds + 1):
        tokdrop = await tokdrop_run(args, new_db_url(f"tokdrop_bench_{number}"), folder, "tokdrop")
        noop = await noop_run(args, folder)
        tokdrops.append(tokdrop)
        noops.append(noop)
        ratios.append(tokdrop.ups / noop.ups)
        log(f"round {number}: ratio tokdrop/noop = {ratios[-1]:.2f} (target >= 0.8)")
    middle = sorted(range(len(ratios)), key=ratios.__getitem__)[len(ratios) // 2]
    tokdrop, noop, ratio = tokdrops[middle], noops[middle], ratios[middle]

    if not args.skip_info_run:
        log_path = folder / "info.log"
        handler = info_logging_to(log_path)
        try:
            info = await tokdrop_run(
                args, new_db_url("tokdrop_bench_info"), folder, "tokdrop+INFO log"
            )
        finally:
            handler.close()
            quiet_logging()
        lines = sum(1 for _ in log_path.open(encoding="utf-8"))
        log(
            f"INFO logging to a file ({lines:,} lines): {info.ups:,.1f} updates/s, "
            f"{info.ups / tokdrop.ups:.2f}x the WARNING run, "
            f"{(1 / info.ups - 1 / tokdrop.ups) * 1e6:+.0f} us per update"
        )

    return {
        "db": args.db,
        "updates": args.updates,
        "tokdrop_ups": round(tokdrop.ups, 1),
        "noop_ups": round(noop.ups, 1),
        "ratio": round(ratio, 2),
        "rounds": args.rounds,
        "ratio_min": round(min(ratios), 2),
        "ratio_max": round(max(ratios), 2),
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--updates", type=int, default=5_000, help="measured /start updates (default 5,000)"
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="paired tokdrop+noop runs; the median round is reported (default 3)",
    )
    parser.add_argument(
        "--warmup", type=int, default=200, help="uncounted updates first (default 200)"
    )
    parser.add_argument(
        "--skip-info-run",
        action="store_true",
        help="leave out the extra tokdrop run with INFO logging to a file",
    )
    args = parser.parse_args(argv)
    if args.updates < 1 or args.warmup < 0 or args.rounds < 1:
        parser.error("--updates and --rounds must be positive and --warmup not negative")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    quiet_logging()
    log(
        f"{args.db}: {args.updates:,} /start updates from distinct users, "
        f"{args.warmup:,} warm-up per run"
    )
    with database_factory(args.db, log) as (new_db_url, folder):
        result = asyncio.run(run(args, new_db_url, folder))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
