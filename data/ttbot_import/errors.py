"""What the tt-bot import reports on purpose: bad input, a stop on request, a failed check."""

from __future__ import annotations

from data.errors import DataError

__all__ = [
    "ImportInterrupted",
    "NotATtbotDatabase",
    "SourceUnavailable",
    "TtbotImportError",
    "VerificationFailed",
]


class TtbotImportError(DataError):
    """The import cannot start or go on; nothing of the current batch was written."""


class NotATtbotDatabase(TtbotImportError):
    """The source lacks tables or columns of tt-bot's schema (``missing`` names them)."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("the source is not a tt-bot database: missing " + ", ".join(missing))
        self.missing = missing


class SourceUnavailable(TtbotImportError):
    """The source database cannot be opened (its password masked in the message)."""


class ImportInterrupted(TtbotImportError):
    """Stopped on request after a committed batch; ``report`` holds the counts so far."""

    def __init__(self, report: object) -> None:
        super().__init__(
            "interrupted: every batch written so far is kept; run the same command again to "
            "resume where it stopped"
        )
        self.report = report


class VerificationFailed(TtbotImportError):
    """Source and target disagree after the import (``report`` says where)."""

    def __init__(self, report: object, problems: list[str]) -> None:
        super().__init__("verification failed: " + "; ".join(problems))
        self.report, self.problems = report, problems
