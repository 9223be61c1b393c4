"""Operators' runtime settings (/config, /set) and direct messages (/msg)."""

from __future__ import annotations

import html
import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.admin_filter import IsAdmin
from bot.i18n import Translator
from data import db_service
from data.errors import InvalidSetting
from data.redaction import redact
from data.runtime_settings import parse_text

log = logging.getLogger(__name__)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return repr(value) if value == "" else str(value)


def setting_error(error: InvalidSetting, t: Translator) -> str:
    """The localized reason a /set value was refused."""
    return t(f"settings-error-{error.code}", **{k: str(v) for k, v in error.params.items()})


def router() -> Router:
    """Routes /config, /set and /msg for admins only."""
    r = Router(name="admin_settings")
    r.message.filter(IsAdmin())

    @r.message(Command("config"))
    async def show_settings(message: Message, t: Translator) -> None:
        values = await db_service.get_settings()
        lines = [t("settings-title"), ""]
        lines += [
            f"<code>{key.value}</code> = {html.escape(_shown(value))}"
            for key, value in values.items()
        ]
        await message.answer("\n".join(lines))

    @r.message(Command("set"))
    async def change_setting(message: Message, command: CommandObject, t: Translator) -> None:
        key, _, value = (command.args or "").strip().partition(" ")
        if not key or not value.strip():
            await message.answer(t("settings-usage"))
            return
        try:
            setting, parsed = parse_text(key, value)
            await db_service.set_setting(setting, parsed)
        except InvalidSetting as exc:
            await message.answer(setting_error(exc, t))
            return
        await message.answer(t("settings-changed", key=setting.value, value=_shown(parsed)))

    @r.message(Command("msg"))
    async def direct_message(
        message: Message, command: CommandObject, bot: Bot, t: Translator
    ) -> None:
        target, _, text = (command.args or "").strip().partition(" ")
        try:
            chat_id = int(target)
        except ValueError:
            chat_id = None
        if chat_id is None or not text.strip():
            await message.answer(t("msg-usage"))
            return
        try:
            await bot.send_message(chat_id, text.strip(), parse_mode=None)
        except TelegramForbiddenError:
            await db_service.set_blocked(chat_id, True)
            await message.answer(t("msg-blocked", chat=str(chat_id)))
            return
        except TelegramAPIError as exc:
            # A network error's message may quote the request URL, bot token included.
            error = redact(exc.message)
            await message.answer(t("msg-failed", chat=str(chat_id), error=error))
            return
        await message.answer(t("msg-delivered", chat=str(chat_id)))

    return r
