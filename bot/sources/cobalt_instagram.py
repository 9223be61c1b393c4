"""The cobalt backend for Instagram: reels, photos and carousels through the same
:class:`~bot.sources.cobalt.CobaltClient` as TikTok's (imputnet/cobalt 11, ``docs/api.md``).

What cobalt answers for an Instagram post (``api/src/processing/services/instagram.js``):

* a video: ``redirect`` to Instagram's CDN (``tunnel`` with ``alwaysProxy``), file name
  ``instagram_<shortcode>.mp4`` -- a :attr:`PostKind.VIDEO` post;
* a single photo: ``tunnel``, ``instagram_<shortcode>.jpg`` -- a one-item
  :attr:`PostKind.CAROUSEL`;
* a carousel: ``picker`` of ``photo`` / ``video`` items in order (``gif`` is another
  service's, read as a video), without ``audio`` or file names -- a CAROUSEL of every item
  (the media service caps how many it sends, ``MEDIA_MAX_IMAGES``);
* errors: ``content.post.private`` (PostPrivate), ``content.post.age`` (LoginRequired),
  ``fetch.empty`` for a removed post or one without media (PostUnavailable), ``fetch.fail``
  and ``fetch.rate`` (transient), see :func:`~bot.sources.cobalt.error_for_code`.

cobalt names no author, caption or size for Instagram: the author is the link's ``@user/``
prefix when it has one, else "". The post id is the link's shortcode; a share link has none,
so it comes from the file name -- a picker has none, so a carousel behind a share link is
:class:`Unsupported` here (the chain asks the next backend; cobalt is not ill for it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.links.instagram import InstagramLink, parse_instagram_link
from data.models.platform import Platform

from .cobalt import SERVICE, CobaltAnswer, CobaltBackend, CobaltFile
from .errors import InvalidLink, ResolverDown, Unsupported
from .models import MediaItem, MediaType, Post, PostKind

if TYPE_CHECKING:
    pass

__all__ = [
    "INSTAGRAM_OPTIONS",
    "CobaltInstagramResolver",
    "instagram_post_from_answer",
]

# Best quality, H.264, cobalt's own choice of tunnel or redirect; cobalt names Instagram files
# instagram_<shortcode>.<ext> whatever the style.
INSTAGRAM_OPTIONS: dict[str, Any] = {
    "videoQuality": "max",
    "downloadMode": "auto",
    "filenameStyle": "basic",
    "allowH265": False,
}

_FILENAME = re.compile(r"instagram_(?P<id>[A-Za-z0-9_-]+)\.(?P<ext>[A-Za-z0-9]+)")
_VIDEO_EXTENSIONS = frozenset({"mp4", "mov", "m4v", "webm"})
_PHOTO_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "webp", "heic"})
_ITEM_TYPES = {"photo": MediaType.PHOTO, "video": MediaType.VIDEO, "gif": MediaType.VIDEO}


def _post(post_id: str, author: str, kind: PostKind, **media: Any) -> Post:
    return Post(
        id=post_id,
        author=author,
        author_name=author,
        caption="",
        kind=kind,
        video_url=media.get("video_url"),
        image_urls=(),
        sound=None,
        duration=None,
        width=None,
        height=None,
        cover_url=None,
        size=None,
        created_at=None,
        platform=Platform.INSTAGRAM,
        items=media.get("items", ()),
    )


def _file_post(answer: CobaltFile, link: InstagramLink) -> Post:
    match = _FILENAME.fullmatch(answer.filename)
    post_id = link.code or (match["id"] if match else "")
    if not post_id:
        raise ResolverDown(f"{SERVICE} answered without a post id (file name unrecognised)")
    extension = match["ext"].lower() if match else answer.filename.rpartition(".")[2].lower()
    if extension in _VIDEO_EXTENSIONS:
        return _post(post_id, link.user, PostKind.VIDEO, video_url=answer.url)
    if extension in _PHOTO_EXTENSIONS:
        photo = (MediaItem(MediaType.PHOTO, answer.url),)
        return _post(post_id, link.user, PostKind.CAROUSEL, items=photo)
    shown = answer.filename[:60] or "no file name"
    raise ResolverDown(f"{SERVICE} answered a file of unknown type ({shown!r})")


def instagram_post_from_answer(answer: CobaltAnswer, link: InstagramLink) -> Post:
    """The Instagram post of ``link`` from cobalt's answer: a video file is a VIDEO post, a
    photo file a one-photo CAROUSEL, a picker a CAROUSEL of all its items in order.

    ResolverDown when a file's name gives neither a post id (needed for share links) nor its
    type; Unsupported for a picker behind a share link (no post id anywhere)."""
    if isinstance(answer, CobaltFile):
        return _file_post(answer, link)
    if link.code is None:
        raise Unsupported(
            f"{SERVICE} answers a share link's carousel without its post id (no file names); "
            "send the post's /p/ link"
        )
    items = tuple(MediaItem(_ITEM_TYPES[item.kind], item.url) for item in answer.items)
    return _post(link.code, link.user, PostKind.CAROUSEL, items=items)


class CobaltInstagramResolver(CobaltBackend):
    """Resolver of Instagram posts on a cobalt instance."""

    platform = Platform.INSTAGRAM

    async def resolve(self, link: str) -> Post:
        """The post behind an Instagram post, reel or share link."""
        found = parse_instagram_link(link)
        if found is None:
            raise InvalidLink("not an Instagram post link")
        answer = await self.client.request(found.url, **INSTAGRAM_OPTIONS)
        return instagram_post_from_answer(answer, found)
