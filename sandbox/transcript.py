"""Printing the bot's calls as the emulator records them, labelled by chat."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO

from devservers.telegram_api import TelegramApiEmulator
from sandbox.render import Renderer

FOLLOW_WAKE_SECONDS = 3600.0  # the wait is event-driven; this only bounds each wait call


class Transcript:
    """Writes bot output and the sandbox's own lines; keeps the bot's latest reaction."""

    def __init__(
        self,
        telegram: TelegramApiEmulator,
        renderer: Renderer,
        where: Callable[[Any], str | None],
        out: TextIO | None = None,
    ) -> None:
        """``where(chat_id)``: None for the chat the user is in, else a label for that chat."""
        self.telegram = telegram
        self.renderer = renderer
        self.where = where
        self.out = out or sys.stdout
        self.reaction: list[str] = []  # bot lines since the user's last message, press or query
        self.prompt: str | None = None  # shown and waiting for input (redrawn after output)
        self._seen = 0

    def start_reaction(self) -> None:
        """The user acts: what the bot prints from now on is its reaction."""
        self.reaction = []

    def report(self, lines: list[str]) -> None:
        """Print the sandbox's answer to a question (``:backends``): it is the reaction
        ``:expect`` checks, as if the bot had said it."""
        self.reaction = list(lines)
        self._write(lines)

    def note(self, text: str) -> None:
        """Print one of the sandbox's own lines."""
        self._write(text.splitlines())

    def flush(self) -> None:
        """Print every call recorded since the last flush."""
        calls = self.telegram.calls
        while self._seen < len(calls):
            call = calls[self._seen]
            self._seen += 1
            lines = self.renderer.render(call)
            if lines:
                self.reaction.extend(lines)
                self._write(self._labelled(call.chat_id, lines))

    async def follow(self) -> None:
        """Print calls as they arrive, until cancelled."""
        while True:
            try:
                await self.telegram.wait_until(
                    lambda: len(self.telegram.calls) > self._seen, timeout=FOLLOW_WAKE_SECONDS
                )
            except TimeoutError:
                continue
            self.flush()

    def _labelled(self, chat_id: Any, lines: list[str]) -> list[str]:
        label = self.where(chat_id) if chat_id is not None else None
        prefix = "bot: " if label is None else f"bot → {label}: "
        indent = " " * len(prefix)
        return [(prefix + lines[0]).rstrip()] + [(indent + line).rstrip() for line in lines[1:]]

    def _write(self, lines: list[str]) -> None:
        text = "\n".join(lines) + "\n"
        if self.prompt is not None:  # output arrived while the user is at the prompt
            text = "\n" + text + self.prompt
        self.out.write(text)
        self.out.flush()
