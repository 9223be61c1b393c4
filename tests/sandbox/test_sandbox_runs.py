"""``python main.py sandbox`` for real: the tour script, a failing check, piped chat input, and
a bot failure caught in-process. Each subprocess imports aiogram (~5 s of CPU): keep them few."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from sandbox.commands import Expect, Say
from sandbox.errors import ErrorWatch
from sandbox.render import ButtonBoard, Renderer
from sandbox.script import FAILED, Step, play
from sandbox.session import Session
from sandbox.transcript import Transcript
from sandbox.world import BOT_ID, World

ROOT = Path(__file__).resolve().parents[2]
TOUR = ROOT / "sandbox" / "scripts" / "tour.txt"
PROCESS_TIMEOUT = 180
FAKE_TOKEN = re.compile(rf"{BOT_ID}:sandbox-[A-Za-z0-9_-]+")
CAROUSEL_LINK = "https://www.instagram.com/p/CsandboxC1/"
CAROUSEL = re.compile(  # photo, video, photo
    r"^bot: \[media group of 3\]\n"
    r" +1\. \[photo .*\n +2\. \[video 75\.1 KB .*\n +3\. \[photo .*$",
    re.MULTILINE,
)


def sandbox(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run the sandbox in ``tmp_path`` (its var/ goes there) with a hostile configuration
    around it: a broken config.ini and .env, a bad token and an unreachable database URL."""
    (tmp_path / "config.ini").write_text("[bot]\ntoken = broken\n")
    (tmp_path / ".env").write_text("DB_URL=postgresql://nobody@192.0.2.1/none\n")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "BOT_TOKEN": "broken",
        "DB_URL": "postgresql://nobody@192.0.2.1/none",
        "PYTHONIOENCODING": "utf-8",
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "sandbox", *args],
        cwd=tmp_path,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=PROCESS_TIMEOUT,
        check=False,
    )


def test_the_tour_passes_and_shows_every_feature(tmp_path):
    done = sandbox(tmp_path, "--script", str(TOUR))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    assert out.rstrip().splitlines()[-1].startswith("script passed: ")
    for line in (
        "you: /start",
        "bot: Hi, Sam! 👋",
        'bot: [video 75.1 KB 360x640 7s "👤 @sandbox <https://www.tiktok.com/@sandbox/video/',
        "     [1] 🎵 Music",
        "bot: [audio 27.3 KB 7s Sandbox Studio – original sound - sandbox]",
        "bot: [media group of 10]",
        "bot: [media group of 2]",
        "bot: [inline: 1 result]",
        "bot: [video 75.1 KB 360x640 7s (cached)",
        "you @ group: look at this https://www.tiktok.com/",
        "bot: 🔒 This post is private, deleted or unavailable.",
        # Instagram through the cobalt stand-in: a reel, a carousel in order, then from cache
        'bot: [video 75.1 KB 360x640 7s "🔗 Instagram <https://www.instagram.com/reel/CsandboxR1/>"]',
        "a profile on Instagram. I download single posts",
        "bot: 🔒 This Instagram post is private",
        "instagram_backends: cobalt up\n  cobalt up; requests: ok 2, answer 1\n",
        "     From Instagram: 3\n",
        # the fallback: tikwm down, links served through cobalt, its breaker open, then closed
        "── tikwm is down: it answers 503 to every request until :backend tikwm up",
        'bot: [video 75.1 KB 360x640 7s "👤 @sandbox <https://www.tiktok.com/@sandbox/video/7300',
        "bot: 🔒 This TikTok post is private",  # cobalt's answer, while tikwm is open
        "tiktok_backends: tikwm open, cobalt up (degraded)",
        "  cobalt up; requests: ok 1, answer 2",
        "── tikwm is up again",
    ):
        assert line in out, line
    # the carousel in its order, sent, then sent again by file id
    carousels = CAROUSEL.findall(out)
    assert len(carousels) == 2, out
    assert [sent.count("(cached)") for sent in carousels] == [0, 3]
    assert f'"🔗 Instagram <{CAROUSEL_LINK}>"]' in carousels[0]
    last_backends = out.rstrip().splitlines()[-7:-2]
    assert last_backends[0] == "tiktok_backends: tikwm up, cobalt up"
    assert last_backends[3] == "instagram_backends: cobalt up"
    assert (tmp_path / "var" / "sandbox.sqlite3").is_file()
    assert "Traceback" not in done.stderr
    assert not FAKE_TOKEN.search(out + done.stderr)


def test_a_failed_check_stops_the_script_with_status_1(tmp_path):
    script = tmp_path / "check.txt"
    script.write_text("/start\n:expect Good night\n/help\n", encoding="utf-8")
    done = sandbox(tmp_path, "--script", str(script))
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    failure = "script failed at line 2: :expect Good night\n  the bot's last reaction has no"
    assert failure in done.stdout
    assert "    Hi, Sam! 👋" in done.stdout and "you: /help" not in done.stdout


def test_piped_lines_are_a_chat(tmp_path):
    lines = ["/start", ":fly", ":1", "https://vm.tiktok.com/ZMsandbox1/", ":quit", "/help"]
    done = sandbox(tmp_path, stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    assert "Sandbox commands" in out and "https://www.tiktok.com/@sandbox/photo/" in out  # banner
    assert "https://www.instagram.com/p/CsandboxC1/" in out and "Instagram reels" in out
    assert "you: /start\nbot: Hi, Sam! 👋" in out
    assert "! unknown command :fly (:help lists the commands)" in out
    assert "! no button number 1 was shown" in out
    assert "bot: [video 75.1 KB 360x640 7s" in out
    assert "you: /help" not in out  # after :quit


async def test_a_bot_failure_fails_the_script(tmp_path):
    watch = ErrorWatch()
    watch.install()
    out = io.StringIO()
    try:
        async with World(tmp_path / "sandbox.sqlite3") as world:
            board = ButtonBoard()
            session = Session(world, board)
            session.transcript = Transcript(world.telegram, Renderer(board), session.where, out)
            world.telegram.fail_next("sendMessage", 500, "Internal Server Error")
            steps = [Step(1, "/start", Say("/start")), Step(2, ":expect Hi", Expect("Hi"))]
            status = await play(world, session, session.transcript, watch, steps)
    finally:
        watch.uninstall()
    text = out.getvalue()
    assert status == FAILED, text
    assert "script failed at line 1: the bot failed:" in text
    assert "ERROR handlers.errors: update" in text
    assert "the emulator rejected sendMessage(" in text and "500 Internal Server Error" in text
