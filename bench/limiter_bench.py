"""Benchmark: a broadcast and interactive replies sharing one outgoing budget (bot/outbox).

What it measures
    A real ``aiogram.Bot`` (``create_bot`` plus ``install_limiter``) talks HTTP on 127.0.0.1
    to the in-process Telegram Bot API emulator, which answers 429 past ``--rate`` sends in
    any sliding second (Telegram's ~30/s). The limiter runs at ``--limit`` (TG_GLOBAL_RATE,
    a little under it) with its default bursts. A Dispatcher long-polls the emulator; its
    ``/stats`` handler answers with ``message.answer`` (the interactive lane).

    1. idle: ``--users`` users send /stats at random moments while nothing else is sent;
    2. broadcast: ``--chats`` chats get one message each from ``--concurrency`` tasks inside
       ``bulk_lane()``, while ``--users`` other users send /stats at random moments.

    In both phases the users arrive uniformly at random over the same window, 90 % of the
    broadcast's expected length (``--chats / --limit``), so the two latency figures compare
    the same interactive load with and without a broadcast.

    Interactive latency runs from the moment the update is queued in the emulator to the
    moment the emulator recorded the reply. ``bulk_rate`` is broadcast messages per second
    from the start of the broadcast to the last one recorded. ``flood_errors`` counts the
    emulator's 429 answers over the whole run. The run fails (AssertionError) unless every
    chat got exactly one message and every user exactly one reply.

How to run (from the repository root)
    python bench/limiter_bench.py                 # 3,000 chats, 100 users: about 4 minutes
    python bench/limiter_bench.py --chats 300     # smoke check, under 30 s
    python bench/limiter_bench.py --chats 60 --users 5   # a few seconds

A short broadcast with the default 100 users makes replies a third of the budget (10/s in a
10 s window): two replies within 1/rate of each other then share the one reserved token and
the second waits up to 1/rate, so its latency targets only mean something on the full run.

Targets: ``bulk_rate >= 0.9 * (rate - interactive load)``, and ``interactive_p95_ms <= 2 *
interactive_p95_idle_ms`` (replies do not slow down while a broadcast runs).

Progress goes to stderr; the last line of stdout is one JSON object:
    {"bulk_rate", "interactive_p50_ms", "interactive_p95_ms", "interactive_p95_idle_ms",
     "flood_errors"}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # runnable as `python bench/limiter_bench.py`

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import Command
from aiogram.types import Message

from bench.common import progress, settings_without_files
from bot.app import create_bot
from bot.logging_setup import setup_logging
from bot.metrics import Metrics
from bot.outbox import Limiter, bulk_lane, install_limiter
from data.config import Settings
from devservers.telegram_api import Call, TelegramApiEmulator

TOKEN = "123456789:AAH-tokdrop-bench-token-0123456789"
POLLING_TIMEOUT = 10
BULK_FIRST_ID = 300_000_000
IDLE_FIRST_ID = 400_000_000
BUSY_FIRST_ID = 500_000_000
WINDOW_SHARE = 0.9

log = progress("limiter_bench")


class Replies:
    """Incremental ``wait_until`` predicate: the first sendMessage to each watched chat."""

    def __init__(self, calls: list[Call]) -> None:
        self.calls, self.position = calls, 0
        self.pushed: dict[int, float] = {}
        self.answered: dict[int, float] = {}

    def push(self, emulator: TelegramApiEmulator, user: int) -> None:
        """The user sends /stats now."""
        self.pushed[user] = time.monotonic()
        emulator.send_message(user, "/stats")

    def __call__(self) -> bool:
        calls = self.calls
        while self.position < len(calls):
            call = calls[self.position]
            self.position += 1
            if call.method == "sendMessage" and call.chat_id in self.pushed and call.ok:
                self.answered.setdefault(call.chat_id, call.at)
        return len(self.answered) == len(self.pushed)

    def latencies_ms(self, users: range) -> list[float]:
        """Push-to-reply milliseconds of ``users``, sorted."""
        return sorted((self.answered[user] - self.pushed[user]) * 1000 for user in users)


def user_window(args: argparse.Namespace) -> float:
    """Seconds over which a phase's users arrive: most of the broadcast's expected length,
    the same in both phases so their latencies compare like for like."""
    return WINDOW_SHARE * args.chats / args.limit


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted ``values``."""
    return values[max(0, math.ceil(share * len(values)) - 1)]


