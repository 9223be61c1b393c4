"""Per-chat preferences, one row per chat and key (``file_mode`` stays a ``users`` column)."""

from sqlalchemy import BigInteger, ForeignKey, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base


class ChatPreference(Base):
    """One preference a chat changed; keys are ``data.preferences.Preference`` values, stored as
    plain text so a key or choice dropped later needs no migration (it reads as the default)."""

    __tablename__ = "chat_preferences"

    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.user_id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (PrimaryKeyConstraint("chat_id", "key"),)
