"""Instagram links in the text users send.

Hosts: ``instagram.com``, ``www.instagram.com``, ``m.instagram.com`` and ``instagr.am``
(case-insensitive), with or without ``http://``/``https://``, query string (``?igsh=…``),
fragment or trailing slash. Recognised posts, also after a ``<user>/`` or ``@<user>/`` prefix:

- reels: ``/reel/<code>``, ``/reels/<code>``, ``/tv/<code>``, normalised to
  ``https://www.instagram.com/reel/<code>/``
- posts: ``/p/<code>``, normalised to ``https://www.instagram.com/p/<code>/``
- share links: ``/share/<code>``, ``/share/reel/<code>``, ``/share/p/<code>``, normalised to
  ``https://www.instagram.com/share/<as found>/``; they carry no shortcode (they redirect to
  the post)

Shortcodes are ``[A-Za-z0-9_-]+`` and keep their case. Links follow the TikTok module's
boundary rules (:mod:`bot.links.base`): ``notinstagram.com``, ``instagram.com.evil.org``, a
link inside another URL's path or one running on into more path is not a link. Unsupported
links: profiles ``instagram.com/<user>/`` (users ``[A-Za-z0-9._]{1,30}``, not one of
:data:`RESERVED`), stories ``instagram.com/stories/<user>/<id>/`` and highlights
``instagram.com/stories/highlights/<id>/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from data.models.platform import Platform

from .base import END, SCHEME, START, TAIL, Link, RegexParser, UnsupportedLink

__all__ = [
    "PARSER",
    "RESERVED",
    "InstagramLink",
    "parse_instagram_link",
]

# First path segments that are Instagram's own pages, not user names (compared lower-cased).
RESERVED = frozenset(
    {
        "about",
        "accounts",
        "api",
        "challenge",
        "developer",
        "direct",
        "explore",
        "legal",
        "p",
        "reel",
        "reels",
        "s",
        "share",
        "stories",
        "tv",
        "web",
    }
)

_BASE = "https://www.instagram.com"
_HOST = r"(?i:(?:www\.|m\.)?instagram\.com|instagr\.am)"
_CODE = r"[A-Za-z0-9_-]+"
_USER = r"[A-Za-z0-9._]{1,30}"
# In running text a full stop after the name ends the sentence, not the name.
_USER_IN_TEXT = r"[A-Za-z0-9._]{0,29}[A-Za-z0-9_]"
_NOT_RESERVED = r"(?!(?i:" + "|".join(sorted(RESERVED)) + r")/)"

_SHARE = rf"share/(?P<share>(?:reel|p)/{_CODE}|(?!(?:reel|p)(?![A-Za-z0-9_-])){_CODE})"
_POST = (
    rf"(?:@(?P<at_user>{_USER})/|{_NOT_RESERVED}(?P<path_user>{_USER})/)?"
    rf"(?P<kind>p|reels?|tv)/(?P<code>{_CODE})"
)
_LINK = re.compile(START + SCHEME + _HOST + rf"/(?:{_SHARE}|{_POST})" + TAIL + END)

_STORY = (
    r"stories/(?:highlights/(?P<highlight>[0-9]+)"
    rf"|(?!highlights(?![\w.]))(?P<story_user>{_USER_IN_TEXT})(?:/(?P<story_id>[0-9]+))?)"
)
_PROFILE = rf"@?(?P<user>{_USER_IN_TEXT})"
_UNSUPPORTED = re.compile(START + SCHEME + _HOST + rf"/(?:{_STORY}|{_PROFILE})" + TAIL + END)


def _link(match: re.Match[str]) -> Link:
    if match["share"]:
        return Link(Platform.INSTAGRAM, f"{_BASE}/share/{match['share']}/", None)
    kind = "p" if match["kind"] == "p" else "reel"
    return Link(Platform.INSTAGRAM, f"{_BASE}/{kind}/{match['code']}/", match["code"])


def _unsupported(match: re.Match[str]) -> UnsupportedLink | None:
    if match["highlight"]:
        return UnsupportedLink(
            Platform.INSTAGRAM, "highlight", f"{_BASE}/stories/highlights/{match['highlight']}/"
        )
    if match["story_user"]:
        path = "/".join(part for part in (match["story_user"], match["story_id"]) if part)
        return UnsupportedLink(Platform.INSTAGRAM, "story", f"{_BASE}/stories/{path}/")
    if match["user"].lower() in RESERVED:
        return None
    return UnsupportedLink(Platform.INSTAGRAM, "profile", f"{_BASE}/{match['user']}/")


PARSER = RegexParser(
    Platform.INSTAGRAM,
    _LINK,
    _link,
    _UNSUPPORTED,
    _unsupported,
    id_of=lambda match: None if match["share"] else match["code"],
)
"""Instagram's :class:`~bot.links.base.LinkParser`."""


@dataclass(frozen=True)
class InstagramLink:
    """An Instagram post link as the resolvers read it: ``url`` normalised, ``code`` its
    shortcode (None for share links), ``user`` the link's ``user/`` or ``@user/`` prefix ("" without
    one)."""

    url: str
    code: str | None
    user: str


def parse_instagram_link(text: str) -> InstagramLink | None:
    """The first Instagram post link in ``text``, or None."""
    match = _LINK.search(text)
    if match is None:
        return None
    link = _link(match)
    return InstagramLink(link.url, link.post_id, match["at_user"] or match["path_user"] or "")
