"""Sandbox lines and scripts: what each line means, which lines are invalid, and what counts as
the bot having failed."""

import logging
from pathlib import Path

import pytest

import main
from devservers.telegram_api import Call
from sandbox.commands import (
    Expect,
    Inline,
    InvalidLine,
    Press,
    Quit,
    Reply,
    Say,
    Show,
    SwitchChat,
    SwitchUser,
    Wait,
    parse_line,
)
from sandbox.errors import ErrorWatch
from sandbox.script import InvalidScript, load_script

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "line, action",
    [
        ("", None),
        ("   # a comment", None),
        ("/start", Say("/start")),
        (
            "  look https://vm.tiktok.com/ZMsandbox1/  ",
            Say("look https://vm.tiktok.com/ZMsandbox1/"),
        ),
        ("::colon first", Say(":colon first")),
        (":3", Press(number=3)),
        (":press 🎵 music", Press(label="🎵 music")),
        (":reply /broadcast users", Reply("/broadcast users")),
        (":inline https://vm.tiktok.com/ZMsandbox1/", Inline("https://vm.tiktok.com/ZMsandbox1/")),
        (":user 42", SwitchUser(42)),
        (":me", SwitchUser(None)),
        (":group", SwitchChat(group=True)),
        (":private", SwitchChat(group=False)),
        (":expect Hi, Sam!", Expect("Hi, Sam!")),
        (":expect-not Bot statistics", Expect("Bot statistics", present=False)),
        (":expect-nothing", Expect("", present=False)),
        (":wait finished", Wait("finished")),
        (":HELP", Show("help")),
        (":links", Show("links")),
        (":quit", Quit()),
    ],
)
def test_lines_mean_actions(line, action):
    assert parse_line(line) == action


@pytest.mark.parametrize(
    "line, problem",
    [
        (":0", "press a button"),
        (":2 now", "press a button"),
        (":user", "needs a user id"),
        (":user -5", "positive user id"),
        (":user abc", "positive user id"),
        (":group please", "takes no argument"),
        (":expect", "needs the text"),
        (":press", "needs part of a button"),
        (":fly", "unknown command :fly"),
    ],
)
def test_invalid_lines_say_why(line, problem):
    with pytest.raises(InvalidLine, match=problem):
        parse_line(line)


def test_a_script_lists_every_invalid_line_before_anything_runs(tmp_path):
    script = tmp_path / "bad.txt"
    script.write_text("/start\n:fly\n# fine\n:user x\n:expect Hi\n", encoding="utf-8")
    with pytest.raises(InvalidScript) as caught:
        load_script(script)
    assert str(caught.value).splitlines() == [
        f"{script}:2: unknown command :fly (:help lists the commands)",
        f"{script}:4: :user takes a positive user id, not 'x'",
    ]


def test_the_tour_is_a_valid_script_that_checks_the_main_features():
    steps = load_script(ROOT / "sandbox" / "scripts" / "tour.txt")
    said = [s.action.text for s in steps if isinstance(s.action, Say)]
    checks = [s.action.text for s in steps if isinstance(s.action, Expect)]
    assert {"/start", "/help", "/lang", "/mode", "/stats"} <= set(said)
    assert any(isinstance(s.action, Inline) for s in steps)
    assert any(isinstance(s.action, SwitchChat) and s.action.group for s in steps)
    for wanted in ("[media group of 10]", "[media group of 2]", "(cached)", "Bot statistics"):
        assert wanted in checks


def test_an_invalid_script_exits_2_without_reading_any_configuration(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.ini").write_text("not an ini file\n")  # would stop `python main.py`
    monkeypatch.setenv("BOT_TOKEN", "not-a-token")
    script = tmp_path / "bad.txt"
    script.write_text(":fly\n")
    assert main.main(["sandbox", "--script", str(script)]) == 2
    err = capsys.readouterr().err
    assert "unknown command :fly" in err and "Exit status" in err
    assert not (tmp_path / "var").exists()


def _call(code, description):
    error = {"error_code": code, "description": description}
    return Call("sendVideo", {"chat_id": 1}, [], "token", 0.0, None, error)


def test_error_watch_reports_error_logs_and_unexpected_rejections_once():
    watch = ErrorWatch()
    watch.install()
    try:
        logging.getLogger("handlers.errors").warning("only a warning")
        logging.getLogger("handlers.errors").error("update 7 failed: boom")
        calls = [
            Call("sendMessage", {"chat_id": 1}, [], "token", 0.0, {"message_id": 1}),
            _call(400, "Bad Request: wrong file identifier/HTTP URL specified"),
            _call(400, "Bad Request: message is not modified"),
            _call(403, "Forbidden: bot was blocked by the user"),
            _call(500, "Internal Server Error"),
        ]
        problems = watch.take_new(calls)
    finally:
        watch.uninstall()
    assert problems[0] == "ERROR handlers.errors: update 7 failed: boom"
    assert len(problems) == 2 and "500 Internal Server Error" in problems[1]
    assert watch.take_new(calls) == []
