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

    The machine has 2 cores and the emulator runs in this process, so two bot processes share
    the CPU with it: the ratio shows what a second process adds here, not on a bigger box.

How to run (from the repository root)
    python bench/webhook_bench.py                 # 3,000 updates per run
    python bench/webhook_bench.py --updates 300   # smoke check

Progress goes to stderr; the last line of stdout is one JSON object:
    {"db", "updates", "one_process_ups", "two_processes_ups", "ratio"}
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
from devservers.bot_processes import BotProcesses
from devservers.telegram_api import TelegramApiEmulator, WebhookOptions

TOKEN = "987654:bench-webhook-token-not-a-real-one-xyz"
log = progress("webhook")


async def one_run(processes: int, db_url: str, folder: Path, args: argparse.Namespace) -> float:
    """Updates/s with ``processes`` bot processes on a fresh database."""
    async with migrated_database(db_url):
        pass
    async with TelegramApiEmulator(
        token=TOKEN, auto_chats=True, webhook_options=WebhookOptions(force_close=True)
    ) as emulator:
        bots = BotProcesses(emulator, TOKEN, db_url, folder, LOG_LEVEL="WARNING")
        try:
            await bots.start(processes)
            warm = range(1_000_000, 1_000_000 + args.warmup)
            await _answered(emulator, warm, timeout=120)
            users = range(2_000_000, 2_000_000 + args.updates)
            started = time.perf_counter()
            seconds = await _answered(emulator, users, timeout=600) - started
        finally:
            codes = await bots.stop()
        if any(code != 0 for code in codes):
            raise AssertionError(f"a bot process failed ({codes}):\n{bots.logs()}")
        replies = Counter(call.chat_id for call in emulator.calls_to("sendMessage"))
        if any(replies[user] != 1 for user in users):
            raise AssertionError("some user did not get exactly one reply")
    rate = args.updates / seconds
    log(
        f"{processes} process(es): {args.updates:,} updates in {seconds:.2f} s = "
        f"{rate:.1f} updates/s"
    )
    return rate


async def _answered(emulator: TelegramApiEmulator, users: range, timeout: float) -> float:
    """Queue /start from every user; the perf_counter time once all replies were recorded."""
    expected = len(emulator.calls_to("sendMessage")) + len(users)
    for user in users:
        emulator.send_message(user, "/start", language_code="en")
    await emulator.wait_until(
        lambda: len(emulator.calls_to("sendMessage")) >= expected, timeout=timeout
    )
    return time.perf_counter()


async def run(args: argparse.Namespace) -> dict:
    """Both runs; the figures for the JSON line."""
    with database_factory("postgres", log) as (new_db_url, folder):
        rates = []
        for processes in (1, 2):
            run_folder = folder / f"p{processes}"
            run_folder.mkdir()
            rates.append(
                await one_run(processes, new_db_url(f"webhook_{processes}"), run_folder, args)
            )
    one, two = rates
    return {
        "db": "postgres",
        "updates": args.updates,
        "one_process_ups": round(one, 1),
        "two_processes_ups": round(two, 1),
        "ratio": round(two / one, 2),
    }


def main() -> None:
    """Parse the options, run, print the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=3_000, help="timed updates per run (3,000)")
    parser.add_argument("--warmup", type=int, default=200, help="untimed updates first (200)")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
