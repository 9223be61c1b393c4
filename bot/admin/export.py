"""CSV exports streamed batch by batch to a temporary file, then sent as a document.

The repository yields keyset-paginated batches (``iter_chats_for_export``,
``iter_downloads_for_export``); each batch is written and dropped before the next is read, so
memory stays flat however large the table. Files are UTF-8 with a byte-order mark (so
spreadsheets detect the encoding), comma-separated, times in ISO 8601 UTC, flags as 1/0.
"""

from __future__ import annotations

import asyncio
import csv
import gzip
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from aiogram.types import FSInputFile, Message

from bot.i18n import Translator
from bot.replies import edit_text
from data import db_service
from data.db_service import ChatExportRow, DownloadRow
from data.periods import DAY, Period

log = logging.getLogger(__name__)

ENCODING = "utf-8-sig"
PROGRESS_INTERVAL = 2.0
MAX_DAYS = 3650
USERS_HEADER = (
    "user_id",
    "type",
    "registered_at",
    "lang",
    "referral_link",
    "file_mode",
    "blocked_at",
    "last_seen_at",
    "downloads",
)
DOWNLOADS_HEADER = (
    "id",
    "user_id",
    "downloaded_at",
    "video_id",
    "source_url",
    "is_slideshow",
    "is_inline",
    "via_subscription",
    "is_processed",
    "platform",
)

Progress = Callable[[int], Awaitable[None]]


def iso(ts: int | None) -> str:
    """A Unix time as ``2026-01-31T12:00:00Z``; empty for None."""
    return "" if ts is None else datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def user_row(row: ChatExportRow) -> tuple:
    """One CSV line of the users export."""
    return (
        row.chat_id,
        "group" if row.chat_id < 0 else "private",
        iso(row.registered_at),
        row.lang,
        row.referral or "",
        int(row.file_mode),
        iso(row.blocked_at),
        iso(row.last_seen_at),
        row.downloads,
    )


def download_row(row: DownloadRow) -> tuple:
    """One CSV line of the downloads export."""
    return (
        row.id,
        row.chat_id,
        iso(row.downloaded_at),
        row.post_id,
        row.source_url,
        int(row.is_slideshow),
        int(row.is_inline),
        int(row.via_subscription),
        int(row.is_processed),
        row.platform.value,
    )


async def write_csv(
    path: Path,
    header: Iterable[str],
    batches: AsyncIterable[list],
    to_row: Callable[[object], Iterable],
    on_progress: Progress | None = None,
) -> int:
    """Stream ``batches`` into a CSV file at ``path``; returns the number of data rows.

    Only one batch is held at a time; formatting and file writes run in a worker thread so a
    slow disk never stalls the event loop; ``on_progress(rows)`` is awaited after every batch.
    """
    rows = 0
    stream = await asyncio.to_thread(open, path, "w", encoding=ENCODING, newline="")
    try:
        writer = csv.writer(stream)
        await asyncio.to_thread(writer.writerow, header)
        async for batch in batches:
            await asyncio.to_thread(_write_batch, writer, batch, to_row)
            rows += len(batch)
            if on_progress is not None:
                await on_progress(rows)
    finally:
        await asyncio.to_thread(stream.close)
    return rows


def _write_batch(writer, batch: list, to_row: Callable[[object], Iterable]) -> None:
    writer.writerows(to_row(item) for item in batch)


