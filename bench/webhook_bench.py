"""Benchmark: updates per second through the webhook, with one and with two bot processes.

What it measures
    A throwaway PostgreSQL server and the in-process Telegram Bot API emulator (pushing with a
    new connection per request, so the kernel spreads pushes over processes sharing the port
    with SO_REUSEPORT). For each process count (1, then 2) a fresh migrated database, real
    ``python main.py`` processes in webhook mode (``devservers.bot_processes``) behind one URL,
    ``--warmup`` /start messages first (not counted), then ``--updates`` /start messages from as
    many new private users queued at once. The time runs from queueing the first to the moment
    the emulator recorded the last reply; every user must get exactly one reply (the benchmark
    fails otherwise). Sends are not rate-limited (the emulator enforces none).

    ``--flood SECONDS``: per-chat compliance. The emulator enforces Telegram's per-chat and
    per-group limits (1/s burst 3; 20/min burst 3), the bots keep their own per-chat defaults
    (only TG_GLOBAL_RATE is opened up), and from the start of the timed load one private chat
    gets /start and /help at 3 updates/s and one group at 1/s for SECONDS. The figures: sends
    the chat got in those SECONDS per second ÷ TG_CHAT_RATE (1/s), and the group's ÷
    TG_GROUP_RATE (20/min); the limits allow at most ``*_compliance_goal`` (1 plus the burst
    and the emulator's 0.25 s tolerance spread over SECONDS). Accepted sends never exceed it
    (the emulator refuses the rest with 429): ``*_attempted_compliance`` counts every send
    request, refused ones too, so it shows what the processes asked for, and ``flood_429s``
    the per-chat 429s (goal: 0). The flood's replies are not counted as the load's.

    The machine has 2 cores and the emulator runs in this process, so two bot processes share
    the CPU with it: the ratio shows what a second process adds here, not on a bigger box.

How to run (from the repository root)
    python bench/webhook_bench.py                 # 3,000 updates per run
    python bench/webhook_bench.py --updates 300   # smoke check
    python bench/webhook_bench.py --flood 20      # with a flooded chat and group for 20 s

Progress goes to stderr; the last line of stdout is one JSON object:
    {"db", "updates", "one_process_ups", "two_processes_ups", "ratio",
     "shared_chat_take": {"redis", "postgresql": {"p50_ms", "p95_ms"}}}
(``shared_chat_take``: what each send costs on top when per-chat budgets are shared: one take
of ``bot.outbox.shared``'s Redis and PostgreSQL chat buckets, 2,000 times over 1,000 chats.)
and with ``--flood``, also (the two-process run's; ``one_process_*`` the one-process run's):
    {"flood_seconds", "chat_compliance", "group_compliance", "chat_attempted_compliance",
     "group_attempted_compliance", "flood_429s": {"chat", "group"}, "chat_compliance_goal",
     "group_compliance_goal", "one_process_chat_compliance", "one_process_group_compliance",
     "one_process_flood_429s"}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # runnable as `python bench/webhook_bench.py`

from bench.common import database_factory, migrated_database, progress
from devservers.bot_processes import UNLIMITED_SENDS, BotProcesses
from devservers.flooding import CHAT_LIMIT, GROUP_LIMIT, attempts, flood
from devservers.telegram_api import TelegramApiEmulator, WebhookOptions

TOKEN = "987654:bench-webhook-token-not-a-real-one-xyz"
FLOODED_CHAT, FLOODED_GROUP, GROUP_MEMBER = 3_000_001, -1_003_000_001, 3_000_002
FLOODED = frozenset({FLOODED_CHAT, FLOODED_GROUP})
CHAT_FLOOD_RATE, GROUP_FLOOD_RATE = 3.0, 1.0  # updates/s
FLOOD_TEXTS = ("/start", "/help")
log = progress("webhook")


async def one_run(
    processes: int, db_url: str, folder: Path, args: argparse.Namespace
) -> tuple[float, dict]:
    """Updates/s with ``processes`` bot processes on a fresh database, and with ``--flood`` the
    flooded chat's and group's figures."""
    async with migrated_database(db_url):
        pass
    async with TelegramApiEmulator(
        token=TOKEN,
        auto_chats=True,
        webhook_options=WebhookOptions(force_close=True),
        chat_limits=bool(args.flood),
    ) as emulator:
        sends = {"TG_GLOBAL_RATE": "1000"} if args.flood else UNLIMITED_SENDS
        bots = BotProcesses(emulator, TOKEN, db_url, folder, sends=sends, LOG_LEVEL="WARNING")
        try:
            await bots.start(processes)
            warm = range(1_000_000, 1_000_000 + args.warmup)
            await _answered(emulator, warm, timeout=120)
            users = range(2_000_000, 2_000_000 + args.updates)
            flooding = _flood(emulator, args.flood)
            flood_start = time.monotonic()
            started = time.perf_counter()
            seconds = await _answered(emulator, users, timeout=600) - started
            flooded = await flooding
        finally:
            codes = await bots.stop()
        if any(code != 0 for code in codes):
            raise AssertionError(f"a bot process failed ({codes}):\n{bots.logs()}")
        replies = Counter(call.chat_id for call in emulator.calls_to("sendMessage"))
        if any(replies[user] != 1 for user in users):
            raise AssertionError("some user did not get exactly one reply")
        figures = _compliance(emulator, flood_start, args.flood) if args.flood else {}
    rate = args.updates / seconds
    log(
        f"{processes} process(es): {args.updates:,} updates in {seconds:.2f} s = "
        f"{rate:.1f} updates/s" + (f"; flood of {flooded} updates: {figures}" if args.flood else "")
    )
    return rate, figures


def _flood(emulator: TelegramApiEmulator, seconds: float) -> asyncio.Future[int]:
    """Start flooding the chat and the group for ``seconds`` (0: not at all); the future's
    result is how many updates were queued."""

    async def both() -> int:
        if not seconds:
            return 0
        counts = await asyncio.gather(
            flood(emulator, FLOODED_CHAT, FLOOD_TEXTS, per_second=CHAT_FLOOD_RATE, seconds=seconds),
            flood(
                emulator,
                FLOODED_GROUP,
                FLOOD_TEXTS,
                per_second=GROUP_FLOOD_RATE,
                seconds=seconds,
                user_id=GROUP_MEMBER,
                chat_type="supergroup",
            ),
        )
        return sum(counts)

    return asyncio.ensure_future(both())


def _compliance(emulator: TelegramApiEmulator, start: float, seconds: float) -> dict:
    """The flooded chat's and group's sends per second over their limit's rate (accepted, and
    asked for: accepted or refused), and the per-chat 429s."""
    chat, group = emulator.chat_traffic(FLOODED_CHAT), emulator.chat_traffic(FLOODED_GROUP)
    chat_asked, group_asked = attempts(emulator, FLOODED_CHAT), attempts(emulator, FLOODED_GROUP)
    return {
        "chat_compliance": round(CHAT_LIMIT.compliance(chat, start, seconds), 3),
        "group_compliance": round(GROUP_LIMIT.compliance(group, start, seconds), 3),
        "chat_attempted_compliance": round(CHAT_LIMIT.compliance(chat_asked, start, seconds), 3),
        "group_attempted_compliance": round(GROUP_LIMIT.compliance(group_asked, start, seconds), 3),
        "flood_429s": {"chat": emulator.flood_429s("chat"), "group": emulator.flood_429s("group")},
    }


async def _answered(emulator: TelegramApiEmulator, users: range, timeout: float) -> float:
    """Queue /start from every user; the perf_counter time once all replies were recorded
    (replies to the flooded chats not counted)."""

    def replies() -> int:
        return sum(1 for call in emulator.calls_to("sendMessage") if call.chat_id not in FLOODED)

    expected = replies() + len(users)
    for user in users:
        emulator.send_message(user, "/start", language_code="en")
    await emulator.wait_until(lambda: replies() >= expected, timeout=timeout)
    return time.perf_counter()


TAKES = 2_000  # shared per-chat takes timed per store
OPEN = (1e6, 1e6, 1e6, 1e6)  # rates and bursts no take waits on: the round trip alone


async def _time_takes(buckets) -> dict[str, float]:
    """Median and p95 milliseconds of one take, over chats in turn (a tenth of them groups)."""
    times = []
    try:
        for i in range(TAKES + 100):
            chat = -(10**12 + i % 1000) if i % 10 == 0 else 10_000 + i % 1000
            started = time.perf_counter()
            await buckets.take(chat, 1)
            if i >= 100:  # the first ones warm up (connections, script load)
                times.append(time.perf_counter() - started)
    finally:
        await buckets.aclose()
    times.sort()
    return {
        "p50_ms": round(times[len(times) // 2] * 1000, 3),
        "p95_ms": round(times[int(len(times) * 0.95)] * 1000, 3),
    }


async def shared_take_cost(db_url: str) -> dict[str, dict[str, float]]:
    """What one take of the shared per-chat send buckets costs: Redis (a Lua script) and
    PostgreSQL (one statement), each on a throwaway server of this machine."""
    from bot.outbox.shared.database_chats import DatabaseChatBuckets
    from bot.outbox.shared.redis_chats import RedisChatBuckets
    from devservers.redis import RedisServer

    costs = {}
    redis = RedisServer()
    try:
        costs["redis"] = await _time_takes(RedisChatBuckets.from_url(redis.start(), *OPEN))
    finally:
        redis.stop()
    async with migrated_database(db_url):
        costs["postgresql"] = await _time_takes(DatabaseChatBuckets(*OPEN, "bench"))
    return costs


async def run(args: argparse.Namespace) -> dict:
    """Both runs; the figures for the JSON line."""
    with database_factory("postgres", log) as (new_db_url, folder):
        runs = []
        for processes in (1, 2):
            run_folder = folder / f"p{processes}"
            run_folder.mkdir()
            runs.append(
                await one_run(processes, new_db_url(f"webhook_{processes}"), run_folder, args)
            )
        take_cost = await shared_take_cost(new_db_url("takes"))
        log(f"one shared per-chat take: {take_cost}")
    (one, one_flood), (two, two_flood) = runs
    figures = {
        "db": "postgres",
        "updates": args.updates,
        "one_process_ups": round(one, 1),
        "two_processes_ups": round(two, 1),
        "ratio": round(two / one, 2),
        "shared_chat_take": take_cost,
    }
    if args.flood:
        figures |= {
            "flood_seconds": args.flood,
            **two_flood,
            "chat_compliance_goal": round(CHAT_LIMIT.compliance_goal(args.flood), 3),
            "group_compliance_goal": round(GROUP_LIMIT.compliance_goal(args.flood), 3),
            "one_process_chat_compliance": one_flood["chat_compliance"],
            "one_process_group_compliance": one_flood["group_compliance"],
            "one_process_flood_429s": one_flood["flood_429s"],
        }
    return figures


def main() -> None:
    """Parse the options, run, print the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=3_000, help="timed updates per run (3,000)")
    parser.add_argument("--warmup", type=int, default=200, help="untimed updates first (200)")
    parser.add_argument(
        "--flood",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="flood one chat and one group for SECONDS from the timed load's start, with "
        "Telegram's per-chat limits enforced, and report their compliance (0: off)",
    )
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
