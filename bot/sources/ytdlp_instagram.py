"""The yt-dlp backend for Instagram: reels, video posts, photos and carousels through yt-dlp's
``Instagram`` extractor (``yt_dlp/extractor/instagram.py``), on the machinery of
:class:`~bot.sources.ytdlp.YtDlpResolver` (threads, deadline, proxy, ``YTDLP_COOKIES``).

What the extractor returns, and the Post made of it:

* a video post: one info dict with ``formats`` (Instagram's ``video_versions``, plus DASH
  video-only and audio-only ones) -- a VIDEO post of the best format with sound, its
  renditions the formats with sound, best first;
* a carousel: ``_type: playlist`` whose ``entries`` are one info dict per item, in order: a
  video with ``formats``, a photo with none, only ``thumbnails`` (the photo's sizes) -- a
  CAROUSEL of every item;
* a single photo: an info dict without formats (the extractor's "There is no video in this
  post" is a warning with ``ignore_no_formats_error``) -- a one-photo CAROUSEL.

``channel`` is the author's user name, ``uploader`` their full name, ``description`` the
caption. Share links (``/share/…``) are not the extractor's: they raise :class:`Unsupported`,
so a chain asks the next backend (cobalt opens them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.links.instagram import InstagramLink, parse_instagram_link
from data.models.platform import Platform

from .errors import (
    InvalidLink,
    LoginRequired,
    PostPrivate,
    PostUnavailable,
    ResolveError,
    ResolverDown,
    ResolverTimeout,
    Unsupported,
)
from .models import MediaItem, MediaType, Post, PostKind
from .posts_only import PostsOnly
from .ytdlp import (
    _DOWN_WORDS,
    _SERVER_ERROR,
    SERVICE,
    YtDlpResolver,
    _clean,
    _int,
    _text,
    _with_post_dimensions,
    error_from_message,
    renditions_of,
    select_video_format,
)

__all__ = [
    "YtDlpInstagramResolver",
    "instagram_error_from_message",
    "instagram_post_from_info",
]

# How the extractor words its failures (checked in this order, lower-cased).
_RATE_LIMITED = ("rate-limit", "rate limit", "http error 429", "too many requests")
_PRIVATE = ("follow this account", "account is private", "this post is private")
_LOGIN = (
    "restricted video",
    "registered users",
    "logged-in",
    "log in",
    "login",
    "--cookies",
)
_GONE = (
    "isn't available",
    "not available",
    "unavailable",
    "may be broken",
    "removed",
    "deleted",
    "no longer",
    "http error 404",
    "not found",
    "does not exist",
    "there is no video in this post",
)
_TIMEOUT = ("timed out", "timeout")
# Advice yt-dlp appends (how to pass cookies, where to report bugs), left out of our messages.
_HINTS = ("use --cookies", "please report this issue", "see  https://")
_HINT_LEAD = re.compile(r"(?:[\s.,]|\bif it is not, then\b)+$", re.IGNORECASE)


def instagram_error_from_message(message: str, *, proxy: str | None = None) -> ResolveError:
    """The ResolveError for a yt-dlp error about an Instagram post (proxy details redacted).

    Timed out → ResolverTimeout; rate limits (Instagram's "redirected to the login page. You
    have exceeded the rate-limit…", HTTP 429, the older "…rate-limit reached or login
    required"), HTTP 5xx and blocks → ResolverDown: the backend is held back, not the post;
    only for followers
    ("…registered users who follow this account") → PostPrivate; "Restricted Video"
    (age-restricted), registered users only, "empty media response … without being
    logged-in" → LoginRequired (a cookies file may help); not available, removed, 404 →
    PostUnavailable; anything else as :func:`~bot.sources.ytdlp.error_from_message`.
    """
    text = _clean(message, proxy)
    lower = text.lower()  # hints included: "Use --cookies" says a login would help
    cut = min((i for hint in _HINTS if (i := lower.find(hint)) >= 0), default=len(text))
    detail = f"{SERVICE}: {_HINT_LEAD.sub('', text[:cut]) or 'no reason given'}"
    if "unsupported url" in lower:
        return InvalidLink(detail)
    if any(word in lower for word in _TIMEOUT):
        return ResolverTimeout(detail)
    rate_limited = any(word in lower for word in _RATE_LIMITED)
    if rate_limited or _SERVER_ERROR.search(lower) or any(w in lower for w in _DOWN_WORDS):
        return ResolverDown(detail)
    if any(word in lower for word in _PRIVATE):
        return PostPrivate(detail)
    if any(word in lower for word in _LOGIN):
        return LoginRequired(detail)
    if any(word in lower for word in _GONE):
        return PostUnavailable(detail)
    return error_from_message(message, proxy=proxy)


def _photo_url(info: Mapping[str, Any]) -> str | None:
    """The largest of an item's ``thumbnails`` (a photo's sizes), else its ``thumbnail``."""
    sized = [
        (index, t)
        for index, t in enumerate(info.get("thumbnails") or ())
        if isinstance(t, Mapping) and _text(t.get("url"))
    ]
    if sized:

        def area(item: tuple[int, Mapping[str, Any]]) -> tuple[int, int]:
            index, thumb = item
            return (_int(thumb.get("width")) or 0) * (_int(thumb.get("height")) or 0), index

        return _text(max(sized, key=area)[1]["url"])
    return _text(info.get("thumbnail")) or None


def _formats(info: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [f for f in info.get("formats") or () if isinstance(f, Mapping)]


def _item(info: Mapping[str, Any]) -> MediaItem | None:
    """One carousel item: its best video format, else its photo; None without either."""
    chosen = select_video_format(_formats(info))
    if chosen is not None:
        return MediaItem(MediaType.VIDEO, str(chosen["url"]))
    photo = _photo_url(info)
    return MediaItem(MediaType.PHOTO, photo) if photo else None


def _post(
    info: Mapping[str, Any],
    post_id: str,
    link: InstagramLink,
    kind: PostKind,
    *,
    items: tuple[MediaItem, ...] = (),
    video: Mapping[str, Any] | None = None,
) -> Post:
    renditions = _with_post_dimensions(renditions_of(_formats(info)), info) if video else ()
    author = _text(info.get("channel")) or link.user
    video = video or {}
    return Post(
        id=post_id,
        author=author,
        author_name=_text(info.get("uploader")) or author,
        caption=_text(info.get("description")),
        kind=kind,
        video_url=str(video["url"]) if video else None,
        image_urls=(),
        sound=None,
        duration=_int(info.get("duration")) if video else None,
        width=(_int(video.get("width")) or _int(info.get("width"))) if video else None,
        height=(_int(video.get("height")) or _int(info.get("height"))) if video else None,
        cover_url=_photo_url(info) if video else None,
        size=(_int(video.get("filesize")) or _int(video.get("filesize_approx"))) if video else None,
        created_at=_int(info.get("timestamp")),
        platform=Platform.INSTAGRAM,
        items=items,
        renditions=renditions,
    )


def instagram_post_from_info(info: Mapping[str, Any], link: InstagramLink) -> Post:
    """Map the extractor's info dict for ``link`` to a Post (see the module docstring).

    The post id is the link's shortcode (else the info's ``id``). PostUnavailable when no item
    has a video or a photo; ResolverDown without any id."""
    post_id = link.code or _text(info.get("id"))
    if not post_id:
        raise ResolverDown(f"{SERVICE} gave no post id")
    if info.get("_type") == "playlist":
        entries: Sequence[Any] = info.get("entries") or ()
        items = tuple(
            item
            for entry in entries
            if isinstance(entry, Mapping) and (item := _item(entry)) is not None
        )
        if not items:
            raise PostUnavailable(f"{SERVICE}: post {post_id} has no photo or video")
        return _post(info, post_id, link, PostKind.CAROUSEL, items=items)
    chosen = select_video_format(_formats(info))
    if chosen is None and not _formats(info) and _text(info.get("url")):
        chosen = info if info.get("vcodec") != "none" else None  # a single-format answer
    if chosen is not None:
        return _post(info, post_id, link, PostKind.VIDEO, video=chosen)
    photo = _photo_url(info)
    if photo is None:
        raise PostUnavailable(f"{SERVICE}: post {post_id} has no photo or video")
    return _post(info, post_id, link, PostKind.CAROUSEL, items=(MediaItem(MediaType.PHOTO, photo),))


class YtDlpInstagramResolver(PostsOnly, YtDlpResolver):
    """Resolver of Instagram posts on yt-dlp; it cannot list creators' posts or open share
    links (both Unsupported, so a chain asks the next backend)."""

    service = SERVICE

    platform = Platform.INSTAGRAM

    def _error_for(self, message: str, *, creator: bool) -> ResolveError:
        return instagram_error_from_message(message, proxy=self._proxy)

    async def resolve(self, link: str) -> Post:
        """The post behind an Instagram ``/p/``, ``/reel/``, ``/reels/`` or ``/tv/`` link."""
        found = parse_instagram_link(link)
        if found is None:
            raise InvalidLink("not an Instagram post link")
        if found.code is None:
            raise Unsupported(f"{SERVICE} cannot open Instagram share links")
        # Photos have no formats: without this yt-dlp fails them ("No video formats found!").
        info = await self._extract(found.url, ignore_no_formats_error=True)
        return instagram_post_from_info(info, found)
