"""The data layer's one clock: Unix time, which callers may pin (tests, imports)."""

from __future__ import annotations

import time


def unix_now(now: int | None = None) -> int:
    """``now``, or the current Unix time in whole seconds when it is None."""
    return int(time.time()) if now is None else now


def precise_now(now: float | None = None) -> float:
    """``now``, or the current Unix time with its fraction (sub-second leases and budgets)."""
    return time.time() if now is None else now
