"""Per-hour event counters, kept in the same transaction as the events they count."""

from sqlalchemy import BigInteger, Boolean, text
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base


class HourlyStats(Base):
    """Counts of events in one UTC hour for private chats or for groups.

    Period statistics sum these rows for whole hours and read raw rows only for the
    partial hours at a period's edges, so their cost does not grow with the row count.
    """

    __tablename__ = "stats_hourly"

    hour: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    is_group: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    downloads: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    slideshows: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    inline: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    via_subscription: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    music: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    new_users: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))


COUNTER_COLUMNS = ("downloads", "slideshows", "inline", "via_subscription", "music", "new_users")
