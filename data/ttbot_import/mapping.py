"""How tt-bot's rows become tokdrop's: pure functions on one row each, and :class:`Tally`,
the counts of rows and of every adjustment, by table and reason.

No row is dropped: a value that does not fit is adjusted and counted. The rules:

- **language**: kept when a supported locale; else its primary subtag (``pt-br`` → ``pt``,
  ``EN`` → ``en``: ``lang_normalised``), else the closest supported language
  (:data:`CLOSEST`: ``lang_closest``), else English (``lang_unknown``; no value at all:
  ``lang_missing``).
- **referral** (``users.link``, :data:`REFERRAL_LENGTH` characters): kept when it fits, valid
  code or not (``referral_not_a_code`` counts the others); longer ones stored truncated to
  the column (``referral_truncated``); empty ones as NULL (``referral_empty``).
- **times**: a chat without a registration time takes the import's start
  (``registered_at_filled``); a download or sound without one takes its chat's registration
  (``downloaded_at_filled``).
- **links**: the post id is parsed from the link where it carries one; short and share links
  are kept unresolved (never a network call) with ``video_id`` :data:`UNRESOLVED_POST_ID`
  (``post_id_unresolved``), as are links that are no post link (``link_unrecognised``, stored
  as TikTok's, tt-bot's platform). Links longer than the column are truncated
  (``link_truncated``).
- **flags**: a NULL boolean or counter takes tokdrop's default (``flag_missing``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

__all__ = [
    "CLOSEST",
    "FALLBACK_LANGUAGE",
    "LINK_LENGTH",
    "POST_ID_LENGTH",
    "REFERRAL_LENGTH",
    "TABLES",
    "UNRESOLVED_POST_ID",
    "LanguageMap",
    "LinkParser",
    "Tally",
    "TableTally",
    "map_link",
    "map_referral",
]

TABLES = ("users", "videos", "music")
REFERRAL_LENGTH = 64  # users.link
LINK_LENGTH = 512  # downloads.source_url
POST_ID_LENGTH = 32  # downloads.video_id, music.video_id
# downloads.video_id of a link whose post id is not known (a short or share link, unresolved).
UNRESOLVED_POST_ID = ""
FALLBACK_LANGUAGE = "en"
_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")

# Languages whose speakers are best served by another one when theirs is missing (only used
# when that one is a supported locale).
CLOSEST = {
    "be": "ru",
    "kk": "ru",
    "ky": "ru",
    "tg": "ru",
    "uz": "ru",
    "pt": "es",
    "gl": "es",
    "ca": "es",
    "ms": "id",
    "jv": "id",
    "ur": "hi",
    "ne": "hi",
    "mr": "hi",
}

LinkParser = Callable[[str], "tuple[str, str | None] | None"]
"""``link -> (platform, post id or None)`` for a post link, None for anything else."""


@dataclass
class TableTally:
    """One source table's counts: rows imported, rows adjusted, adjustments by reason."""

    imported: int = 0
    adjusted: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def add(self, reason: str, n: int = 1) -> None:
        """Count ``n`` adjustments for ``reason``."""
        if n:
            self.reasons[reason] = self.reasons.get(reason, 0) + n


@dataclass
class Tally:
    """Counts of the whole import so far, and the range of times it wrote (for the counters)."""

    tables: dict[str, TableTally] = field(
        default_factory=lambda: {name: TableTally() for name in TABLES}
    )
    chats_created: int = 0
    # The times written (and registrations moved) whose hourly counters are not rebuilt yet.
    dirty: list[int] | None = None

    def span(self, *times: int | None) -> None:
        """Mark the hours of ``times`` as needing their counters rebuilt."""
        for at in times:
            if at is None:
                continue
            if self.dirty is None:
                self.dirty = [at, at]
            else:
                self.dirty = [min(self.dirty[0], at), max(self.dirty[1], at)]

    def to_json(self) -> dict:
        """The tally as stored in the checkpoint."""
        return {
            "tables": {
                name: {"imported": t.imported, "adjusted": t.adjusted, "reasons": t.reasons}
                for name, t in self.tables.items()
            },
            "chats_created": self.chats_created,
            "dirty": None if self.dirty is None else list(self.dirty),
        }

    @classmethod
    def from_json(cls, data: dict | None) -> Tally:
        """A tally from :meth:`to_json`'s output (empty for None)."""
        tally = cls()
        if not data:
            return tally
        for name, t in data.get("tables", {}).items():
            tally.tables[name] = TableTally(t["imported"], t["adjusted"], dict(t["reasons"]))
        tally.chats_created = data.get("chats_created", 0)
        tally.dirty = data.get("dirty")
        return tally


class LanguageMap:
    """Maps tt-bot's language values onto ``supported`` locales (memoised per value)."""

    def __init__(self, supported: Collection[str]) -> None:
        self.supported = frozenset(code.lower() for code in supported) | {FALLBACK_LANGUAGE}
        self._seen: dict[str | None, tuple[str, str | None]] = {}

    def __call__(self, value: str | None) -> tuple[str, str | None]:
        """``(locale, adjustment reason or None)`` for one source value."""
        found = self._seen.get(value)
        if found is None:
            found = self._seen[value] = self._map(value)
        return found

    def _map(self, value: str | None) -> tuple[str, str | None]:
        if value is None or not value.strip():
            return FALLBACK_LANGUAGE, "lang_missing"
        code = value.strip().lower().replace("_", "-")
        if code in self.supported:
            return code, None if code == value else "lang_normalised"
        primary = code.split("-", 1)[0]
        if primary in self.supported:
            return primary, "lang_normalised"
        if CLOSEST.get(primary) in self.supported:
            return CLOSEST[primary], "lang_closest"
        return FALLBACK_LANGUAGE, "lang_unknown"


def map_referral(value: str | None) -> tuple[str | None, str | None]:
    """``(stored referral, adjustment reason or None)``; see the module's rules."""
    if value is None:
        return None, None
    if not value.strip():
        return None, "referral_empty"
    if len(value) > REFERRAL_LENGTH:
        return value[:REFERRAL_LENGTH], "referral_truncated"
    if _CODE.fullmatch(value) is None:
        return value, "referral_not_a_code"
    return value, None


def map_link(link: str, parsed: tuple[str, str | None] | None) -> tuple[str, str, str, str | None]:
    """``(source_url, post id, platform, adjustment reason or None)`` of one tt-bot link, given
    what the link parser made of it."""
    reason = None
    if parsed is None:
        platform, post_id, reason = "tiktok", UNRESOLVED_POST_ID, "link_unrecognised"
    else:
        platform, post_id = parsed
        if post_id is None:
            post_id, reason = UNRESOLVED_POST_ID, "post_id_unresolved"
        elif len(post_id) > POST_ID_LENGTH:
            post_id, reason = UNRESOLVED_POST_ID, "post_id_too_long"
    if len(link) > LINK_LENGTH:
        link, reason = link[:LINK_LENGTH], reason or "link_truncated"
    return link, post_id, str(platform), reason
