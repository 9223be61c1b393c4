"""Per-chat limits shared by several bot processes: each chat's send buckets and its link gate.

Both tables hold short-lived state only (a missing row means a full, unpaused bucket or an idle
chat), so on PostgreSQL the migration creates them UNLOGGED: no WAL for a write on every send,
and a crash that empties them merely forgets some pacing. Idle rows are deleted now and then
(``data.db_service.chat_sends``, ``data.db_service.link_gate``).
"""

from sqlalchemy import JSON, BigInteger, Float, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base

# jsonb on PostgreSQL (the only database that runs these statements), JSON elsewhere.
JSON_STATE = JSON().with_variant(JSONB(), "postgresql")


class ChatSendBucket(Base):
    """A chat's send buckets (GCRA state, Unix seconds of the database's clock).

    ``full_at``: when the chat's bucket is full again; ``group_full_at``: the same for its
    per-minute group budget (groups and channels only); ``paused_until``: the end of a 429 for
    this chat. ``chat`` is the chat id or ``@username`` as text.
    """

    __tablename__ = "chat_send_buckets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    chat: Mapped[str] = mapped_column(String(64), primary_key=True)
    full_at: Mapped[float] = mapped_column(Float, server_default=text("0"))
    group_full_at: Mapped[float] = mapped_column(Float, server_default=text("0"))
    paused_until: Mapped[float] = mapped_column(Float, server_default=text("0"))


class ChatLinkGate(Base):
    """A chat's link limits: when each link of the last minute was admitted, and its posts in
    flight as leases.

    ``link_times`` is a JSON list of Unix seconds (one per link); ``leases`` maps a lease token
    to its expiry (Unix seconds), so a process that dies mid-work frees its slot once the lease
    expires; ``idle_at``: no state matters after this time (the row may be deleted).
    """

    __tablename__ = "chat_link_gate"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    link_times: Mapped[list[float]] = mapped_column(JSON_STATE)
    leases: Mapped[dict[str, float]] = mapped_column(JSON_STATE)
    idle_at: Mapped[float] = mapped_column(Float)
