"""Telegram file ids of media already uploaded, and runtime settings."""

import enum

from sqlalchemy import JSON, BigInteger, Enum, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base
from data.models.platform import Platform, platform_column_type


class MediaKind(enum.StrEnum):
    """What a cached entry holds."""

    VIDEO = "video"
    IMAGES = "images"
    AUDIO = "audio"
    # File mode sends documents, whose file ids Telegram will not accept as a video or photo.
    VIDEO_DOCUMENT = "video_doc"
    IMAGES_DOCUMENT = "images_doc"
    # A video sent at a chat's lower ``quality`` preference (``video`` is the best one).
    VIDEO_STANDARD = "video_std"
    VIDEO_SAVER = "video_saver"
    # A photo slideshow rendered as one MP4 (the ``slideshow`` preference ``video``/``both``).
    SLIDESHOW_VIDEO = "slide_video"


class MediaCache(Base):
    """Telegram file id(s) for one post of one platform and kind; slideshows keep the ordered
    list. The platform leads the key: post ids of two platforms may be equal."""

    __tablename__ = "media_cache"

    platform: Mapped[Platform] = mapped_column(
        platform_column_type(), server_default=Platform.TIKTOK.value
    )
    video_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[MediaKind] = mapped_column(
        Enum(
            MediaKind, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]
        ),
    )
    file_ids: Mapped[list[str]] = mapped_column(JSON)
    # What a send from cache needs besides file ids (author for the caption, sound yes/no, sizes).
    meta: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (PrimaryKeyConstraint("platform", "video_id", "kind"),)


class SystemConfig(Base):
    """One runtime setting changed by admins; keys are ``data.runtime_settings.Setting`` values."""

    __tablename__ = "system_config"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
    updated_at: Mapped[int] = mapped_column(BigInteger)
