"""Chats that talked to the bot: private users (positive ids) and groups (negative ids)."""

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, false, text
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base


class User(Base):
    """One Telegram chat. Times are Unix seconds."""

    __tablename__ = "users"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    registered_at: Mapped[int] = mapped_column(BigInteger)
    lang: Mapped[str] = mapped_column(String(16), server_default="en")
    link: Mapped[str | None] = mapped_column(String(64))
    file_mode: Mapped[bool] = mapped_column(Boolean, server_default=false())
    ad_count: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    # Unix time before which no ad is shown to this chat.
    ad_cooldown: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    blocked_at: Mapped[int | None] = mapped_column(BigInteger)
    last_seen_at: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        Index("ix_users_link", "link"),
        Index("ix_users_lang", "lang"),
        Index("ix_users_registered_at", "registered_at"),
    )

    @property
    def is_group(self) -> bool:
        """Group and supergroup chats have negative ids."""
        return self.user_id < 0
