"""What counts as the bot having failed while the sandbox runs.

- an ERROR (or CRITICAL) log record from any logger: the bot's handlers and its error router
  (an exception in a handler is logged there), aiogram, the database, the emulators;
- a Bot API call the emulator rejected, except the answers the bot is built to handle:
  ``EXPECTED_REJECTIONS`` below (a stale file_id it re-uploads, an edit that changes nothing,
  a chat that blocked the bot).

The sandbox's own mistakes (an unknown command, a missing button) are not the bot's failures.
"""

from __future__ import annotations

import logging

from devservers.telegram_api import Call

# (error code, part of the description): rejections the bot recovers from by design.
EXPECTED_REJECTIONS = (
    (400, "wrong file identifier"),  # a cached file_id Telegram forgot: the bot fetches afresh
    (400, "message is not modified"),  # re-editing a message to the same text
    (403, ""),  # the user blocked the bot, or the bot left the group: it marks the chat blocked
)


def is_expected(call: Call) -> bool:
    """Whether a rejected call is one the bot handles as part of its normal work."""
    error = call.error or {}
    code, description = error.get("error_code"), str(error.get("description", "")).lower()
    return any(code == c and part in description for c, part in EXPECTED_REJECTIONS)


class ErrorWatch(logging.Handler):
    """Collects ERROR log records and unexpected rejected calls; ``take_new`` reports each once."""

    def __init__(self, redact: logging.Filter | None = None) -> None:
        super().__init__(logging.ERROR)
        if redact is not None:
            self.addFilter(redact)  # problems are printed: no secret may show
        self._records: list[str] = []
        self._calls_checked = 0

    def emit(self, record: logging.LogRecord) -> None:
        text = f"{record.levelname} {record.name}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            text += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
        elif record.exc_text:  # the redacting filter already turned the exception into text
            text += f" ({record.exc_text.strip().splitlines()[-1]})"
        self._records.append(text)

    def install(self) -> None:
        """Start collecting from the root logger."""
        logging.getLogger().addHandler(self)

    def uninstall(self) -> None:
        """Stop collecting."""
        logging.getLogger().removeHandler(self)

    def take_new(self, calls: list[Call]) -> list[str]:
        """Problems seen since the last call: log records, then unexpected rejections."""
        problems, self._records = self._records, []
        fresh, self._calls_checked = calls[self._calls_checked :], len(calls)
        problems += [
            f"the emulator rejected {call.describe()}"
            for call in fresh
            if not call.ok and not is_expected(call)
        ]
        return problems
