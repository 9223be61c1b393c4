"""What a resolver returns: posts (videos, photo slideshows, carousels of photos and videos),
their sounds, creator pages."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from data.models.platform import Platform

__all__ = [
    "CreatorPage",
    "CreatorPost",
    "MediaItem",
    "MediaType",
    "Post",
    "PostKind",
    "Rendition",
    "Sound",
]


class PostKind(StrEnum):
    """A post is one video, a slideshow of photos (TikTok's, with a sound), or a carousel of
    photos and videos in order (Instagram's)."""

    VIDEO = "video"
    SLIDESHOW = "slideshow"
    CAROUSEL = "carousel"


class MediaType(StrEnum):
    """What one item of a carousel is."""

    PHOTO = "photo"
    VIDEO = "video"


@dataclass(frozen=True)
class MediaItem:
    """One item of a carousel: a photo or a video at ``url``."""

    type: MediaType
    url: str


@dataclass(frozen=True)
class Rendition:
    """One file a backend offers for a video: its ``url``, bytes and pixel size when known."""

    url: str
    size: int | None
    width: int | None
    height: int | None

    @property
    def short_side(self) -> int | None:
        """The smaller of width and height (720 for 720x1280); None unless both are known."""
        if self.width is None or self.height is None:
            return None
        return min(self.width, self.height)

    @property
    def pixels(self) -> int | None:
        """Width times height; None unless both are known."""
        if self.width is None or self.height is None:
            return None
        return self.width * self.height


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
    """A resolved post of ``platform``; media URLs are absolute and free of watermarks.

    ``id`` is the platform's post id (TikTok's number, Instagram's shortcode): unique only within
    its platform."""

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
    platform: Platform = Platform.TIKTOK
    items: tuple[MediaItem, ...] = ()  # a carousel's photos and videos in order; () otherwise
    # A video's files, best first, when the backend offers more than one; the first is the one
    # video_url/size/width/height describe. () means that one only: see video_renditions.
    renditions: tuple[Rendition, ...] = ()

    @property
    def video_renditions(self) -> tuple[Rendition, ...]:
        """A video's files, best first: :attr:`renditions`, else the one at ``video_url``
        (with ``size``, ``width``, ``height``); () when there is no video URL."""
        if self.renditions:
            return self.renditions
        if self.video_url is None:
            return ()
        return (Rendition(self.video_url, self.size, self.width, self.height),)

    @property
    def link(self) -> str:
        """The canonical link: ``https://www.tiktok.com/@author/video/id`` (``/photo/`` for
        slideshows), ``https://www.instagram.com/reel/code/`` (``/p/`` for photos and
        carousels)."""
        if self.platform is Platform.INSTAGRAM:
            path = "reel" if self.kind is PostKind.VIDEO else "p"
            return f"https://www.instagram.com/{path}/{self.id}/"
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
