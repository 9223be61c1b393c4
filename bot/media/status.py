"""What the chat sees while media work runs: a chat action ("sending video…") from the start,
and a status message for slow deliveries (posted only if the work takes a while, edited, then
removed)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Self

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message

from bot.replies import edit_text

log = logging.getLogger(__name__)

ACTION_RENEW_SECONDS = 4.0  # Telegram shows an action for 5 s (or until a message arrives)
ACTION_WAIT_SECONDS = 2.0  # the work waits at most this long for an action to be shown


class ChatAction:
    """``async with ChatAction(bot, chat_id, "upload_video") as shown:`` — the action is on the
    chat before the block starts (failures only logged) and renewed until it ends;
    :meth:`switch` changes it once the kind of upload is known."""

    def __init__(
        self, bot: Bot, chat_id: int, action: str, *, every: float = ACTION_RENEW_SECONDS
    ) -> None:
        self.bot, self.chat_id, self.action, self.every = bot, chat_id, action, every
        self._task: asyncio.Task | None = None

    async def __aenter__(self) -> Self:
        await self._show()
        self._task = asyncio.create_task(self._renew())
        return self

    async def switch(self, action: str) -> None:
        """Show ``action`` from now on (sent at once if it differs)."""
        if action != self.action:
            self.action = action
            await self._show()

    async def _renew(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            await self._show()

    async def _show(self) -> None:
        try:
            async with asyncio.timeout(ACTION_WAIT_SECONDS):
                await self.bot.send_chat_action(self.chat_id, self.action)
        except (TelegramAPIError, TimeoutError) as exc:
            log.debug("chat action %s not shown in %s: %r", self.action, self.chat_id, exc)

    async def __aexit__(self, *exc_info) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


class StatusNotice:
    """``async with StatusNotice(bot, chat_id, text, after=2):`` — quick work never shows it."""

    def __init__(self, bot: Bot, chat_id: int, text: str, *, after: float) -> None:
        self.bot, self.chat_id, self.text, self.after = bot, chat_id, text, after
        self._message: Message | None = None
        self._task: asyncio.Task | None = None

    async def __aenter__(self) -> Self:
        self._task = asyncio.create_task(self._show_later())
        return self

    async def _show_later(self) -> None:
        await asyncio.sleep(self.after)
        shown = self.text
        try:
            self._message = await self.bot.send_message(self.chat_id, shown)
        except TelegramAPIError as exc:
            log.debug("status message not shown in %s: %s", self.chat_id, exc)
            return
        if self.text != shown:  # update() came while the message was on its way
            with contextlib.suppress(TelegramAPIError):
                await edit_text(self._message, self.text)

    async def update(self, text: str) -> None:
        """Change the status text (if it is showing)."""
        self.text = text
        if self._message is not None:
            with contextlib.suppress(TelegramAPIError):
                await edit_text(self._message, text)

    async def __aexit__(self, *exc_info) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._message is not None:
            with contextlib.suppress(TelegramAPIError):
                await self._message.delete()
