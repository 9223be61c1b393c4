"""Benchmark: memory the per-chat gate (bot/media/limits.py) holds for chats that went quiet.

What it measures
    ``--chats`` chats each send one link (``admit`` then ``release``) inside one minute of a
    fake clock; then the clock moves on ``--idle-minutes`` and one more chat sends a link (any
    traffic sweeps). Python's allocations are traced (tracemalloc) around the gate: what it holds
    with every chat inside the window, and what it still holds once they are idle. A second,
    untraced run times ``admit`` + ``release`` per link.

How to run (from the repository root)
    python bench/gate_memory_bench.py                  # 100,000 chats: a few seconds
    python bench/gate_memory_bench.py --chats 1000     # smoke check

Target: after the idle period the gate holds O(active chats): a few KB, not one entry per chat
ever seen (main held about 84 MB for 100,000 chats).

The last line of stdout is one JSON object:
    {"chats", "held_mb_in_window", "held_kb_after_idle", "tracked_after_idle", "admit_release_us"}
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # runnable as `python bench/gate_memory_bench.py`

from bot.media.limits import WINDOW_SECONDS, ChatGate


class FakeClock:
    """Seconds that move only when told."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def one_link_each(gate: ChatGate, clock: FakeClock, chats: int) -> None:
    """Every chat sends one link, spread over less than a minute."""
    step = (WINDOW_SECONDS / 2) / chats
    for chat_id in range(chats):
        gate.admit(chat_id, 1, per_minute=20, in_flight=2)
        gate.release(chat_id)
        clock.now += step


def measure(chats: int, idle_minutes: float) -> dict[str, float]:
    clock = FakeClock()
    tracemalloc.start()
    try:
        gate = ChatGate(8, clock=clock)
        base = tracemalloc.get_traced_memory()[0]
        one_link_each(gate, clock, chats)
        in_window = tracemalloc.get_traced_memory()[0] - base
        clock.now += idle_minutes * 60
        gate.admit(-1, 1, per_minute=20, in_flight=2)
        gate.release(-1)
        after_idle = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    tracked = gate.tracked_chats()

    clock = FakeClock()
    gate = ChatGate(8, clock=clock)
    started = time.perf_counter()
    one_link_each(gate, clock, chats)
    per_link_us = (time.perf_counter() - started) / chats * 1e6
    return {
        "chats": chats,
        "held_mb_in_window": round(in_window / 1e6, 2),
        "held_kb_after_idle": round(after_idle / 1e3, 2),
        "tracked_after_idle": tracked,
        "admit_release_us": round(per_link_us, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--idle-minutes", type=float, default=60.0)
    args = parser.parse_args()
    print(json.dumps(measure(args.chats, args.idle_minutes)))


if __name__ == "__main__":
    main()
