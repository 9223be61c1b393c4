"""Creator subscriptions, the record of what each one already delivered, and creator polling
state."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import AutoId, Base


class Subscription(Base):
    """A chat following a TikTok creator (by unique id)."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.user_id", ondelete="CASCADE")
    )
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


class CreatorPoll(Base):
    """Polling state of one followed creator, shared by every bot process.

    ``leased_by``/``leased_until`` (Unix seconds; 0: free) is the lease of the process polling
    the creator right now, so one creator is polled by one process at a time. ``failures``
    counts consecutive "creator not found" answers; ``last_polled_at`` is when the last poll
    began and ``last_seen_post_at`` the creation time up to which every post was handled.
    """

    __tablename__ = "creator_polls"

    creator: Mapped[str] = mapped_column(String(64), primary_key=True)
    leased_by: Mapped[str | None] = mapped_column(String(64))
    leased_until: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    failures: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    last_polled_at: Mapped[int | None] = mapped_column(BigInteger)
    last_seen_post_at: Mapped[int | None] = mapped_column(BigInteger)
