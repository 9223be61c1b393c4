"""/stats for everyone: the chat's own numbers."""

from datetime import UTC, datetime

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.i18n import Translator
from data import db_service


def router() -> Router:
    """Routes /stats."""
    r = Router(name="stats")

    @r.message(Command("stats"))
    async def own_stats(message: Message, t: Translator) -> None:
        stats = await db_service.get_chat_stats(message.chat.id)
        if stats is None:
            await message.answer(t("error-generic"))
            return
        await message.answer(
            t(
                "stats-user",
                since=datetime.fromtimestamp(stats.registered_at, UTC),
                videos=stats.downloads - stats.slideshows,
                slideshows=stats.slideshows,
                music=stats.music,
            )
        )

    return r
