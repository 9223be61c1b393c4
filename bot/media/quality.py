"""Which of a video's renditions to send for a chat's ``quality`` preference, and which to try
instead when that one is over the upload limit.

Pure functions on :class:`~bot.sources.Rendition` lists as resolvers give them (best first):

* ``best``: the first one;
* ``saver``: the smallest -- by bytes when every size is known, else by pixels when every
  size in pixels is known, else the last listed;
* ``standard``: the smallest whose short side is at least :data:`STANDARD_SHORT_SIDE`, else the
  best. A rendition of unknown dimensions counts as meeting it unless a better one listed
  before it is known to fall short (lists are best first): tikwm's ``play`` next to an HD file
  is TikTok's standard rendition, at most the HD file's size.

Then the upload limit: the chosen one and every smaller one, in order, skipping those whose
known size is over the limit; all but the chosen one are *lowered*. The smaller ones stay in
the list so a download that turns out too large (size unknown beforehand) can go on with them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from bot.sources import Rendition
from data.preferences import Quality

__all__ = [
    "STANDARD_SHORT_SIDE",
    "Attempt",
    "by_size",
    "chosen_rendition",
    "renditions_to_try",
]

STANDARD_SHORT_SIDE = 720  # pixels: 720p, TikTok's standard rendition


class Attempt(NamedTuple):
    """A rendition to try, and whether it is lower than the quality's choice (that one being
    over the upload limit)."""

    rendition: Rendition
    lowered: bool


def _distinct(renditions: Iterable[Rendition]) -> list[Rendition]:
    """One rendition per URL, the first listed."""
    found: dict[str, Rendition] = {}
    for rendition in renditions:
        found.setdefault(rendition.url, rendition)
    return list(found.values())


def by_size(renditions: Sequence[Rendition]) -> list[Rendition]:
    """``renditions`` (one per URL) largest first: by bytes when every size is known, else by
    pixels when every rendition's are, else as listed (best first); ties keep their order."""
    found = _distinct(renditions)
    if all(r.size is not None for r in found):
        return sorted(found, key=lambda r: r.size or 0, reverse=True)
    if all(r.pixels is not None for r in found):
        return sorted(found, key=lambda r: r.pixels or 0, reverse=True)
    return found


def _meeting_standard(renditions: Sequence[Rendition]) -> set[str]:
    """URLs of the renditions whose short side is at least STANDARD_SHORT_SIDE, unknown
    dimensions counting as meeting it until a better listed one is known to fall short."""
    meeting: set[str] = set()
    short_seen = False
    for rendition in renditions:
        side = rendition.short_side
        if side is not None and side < STANDARD_SHORT_SIDE:
            short_seen = True
        elif side is not None or not short_seen:
            meeting.add(rendition.url)
    return meeting


def chosen_rendition(renditions: Sequence[Rendition], quality: Quality) -> Rendition:
    """The rendition ``quality`` asks for, the upload limit aside (see the module docstring);
    ValueError when there is none."""
    listed = _distinct(renditions)
    if not listed:
        raise ValueError("no rendition to choose from")
    quality = Quality(quality)
    if quality is Quality.BEST:
        return listed[0]
    ranked = by_size(listed)
    if quality is Quality.SAVER:
        return ranked[-1]
    meeting = _meeting_standard(listed)
    return next((r for r in reversed(ranked) if r.url in meeting), listed[0])


def renditions_to_try(
    renditions: Sequence[Rendition], quality: Quality, upload_limit: int
) -> list[Attempt]:
    """The renditions to download in order: the one ``quality`` asks for, then each smaller
    one, leaving out those whose known size is over ``upload_limit`` bytes; [] when none is
    left (or there are none)."""
    if not renditions:
        return []
    chosen = chosen_rendition(renditions, quality)
    ranked = by_size(renditions)
    smaller = ranked[ranked.index(chosen) + 1 :]
    return [
        Attempt(rendition, lowered=rendition != chosen)
        for rendition in (chosen, *smaller)
        if rendition.size is None or rendition.size <= upload_limit
    ]
