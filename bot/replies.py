"""Small wrappers for Telegram replies whose benign failures should not count as errors."""

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup, Message

NOT_MODIFIED = "message is not modified"


async def edit_text(
    message: Message, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> bool:
    """Edit a bot message; an edit to identical content is fine (returns False), other errors
    raise."""
    try:
        await message.edit_text(text, reply_markup=reply_markup)
        return True
    except TelegramBadRequest as exc:
        if NOT_MODIFIED in exc.message:
            return False
        raise
