"""What every platform's link module gives: :class:`Link`, :class:`UnsupportedLink` and the
:class:`LinkParser` interface (and :class:`RegexParser`, which implements it from two patterns),
plus the boundary rules their patterns share."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from data.models.platform import Platform

__all__ = [
    "END",
    "SCHEME",
    "START",
    "TAIL",
    "Link",
    "LinkParser",
    "RegexParser",
    "UnsupportedLink",
    "UnsupportedWhat",
]

# Optional ``http://`` or ``https://``, any case.
SCHEME = r"(?:(?i:https?)://)?"
# Not glued to a preceding host name, e-mail address or URL path.
START = r"(?<![\w.@/\\%+-])"
# An optional trailing slash, query string and fragment.
TAIL = r"/?(?:\?[^\s#]*)?(?:#\S*)?"
# Not running on into more of a URL (a sentence's full stop, ellipsis or comma may follow).
END = r"(?![\w/@%+-]|\.+[\w/])"

UnsupportedWhat = Literal["profile", "story", "highlight", "other"]


@dataclass(frozen=True)
class Link:
    """A link to one post: ``url`` normalised; ``post_id`` the platform's id of the post when
    the link carries it, None for short and share links (they must be resolved)."""

    platform: Platform
    url: str
    post_id: str | None

    def __str__(self) -> str:
        return self.url


@dataclass(frozen=True)
class UnsupportedLink:
    """A link to a platform we serve that is not a post (``what``: a profile, a story, a
    highlight); ``url`` normalised."""

    platform: Platform
    what: UnsupportedWhat
    url: str


class LinkParser(Protocol):
    """One platform's links. Offsets are where a link starts in the text, so the links of
    several platforms can be merged in text order."""

    platform: Platform

    def find(self, text: str) -> list[tuple[int, Link]]:
        """Every post link in ``text`` with its start, in order (duplicates included)."""
        ...

    def parse(self, text: str) -> Link | None:
        """The post link ``text`` (surrounding blanks aside) is exactly; else None."""
        ...

    def find_unsupported(self, text: str) -> list[tuple[int, UnsupportedLink]]:
        """Every link in ``text`` to this platform that is not a post, with its start, in order."""
        ...

    def post_of(self, text: str) -> tuple[str, str | None] | None:
        """``(platform, post id or None)`` when ``text`` is exactly a post link (what
        :meth:`parse` finds, without building the link); else None."""
        ...


class RegexParser:
    """A :class:`LinkParser` from two patterns: ``links`` matches post links (``to_link`` builds
    each, ``id_of`` reads just its post id), ``others`` the platform's links that are not posts
    (``to_other`` builds each, or None to skip a match)."""

    def __init__(
        self,
        platform: Platform,
        links: re.Pattern[str],
        to_link: Callable[[re.Match[str]], Link],
        others: re.Pattern[str],
        to_other: Callable[[re.Match[str]], UnsupportedLink | None],
        id_of: Callable[[re.Match[str]], str | None] | None = None,
    ) -> None:
        self.platform = platform
        self._platform = str(platform.value)
        self._links, self._to_link = links, to_link
        self._id_of = id_of or (lambda match: to_link(match).post_id)
        self._others, self._to_other = others, to_other

    def find(self, text: str) -> list[tuple[int, Link]]:
        """Every post link in ``text`` with its start, in order (duplicates included)."""
        return [(match.start(), self._to_link(match)) for match in self._links.finditer(text)]

    def parse(self, text: str) -> Link | None:
        """The post link ``text`` (surrounding blanks aside) is exactly; else None."""
        match = self._links.fullmatch(text.strip())
        return self._to_link(match) if match is not None else None

    def post_of(self, text: str) -> tuple[str, str | None] | None:
        """``(platform, post id or None)`` when ``text`` is exactly a post link (what
        :meth:`parse` finds, without building the link); else None."""
        match = self._links.fullmatch(text.strip())
        return (self._platform, self._id_of(match)) if match is not None else None

    def find_unsupported(self, text: str) -> list[tuple[int, UnsupportedLink]]:
        """Every link in ``text`` to this platform that is not a post, with its start, in order."""
        found = []
        for match in self._others.finditer(text):
            other = self._to_other(match)
            if other is not None:
                found.append((match.start(), other))
        return found
