"""/start: welcome (registration and referral happen in the chat-context middleware)."""

from aiogram import Bot, Router
from aiogram.filters import CommandStart
from aiogram.types import Message

from bot.i18n import Translator


def router() -> Router:
    """Routes /start, with or without a deep-link payload."""
    r = Router(name="start")

    @r.message(CommandStart())
    async def start(message: Message, bot: Bot, t: Translator) -> None:
        if message.chat.type == "private":
            me = await bot.me()
            name = message.from_user.first_name if message.from_user else ""
            await message.answer(t("start-welcome", name=name, bot=me.username or ""))
        else:
            await message.answer(t("start-welcome-group"))

    return r
