"""The README's set-up commands stay true: the run command is the sandbox, which needs no
configuration; CI runs exactly the test command it shows."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _first_screen_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    first_screen = text.split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", first_screen, flags=re.DOTALL)


def test_first_screen_has_exactly_two_commands():
    commands = _first_screen_commands()
    assert len(commands) == 2 and all("\n" not in c for c in commands)


def test_ci_runs_the_readme_test_command():
    test_command = _first_screen_commands()[1]
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert test_command in ci_lines
    assert "pytest" in test_command


def test_run_command_is_the_sandbox_which_needs_no_configuration():
    run_command = _first_screen_commands()[0]
    assert run_command.endswith("python main.py sandbox")
    assert "BOT_TOKEN" not in run_command and "requirements.txt" in run_command
