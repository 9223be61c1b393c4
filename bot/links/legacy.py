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

_MOBILE_V = re.compile(
    r"(?:(?i:https?)://)?(?i:m\.tiktok\.com)/v/(?P<id>[0-9]+)\.html(?:\?[^\s#]*)?(?:#\S*)?"
)


def parse_legacy_link(url: str) -> tuple[str, str | None] | None:
    """``(platform, post id or None)`` of one stored post link; None when it is no post link
    of a platform we serve."""
    for parser in PARSERS:
        found = parser.post_of(url)
        if found is not None:
            return found
    match = _MOBILE_V.fullmatch(url.strip())
    if match is not None:
        return Platform.TIKTOK.value, match["id"]
    return None
