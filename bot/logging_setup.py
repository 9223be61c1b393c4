"""Process logging: one format, and secrets redacted from every record before any handler sees
it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = "***"


class RedactSecrets(logging.Filter):
    """Replaces each secret (and the bot token's secret half) in a record's message and
    traceback."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        found: set[str] = set()
        for secret in secrets:
            if secret:
                found.add(secret)
                if ":" in secret:  # bot token: "<id>:<secret>"; the id alone is not secret
                    found.add(secret.split(":", 1)[1])
        self._secrets = sorted((s for s in found if len(s) >= 4), key=len, reverse=True)

    def redact(self, text: str) -> str:
        """``text`` with every secret masked."""
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        record.msg, record.args = self.redact(message), None
        if record.exc_info:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def setup_logging(level: str, secrets: Iterable[str] = ()) -> RedactSecrets:
    """Log to stderr at ``level`` with secrets redacted; returns the filter (for tests and extra
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
