"""Admin commands answer only operators (ADMIN_IDS) in their private chat with the bot."""

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

from data.config import Settings


class IsAdmin(Filter):
    """Passes messages and button presses from an admin in a private chat; anything else falls
    through to the other routers, so non-admins get the unknown-command answer and nothing
    happens. A message counts only when the admin typed it: a forward (even of the admin's own
    command) or a message sent through a bot's inline mode does not."""

    async def __call__(self, event: Message | CallbackQuery, settings: Settings) -> bool:
        if isinstance(event, Message) and (
            event.forward_origin is not None or event.via_bot is not None
        ):
            return False
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
