"""What handlers know about the chat an update came from."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ChatInfo:
    """The chat's stored settings, or defaults when it has no row (or the database is down)."""

    chat_id: int | None
    lang: str
    file_mode: bool = False
    registered: bool = False
    created: bool = False
