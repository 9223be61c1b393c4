"""Links as tt-bot stored them, for the import of its database: the post links
:func:`bot.links.parse_link` knows, plus TikTok's old mobile links
(``m.tiktok.com/v/<id>.html``, with a query string). Never a network call: short and share
links give no post id. Same answers as :func:`bot.links.parse_link`, without building the
links (the import reads millions)."""

from __future__ import annotations

import re

from data.models.platform import Platform

from . import PARSERS

__all__ = ["parse_legacy_link"]

# The shapes most stored links have, exactly as the TikTok parser reads them (a strict subset
# of its pattern: lower-case https, no blanks, no fragment), matched about four times faster;
# anything else goes the full way.
_COMMON = re.compile(
    r"https://(?:www\.tiktok\.com/@[A-Za-z0-9_.-]+/(?:video|photo)/(?P<id>[0-9]+)"
    r"|v[mt]\.tiktok\.com/[A-Za-z0-9]+)/?(?:\?[^\s#]*)?"
)
_TIKTOK = Platform.TIKTOK.value
_MOBILE_V = re.compile(
    r"(?:(?i:https?)://)?(?i:m\.tiktok\.com)/v/(?P<id>[0-9]+)\.html(?:\?[^\s#]*)?(?:#\S*)?"
)


def parse_legacy_link(url: str) -> tuple[str, str | None] | None:
    """``(platform, post id or None)`` of one stored post link; None when it is no post link
    of a platform we serve."""
    common = _COMMON.fullmatch(url)
    if common is not None:
        return _TIKTOK, common["id"]
    for parser in PARSERS:
        found = parser.post_of(url)
        if found is not None:
            return found
    match = _MOBILE_V.fullmatch(url.strip())
    if match is not None:
        return _TIKTOK, match["id"]
    return None
