"""The interactive chat: lines from stdin (read in a thread, off the event loop), acted on in
turn, while the bot's messages print as they arrive."""

from __future__ import annotations

import asyncio
import sys
import threading

from sandbox.commands import InvalidLine, parse_line
from sandbox.session import UPDATES_BOT, ExpectationFailed, Session
from sandbox.transcript import Transcript
from sandbox.world import World

PROMPT = "> "
SETTLE_TIMEOUT = 60.0


class StdinLines:
    """One line of stdin per ``read()``; None at end of input.

    A daemon thread does the blocking read, only when asked, so a terminal's prompt and line
    editing (``input()`` with readline) belong to the line being typed.
    """

    def __init__(self) -> None:
        self.interactive = sys.stdin.isatty()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wanted = threading.Event()
        self._prompt = ""
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()

    def start(self) -> None:
        """Start the reader thread (call inside the running loop)."""
        self._loop = asyncio.get_running_loop()
        if self.interactive:
            import readline  # noqa: F401 - gives input() line editing and history
        threading.Thread(target=self._run, name="sandbox-stdin", daemon=True).start()

    async def read(self, prompt: str = "") -> str | None:
        """The next line (without its newline), showing ``prompt`` on a terminal."""
        self._prompt = prompt if self.interactive else ""
        self._wanted.set()
        return await self._lines.get()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            try:
                line: str | None = input(self._prompt)
            except EOFError:
                line = None
            except (OSError, ValueError):  # a closed or undecodable stdin ends it like EOF
                line = None
            try:
                self._loop.call_soon_threadsafe(self._lines.put_nowait, line)
            except RuntimeError:  # the loop is closed: the sandbox is exiting
                return
            if line is None:
                return


async def chat(world: World, session: Session, transcript: Transcript, lines: StdinLines) -> int:
    """Talk to the bot until ``:quit`` or end of input; returns the exit status (0)."""
    while True:
        transcript.prompt = PROMPT if lines.interactive else None
        line = await lines.read(PROMPT)
        transcript.prompt = None
        if line is None:
            break
        if not lines.interactive and line.strip():
            transcript.note(f"{session.speaker}: {line.strip()}")  # piped input: echo it
        try:
            action = parse_line(line)
            if action is None:
                continue
            if not await session.perform(action):
                break
        except (InvalidLine, ExpectationFailed) as exc:
            transcript.note(f"! {exc}")
            continue
        if isinstance(action, UPDATES_BOT):
            try:
                await world.settle(SETTLE_TIMEOUT)
            except TimeoutError:
                transcript.note(f"! the bot is still busy after {SETTLE_TIMEOUT:.0f} s")
        transcript.flush()
        if failure := world.polling_failure():
            transcript.note(f"! {failure}")
            return 1
    return 0
