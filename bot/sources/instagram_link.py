"""Instagram post links as the Instagram resolvers read them: the shortcode, a share link's
code and a ``@user/`` prefix, in the normalised form both backends are sent.

Recognised (host case-insensitive, path not; query string, fragment and trailing slash
ignored): ``(www.|m.)instagram.com`` and ``instagr.am`` with ``/p/<code>``, ``/reel/<code>``,
``/reels/<code>``, ``/tv/<code>`` (also after ``<user>/`` or ``@<user>/``) and share links
``/share/<code>``, ``/share/reel/<code>``, ``/share/p/<code>``, which carry no shortcode.
:mod:`bot.links` finds these links in users' text; this module only reads one it was handed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["InstagramLink", "parse_instagram_link"]

_BASE = "https://www.instagram.com"
_CODE = r"[A-Za-z0-9_-]+"
_LINK = re.compile(
    r"(?<![\w.@/-])(?:(?i:https?)://)?(?i:(?:www\.|m\.)?instagram\.com|instagr\.am)/"
    rf"(?:share/(?P<share>(?:reel/|p/)?{_CODE})"
    r"|(?:@?(?!(?:p|reels?|tv|share|stories)/)(?P<user>[A-Za-z0-9._]{1,30})/)?"
    rf"(?P<kind>p|reels?|tv)/(?P<code>{_CODE}))"
)


@dataclass(frozen=True)
class InstagramLink:
    """One post link: ``url`` normalised (``https://www.instagram.com/p/<code>/``,
    ``…/reel/<code>/`` for reels and IGTV, ``…/share/<as found>/``), ``code`` its shortcode
    (None for share links), ``user`` the link's user prefix ("" without one)."""

    url: str
    code: str | None
    user: str


def parse_instagram_link(text: str) -> InstagramLink | None:
    """The first Instagram post link in ``text``, or None."""
    match = _LINK.search(text)
    if match is None:
        return None
    if match["share"]:
        return InstagramLink(f"{_BASE}/share/{match['share']}/", None, "")
    kind = "p" if match["kind"] == "p" else "reel"
    return InstagramLink(f"{_BASE}/{kind}/{match['code']}/", match["code"], match["user"] or "")
