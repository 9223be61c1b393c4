"""Anything no other router took: a hint in private chats, silence in groups unless addressed."""

from aiogram import Bot, F, Router
from aiogram.types import Message

from bot.i18n import Translator


async def _addressed(message: Message, bot: Bot) -> bool:
    """Whether a group message speaks to the bot: a reply to it, an @mention, or /command@bot."""
    me = await bot.me()
    replied_to = message.reply_to_message.from_user if message.reply_to_message else None
    if replied_to is not None and replied_to.id == me.id:
        return True
    username = f"@{me.username}".lower() if me.username else None
    text = message.text or message.caption or ""
    return bool(username) and username in text.lower()


def router() -> Router:
    """Routes leftover messages; must be included last."""
    r = Router(name="fallback")

    @r.message(F.text.startswith("/"))
    async def unknown_command(message: Message, bot: Bot, t: Translator) -> None:
        if message.chat.type == "private" or await _addressed(message, bot):
            await message.answer(t("unknown-command"))

    @r.message()
    async def anything_else(message: Message, bot: Bot, t: Translator) -> None:
        private = message.chat.type == "private" and not message.via_bot
        if private or (
            message.chat.type in ("group", "supergroup") and await _addressed(message, bot)
        ):
            await message.answer(t("hint-send-link"))

    return r