@dataclass(frozen=True)
class ExportJob:
    """One export: what it holds, the rows it expects (for progress) and how it writes."""

    kind: str  # "users" or "downloads"
    days: int | None = None

    @property
    def since(self) -> int | None:
        """Oldest download time included, or None for all."""
        return None if self.days is None else int(time.time()) - self.days * DAY

    def filename(self, at: int) -> str:
        """The document's file name, e.g. ``downloads-30d-20260131-1200.csv``."""
        stamp = datetime.fromtimestamp(at, UTC).strftime("%Y%m%d-%H%M")
        scope = f"-{self.days}d" if self.days is not None else ""
        return f"{self.kind}{scope}-{stamp}.csv"

    async def expected_rows(self) -> int:
        """Roughly how many rows the export will write (from counters, not a table scan)."""
        if self.kind == "users":
            counts = await db_service.chat_counts()
            return counts.users + counts.groups
        end = int(time.time()) + 1
        period = Period.all_time(end) if self.days is None else Period.last(self.days * DAY, end)
        return (await db_service.period_stats(period)).totals.downloads

    async def write(self, path: Path, on_progress: Progress | None = None) -> int:
        """Write the export to ``path``; returns the number of data rows."""
        if self.kind == "users":
            return await write_csv(
                path, USERS_HEADER, db_service.iter_chats_for_export(), user_row, on_progress
            )
        return await write_csv(
            path,
            DOWNLOADS_HEADER,
            db_service.iter_downloads_for_export(self.since),
            download_row,
            on_progress,
        )


def parse_export(argument: str | None) -> ExportJob | None:
    """``users``, ``downloads`` or ``downloads <days>`` (1…3650); None for anything else."""
    words = (argument or "").lower().split()
    if words == ["users"]:
        return ExportJob("users")
    if words == ["downloads"]:
        return ExportJob("downloads")
    if len(words) == 2 and words[0] == "downloads" and re.fullmatch(r"[0-9]{1,4}", words[1]):
        days = int(words[1])
        if 1 <= days <= MAX_DAYS:
            return ExportJob("downloads", days)
    return None


class Throttle:
    """Runs an async callback at most once per ``interval`` seconds; calls in between are
    dropped."""

    def __init__(
        self,
        callback: Progress,
        interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.callback, self.clock = callback, clock
        self.interval = PROGRESS_INTERVAL if interval is None else interval
        self._last = clock()

    async def __call__(self, rows: int) -> None:
        now = self.clock()
        if now - self._last >= self.interval:
            self._last = now
            await self.callback(rows)


def new_temp_path(prefix: str, suffix: str = ".csv") -> Path:
    """A fresh, empty temporary file with a unique name (the caller deletes it)."""
    fd, name = tempfile.mkstemp(prefix=f"tokdrop-{prefix}-", suffix=suffix)
    os.close(fd)
    return Path(name)


def gzip_file(source: Path, target: Path) -> int:
    """Compress ``source`` into ``target`` in chunks; returns the compressed size."""
    with open(source, "rb") as raw, gzip.open(target, "wb", compresslevel=6) as packed:
        shutil.copyfileobj(raw, packed, 1 << 20)
    return target.stat().st_size


async def run_export(message: Message, t: Translator, job: ExportJob, upload_limit: int) -> None:
    """Write the export with a progress message, send it as a document, delete the file.

    A file over the upload limit is sent gzip-compressed; if even that is too large the
    operator is told to export fewer days.
    """
    what = job.kind
    expected = await job.expected_rows()
    status = await message.answer(t("admin-export-started", kind=what, total=expected))

    async def show(rows: int) -> None:
        """Edit the progress message."""
        await edit_text(
            status, t("admin-export-progress", kind=what, rows=rows, total=max(rows, expected))
        )

    at = int(time.time())
    path = new_temp_path(what)
    packed: Path | None = None
    try:
        rows = await job.write(path, Throttle(show))
        filename, send = job.filename(at), path
        size = path.stat().st_size
        if size > upload_limit:
            packed = new_temp_path(what, ".csv.gz")
            size = await asyncio.to_thread(gzip_file, path, packed)
            filename, send = filename + ".gz", packed
        if size > upload_limit:
            await edit_text(status, t("admin-export-too-large", size_mb=round(size / 2**20, 1)))
            return
        await message.answer_document(
            FSInputFile(send, filename=filename),
            caption=t("admin-export-caption", kind=what, rows=rows),
        )
        await edit_text(status, t("admin-export-done", kind=what, rows=rows))
    except Exception:
        log.exception("export of %s failed", what)
        await edit_text(status, t("admin-export-failed"))
    finally:
        for made in (path, packed):
            if made is not None:
                made.unlink(missing_ok=True)
