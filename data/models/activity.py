"""What chats did: downloads of posts and extractions of their music."""

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, false, true
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import AutoId, Base
from data.models.platform import Platform, platform_column_type


class Download(Base):
    """One delivered post (video or slideshow)."""

    __tablename__ = "downloads"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.user_id", ondelete="CASCADE")
    )
    downloaded_at: Mapped[int] = mapped_column(BigInteger)
    source_url: Mapped[str] = mapped_column(String(512))
    video_id: Mapped[str] = mapped_column(String(32))
    platform: Mapped[Platform] = mapped_column(
        platform_column_type(), server_default=Platform.TIKTOK.value
    )
    is_images: Mapped[bool] = mapped_column(Boolean, server_default=false())
    is_processed: Mapped[bool] = mapped_column(Boolean, server_default=true())
    is_inline: Mapped[bool] = mapped_column(Boolean, server_default=false())
    via_subscription: Mapped[bool] = mapped_column(Boolean, server_default=false())
    # A random key the bot gives a download it may have to write again (a retry after the
    # database was away): the retry finds it by chat, time and key and writes nothing twice.
    delivery_key: Mapped[int | None] = mapped_column(BigInteger)
    # The ``ttbot_imports`` id of a row imported from tt-bot (negated when the source row had
    # no time and took its chat's registration); None for the bot's own rows.
    imported_from: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_downloads_user_id_downloaded_at", "user_id", "downloaded_at"),
        # Every query by download time: a period's rows, their order, and the overview's
        # downloads per platform (and its audience filter), read from the index alone, ~10x
        # faster than by a plain time index plus the table rows
        # (bench/platform_counts_bench.py). No plain time index beside it (migration 0012).
        Index(
            "ix_downloads_downloaded_at_platform_user_id", "downloaded_at", "platform", "user_id"
        ),
    )


class Music(Base):
    """One sound extracted from a post."""

    __tablename__ = "music"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.user_id", ondelete="CASCADE")
    )
    downloaded_at: Mapped[int] = mapped_column(BigInteger)
    video_id: Mapped[str] = mapped_column(String(32))
    # As ``Download.imported_from``.
    imported_from: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_music_downloaded_at", "downloaded_at"),
        Index("ix_music_user_id", "user_id"),
    )
