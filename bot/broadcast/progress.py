"""The texts an admin sees about a broadcast: progress bar, counters, rate, ETA, summaries."""

from __future__ import annotations

import time
from collections import deque
from datetime import UTC, datetime

from bot.i18n import Translator
from data.models import Broadcast, BroadcastStatus
from data.periods import Audience

BAR_WIDTH = 12
RATE_WINDOW = 30.0  # seconds of samples behind the rate shown


def processed(job: Broadcast) -> int:
    """Recipients with a final outcome (sent, blocked or failed)."""
    return job.sent + job.blocked + job.failed


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """``▓▓▓▓░░░░`` filled in proportion to ``done / total`` (full when there is nothing to do)."""
    filled = width if total <= 0 else min(width, done * width // total)
    return "▓" * filled + "░" * (width - filled)


def percent(done: int, total: int) -> int:
    """Whole percent done, 100 only when everything is."""
    if total <= 0 or done >= total:
        return 100
    return min(99, done * 100 // total)


def clock_duration(seconds: float) -> str:
    """``0:42``, ``12:05`` or ``1:02:05``."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


class RateMeter:
    """Recipients per second over the last ``window`` seconds, from (time, processed) samples."""

    def __init__(self, window: float = RATE_WINDOW) -> None:
        self.window = window
        self._samples: deque[tuple[float, int]] = deque()

    def add(self, done: int, at: float | None = None) -> None:
        """Record how many recipients were processed at ``at`` (monotonic seconds)."""
        at = time.monotonic() if at is None else at
        self._samples.append((at, done))
        while len(self._samples) > 2 and self._samples[1][0] <= at - self.window:
            self._samples.popleft()

    def rate(self) -> float | None:
        """Recipients per second, or None before there are two samples a moment apart."""
        if len(self._samples) < 2:
            return None
        (t0, d0), (t1, d1) = self._samples[0], self._samples[-1]
        return (d1 - d0) / (t1 - t0) if t1 - t0 >= 0.2 else None


def audience_text(t: Translator, audience: Audience, lang: str | None) -> str:
    """``all chats``, ``private chats``, ``groups``, with the language when filtered by one."""
    text = t(f"broadcast-audience-{Audience(audience).value}")
    return t("broadcast-audience-lang", audience=text, lang=lang) if lang else text


def format_progress(t: Translator, job: Broadcast, rate: float | None) -> str:
    """The live progress message of a running (or queued) broadcast."""
    done = processed(job)
    remaining = max(0, job.total - done)
    eta = clock_duration(remaining / rate) if rate and rate > 0 else t("broadcast-eta-unknown")
    return t(
        "broadcast-progress",
        id=job.id,
        bar=progress_bar(done, job.total),
        percent=percent(done, job.total),
        processed=done,
        total=job.total,
        sent=job.sent,
        blocked=job.blocked,
        failed=job.failed,
        rate=round(rate or 0.0, 1),
        eta=eta,
    )


def format_outcome(t: Translator, job: Broadcast, now: int | None = None) -> str:
    """The final text of a finished or cancelled broadcast (its summary)."""
    if job.status is BroadcastStatus.CANCELLED:
        return t(
            "broadcast-cancelled",
            id=job.id,
            total=job.total,
            sent=job.sent,
            blocked=job.blocked,
            failed=job.failed,
            unsent=max(0, job.total - processed(job)),
        )
    started = job.started_at or job.created_at
    finished = job.finished_at or (int(time.time()) if now is None else now)
    return t(
        "broadcast-done",
        id=job.id,
        total=job.total,
        sent=job.sent,
        blocked=job.blocked,
        failed=job.failed,
        duration=clock_duration(finished - started),
    )


def format_state(t: Translator, job: Broadcast, rate: float | None = None) -> str:
    """Whatever the progress message should show now: queued, progress, or the final summary."""
    if job.status in (BroadcastStatus.DONE, BroadcastStatus.CANCELLED):
        return format_outcome(t, job)
    if job.status is BroadcastStatus.QUEUED:
        return t("broadcast-queued", id=job.id, total=job.total)
    return format_progress(t, job, rate)


def format_list_item(t: Translator, job: Broadcast) -> str:
    """One line of ``/broadcasts``."""
    return t(
        "broadcast-list-item",
        id=job.id,
        status=t(f"broadcast-status-{job.status.value}"),
        audience=audience_text(t, job.audience, job.lang),
        sent=job.sent,
        total=job.total,
        blocked=job.blocked,
        failed=job.failed,
        created=datetime.fromtimestamp(job.created_at, UTC),
    )
