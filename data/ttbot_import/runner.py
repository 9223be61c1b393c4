"""The import of a tt-bot database into the configured one: phases, batches, checkpoints.

Phases, each resumable: ``users`` (chats, merged with the target's), ``orphans`` (chats only
seen in downloads, created with their first download as registration), ``videos`` and
``music`` (appended), then the hourly counters of the imported range rebuilt beside the
verification. Every batch — its rows and its checkpoint — is one transaction, written while
the next page is read and mapped (:mod:`.rows`), by two connections at once on PostgreSQL
and committed in reading order (:mod:`.writers`): killed at any moment, the next run starts
after the last committed batch, and a finished import run again finds nothing new to write.
Each run reads the source up to the primary keys it had when the run began.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections import Counter
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from data import database
from data.clock import unix_now
from data.database import normalise_url, shown_url
from data.migrate import upgrade_to_head
from data.process_lock import lock_single_process
from data.ttbot_import.chat_check import (
    remove_rows_of_gone_chats,
    row_checks_can_wait,
    wait_for_writers_of_users,
)
from data.ttbot_import.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from data.ttbot_import.errors import (
    ImportInterrupted,
    TtbotImportError,
    VerificationFailed,
)
from data.ttbot_import.mapping import (
    TABLES,
    LanguageMap,
    LinkParser,
    Tally,
)
from data.ttbot_import.progress import Progress
from data.ttbot_import.report import ImportReport, build_report
from data.ttbot_import.rows import RowMapper
from data.ttbot_import.source import Source, open_source, source_identity
from data.ttbot_import.target import (
    chat_registrations,
    existing_chats,
    insert_rows,
    upsert_chats,
)
from data.ttbot_import.verify import (
    SourceDays,
    all_or_none,
    count_source_days,
    rebuild_counters,
    verify,
)
from data.ttbot_import.writers import InOrder, Writers

log = logging.getLogger("tokdrop.ttbot_import")

__all__ = ["DEFAULT_BATCH_SIZE", "MAX_BATCH_SIZE", "check_distinct", "run_import"]

DEFAULT_BATCH_SIZE = 20_000
MAX_BATCH_SIZE = 100_000
# Connections writing downloads and sounds at once into PostgreSQL (SQLite has one writer).
POSTGRES_WRITERS = 2


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def check_distinct(source_url: str, target_url: str) -> None:
    """Refuse a source that is the target itself."""
    source, target = normalise_url(source_url), normalise_url(target_url)
    if source.get_backend_name() != target.get_backend_name():
        return
    if source.get_backend_name() == "sqlite":
        same = _same_file(Path(source.database or ""), Path(target.database or ""))
    else:
        same = source_identity(source) == source_identity(target)
    if same:
        raise TtbotImportError(
            f"the source {shown_url(source)} is the target database itself (DB_URL): "
            "import from tt-bot's database into another one"
        )


Prepare = Callable[[list], Awaitable[Any]]
Write = Callable[[AsyncConnection, Any], Awaitable[None]]


@dataclass
class _Batch:
    """One page on its way to the target: how to write it, what to write, the checkpoint
    that counts it, its number of source rows."""

    write: Write
    prepared: Any
    checkpoint: Checkpoint
    rows: int


class _Run:
    """One run of the import: the source, the target engine (None in a dry run), the state."""

    def __init__(
        self,
        source: Source,
        batch_size: int,
        progress: Progress,
        stop: asyncio.Event,
    ) -> None:
        self.source = source
        self.batch, self.progress, self.stop = batch_size, progress, stop
        self.engine = None
        self.writers = 1
        self.chats_at_end = False  # see data.ttbot_import.chat_check
        self.cp: Checkpoint | None = None
        self.rows_of: RowMapper | None = None  # made once the checkpoint is loaded
        self.upto: dict[str, int | None] = {}
        self.rows: dict[str, int] = {}
        self.orphans: list[tuple[int, int | None, int, int]] = []

    @property
    def tally(self) -> Tally:
        return self.cp.tally

    def _check_stop(self) -> None:
        if self.stop.is_set():
            raise ImportInterrupted(self.report(complete=False))

    def report(self, *, complete: bool) -> ImportReport:
        url = None if self.engine is None else self.engine.url
        target = None if url is None else shown_url(url.set(drivername=url.get_backend_name()))
        return build_report(
            self.source.shown,
            target,
            self.tally,
            self.rows,
            dry_run=self.engine is None,
            complete=complete,
        )

    async def _in_batch(self, write) -> None:
        """Run ``write(conn)`` and save the checkpoint in one transaction (nothing in a dry
        run: the tally alone moves on)."""
        if self.engine is None:
            await write(None)
            return
        async with self.engine.begin() as conn:
            await write(conn)

    # -- users ---------------------------------------------------------------------------------
    async def users(self) -> None:
        await self._pipeline("users", self._prepare_users, upsert_chats)

    async def _prepare_users(self, rows: list) -> list[dict]:
        """Map a page of users, count the merges with chats the target has."""
        mapped, times = self.rows_of.users(rows)
        if self.engine is not None:
            t = self.tally.tables["users"]
            # Each chat is in one page only, so what the target has of them does not depend
            # on the pages still being written.
            async with self.engine.connect() as conn:
                before = await existing_chats(conn, [m["user_id"] for m in mapped])
            for m in mapped:
                old = before.get(m["user_id"])
                if old is None:
                    continue
                t.add("merged")
                if m["registered_at"] < old[0]:
                    t.add("merged_registration_earlier")
                    times.append(old[0])  # its old hour loses a new chat
        self.tally.span(min(times), max(times))
        return mapped

    # -- chats only seen in downloads ----------------------------------------------------------
    async def orphan_chats(self) -> None:
        self.orphans = await self.source.orphan_chats(self.upto)
        for table, index in (("videos", 2), ("music", 3)):
            missing = sum(o[index] for o in self.orphans)
            reasons = self.tally.tables[table].reasons
            reasons.pop("chat_missing", None)
            if missing:
                reasons["chat_missing"] = missing  # an absolute count: every run recounts it
        start = self.cp.started_at
        mapped = [
            {
                "user_id": chat,
                "registered_at": first if first is not None else start,
                "lang": "en",
                "link": None,
                "file_mode": False,
                "ad_count": 0,
                "ad_cooldown": 0,
                "last_seen_at": first if first is not None else start,
            }
            for chat, first, _, _ in self.orphans
        ]

        async def write(conn):
            if conn is None:
                self.tally.chats_created = len(mapped)
                return
            for at in range(0, len(mapped), self.batch):
                part = mapped[at : at + self.batch]
                before = await existing_chats(conn, [m["user_id"] for m in part])
                self.tally.chats_created += len(part) - len(before)
                for m in part:
                    old = before.get(m["user_id"])
                    if old is None or m["registered_at"] < old[0]:
                        self.tally.span(m["registered_at"], None if old is None else old[0])
                await upsert_chats(conn, part)
            self.cp.phase = "orphans"
            await save_checkpoint(conn, self.cp)

        await self._in_batch(write)
        self._check_stop()

    # -- downloads and sounds ------------------------------------------------------------------
    async def events(self, table: str) -> None:
        """Append the downloads or sounds."""

        async def write(conn, out: list[tuple]) -> None:
            await insert_rows(conn, table, out, check_chats=not self.chats_at_end)

        await self._pipeline(table, partial(self._prepare_events, table), write)

    async def _prepare_events(self, table: str, rows: list) -> list[tuple]:
        """Map a page of downloads or sounds (the chat's registration for a missing time)."""
        mapper = self.rows_of.videos if table == "videos" else self.rows_of.music
        untimed = list({r[1] for r in rows if r[2] is None})
        out = mapper(rows, await self._registrations(untimed))
        times = list(map(itemgetter(1), out))
        self.tally.span(min(times), max(times))
        return out

    async def _pipeline(self, table: str, prepare: Prepare, write: Write) -> None:
        """Import the pages of ``table`` not imported yet, in primary-key order: each page is
        read while the one before is prepared, ``prepare(rows)`` maps and counts it (in
        reading order), and ``write(conn, prepared)`` writes it in a transaction of its own,
        by up to :attr:`writers` connections at once, committed in reading order with the
        checkpoint that counts it."""
        self.progress.start(table, self.rows[table], self.tally.tables[table].imported)
        writers = Writers(self.writers, self.progress.advance)
        reading = asyncio.ensure_future(self._page(table, self.cp.last_pk[table]))
        try:
            while rows := await reading:
                reading = asyncio.ensure_future(self._page(table, rows[-1][0]))
                prepared = await prepare(rows)
                self.tally.tables[table].imported += len(rows)
                self.cp.last_pk[table], self.cp.phase = rows[-1][0], table
                batch = _Batch(write, prepared, self.cp.copy(), len(rows))
                await writers.submit(partial(self._write_batch, batch, writers.turns))
                if self.stop.is_set():
                    await writers.drain()
                    self._check_stop()
            await writers.drain()
        finally:
            if not reading.done():
                reading.cancel()
                await asyncio.gather(reading, return_exceptions=True)
            await writers.cancel()
        self.progress.close()

    async def _page(self, table: str, after: int | None) -> list:
        return await self.source.page(table, after, self.batch, self.upto[table])

    async def _registrations(self, chats: list[int]) -> dict[int, int]:
        """The target's registration times of ``chats`` (those with downloads lacking a
        time; the users phase is over, so they no longer move)."""
        if self.engine is None or not chats:
            return {}
        async with self.engine.connect() as conn:
            return await chat_registrations(conn, chats)

    async def _write_batch(self, batch: _Batch, turns: InOrder, seq: int) -> int:
        """Batch ``seq``: its rows, then (its turn come) its checkpoint, in one transaction
        (nothing in a dry run); its source rows' count."""
        if self.engine is not None:
            async with self.engine.begin() as conn:
                await batch.write(conn, batch.prepared)
                await turns.wait(seq)
                await save_checkpoint(conn, batch.checkpoint)
        await turns.done(seq)
        return batch.rows

    # -- counters, verification ----------------------------------------------------------------
    async def counters(self, events_per_day: dict[int, int] | None = None) -> None:
        if self.engine is None:
            return
        dirty = self.tally.dirty
        if dirty is not None:
            done = await rebuild_counters(
                dirty[0],
                dirty[1],
                keep_going=lambda: not self.stop.is_set(),
                workers=self.writers,
                events_per_day=events_per_day,
            )
            if not done:
                self._check_stop()
        self.tally.dirty = None
        self.cp.phase, self.cp.finished_at = "done", unix_now()
        async with self.engine.begin() as conn:
            await save_checkpoint(conn, self.cp)
        self._check_stop()

    async def finish(self, source_days: SourceDays) -> list[str]:
        """After the rows: rebuild the counters and verify, side by side; the problems found.
        Chats left unchecked are settled (see :mod:`data.ttbot_import.chat_check`); in the
        rare case some were deleted meanwhile, their rows are removed, the counters rebuilt
        and the target counted again."""
        dirty = self.tally.dirty
        # Where the imported events fall, to cut the counters' rebuild into even chunks.
        per_day = Counter(source_days["videos"][0])
        per_day.update(source_days["music"][0])

        def checks() -> Awaitable[list[str]]:
            return verify(
                self.engine,
                self.source,
                source_days,
                self.cp.id,
                self.upto,
                self.rows,
                [o[0] for o in self.orphans],
                page=self.batch,
            )

        if self.chats_at_end:
            await wait_for_writers_of_users(self.engine)
        _, problems = await all_or_none(self.counters(per_day), checks())
        if not problems or not self.chats_at_end:
            return problems
        gone = await remove_rows_of_gone_chats(self.engine, self.cp.id)
        if gone is None:
            return problems
        self.tally.dirty = dirty
        await self.counters(per_day)
        return [gone.problem(), *await checks()]


async def run_import(
    source_url: str,
    target_url: str,
    *,
    parse_link: LinkParser,
    languages: Collection[str],
    batch_size: int = DEFAULT_BATCH_SIZE,
    dry_run: bool = False,
    progress: Progress | None = None,
    stop: asyncio.Event | None = None,
) -> ImportReport:
    """Import the tt-bot database at ``source_url`` into ``target_url`` (upgraded to the newest
    schema first); with ``dry_run`` read and map the whole source and write nothing.

    ``parse_link`` gives ``(platform, post id or None)`` of a post link, None otherwise;
    ``languages`` are the supported locales. Returns the report of a complete, verified
    import (or dry run). Raises :class:`ImportInterrupted` when ``stop`` is set (after the
    batch in flight is committed), :class:`VerificationFailed` when source and target
    disagree, and another :class:`TtbotImportError` (or DataError) for bad input.
    """
    if not 1 <= batch_size <= MAX_BATCH_SIZE:
        raise TtbotImportError(f"--batch-size must be between 1 and {MAX_BATCH_SIZE}")
    check_distinct(source_url, target_url)
    stop = stop or asyncio.Event()
    source = await open_source(source_url)
    lock = source_days = None
    run = _Run(source, batch_size, progress or Progress(), stop)
    try:
        await source.check_schema()
        run.upto = {table: await source.last_pk(table) for table in TABLES}
        run.rows = {table: await source.count(table, run.upto[table]) for table in TABLES}
        now = unix_now()
        if dry_run:
            run.cp = Checkpoint(0, source.identity, now)
        else:
            lock = lock_single_process(target_url)
            if normalise_url(target_url).get_backend_name() == "postgresql":
                run.writers = POSTGRES_WRITERS
            # A connection per writer, and one for the lookups between batches.
            run.engine = await database.init_database(target_url, pool_size=run.writers + 1)
            await upgrade_to_head(run.engine)
            run.chats_at_end = await row_checks_can_wait(run.engine)
            if run.writers > 1 and not run.chats_at_end:
                log.info(
                    "the target's role may not set session_replication_role: each row's chat "
                    "is checked by the foreign key as it is written (slower; see the README)"
                )
            async with run.engine.begin() as conn:
                run.cp = await load_checkpoint(conn, source.identity, now)
            # The source's side of the verification, counted while the rows are imported.
            source_days = asyncio.ensure_future(count_source_days(source_url, run.upto))
        has_ads = {"ad_count", "ad_cooldown"} <= source.present.get("users", set())
        run.rows_of = RowMapper(run.cp, LanguageMap(languages), parse_link, has_ads)
        await run.users()
        await run.orphan_chats()
        await run.events("videos")
        await run.events("music")
        if run.engine is None:
            return run.report(complete=True)
        problems = await run.finish(await source_days)
        report = run.report(complete=True)
        report.problems, report.verified = problems, not problems
        if problems:
            raise VerificationFailed(report, problems)
        return report
    finally:
        if source_days is not None and not source_days.done():
            source_days.cancel()
            await asyncio.gather(source_days, return_exceptions=True)
        await source.close()
        if run.engine is not None:
            await database.dispose_database()
        if lock is not None:
            lock.release()
