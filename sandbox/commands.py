"""One typed or scripted line -> one action. Lines starting with ``:`` are sandbox commands."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.backends import NAMES as BACKEND_NAMES


class InvalidLine(ValueError):
    """A line the sandbox cannot act on; the message says why."""


@dataclass(frozen=True)
class Say:
    """Send ``text`` to the bot as the current user in the current chat."""

    text: str


@dataclass(frozen=True)
class Reply:
    """Send ``text`` as a reply to the user's own last message in the current chat."""

    text: str


@dataclass(frozen=True)
class Press:
    """Press button number ``number`` as shown, or the newest button whose label has ``label``."""

    number: int | None = None
    label: str | None = None


@dataclass(frozen=True)
class Inline:
    """Type ``@bot <query>`` in a chat: an inline query."""

    query: str


@dataclass(frozen=True)
class SwitchUser:
    """Speak as another user from now on (None: yourself, the admin)."""

    user_id: int | None


@dataclass(frozen=True)
class SwitchChat:
    """Speak in the sandbox group (``group``) or in your private chat with the bot."""

    group: bool


@dataclass(frozen=True)
class Expect:
    """Check the bot's reaction to the previous action: it contains ``text`` (or not); with no
    ``text`` and ``present`` False: the bot said nothing at all."""

    text: str
    present: bool = True


@dataclass(frozen=True)
class Wait:
    """Wait until the bot's reaction contains ``text`` (for work it does in the background)."""

    text: str


@dataclass(frozen=True)
class Show:
    """Print one of the sandbox's own texts: ``help`` or ``links``."""

    what: str


@dataclass(frozen=True)
class SetBackend:
    """Take the stand-in of backend ``name`` down (every request answers 503) or bring it up."""

    name: str
    up: bool


@dataclass(frozen=True)
class ShowBackends:
    """Print the backends' health as ``/healthz`` says it; ``:expect`` checks these lines. With
    ``text``: first wait until they have it (a breaker's cool-down ending)."""

    text: str = ""


@dataclass(frozen=True)
class Quit:
    """Leave the sandbox."""


Action = (
    Say
    | Reply
    | Press
    | Inline
    | SwitchUser
    | SwitchChat
    | Expect
    | Wait
    | Show
    | SetBackend
    | ShowBackends
    | Quit
)
MAX_USER_ID = 2**52  # Telegram user ids fit in 52 bits


def _needs(argument: str, command: str, what: str) -> str:
    if not argument:
        raise InvalidLine(f":{command} needs {what}")
    return argument


def _user_id(argument: str) -> int:
    if not (argument.isascii() and argument.isdigit() and 0 < int(argument) <= MAX_USER_ID):
        raise InvalidLine(f":user takes a positive user id, not {argument!r}")
    return int(argument)


def _set_backend(argument: str) -> SetBackend:
    name, _, state = argument.lower().partition(" ")
    if name not in BACKEND_NAMES or state.strip() not in ("down", "up"):
        names = " or ".join(BACKEND_NAMES)
        raise InvalidLine(f":backend takes {names}, then down or up (got {argument!r})")
    return SetBackend(name, up=state.strip() == "up")


def _no_argument(action: Action, command: str, argument: str) -> Action:
    if argument:
        raise InvalidLine(f":{command} takes no argument")
    return action


def parse_line(line: str) -> Action | None:
    """The action a line asks for; None for blank lines and ``#`` comments.

    Raises ``InvalidLine`` for an unknown or malformed sandbox command.
    """
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    if text.startswith("::"):
        return Say(text[1:])
    if not text.startswith(":"):
        return Say(text)
    command, _, argument = text[1:].partition(" ")
    command, argument = command.lower(), argument.strip()
    if command.isdigit():
        if argument or int(command) == 0:
            raise InvalidLine(f"press a button with :<number> alone, e.g. :1 (got {text!r})")
        return Press(number=int(command))
    match command:
        case "press":
            return Press(label=_needs(argument, command, "part of a button's label"))
        case "reply":
            return Reply(_needs(argument, command, "the text to send"))
        case "inline":
            return Inline(_needs(argument, command, "a query, e.g. a TikTok or Instagram link"))
        case "user":
            return SwitchUser(_user_id(_needs(argument, command, "a user id")))
        case "me":
            return _no_argument(SwitchUser(None), command, argument)
        case "group" | "private":
            return _no_argument(SwitchChat(group=command == "group"), command, argument)
        case "expect" | "expect-not":
            return Expect(_needs(argument, command, "the text to look for"), command == "expect")
        case "expect-nothing":
            return _no_argument(Expect("", present=False), command, argument)
        case "wait":
            return Wait(_needs(argument, command, "the text to wait for"))
        case "backend":
            return _set_backend(_needs(argument, command, "a backend and down or up"))
        case "backends":
            return _no_argument(ShowBackends(), command, argument)
        case "wait-backends":
            return ShowBackends(_needs(argument, command, "the text to wait for"))
        case "help" | "links":
            return _no_argument(Show(command), command, argument)
        case "quit" | "exit" | "q":
            return _no_argument(Quit(), command, argument)
    raise InvalidLine(f"unknown command :{command} (:help lists the commands)")
