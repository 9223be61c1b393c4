"""Sandbox lines and scripts: what each line means, which lines are invalid, and what counts as
the bot having failed."""

import io
import logging
from pathlib import Path

import pytest

import main
from devservers.telegram_api import Call
from sandbox import session as session_module
from sandbox.commands import (
    Expect,
    Inline,
    InvalidLine,
    Press,
    Quit,
    Reply,
    Say,
    SetBackend,
    Show,
    ShowBackends,
    SwitchChat,
    SwitchUser,
    Wait,
    parse_line,
)
from sandbox.errors import ErrorWatch
from sandbox.render import ButtonBoard, Renderer
from sandbox.script import InvalidScript, load_script
from sandbox.session import UPDATES_BOT, ExpectationFailed, Session
from sandbox.transcript import Transcript
from sandbox.world import World

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
        (":backend tikwm down", SetBackend("tikwm", up=False)),
        (":backend  Cobalt UP ", SetBackend("cobalt", up=True)),
        (":backends", ShowBackends()),
        (":wait-backends tikwm degraded", ShowBackends("tikwm degraded")),
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
        (":backend", "needs a backend and down or up"),
        (":backend ytdlp down", "takes tikwm or cobalt, then down or up"),
        (":backend tikwm sideways", "takes tikwm or cobalt, then down or up"),
        (":backend tikwm", "takes tikwm or cobalt, then down or up"),
        (":backends tikwm", "takes no argument"),
        (":wait-backends", "needs the text to wait for"),
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
    # Instagram: a reel, a carousel (and again, cached), a profile, a private post, its backend
    instagram = [text for text in said if "instagram.com" in text]
    assert instagram == [
        "https://www.instagram.com/reel/CsandboxR1/",
        "https://www.instagram.com/p/CsandboxC1/",
        "https://www.instagram.com/p/CsandboxC1/",
        "https://www.instagram.com/sandbox/",
        "https://www.instagram.com/p/CsandboxP1/",
    ]
    assert "[media group of 3]" in checks and "instagram_backends: cobalt up" in checks
    # the fallback: tikwm taken down and brought back, its breaker shown open, then closed
    actions = [s.action for s in steps]
    assert SetBackend("tikwm", up=False) in actions and SetBackend("tikwm", up=True) in actions
    down, up = (
        actions.index(SetBackend("tikwm", up=False)),
        actions.index(SetBackend("tikwm", True)),
    )
    while_down = [a.text for a in actions[down:up] if isinstance(a, Expect)]
    assert "tiktok_backends: tikwm open, cobalt up (degraded)" in while_down
    assert any(isinstance(a, Say) and "tiktok.com" in a.text for a in actions[down:up])
    assert "tiktok_backends: tikwm up, cobalt up" in checks[-1:]


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


class FakeClock:
    """The breakers' clock, moved by hand: cool-downs end when the test says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _do(world, session, action):
    await session.perform(action)
    if isinstance(action, UPDATES_BOT):
        await world.settle(30.0)
    session.transcript.flush()


async def test_backend_commands_fail_tikwm_over_to_cobalt_and_show_its_breaker(tmp_path):
    fallback_video = "https://www.tiktok.com/@sandbox/video/7300000000000000004"
    private = "https://www.tiktok.com/@sandbox/video/7300000000000000003"
    out = io.StringIO()
    async with World(tmp_path / "sandbox.sqlite3") as world:
        chain = world.metrics.backends.chains["tiktok"]
        assert chain.names == ("tikwm", "cobalt")
        clock = FakeClock()
        for backend in chain.backends:
            backend.breaker.clock = clock
        board = ButtonBoard()
        session = Session(world, board)
        session.transcript = Transcript(world.telegram, Renderer(board), session.where, out)
        api_calls = world.tikwm.count("/api")

        await _do(world, session, ShowBackends())
        assert session.transcript.reaction == [  # each platform's check, then its backends
            "tiktok_backends: tikwm up, cobalt up",
            "  tikwm up; requests: none",
            "  cobalt up; requests: none",
            "instagram_backends: cobalt up",
            "  cobalt up; requests: none",
        ]

        await _do(world, session, SetBackend("tikwm", up=False))
        await _do(world, session, Say(fallback_video))
        await _do(world, session, Expect("[video 75.1 KB"))  # it arrives, through cobalt
        await _do(world, session, Expect("🎵 Music", present=False))  # cobalt gives no sound
        assert world.tikwm.count("/api") == api_calls + 1 and world.cobalt.count("/") == 1
        await _do(world, session, ShowBackends())
        await _do(world, session, Expect("tikwm degraded, 1 failure in a row; requests: "))

        await _do(world, session, Say(private))  # the second failure in a row opens it
        await _do(world, session, Expect("🔒"))
        await _do(world, session, ShowBackends())
        lines = session.transcript.reaction
        assert lines[0] == "tiktok_backends: tikwm open, cobalt up (degraded)"
        cooldown = f"cool-down ends in {world.settings.breaker_cooldown:.1f} s;"
        assert lines[1].startswith(f"  tikwm open, 2 failures in a row, {cooldown}")
        assert "resolver_down 2; passed on: resolver_down 2" in lines[1]
        assert lines[2] == "  cobalt up; requests: ok 1, answer 1"
        assert lines[3:] == ["instagram_backends: cobalt up", "  cobalt up; requests: none"]

        await _do(world, session, Say(private))  # open: tikwm is not asked at all
        assert world.tikwm.count("/api") == api_calls + 2 and world.cobalt.count("/") == 3
        await _do(world, session, ShowBackends())
        await _do(world, session, Expect("passed on: resolver_down 2, open 1"))

        await _do(world, session, SetBackend("tikwm", up=True))
        clock.now += world.settings.breaker_cooldown  # the cool-down is over: half-open
        await _do(world, session, ShowBackends("tikwm degraded"))
        await _do(world, session, Say(private))  # the probe: tikwm answers, the breaker closes
        assert world.tikwm.count("/api") == api_calls + 3 and world.cobalt.count("/") == 3
        await _do(world, session, ShowBackends())
        assert session.transcript.reaction[0] == "tiktok_backends: tikwm up, cobalt up"

        await _do(world, session, SetBackend("cobalt", up=False))
        world.cobalt.requests.clear()
        await _do(world, session, SetBackend("tikwm", up=False))
        await _do(world, session, Say(private))  # both down: the bot says so
        await _do(world, session, Expect("I can't reach TikTok right now"))
        assert world.cobalt.count("/") == 1 + world.settings.tiktok_retries  # the last one retries
    text = out.getvalue()
    assert "── tikwm is down: it answers 503 to every request until :backend tikwm up" in text
    assert "── tikwm is up again" in text


async def test_waiting_for_the_backends_to_show_a_text_gives_up_and_shows_them(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(session_module, "WAIT_TIMEOUT", 0.2)
    async with World(tmp_path / "sandbox.sqlite3") as world:
        board = ButtonBoard()
        session = Session(world, board)
        session.transcript = Transcript(
            world.telegram, Renderer(board), session.where, io.StringIO()
        )
        with pytest.raises(ExpectationFailed) as caught:
            await session.perform(ShowBackends("tikwm open"))
    assert str(caught.value).splitlines()[:2] == [
        'the backends did not show "tikwm open" within 0 s:',
        "    tiktok_backends: tikwm up, cobalt up",
    ]
