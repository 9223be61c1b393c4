"""``python main.py sandbox [--script FILE]``: start the world, then chat or play the script."""

from __future__ import annotations

import asyncio
import contextlib
import io
import sys
from pathlib import Path

from bot.logging_setup import setup_logging
from sandbox import texts
from sandbox.console import StdinLines, chat
from sandbox.errors import ErrorWatch
from sandbox.render import ButtonBoard, Renderer
from sandbox.script import INVALID, InvalidScript, Step, load_script, play
from sandbox.session import Session
from sandbox.transcript import Transcript
from sandbox.world import DB_PATH, World

INTERRUPTED = 130


def run(script: Path | None = None, *, verbose: bool = False, db_path: Path = DB_PATH) -> int:
    """Run the sandbox: an interactive chat, or ``script`` played; returns the exit status.

    ``verbose`` shows the bot's INFO log (one line per update) on stderr; otherwise WARNING+.
    """
    for stream in (sys.stdout, sys.stderr):  # a non-UTF-8 terminal shows emoji as escapes
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    steps = None
    if script is not None:
        try:
            steps = load_script(script)
        except InvalidScript as exc:
            print(f"invalid script:\n{exc}\n\n{texts.SCRIPT_USAGE}", file=sys.stderr)
            return INVALID
    try:
        return asyncio.run(_run(steps, verbose, db_path))
    except KeyboardInterrupt:
        print(file=sys.stderr)  # end the interrupted prompt's line
        return INTERRUPTED


async def _run(steps: list[Step] | None, verbose: bool, db_path: Path) -> int:
    world = World(db_path)
    redactor = setup_logging("INFO" if verbose else "WARNING", secrets=[world.token])
    watch = ErrorWatch(redactor)
    watch.install()
    try:
        async with world:
            board = ButtonBoard()
            session = Session(world, board)
            renderer = Renderer(board, world.telegram.message)
            transcript = Transcript(world.telegram, renderer, session.where)
            session.transcript = transcript
            transcript.note(texts.banner(str(db_path)))
            follower = asyncio.create_task(transcript.follow())
            try:
                if steps is not None:
                    return await play(world, session, transcript, watch, steps)
                transcript.note(texts.HELP)
                lines = StdinLines()
                lines.start()
                return await chat(world, session, transcript, lines)
            finally:
                follower.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await follower
    finally:
        watch.uninstall()
