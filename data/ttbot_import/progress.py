"""Progress of an import: a tqdm bar per table on a terminal (rows, rows/s, ETA), else one log
line every few batches."""

from __future__ import annotations

import logging
import sys
import time

__all__ = ["LOG_EVERY", "Progress"]

log = logging.getLogger("tokdrop.ttbot_import")
LOG_EVERY = 10  # batches between log lines when not on a terminal


class Progress:
    """Reports the rows done per table. ``bars`` None: bars when stdout is a terminal."""

    def __init__(self, *, bars: bool | None = None, every: int = LOG_EVERY) -> None:
        self.bars = sys.stdout.isatty() if bars is None else bars
        self.every = max(every, 1)
        self._bar = None
        self._table, self._total, self._done, self._batches = "", 0, 0, 0
        self._started, self._start_done = 0.0, 0

    def start(self, table: str, total: int, done: int) -> None:
        """A table begins (``done`` rows of ``total`` already imported by earlier runs)."""
        self.close()
        self._table, self._total, self._done, self._batches = table, total, done, 0
        self._started, self._start_done = time.monotonic(), done
        if self.bars:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total, initial=done, desc=table, unit=" rows", unit_scale=True, leave=True
            )
        else:
            log.info("%s: %d of %d rows imported before, starting", table, done, total)

    def advance(self, rows: int) -> None:
        """One batch of ``rows`` rows committed."""
        self._done += rows
        self._batches += 1
        if self._bar is not None:
            self._bar.update(rows)
        elif self._batches % self.every == 0:
            self._log()

    def _log(self) -> None:
        elapsed = max(time.monotonic() - self._started, 1e-9)
        rate = (self._done - self._start_done) / elapsed
        left = max(self._total - self._done, 0)
        eta = f"{left / rate:.0f} s" if rate > 0 else "?"
        log.info(
            "%s: %d/%d rows (%.0f rows/s, about %s left)",
            self._table,
            self._done,
            self._total,
            rate,
            eta,
        )

    def close(self) -> None:
        """The current table is done."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self._table and self._batches % self.every:
            self._log()
        self._table = ""