def stats_dispatcher() -> Dispatcher:
    """A Dispatcher whose only handler answers /stats (an interactive reply)."""
    dp, router = Dispatcher(), Router(name="stats")

    @router.message(Command("stats"))
    async def stats(message: Message) -> None:
        await message.answer("stats")

    dp.include_router(router)
    return dp


async def users_at_random(
    emulator: TelegramApiEmulator,
    replies: Replies,
    users: range,
    seconds: float,
    rng: random.Random,
) -> None:
    """Each user sends /stats once, at uniformly random moments within ``seconds``."""
    started = time.monotonic()
    for moment, user in zip(sorted(rng.uniform(0, seconds) for _ in users), users, strict=True):
        await asyncio.sleep(max(0.0, started + moment - time.monotonic()))
        replies.push(emulator, user)


async def broadcast(bot: Bot, chats: range, concurrency: int) -> None:
    """One message to every chat, ``concurrency`` sends at a time, in the bulk lane."""
    pending = iter(chats)

    async def worker() -> None:
        for chat in pending:
            await bot.send_message(chat, "news")

    with bulk_lane():
        await asyncio.gather(*(worker() for _ in range(concurrency)))


async def idle_phase(
    emulator: TelegramApiEmulator, args: argparse.Namespace, rng: random.Random
) -> list[float]:
    """Reply latencies in ms with nothing else being sent."""
    users = range(IDLE_FIRST_ID, IDLE_FIRST_ID + args.users)
    replies = Replies(emulator.calls)
    await users_at_random(emulator, replies, users, user_window(args), rng)
    await emulator.wait_until(replies, timeout=30)
    latencies = replies.latencies_ms(users)
    log(
        f"idle: {args.users} replies, p50 {percentile(latencies, 0.5):.1f} ms, "
        f"p95 {percentile(latencies, 0.95):.1f} ms"
    )
    return latencies


async def broadcast_phase(
    emulator: TelegramApiEmulator, bot: Bot, args: argparse.Namespace, rng: random.Random
) -> tuple[float, float, list[float]]:
    """(bulk messages/s, interactive messages/s, reply latencies in ms) during a broadcast."""
    chats = range(BULK_FIRST_ID, BULK_FIRST_ID + args.chats)
    users = range(BUSY_FIRST_ID, BUSY_FIRST_ID + args.users)
    replies = Replies(emulator.calls)
    first_call = len(emulator.calls)
    started = time.monotonic()
    bulk = asyncio.create_task(broadcast(bot, chats, args.concurrency))
    await users_at_random(emulator, replies, users, user_window(args), rng)
    await asyncio.wait_for(bulk, timeout=10 * args.chats / args.limit + 60)
    await emulator.wait_until(replies, timeout=30)
    sent = [
        call
        for call in emulator.calls[first_call:]
        if call.method == "sendMessage" and call.chat_id in chats and call.ok
    ]
    if sorted(call.chat_id for call in sent) != list(chats):
        raise AssertionError(f"{len(sent)} broadcast messages for {args.chats} chats")
    seconds = max(call.at for call in sent) - started
    bulk_rate, interactive_rate = args.chats / seconds, args.users / seconds
    latencies = replies.latencies_ms(users)
    log(
        f"broadcast: {args.chats:,} chats in {seconds:.1f} s = {bulk_rate:.2f} msg/s "
        f"alongside {interactive_rate:.2f} replies/s; replies p50 "
        f"{percentile(latencies, 0.5):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms"
    )
    return bulk_rate, interactive_rate, latencies


