"""Playing a script: each line as if typed, waiting after each until the bot has finished
reacting, failing on a broken check, a bot error or an invalid line (see ``texts.SCRIPT_USAGE``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sandbox import texts
from sandbox.commands import Action, Expect, InvalidLine, parse_line
from sandbox.errors import ErrorWatch
from sandbox.session import UPDATES_BOT, ExpectationFailed, Session
from sandbox.transcript import Transcript
from sandbox.world import World

SETTLE_TIMEOUT = 30.0  # seconds the bot may take to react to one line
PASSED, FAILED, INVALID = 0, 1, 2


@dataclass(frozen=True)
class Step:
    """One meaningful line of a script."""

    line: int
    text: str
    action: Action


class InvalidScript(ValueError):
    """The script cannot be played; ``str()`` lists every bad line."""


def load_script(path: Path) -> list[Step]:
    """Every step of the script at ``path``; InvalidScript names each invalid line."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidScript(f"cannot read {path}: {exc}") from None
    steps, problems = [], []
    for number, text in enumerate(source.splitlines(), start=1):
        try:
            action = parse_line(text)
        except InvalidLine as exc:
            problems.append(f"{path}:{number}: {exc}")
            continue
        if action is not None:
            steps.append(Step(number, text.strip(), action))
    if problems:
        raise InvalidScript("\n".join(problems))
    return steps


async def play(
    world: World, session: Session, transcript: Transcript, watch: ErrorWatch, steps: list[Step]
) -> int:
    """Run ``steps``, printing the transcript; returns the exit status."""
    checks = 0
    for step in steps:
        if not isinstance(step.action, Expect):
            transcript.note(f"{session.speaker}: {step.text}")
        try:
            keep_going = await session.perform(step.action)
            if isinstance(step.action, UPDATES_BOT):
                await world.settle(SETTLE_TIMEOUT)
        except InvalidLine as exc:
            return _fail(transcript, step, str(exc), INVALID)
        except ExpectationFailed as exc:
            return _fail(transcript, step, f"{step.text}\n  {exc}", FAILED)
        except TimeoutError as exc:
            return _fail(transcript, step, f"the bot did not finish reacting: {exc}", FAILED)
        transcript.flush()
        if isinstance(step.action, Expect):
            checks += 1
            transcript.note(f"  ✓ {step.text}")
        problems = watch.take_new(world.telegram.calls)
        if failure := world.polling_failure():
            problems.append(failure)
        if problems:
            return _fail(transcript, step, "the bot failed:\n  " + "\n  ".join(problems), FAILED)
        if not keep_going:
            break
    transcript.note(texts.script_passed(len(steps), checks))
    return PASSED


def _fail(transcript: Transcript, step: Step, reason: str, status: int) -> int:
    transcript.flush()
    transcript.note(texts.script_failed(step.line, reason))
    return status
