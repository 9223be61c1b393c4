"""Admin commands answer only operators (ADMIN_IDS) in their private chat with the bot."""

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

from data.config import Settings


class IsAdmin(Filter):
    """Passes messages and button presses from an admin in a private chat; anything else falls
    through to the other routers, so non-admins get the unknown-command answer and nothing
    happens."""

    async def __call__(self, event: Message | CallbackQuery, settings: Settings) -> bool:
        user = event.from_user
        chat = (
            event.chat
            if isinstance(event, Message)
            else (event.message.chat if event.message else None)
        )
        return (
            user is not None
            and chat is not None
            and chat.type == "private"
            and user.id in settings.admin_ids
        )
