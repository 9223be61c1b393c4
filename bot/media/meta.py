"""What a send needs to know about a post, kept with cached file ids so cache hits skip the
resolver."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from bot.sources import MediaType, Post, PostKind
from data.models import MediaKind
from data.models.platform import Platform
from data.preferences import Quality

# How posts' platforms are named to users (brand names: the same in every language).
PLATFORM_NAMES = {Platform.TIKTOK: "TikTok", Platform.INSTAGRAM: "Instagram"}


@dataclass(frozen=True)
class PostMeta:
    """Caption, button and size facts of a post.

    ``items`` lists a carousel's media types in order (``photo``/``video``), also those over
    ``MEDIA_MAX_IMAGES``; ``image_count`` is how many media the post has (a slideshow's photos,
    a carousel's items), also those over the cap. ``text`` is the post's own caption (for the
    ``full`` captions preference); ``lowered``: a lower quality than the chat asked for was sent
    because of the upload limit (the caption says so, also when sent again from the cache)."""

    post_id: str
    kind: str
    author: str
    link: str
    has_sound: bool
    width: int | None = None
    height: int | None = None
    duration: int | None = None
    image_count: int | None = None
    items: tuple[str, ...] | None = None
    platform: str = Platform.TIKTOK.value
    text: str | None = None
    lowered: bool = False

    @classmethod
    def from_post(cls, post: Post) -> PostMeta:
        """Facts of a freshly resolved post."""
        has_sound = post.sound is not None and bool(post.sound.url)
        count, items = None, None
        if post.kind is PostKind.SLIDESHOW:
            count = len(post.image_urls)
        elif post.kind is PostKind.CAROUSEL:
            count, items = len(post.items), tuple(str(item.type) for item in post.items)
        return cls(
            post.id,
            str(post.kind),
            post.author,
            post.link,
            has_sound,
            post.width,
            post.height,
            post.duration,
            count,
            items,
            str(post.platform),
            post.caption or None,
        )

    @classmethod
    def from_cache(
        cls, post_id: str, kind: MediaKind, meta: dict, platform: Platform = Platform.TIKTOK
    ) -> PostMeta | None:
        """Facts stored beside cached file ids, or None when the entry lacks them."""
        facts = {**meta, "post_id": post_id, "platform": str(platform)}
        items = facts.get("items")
        if items is not None:
            if not isinstance(items, list) or not all(i in set(MediaType) for i in items):
                return None
            facts["items"] = tuple(items)
        facts["kind"] = str(PostKind.CAROUSEL if items is not None else _post_kind(kind))
        try:
            return cls(**facts)
        except TypeError:
            return None

    def to_cache(self) -> dict:
        """The JSON stored beside the file ids (``items`` only for carousels)."""
        skipped = ("post_id", "kind", "platform") + (() if self.items is not None else ("items",))
        stored = {k: v for k, v in asdict(self).items() if k not in skipped}
        if self.items is not None:
            stored["items"] = list(self.items)
        return stored

    @property
    def is_slideshow(self) -> bool:
        """Several media (a slideshow or a carousel) rather than one video."""
        return self.kind in (PostKind.SLIDESHOW, PostKind.CAROUSEL)

    @property
    def media_types(self) -> tuple[str, ...]:
        """Each medium's type in order: a carousel's ``items``, else photos for a slideshow,
        else one video."""
        if self.items is not None:
            return self.items
        if self.kind == PostKind.SLIDESHOW:
            return (MediaType.PHOTO.value,) * (self.image_count or 0)
        return (MediaType.VIDEO.value,)

    @property
    def platform_name(self) -> str:
        """The platform as users know it (``TikTok``)."""
        return PLATFORM_NAMES.get(Platform(self.platform), self.platform)


def cache_kind(
    kind: PostKind | str, as_documents: bool, quality: Quality = Quality.BEST
) -> MediaKind:
    """The media_cache kind for a post sent as media or as documents (file mode): slideshows
    and carousels are kept as albums (``images``), their items' types in the entry's meta; a
    video sent as a video by its ``quality`` (documents are always the best file)."""
    if PostKind(kind) in (PostKind.SLIDESHOW, PostKind.CAROUSEL):
        return MediaKind.IMAGES_DOCUMENT if as_documents else MediaKind.IMAGES
    return MediaKind.VIDEO_DOCUMENT if as_documents else VIDEO_KINDS[Quality(quality)]


VIDEO_KINDS = {
    Quality.BEST: MediaKind.VIDEO,
    Quality.STANDARD: MediaKind.VIDEO_STANDARD,
    Quality.SAVER: MediaKind.VIDEO_SAVER,
}
SLIDESHOW_KINDS = (MediaKind.IMAGES, MediaKind.IMAGES_DOCUMENT, MediaKind.SLIDESHOW_VIDEO)


def _post_kind(kind: MediaKind) -> PostKind:
    return PostKind.SLIDESHOW if kind in SLIDESHOW_KINDS else PostKind.VIDEO
