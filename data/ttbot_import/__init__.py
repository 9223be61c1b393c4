"""Import of a tt-bot database (tt-bot's Python versions, SQLite or PostgreSQL) into tokdrop's:
``python main.py db import-ttbot SOURCE_URL``.

One module per job: :mod:`.source` (reading the source, its schema check), :mod:`.mapping`
(the rules turning tt-bot rows into tokdrop's, and the tally of adjustments), :mod:`.target`
(writing rows), :mod:`.checkpoint`, :mod:`.verify` (hourly counters, verification),
:mod:`.report`, :mod:`.progress` and :mod:`.runner` (the phases). The data layer imports
nothing from ``bot``: the caller passes the link parser and the supported languages.
"""

from data.ttbot_import.errors import (
    ImportInterrupted,
    NotATtbotDatabase,
    SourceUnavailable,
    TtbotImportError,
    VerificationFailed,
)
from data.ttbot_import.mapping import UNRESOLVED_POST_ID, LanguageMap, LinkParser
from data.ttbot_import.progress import Progress
from data.ttbot_import.report import ImportReport, TableReport
from data.ttbot_import.runner import DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE, run_import

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "MAX_BATCH_SIZE",
    "UNRESOLVED_POST_ID",
    "ImportInterrupted",
    "ImportReport",
    "LanguageMap",
    "LinkParser",
    "NotATtbotDatabase",
    "Progress",
    "SourceUnavailable",
    "TableReport",
    "TtbotImportError",
    "VerificationFailed",
    "run_import",
]