def bench_settings(emulator: TelegramApiEmulator, limit: float, folder: Path) -> Settings:
    """Settings pointing at the emulator with TG_GLOBAL_RATE = ``limit``, no config files."""
    # No separate broadcast cap: bulk may take all the global budget replies leave.
    environ = {
        "BOT_TOKEN": TOKEN,
        "TG_SERVER": emulator.base_url,
        "TG_GLOBAL_RATE": str(limit),
        "BROADCAST_RATE": str(limit),
    }
    return settings_without_files(environ, folder)


async def run(args: argparse.Namespace, folder: Path) -> dict:
    """Both phases against one emulator and bot; the JSON figures."""
    rng = random.Random(args.seed)
    async with TelegramApiEmulator(token=TOKEN, auto_chats=True) as emulator:
        emulator.set_rate_limit(args.rate)
        session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))
        settings = bench_settings(emulator, args.limit, folder)
        bot = create_bot(settings, Metrics(), session)
        limiter: Limiter = install_limiter(bot, settings)
        dp = stats_dispatcher()
        polling = asyncio.create_task(
            dp.start_polling(
                bot, handle_signals=False, close_bot_session=False, polling_timeout=POLLING_TIMEOUT
            )
        )
        try:
            await emulator.wait_until(lambda: emulator.waiting_polls() > 0, timeout=30)
            idle = await idle_phase(emulator, args, rng)
            bulk_rate, interactive_rate, busy = await broadcast_phase(emulator, bot, args, rng)
        finally:
            await dp.stop_polling()
            await asyncio.wait_for(polling, 15)
            await session.close()
        floods = sum(1 for call in emulator.calls if call.error and call.error["error_code"] == 429)
    log(f"limiter stats: {json.dumps(limiter.stats())}")
    result = {
        "bulk_rate": round(bulk_rate, 2),
        "interactive_p50_ms": round(percentile(busy, 0.5), 1),
        "interactive_p95_ms": round(percentile(busy, 0.95), 1),
        "interactive_p95_idle_ms": round(percentile(idle, 0.95), 1),
        "flood_errors": floods,
    }
    target_rate = 0.9 * (args.rate - interactive_rate)
    target_p95 = 2 * result["interactive_p95_idle_ms"]
    log(
        f"bulk_rate {result['bulk_rate']} vs target >= {target_rate:.2f} "
        f"({'met' if bulk_rate >= target_rate else 'MISSED'}); interactive p95 "
        f"{result['interactive_p95_ms']} ms vs target <= 2 x idle = {target_p95:.1f} ms "
        f"({'met' if result['interactive_p95_ms'] <= target_p95 else 'MISSED'})"
    )
    return result


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=3_000, help="broadcast chats (default 3,000)")
    parser.add_argument(
        "--users", type=int, default=100, help="users sending /stats per phase (default 100)"
    )
    parser.add_argument(
        "--rate", type=float, default=30.0, help="emulator flood limit, sends/s (default 30)"
    )
    parser.add_argument(
        "--limit", type=float, default=28.0, help="limiter TG_GLOBAL_RATE, sends/s (default 28)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=50, help="broadcast tasks at once (default 50)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random moments seed (default 1)")
    args = parser.parse_args(argv)
    if min(args.chats, args.users, args.concurrency) < 1 or min(args.rate, args.limit) <= 0:
        parser.error("--chats, --users, --concurrency, --rate and --limit must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark; progress on stderr, the JSON line on stdout."""
    args = parse_args(argv)
    setup_logging("WARNING", secrets=[TOKEN])
    log(
        f"emulator {args.rate:g}/s, limiter {args.limit:g}/s: {args.users} idle users, then "
        f"{args.chats:,} chats in bulk with {args.users} users at random moments"
    )
    with tempfile.TemporaryDirectory(prefix="tokdrop-bench-") as folder:
        result = asyncio.run(run(args, Path(folder)))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
