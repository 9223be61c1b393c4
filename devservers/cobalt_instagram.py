"""Instagram in the cobalt stand-in (:class:`devservers.cobalt.CobaltEmulator` mixes this in),
answering as cobalt 11's ``api/src/processing/services/instagram.js`` does.

Links: ``(www.)instagram.com`` with ``/p/<code>``, ``/reel/<code>``, ``/reels/<code>``,
``/tv/<code>`` (also after ``<user>/``) and share links ``/share/<code>``, ``/share/reel/…``,
``/share/p/…``; query strings are ignored. Answers:

- a video: ``{"status": "tunnel", "url": …, "filename": "instagram_<code>.mp4"}`` (real cobalt
  redirects to Instagram's CDN unless ``alwaysProxy``; here the stand-in serves the file);
- a photo: ``tunnel`` with ``instagram_<code>.jpg``;
- a carousel: ``{"status": "picker", "picker": [{"type": "photo"|"video", "url": …, "thumb":
  …}, …]}`` in order, without ``audio`` or file names;
- errors as cobalt words them: an unknown or removed post (or unknown share link)
  ``error.api.fetch.empty``, other errors set with :meth:`InstagramPosts.instagram_error`
  (:data:`PRIVATE`, :data:`AGE_RESTRICTED`…); stories and other pages
  ``error.api.link.unsupported``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

__all__ = ["AGE_RESTRICTED", "PRIVATE", "REMOVED", "InstagramPosts"]

PRIVATE = "error.api.content.post.private"
AGE_RESTRICTED = "error.api.content.post.age"
REMOVED = "error.api.fetch.empty"

KEY = "instagram:"  # tunnels of Instagram posts belong to "instagram:<code>"
_HOST = r"^(?i:https?://(?:www\.)?instagram\.com)/"
_SHARE = re.compile(_HOST + r"share/(?:(?:reel|p)/)?([A-Za-z0-9_-]+)/?(?:[?#]|$)")
_POST = re.compile(_HOST + r"(?:[^/?#]+/)?(?:p|reels?|tv)/([A-Za-z0-9_-]+)/?(?:[?#]|$)")
_INSTAGRAM = re.compile(_HOST)
_THUMB = b"\xff\xd8\xff\xe0 video thumbnail"
_EXTENSIONS = {"photo": "jpg", "video": "mp4", "gif": "mp4"}


@dataclass
class _InstagramPost:
    code: str
    author: str
    items: list[tuple[str, bytes]]  # (kind, bytes) in order
    carousel: bool
    error: str | None = None


def _error(code: str, context: dict[str, Any] | None = None) -> web.Response:
    error: dict[str, Any] = {"code": code, **({"context": context} if context else {})}
    return web.json_response({"status": "error", "error": error}, status=400)


class InstagramPosts:
    """The Instagram half of the cobalt stand-in: its posts, share links and answers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._instagram: dict[str, _InstagramPost] = {}
        self._instagram_shares: dict[str, str] = {}
        super().__init__(*args, **kwargs)

    def _issue(self, key: str, name: str, data: bytes) -> str:  # pragma: no cover - the host's
        raise NotImplementedError

    # -- content
    def add_instagram_video(
        self,
        code: str,
        *,
        author: str = "",
        video: bytes = b"\x00\x00\x00\x18ftypmp42 reel",
        share_code: str | None = None,
    ) -> None:
        """A reel (or video post). ``author`` is kept for the caller: cobalt never names one."""
        self._add_instagram(_InstagramPost(code, author, [("video", video)], False), share_code)

    def add_instagram_photo(
        self,
        code: str,
        *,
        author: str = "",
        photo: bytes = b"\xff\xd8\xff\xe0 photo",
        share_code: str | None = None,
    ) -> None:
        """A post of one photo."""
        self._add_instagram(_InstagramPost(code, author, [("photo", photo)], False), share_code)

    def add_instagram_carousel(
        self,
        code: str,
        *,
        author: str = "",
        items: Iterable[tuple[str, bytes]],
        share_code: str | None = None,
    ) -> None:
        """A carousel of ``(kind, bytes)`` items in order; kinds ``photo``, ``video``, ``gif``."""
        listed = list(items)
        if not listed or any(kind not in _EXTENSIONS for kind, _ in listed):
            raise ValueError("a carousel needs items of kind photo, video or gif")
        self._add_instagram(_InstagramPost(code, author, listed, True), share_code)

    def _add_instagram(self, post: _InstagramPost, share_code: str | None) -> None:
        self._instagram[post.code] = post
        if share_code:
            self._instagram_shares[share_code] = post.code

    def instagram_error(self, code: str, error: str | None) -> None:
        """Post ``code`` answers cobalt's ``error`` code from now on (None: its media again);
        its tunnels answer 404 meanwhile."""
        self._instagram[code].error = error

    # -- answers (called by the emulator's POST / handler)
    def _answer_instagram(self, url: str) -> web.Response | None:
        """cobalt's answer for an Instagram ``url``; None when it is no Instagram link."""
        if not _INSTAGRAM.match(url):
            return None
        if match := _SHARE.match(url):
            code = self._instagram_shares.get(match[1])
        elif match := _POST.match(url):
            code = match[1]
        else:
            return _error("error.api.link.unsupported", {"service": "Instagram"})
        post = self._instagram.get(code) if code else None
        if post is None:
            return _error(REMOVED)
        if post.error:
            return _error(post.error)
        key = KEY + post.code
        if not post.carousel:
            kind, data = post.items[0]
            extension = _EXTENSIONS[kind]
            url = self._issue(key, f"{kind}.{extension}", data)
            filename = f"instagram_{post.code}.{extension}"
            return web.json_response({"status": "tunnel", "url": url, "filename": filename})
        picker = [
            {
                "type": kind,
                "url": self._issue(key, f"{kind}_{i}.{_EXTENSIONS[kind]}", data),
                "thumb": self._issue(key, f"thumb_{i}.jpg", data if kind == "photo" else _THUMB),
            }
            for i, (kind, data) in enumerate(post.items, start=1)
        ]
        return web.json_response({"status": "picker", "picker": picker})

    def _serves_instagram(self, key: str) -> bool:
        """Whether the tunnels of ``key`` (``instagram:<code>``) still answer."""
        post = self._instagram.get(key.removeprefix(KEY)) if key.startswith(KEY) else None
        return post is not None and post.error is None
