"""Counters the limiter keeps, read as one plain dict for a metrics endpoint."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .lanes import LANES, Lane


@dataclass
class LaneStats:
    """What one lane did since start."""

    sends: int = 0  # calls granted
    units: int = 0  # budget they used (an album of N counts N)
    waits: int = 0  # calls held back at least once for budget or a pause
    wait_seconds: float = 0.0  # total time calls spent queued, held back or not
    flood_429: int = 0  # 429 answers from Telegram (each one paused a chat or the bot)
    chat_pauses: int = 0  # 429s that paused only their chat
    bot_pauses: int = 0  # 429s that paused the whole bot
    ambiguous: int = 0  # sends that may or may not have arrived (AmbiguousSend raised)


@dataclass
class Stats:
    """Per-lane counters plus calls that cost nothing and shared chat store failures."""

    lanes: dict[Lane, LaneStats] = field(
        default_factory=lambda: {lane: LaneStats() for lane in LANES}
    )
    passthrough: int = 0  # calls that cost no budget (getUpdates, answerCallbackQuery, ...)
    shared_chat_errors: int = 0  # shared chat store calls that raised (paced locally instead)

    def __getitem__(self, lane: Lane) -> LaneStats:
        return self.lanes[lane]

    def snapshot(self, **gauges: object) -> dict:
        """``{"interactive": {...}, "bulk": {...}, "passthrough": n, "shared_chat_errors": n,
        **gauges}``, JSON-ready."""
        result: dict = {str(lane): asdict(stats) for lane, stats in self.lanes.items()}
        for stats in result.values():
            stats["wait_seconds"] = round(stats["wait_seconds"], 6)
        result["passthrough"] = self.passthrough
        result["shared_chat_errors"] = self.shared_chat_errors
        result.update(gauges)
        return result
