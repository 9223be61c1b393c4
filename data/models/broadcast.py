"""Admin broadcasts: the job, and every recipient's delivery state (snapshotted at creation)."""

import enum

from sqlalchemy import BigInteger, Enum, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import AutoId, Base
from data.periods import Audience


def _values(enum_class: type[enum.Enum]) -> list[str]:
    return [member.value for member in enum_class]


class BroadcastStatus(enum.StrEnum):
    """Where a broadcast is: waiting for a worker, being sent, finished, or stopped by an admin.

    ``dismissed``: its confirmation's Cancel was pressed before Send (nothing was queued; the row
    keeps that decision, so a later Send on the same confirmation queues nothing).
    """

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    CANCELLED = "cancelled"
    DISMISSED = "dismissed"


ACTIVE_STATUSES = (BroadcastStatus.QUEUED, BroadcastStatus.RUNNING)


class RecipientState(enum.StrEnum):
    """One recipient's delivery state.

    ``pending`` → ``claimed`` (a worker leased it in a batch) → ``sending`` (written just before
    its one send) → ``sent`` / ``blocked`` / ``failed``. A worker has at most one recipient in
    ``sending``, so a crash leaves at most one recipient per worker whose outcome is unknown.
    """

    PENDING = "pending"
    CLAIMED = "claimed"
    SENDING = "sending"
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"


IN_FLIGHT_STATES = (RecipientState.PENDING, RecipientState.CLAIMED, RecipientState.SENDING)


class Broadcast(Base):
    """A message (any content type) copied from an admin's chat to an audience. Times are Unix
    seconds."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    created_by: Mapped[int] = mapped_column(BigInteger)
    source_chat_id: Mapped[int] = mapped_column(BigInteger)
    source_message_id: Mapped[int] = mapped_column(BigInteger)
    audience: Mapped[Audience] = mapped_column(
        Enum(Audience, native_enum=False, length=16, values_callable=_values)
    )
    # Only chats with this language; None: any language.
    lang: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[BroadcastStatus] = mapped_column(
        Enum(BroadcastStatus, native_enum=False, length=16, values_callable=_values)
    )
    created_at: Mapped[int] = mapped_column(BigInteger)
    started_at: Mapped[int | None] = mapped_column(BigInteger)
    finished_at: Mapped[int | None] = mapped_column(BigInteger)
    total: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    sent: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    blocked: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    failed: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    # The admin's message edited with progress; one broadcast per confirmation message.
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # When a worker last took its turn to edit the progress message (one editor at a time).
    progress_at: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        UniqueConstraint("progress_chat_id", "progress_message_id"),
        Index("ix_broadcasts_status", "status"),
    )


class BroadcastRecipient(Base):
    """One chat of a broadcast's audience and how its delivery went.

    ``claimed_by``/``claimed_until`` are the lease of the worker holding a ``claimed`` or
    ``sending`` row; on a ``pending`` row that waits for a retry, ``claimed_until`` is the
    time before which it must not be claimed again.
    """

    __tablename__ = "broadcast_recipients"

    broadcast_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    state: Mapped[RecipientState] = mapped_column(
        Enum(RecipientState, native_enum=False, length=16, values_callable=_values)
    )
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    error: Mapped[str | None] = mapped_column(String(256))
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        # Claiming walks one broadcast's pending rows in chat order.
        Index("ix_broadcast_recipients_claim", "broadcast_id", "state", "chat_id"),
        # Finding expired leases of every broadcast reads only the claimed and sending rows.
        Index("ix_broadcast_recipients_lease", "state", "claimed_until"),
    )
