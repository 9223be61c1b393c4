"""Creator subscriptions and the record of what each one already delivered."""
from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import AutoId, Base


class Subscription(Base):
    """A chat following a TikTok creator (by unique id)."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.user_id", ondelete="CASCADE"))
    creator: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[int] = mapped_column(BigInteger)
    active: Mapped[bool] = mapped_column(Boolean, server_default=true())
    last_checked_at: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        UniqueConstraint("user_id", "creator"),
        Index("ix_subscriptions_creator_active", "creator", "active"),
    )


class SubscriptionDelivery(Base):
    """A post delivered to a subscription; the primary key makes each delivery unique."""

    __tablename__ = "subscription_deliveries"

    subscription_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("subscriptions.id", ondelete="CASCADE"), primary_key=True
    )
    video_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    delivered_at: Mapped[int] = mapped_column(BigInteger)
