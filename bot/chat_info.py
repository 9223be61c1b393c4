"""What handlers know about the chat an update came from."""

from dataclasses import dataclass, field

from data.preferences import DEFAULT_PREFERENCES, Preferences


@dataclass(frozen=True)
class ChatInfo:
    """The chat's stored settings and preferences, or defaults when it has no row (or the
    database is down)."""

    chat_id: int | None
    lang: str
    preferences: Preferences = field(default=DEFAULT_PREFERENCES)
    registered: bool = False
    created: bool = False

    @property
    def file_mode(self) -> bool:
        """Whether the chat gets media as documents (``/mode``; the ``file_mode`` preference)."""
        return self.preferences.file_mode
