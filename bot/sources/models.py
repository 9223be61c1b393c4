"""What a resolver returns: posts (videos or photo slideshows), their sounds, creator pages."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CreatorPage", "CreatorPost", "Post", "PostKind", "Sound"]


class PostKind(StrEnum):
    """A post is either one video or a slideshow of photos (with a sound)."""

    VIDEO = "video"
    SLIDESHOW = "slideshow"


@dataclass(frozen=True)
class Sound:
    """A post's music: ``url`` of the audio file when the backend knows it; seconds."""

    id: str
    title: str
    author: str
    url: str | None
    duration: int | None


@dataclass(frozen=True)
class Post:
    """A resolved TikTok post; media URLs are absolute and free of watermarks."""

    id: str
    author: str  # unique id, e.g. "nasa"
    author_name: str
    caption: str
    kind: PostKind
    video_url: str | None  # best quality without watermark; None for slideshows
    image_urls: tuple[str, ...]  # slideshow photos in order; () for videos
    sound: Sound | None
    duration: int | None
    width: int | None
    height: int | None
    cover_url: str | None
    size: int | None  # bytes of the video at video_url, when the backend says
    created_at: int | None  # unix time

    @property
    def link(self) -> str:
        """The canonical link, ``https://www.tiktok.com/@author/video/id`` (``/photo/`` for
        slideshows)."""
        path = "photo" if self.kind is PostKind.SLIDESHOW else "video"
        return f"https://www.tiktok.com/@{self.author}/{path}/{self.id}"


@dataclass(frozen=True)
class CreatorPost:
    """One entry of a creator's post list."""

    id: str
    created_at: int
    kind: PostKind


@dataclass(frozen=True)
class CreatorPage:
    """A page of a creator's posts, newest first; pass ``cursor`` back for the next page."""

    posts: tuple[CreatorPost, ...]
    cursor: str | None
    has_more: bool
