"""/help: what the bot does and its commands."""

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.i18n import Translator


def router() -> Router:
    """Routes /help."""
    r = Router(name="help")

    @r.message(Command("help"))
    async def help_command(message: Message, t: Translator) -> None:
        await message.answer(t("help-text"))

    return r
