"""A status message for slow deliveries: posted only if the work takes a while, edited, then
removed."""

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
