"""Post links of every platform we serve in the text users send: one module per platform
(:mod:`.tiktok`, :mod:`.instagram`), each a :class:`LinkParser`, merged here in text order.

A new platform is one module with a ``PARSER``, added to :data:`PARSERS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from data.models.platform import Platform

from . import instagram, tiktok
from .base import Link, LinkParser, UnsupportedLink
from .tiktok import creator_from_text, is_profile_link, is_tiktok_link

__all__ = [
    "PARSERS",
    "Link",
    "LinkParser",
    "UnsupportedLink",
    "creator_from_text",
    "find_links",
    "find_unsupported",
    "is_profile_link",
    "is_tiktok_link",
    "parse_link",
    "platform_of",
    "post_id_from_link",
]

PARSERS: tuple[LinkParser, ...] = (tiktok.PARSER, instagram.PARSER)

_L = TypeVar("_L", Link, UnsupportedLink)


def _in_text_order(found: Iterable[tuple[int, _L]], limit: int) -> list[_L]:
    """The links of ``found`` by start, the first of each url kept, at most ``limit``."""
    by_url: dict[str, _L] = {}
    for _, link in sorted(found, key=lambda pair: pair[0]):
        by_url.setdefault(link.url, link)
    return list(by_url.values())[: max(limit, 0)]


def find_links(text: str, limit: int = 5) -> list[Link]:
    """Every post link of every platform in ``text``, in text order, de-duplicated by url, at
    most ``limit``."""
    return _in_text_order((pair for parser in PARSERS for pair in parser.find(text)), limit)


def parse_link(text: str) -> Link | None:
    """The post link ``text`` (surrounding blanks aside) is exactly, of any platform; else
    None."""
    for parser in PARSERS:
        link = parser.parse(text)
        if link is not None:
            return link
    return None


def find_unsupported(text: str, limit: int = 5) -> list[UnsupportedLink]:
    """Links in ``text`` to a platform we serve that are not posts (profiles, stories,
    highlights), in text order, de-duplicated by url, at most ``limit``; where a post link
    starts, no unsupported link does."""
    posts = {start for parser in PARSERS for start, _ in parser.find(text)}
    found = (
        (start, link)
        for parser in PARSERS
        for start, link in parser.find_unsupported(text)
        if start not in posts
    )
    return _in_text_order(found, limit)


def post_id_from_link(url: str) -> str | None:
    """The post id ``url`` (one post link of any platform) carries; None for short and share
    links, and for anything that is not a post link."""
    link = parse_link(url)
    return link.post_id if link is not None else None


def platform_of(url: str) -> Platform | None:
    """The platform of ``url`` when it is one post link; else None."""
    link = parse_link(url)
    return link.platform if link is not None else None
