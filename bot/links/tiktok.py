"""TikTok links (and creator names) in the text users send.

Recognised, with or without ``http://``/``https://``, query string, fragment or trailing slash
(host names are case-insensitive, paths are not):

- short links: ``vm.tiktok.com/<code>``, ``vt.tiktok.com/<code>``, ``(www.)tiktok.com/t/<code>``
- posts: ``(www.|m.)tiktok.com/@<user>/video/<id>`` and ``(www.|m.)tiktok.com/@<user>/photo/<id>``

Codes are ``[A-Za-z0-9]+``, ids digits, users ``[A-Za-z0-9_.-]+``. A link must stand on its own:
``nottiktok.com/...``, ``tiktok.com.evil.org/...``, a link inside another URL's path, or one
that runs on into more path (``.../video/1/x``, ``.../abc-def``) is not a TikTok link.
Found links are normalised to ``https://<host lower-cased>/<path>`` without query string,
fragment or trailing slash. A profile link (``tiktok.com/@nasa``) is an unsupported link.
"""

from __future__ import annotations

import re

from data.models.platform import Platform

from .base import END, SCHEME, START, TAIL, Link, RegexParser, UnsupportedLink

__all__ = [
    "PARSER",
    "creator_from_text",
    "is_profile_link",
    "is_tiktok_link",
]

_CODE = r"[A-Za-z0-9]+"
_ID = r"[0-9]+"
_USER = r"[A-Za-z0-9_.-]+"
_PROFILE_HOST = r"(?i:(?:www\.|m\.)?tiktok\.com)"

_LINK = re.compile(
    START
    + SCHEME
    + r"(?:"
    + rf"(?P<short_host>(?i:v[mt]\.tiktok\.com))/(?P<code>{_CODE})"
    + rf"|(?P<t_host>(?i:(?:www\.)?tiktok\.com))/t/(?P<t_code>{_CODE})"
    + rf"|(?P<post_host>{_PROFILE_HOST})/@(?P<user>{_USER})"
    + rf"/(?P<kind>video|photo)/(?P<id>{_ID})"
    + r")"
    + TAIL
    + END
)

_UNIQUE_ID = r"[A-Za-z0-9_.]{2,24}"
_PROFILE_LINK = re.compile(SCHEME + rf"{_PROFILE_HOST}/@(?P<name>{_UNIQUE_ID})/?(?:[?#]\S*)?")
# In running text a full stop after the name ends the sentence, not the name.
_NAME_IN_TEXT = r"[A-Za-z0-9_.]{1,23}[A-Za-z0-9_]"
_PROFILE_IN_TEXT = re.compile(
    START + SCHEME + rf"(?P<host>{_PROFILE_HOST})/@(?P<name>{_NAME_IN_TEXT})" + TAIL + END
)
_NAME = re.compile(rf"@?(?P<name>{_UNIQUE_ID})")


def _link(match: re.Match[str]) -> Link:
    if match["code"]:
        url = f"https://{match['short_host'].lower()}/{match['code']}"
    elif match["t_code"]:
        url = f"https://{match['t_host'].lower()}/t/{match['t_code']}"
    else:
        host = match["post_host"].lower()
        url = f"https://{host}/@{match['user']}/{match['kind']}/{match['id']}"
    return Link(Platform.TIKTOK, url, match["id"])


def _profile(match: re.Match[str]) -> UnsupportedLink:
    return UnsupportedLink(
        Platform.TIKTOK, "profile", f"https://{match['host'].lower()}/@{match['name']}"
    )


PARSER = RegexParser(
    Platform.TIKTOK, _LINK, _link, _PROFILE_IN_TEXT, _profile, id_of=lambda match: match["id"]
)
"""TikTok's :class:`~bot.links.base.LinkParser`."""


def is_tiktok_link(text: str) -> bool:
    """Whether ``text`` (surrounding blanks aside) is exactly one TikTok post link."""
    return PARSER.parse(text) is not None


def is_profile_link(text: str) -> bool:
    """Whether ``text`` is a creator's profile link such as ``https://www.tiktok.com/@nasa``."""
    return _PROFILE_LINK.fullmatch(text.strip()) is not None


def creator_from_text(text: str) -> str | None:
    """The creator's unique id (lower-case) from ``@name``, ``name`` or ``tiktok.com/@name``.

    Unique ids are 2-24 of ``[A-Za-z0-9_.]``; anything else gives None.
    """
    stripped = text.strip()
    match = _PROFILE_LINK.fullmatch(stripped) or _NAME.fullmatch(stripped)
    return match["name"].lower() if match is not None else None
