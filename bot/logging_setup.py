"""Process logging: one format, and secrets redacted from every record before any handler sees
it (messages, their arguments, tracebacks and stack traces)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

from data import redaction

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = redaction.MASK


class RedactSecrets(logging.Filter):
    """Masks the process's registered secrets (:mod:`data.redaction`) in a record's message and
    traceback; ``secrets`` given here are registered too."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        redaction.register(secrets)

    @staticmethod
    def redact(text: str) -> str:
        """``text`` with every registered secret masked."""
        return redaction.redact(text)

    def filter(self, record: logging.LogRecord) -> bool:
        if not len(redaction.DEFAULT):
            return True
        message = record.getMessage()
        record.msg, record.args = self.redact(message), None
        if record.exc_info:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def setup_logging(level: str, secrets: Iterable[str] = ()) -> RedactSecrets:
    """Log to stderr at ``level`` with secrets redacted (those registered with
    :mod:`data.redaction`, plus ``secrets``); returns the filter (for tests and extra
    handlers)."""
    redactor = RedactSecrets(secrets)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(redactor)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    quiet = logging.WARNING if level != "DEBUG" else logging.DEBUG
    for noisy in ("alembic", "aiohttp.access", "aiogram.event"):
        logging.getLogger(noisy).setLevel(quiet)
    return redactor
