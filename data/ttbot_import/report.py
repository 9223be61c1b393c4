"""The import's report: per source table its rows, the rows imported, dropped (always 0: no row
is dropped, values that do not fit are adjusted) and adjusted by reason; printed as a table
and written as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from data.ttbot_import.mapping import REFERRAL_LENGTH, TABLES, UNRESOLVED_POST_ID, Tally

__all__ = ["TARGET_NAMES", "ImportReport", "TableReport", "build_report"]

TARGET_NAMES = {"users": "chats", "videos": "downloads", "music": "music"}
REFERRAL_NOTE = (
    f"referral values longer than {REFERRAL_LENGTH} characters are stored truncated to "
    f"{REFERRAL_LENGTH}; empty ones as NULL; other values that fit are kept as they are"
)
POST_ID_NOTE = (
    f"short and share links are kept unresolved: their downloads.video_id is "
    f"{UNRESOLVED_POST_ID!r} and the link is in source_url"
)


@dataclass
class TableReport:
    """One source table's line of the report."""

    table: str
    target: str
    source_rows: int
    imported: int
    adjusted: int
    reasons: dict[str, int]

    @property
    def dropped(self) -> int:
        """Rows read and not written: none, by design (values are adjusted instead)."""
        return 0

    @property
    def pending(self) -> int:
        """Rows of the source not imported yet (an interrupted or dry run)."""
        return max(self.source_rows - self.imported, 0)


@dataclass
class ImportReport:
    """What an import (or a dry run) did."""

    source: str
    target: str | None
    dry_run: bool
    complete: bool
    tables: list[TableReport]
    chats_created: int
    verified: bool | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=lambda: [REFERRAL_NOTE, POST_ID_NOTE])

    def lines(self) -> list[str]:
        """The report as a table, for stdout."""
        if self.dry_run:
            state = "dry run: nothing written"
        elif not self.complete:
            state = "interrupted: run the same command again to resume"
        elif self.verified:
            state = "complete, verified"
        else:
            state = "complete, verification FAILED"
        out = [
            f"tt-bot import from {self.source}" + (f" into {self.target}" if self.target else "")
        ]
        out.append(state)
        header = ("table", "source rows", "imported", "dropped", "adjusted", "pending")
        rows = [
            (
                f"{t.table} → {t.target}",
                *(f"{v:,}" for v in (t.source_rows, t.imported, t.dropped, t.adjusted, t.pending)),
            )
            for t in self.tables
        ]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for r in [header, *rows]:
            out.append(
                "  ".join(
                    cell.ljust(w) if i == 0 else cell.rjust(w)
                    for i, (cell, w) in enumerate(zip(r, widths, strict=True))
                )
            )
        out.append(f"chats created for downloads without one: {self.chats_created:,}")
        for t in self.tables:
            for reason, n in sorted(t.reasons.items()):
                out.append(f"  {t.table}: {reason} {n:,}")
        out += self.notes
        out += [f"problem: {p}" for p in self.problems]
        return out

    def to_json(self) -> dict:
        """The report as JSON-ready data."""
        return {
            "source": self.source,
            "target": self.target,
            "dry_run": self.dry_run,
            "complete": self.complete,
            "verified": self.verified,
            "tables": {
                t.table: {
                    "target": t.target,
                    "source_rows": t.source_rows,
                    "imported": t.imported,
                    "dropped": t.dropped,
                    "pending": t.pending,
                    "adjusted": t.adjusted,
                    "reasons": dict(sorted(t.reasons.items())),
                }
                for t in self.tables
            },
            "chats_created": self.chats_created,
            "problems": self.problems,
            "notes": self.notes,
        }

    def write_json(self, path: str | Path) -> None:
        """Write :meth:`to_json` to ``path``."""
        Path(path).write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n")


def build_report(
    source: str,
    target: str | None,
    tally: Tally,
    source_rows: dict[str, int],
    *,
    dry_run: bool,
    complete: bool,
) -> ImportReport:
    """A report from a tally and the source's row counts."""
    tables = [
        TableReport(
            name,
            TARGET_NAMES[name],
            source_rows.get(name, 0),
            tally.tables[name].imported,
            tally.tables[name].adjusted,
            dict(tally.tables[name].reasons),
        )
        for name in TABLES
    ]
    return ImportReport(source, target, dry_run, complete, tables, tally.chats_created)
