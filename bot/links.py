"""Finding TikTok links (and creator names) in the text users send.

Recognised, with or without ``http://``/``https://``, query string, fragment or trailing slash
(host names are case-insensitive, paths are not):

- short links: ``vm.tiktok.com/<code>``, ``vt.tiktok.com/<code>``, ``(www.)tiktok.com/t/<code>``
- posts: ``(www.|m.)tiktok.com/@<user>/video/<id>`` and ``(www.|m.)tiktok.com/@<user>/photo/<id>``

Codes are ``[A-Za-z0-9]+``, ids digits, users ``[A-Za-z0-9_.-]+``. A link must stand on its own:
``nottiktok.com/...``, ``tiktok.com.evil.org/...``, a link inside another URL's path, or one
that runs on into more path (``.../video/1/x``, ``.../abc-def``) is not a TikTok link.
Found links are normalised to ``https://<host lower-cased>/<path>`` without query string,
fragment or trailing slash.
"""

from __future__ import annotations

import re

__all__ = [
    "creator_from_text",
    "find_links",
    "is_profile_link",
    "is_tiktok_link",
    "post_id_from_link",
]

_CODE = r"[A-Za-z0-9]+"
_ID = r"[0-9]+"
_USER = r"[A-Za-z0-9_.-]+"
_SCHEME = r"(?:(?i:https?)://)?"
# Not glued to a preceding host name, e-mail address or URL path.
_START = r"(?<![\w.@/\\%+-])"
# Not running on into more of a URL (a sentence's full stop or comma may follow).
_END = r"(?![\w/@%+-]|\.[\w/])"

_LINK = re.compile(
    _START
    + _SCHEME
    + r"(?:"
    + rf"(?P<short_host>(?i:v[mt]\.tiktok\.com))/(?P<code>{_CODE})"
    + rf"|(?P<t_host>(?i:(?:www\.)?tiktok\.com))/t/(?P<t_code>{_CODE})"
    + rf"|(?P<post_host>(?i:(?:www\.|m\.)?tiktok\.com))/@(?P<user>{_USER})"
    + rf"/(?P<kind>video|photo)/(?P<id>{_ID})"
    + r")"
    + r"/?(?:\?[^\s#]*)?(?:#\S*)?"
    + _END
)

_UNIQUE_ID = r"[A-Za-z0-9_.]{2,24}"
_PROFILE_LINK = re.compile(
    _SCHEME + rf"(?i:(?:www\.|m\.)?tiktok\.com)/@(?P<name>{_UNIQUE_ID})/?(?:[?#]\S*)?"
)
_NAME = re.compile(rf"@?(?P<name>{_UNIQUE_ID})")


def _normalise(match: re.Match[str]) -> str:
    if match["code"]:
        return f"https://{match['short_host'].lower()}/{match['code']}"
    if match["t_code"]:
        return f"https://{match['t_host'].lower()}/t/{match['t_code']}"
    host = match["post_host"].lower()
    return f"https://{host}/@{match['user']}/{match['kind']}/{match['id']}"


def find_links(text: str, limit: int = 5) -> list[str]:
    """Every TikTok link in ``text``, in order, normalised and de-duplicated, at most ``limit``."""
    found: list[str] = []
    if limit <= 0:
        return found
    for match in _LINK.finditer(text):
        link = _normalise(match)
        if link not in found:
            found.append(link)
            if len(found) >= limit:
                break
    return found


def is_tiktok_link(text: str) -> bool:
    """Whether ``text`` (surrounding blanks aside) is exactly one TikTok link."""
    return _LINK.fullmatch(text.strip()) is not None


def post_id_from_link(link: str) -> str | None:
    """The numeric post id a link carries; None for short links (and for non-links)."""
    match = _LINK.search(link)
    return match["id"] if match is not None and match["id"] else None


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
