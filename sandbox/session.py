"""Carrying out actions in the world: who speaks where, messages, button presses, inline
queries, checks of the bot's reaction."""

from __future__ import annotations

import asyncio
from typing import Any

from sandbox import texts
from sandbox.backends import health_lines, set_down
from sandbox.commands import (
    Action,
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
)
from sandbox.render import Button, ButtonBoard
from sandbox.transcript import Transcript
from sandbox.world import GROUP_ID, GROUP_TITLE, STORAGE_ID, YOU, YOUR_NAME, World

# Actions that give the bot an update (the sandbox then waits for it to finish reacting).
UPDATES_BOT = (Say, Reply, Press, Inline, SwitchChat)
WAIT_TIMEOUT = 30.0
HEALTH_POLL_SECONDS = 0.05  # a breaker's cool-down ends by the clock alone: re-read it this often


class ExpectationFailed(AssertionError):
    """An ``:expect`` check did not hold; the message shows what the bot did say."""


class Session:
    """The user at the keyboard: who they are, which chat they are in, what they do."""

    def __init__(self, world: World, board: ButtonBoard) -> None:
        self.world = world
        self.board = board
        self.transcript: Transcript | None = None
        self.user_id = YOU
        self.in_group = False
        self._bot_in_group = False
        self._last_sent: dict[tuple[int, int], int] = {}  # (chat, user) -> their last message

    @property
    def chat_id(self) -> int:
        """The chat the user is writing in."""
        return GROUP_ID if self.in_group else self.user_id

    @property
    def speaker(self) -> str:
        """Who is speaking where, as echoed before their lines."""
        who = "you" if self.user_id == YOU else f"user {self.user_id}"
        return f"{who} @ group" if self.in_group else who

    def where(self, chat_id: Any) -> str | None:
        """None for the current chat, else the label of ``chat_id``."""
        if chat_id == self.chat_id:
            return None
        if chat_id == GROUP_ID:
            return "group"
        if chat_id == STORAGE_ID:
            return "storage channel"
        if chat_id == YOU:
            return "you"
        return f"user {chat_id}" if isinstance(chat_id, int) and chat_id > 0 else f"chat {chat_id}"

    async def perform(self, action: Action) -> bool:
        """Carry out ``action``; False when the user wants to leave.

        Raises ``InvalidLine`` (e.g. no such button) or ``ExpectationFailed``.
        """
        match action:
            case Say(text):
                self._say(text)
            case Reply(text):
                self._say(text, reply=True)
            case Press():
                self._press(self._button(action))
            case Inline(query):
                chat_type = "supergroup" if self.in_group else "sender"
                self._out.start_reaction()
                self.world.telegram.inline_query(self.user_id, query, chat_type=chat_type)
            case SwitchUser(user_id):
                self.user_id = user_id or YOU
                self._moved()
            case SwitchChat(group):
                self.in_group = group
                if group and not self._bot_in_group:
                    self._add_bot_to_group()
                self._moved()
            case Expect(text, present):
                self._check(text, present)
            case Wait(text):
                await self._wait_for(text)
            case SetBackend(name, up):
                set_down(self.world, name, down=not up)
                self._out.note(texts.backend_set(name, up))
            case ShowBackends(text):
                self._out.report(await self._backends_saying(text))
            case Show("help"):
                self._out.note(texts.HELP)
            case Show(_):
                self._out.note(texts.links_text())
            case Quit():
                return False
        return True

    @property
    def _out(self) -> Transcript:
        if self.transcript is None:
            raise RuntimeError("Session.transcript is not set")
        return self.transcript

    def _say(self, text: str, *, reply: bool = False) -> None:
        key = (self.chat_id, self.user_id)
        options: dict[str, Any] = {"user_id": self.user_id} if self.in_group else {}
        if reply:
            if key not in self._last_sent:
                raise InvalidLine("you have sent no message in this chat to reply to")
            options["reply_to"] = self._last_sent[key]
        self._out.start_reaction()
        update = self.world.telegram.send_message(self.chat_id, text, **options)
        self._last_sent[key] = update["message"]["message_id"]

    def _button(self, press: Press) -> Button:
        button = (
            self.board.get(press.number)
            if press.number is not None
            else self.board.newest(press.label or "")
        )
        if button is None:
            shown = f"number {press.number}" if press.number is not None else f'"{press.label}"'
            raise InvalidLine(f"no button {shown} was shown")
        return button

    def _press(self, button: Button) -> None:
        if button.url:
            self._out.note(f"(a link button: open {button.url} in a browser)")
            return
        if button.chat_id != self.chat_id:
            raise InvalidLine(
                f'button {button.number} "{button.text}" is in another chat '
                f"({self.where(button.chat_id)}): go there first"
            )
        message = self.world.telegram.message(button.chat_id, button.message_id)
        current = [
            b.get("callback_data")
            for row in (message or {}).get("reply_markup", {}).get("inline_keyboard", [])
            for b in row
        ]
        if button.callback_data not in current:
            raise InvalidLine(f'button {button.number} "{button.text}" is no longer there')
        self._out.start_reaction()
        self.world.telegram.callback(
            button.chat_id, button.message_id, button.callback_data, user_id=self.user_id
        )

    def _add_bot_to_group(self) -> None:
        """You add the bot to the group, as a Telegram client would report it."""
        self._out.start_reaction()
        self.world.telegram.my_chat_member(
            GROUP_ID, self.user_id, "left", "member", chat_type="supergroup"
        )
        self._bot_in_group = True

    def _moved(self) -> None:
        where = f'"{GROUP_TITLE}"' if self.in_group else "a private chat with the bot"
        who = f"user {self.user_id}"
        if self.user_id == YOU:
            who = f"yourself ({YOUR_NAME}, the admin)"
        self._out.note(texts.now_speaking(who, where))

    async def _wait_for(self, text: str) -> None:
        def said() -> bool:
            self._out.flush()
            return any(text in line for line in self._out.reaction)

        try:
            await self.world.telegram.wait_until(said, timeout=WAIT_TIMEOUT)
        except TimeoutError:
            message = f'the bot did not say "{text}" within {WAIT_TIMEOUT:.0f} s'
            raise ExpectationFailed(message) from None

    async def _backends_saying(self, text: str) -> list[str]:
        """The backends' health lines, once one of them has ``text`` (at once when empty)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT_TIMEOUT
        while True:
            lines = await health_lines(self.world)
            if any(text in line for line in lines):
                return lines
            if loop.time() >= deadline:
                shown = "\n".join(f"    {line}" for line in lines)
                message = f'the backends did not show "{text}" within {WAIT_TIMEOUT:.0f} s:'
                raise ExpectationFailed(f"{message}\n{shown}")
            await asyncio.sleep(HEALTH_POLL_SECONDS)

    def _check(self, text: str, present: bool) -> None:
        found = any(text in line for line in self._out.reaction)
        if found == present:
            return
        said = "\n".join(f"    {line}".rstrip() for line in self._out.reaction) or "    (nothing)"
        if not text:
            raise ExpectationFailed(f"the bot was expected to say nothing; it said:\n{said}")
        verb = "has no" if present else "has"
        raise ExpectationFailed(f'the bot\'s last reaction {verb} "{text}"; it was:\n{said}')
