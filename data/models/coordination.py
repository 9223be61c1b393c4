"""State that lets several bot processes act as one: who runs each background job, and the
bot-wide Telegram send budget they share."""

from sqlalchemy import Float, String, text
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base


class JobLease(Base):
    """The process running a singleton background job (``broadcast``, ``subscriptions``).

    ``holder`` keeps the job while it renews ``expires_at`` (Unix seconds, fractional); once
    that passes, any process may take the job over.
    """

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[float] = mapped_column(Float)


class SendBudget(Base):
    """A token bucket shared by every process sending as one bot (GCRA state).

    ``full_at`` is the moment (Unix seconds, fractional) the bucket is full again and
    ``paused_until`` the end of a 429 pause; both are advanced by one atomic statement.
    """

    __tablename__ = "send_budget"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    full_at: Mapped[float] = mapped_column(Float, server_default=text("0"))
    paused_until: Mapped[float] = mapped_column(Float, server_default=text("0"))
