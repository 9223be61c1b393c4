"""The checkpoint of an import: one ``ttbot_imports`` row per source, read at start and
updated in the transaction of every batch (so rows and checkpoint commit together)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from data.models import TtbotImport
from data.ttbot_import.mapping import TABLES, Tally

__all__ = ["PHASES", "Checkpoint", "load_checkpoint", "save_checkpoint"]

# In order: chats, chats only seen in downloads, downloads, sounds, counters, finished.
PHASES = ("users", "orphans", "videos", "music", "stats", "done")


@dataclass
class Checkpoint:
    """Where an import stands: ``last_pk`` per source table and the tally so far."""

    id: int
    source: str
    started_at: int
    phase: str = "users"
    finished_at: int | None = None
    last_pk: dict[str, int | None] = field(default_factory=lambda: dict.fromkeys(TABLES))
    tally: Tally = field(default_factory=Tally)

    def copy(self) -> Checkpoint:
        """A copy that later changes to this one leave alone (what one batch commits)."""
        return replace(
            self, last_pk=dict(self.last_pk), tally=Tally.from_json(self.tally.to_json())
        )


async def load_checkpoint(
    conn: AsyncConnection, source: str, now: int, *, create: bool = True
) -> Checkpoint | None:
    """The checkpoint of ``source``; a new one (started ``now``) when there is none and
    ``create``, else None."""
    row = (
        await conn.execute(select(TtbotImport.__table__).where(TtbotImport.source == source))
    ).first()
    if row is None:
        if not create:
            return None
        new_id = (
            await conn.execute(
                insert(TtbotImport)
                .values(source=source, started_at=now, phase=PHASES[0], tally=Tally().to_json())
                .returning(TtbotImport.id)
            )
        ).scalar_one()
        return Checkpoint(new_id, source, now)
    r = row._mapping
    return Checkpoint(
        r["id"],
        r["source"],
        r["started_at"],
        r["phase"],
        r["finished_at"],
        {table: r[f"{table}_last_pk"] for table in TABLES},
        Tally.from_json(r["tally"]),
    )


async def save_checkpoint(conn: AsyncConnection, checkpoint: Checkpoint) -> None:
    """Write ``checkpoint`` in the caller's transaction."""
    await conn.execute(
        update(TtbotImport)
        .where(TtbotImport.id == checkpoint.id)
        .values(
            phase=checkpoint.phase,
            finished_at=checkpoint.finished_at,
            tally=checkpoint.tally.to_json(),
            **{f"{table}_last_pk": checkpoint.last_pk[table] for table in TABLES},
        )
    )
