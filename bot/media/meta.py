"""What a send needs to know about a post, kept with cached file ids so cache hits skip the
resolver."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from bot.sources import Post, PostKind
from data.models import MediaKind


@dataclass(frozen=True)
class PostMeta:
    """Caption, button and size facts of a post."""

    post_id: str
    kind: str
    author: str
    link: str
    has_sound: bool
    width: int | None = None
    height: int | None = None
    duration: int | None = None
    image_count: int | None = None  # a slideshow's photos, also those over MEDIA_MAX_IMAGES

    @classmethod
    def from_post(cls, post: Post) -> PostMeta:
        """Facts of a freshly resolved post."""
        has_sound = post.sound is not None and bool(post.sound.url)
        return cls(
            post.id,
            str(post.kind),
            post.author,
            post.link,
            has_sound,
            post.width,
            post.height,
            post.duration,
            len(post.image_urls) if post.kind is PostKind.SLIDESHOW else None,
        )

    @classmethod
    def from_cache(cls, post_id: str, kind: MediaKind, meta: dict) -> PostMeta | None:
        """Facts stored beside cached file ids, or None when the entry lacks them."""
        try:
            return cls(**{**meta, "post_id": post_id, "kind": str(_post_kind(kind))})
        except TypeError:
            return None

    def to_cache(self) -> dict:
        """The JSON stored beside the file ids."""
        return {k: v for k, v in asdict(self).items() if k not in ("post_id", "kind")}

    @property
    def is_slideshow(self) -> bool:
        """Photos rather than a video."""
        return self.kind == PostKind.SLIDESHOW


def cache_kind(kind: PostKind | str, as_documents: bool) -> MediaKind:
    """The media_cache kind for a post sent as media or as documents (file mode)."""
    if PostKind(kind) is PostKind.SLIDESHOW:
        return MediaKind.IMAGES_DOCUMENT if as_documents else MediaKind.IMAGES
    return MediaKind.VIDEO_DOCUMENT if as_documents else MediaKind.VIDEO


def _post_kind(kind: MediaKind) -> PostKind:
    return (
        PostKind.SLIDESHOW
        if kind in (MediaKind.IMAGES, MediaKind.IMAGES_DOCUMENT)
        else PostKind.VIDEO
    )
