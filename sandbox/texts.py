"""The sandbox's own strings (a developer tool: English only, kept apart from the bot's locales)."""

from __future__ import annotations

from sandbox.instagram import instagram_links
from sandbox.posts import sample_links
from sandbox.world import BOT_USERNAME, GROUP_TITLE, YOU, YOUR_NAME

BANNER = f"""\
tokdrop sandbox: the real bot on an emulated Telegram and local backends: TikTok posts from
tikwm (cobalt when tikwm fails), Instagram reels and carousels from cobalt.
No token, no network: nothing leaves this machine. Database: {{db}} (new each run).
You are {YOUR_NAME} (user id {YOU}), an admin of @{BOT_USERNAME}. Type a message for the bot,
or a sandbox command (:help lists them)."""

HELP = f"""\
Sandbox commands (any other line is sent to the bot as a message):
  :1, :2, …          press the button shown with that number
  :press <text>      press the newest button whose label contains <text>
  :reply <text>      send <text> as a reply to your last message here (e.g. /broadcast)
  :inline <query>    type "@{BOT_USERNAME} <query>" (an inline query); shows the results
  :user <id>         speak as another user from now on (a positive id; not an admin)
  :me                speak as yourself again ({YOUR_NAME}, id {YOU}, the admin)
  :group             speak in "{GROUP_TITLE}" (you created it; the bot is added the first time)
  :private           speak in your private chat with the bot again
  :expect <text>     check: the bot's reaction to the last message, press or query has <text>
  :expect-not <text> check: … does not have <text>
  :expect-nothing    check: the bot said nothing at all
  :wait <text>       wait (up to 30 s) until the bot says <text>: for background work
  :backend <b> down  make backend <b> (tikwm, or cobalt: TikTok's fallback and Instagram's
                     backend) fail: it answers 503 …
  :backend <b> up    … or work again (its breaker closes at the first request it answers)
  :backends          the backends' health as /healthz says it (up, degraded, open), each
                     one's breaker and requests; :expect checks these lines
  :wait-backends <text>
                     wait (up to 30 s) until :backends shows <text> (a cool-down ending)
  :links             show the sample links
  :help              show this list
  :quit              leave (end of input does too)
  ::text             send a message that starts with a colon
Bot lines read "bot:" for the chat you are in, "bot → <chat>:" for others; media show as
[kind size width x height duration "caption"], (cached) when sent again by file_id."""

SCRIPT_USAGE = """\
A script has one line per step, as typed in the chat; blank lines and lines starting with #
are skipped. After each step the sandbox waits until the bot has finished reacting.
Exit status: 0 all steps and checks passed; 1 a check failed, the bot logged an error or had a
call rejected, or it did not finish in time; 2 the script has an invalid line."""


def links_text() -> str:
    """The sample links (TikTok's, then Instagram's), one a line."""
    links = sample_links() + instagram_links()
    width = max(len(what) for what, _ in links)
    lines = [f"  {what + ':':<{width + 1}} {link}" for what, link in links]
    return "Sample links to try:\n" + "\n".join(lines)


def banner(db: str) -> str:
    """What the sandbox prints first."""
    return f"{BANNER.format(db=db)}\n{links_text()}"


def now_speaking(who: str, where: str) -> str:
    """The note printed after :user, :me, :group or :private."""
    return f"── speaking as {who} in {where}"


def backend_set(name: str, up: bool) -> str:
    """The note printed after :backend."""
    if up:
        return f"── {name} is up again (its breaker closes at the first request it answers)"
    return f"── {name} is down: it answers 503 to every request until :backend {name} up"


def script_passed(steps: int, checks: int) -> str:
    """The last line of a script that passed."""
    return f"script passed: {steps} steps, {checks} checks"


def script_failed(line: int, reason: str) -> str:
    """The last lines of a script that failed."""
    return f"script failed at line {line}: {reason}"
