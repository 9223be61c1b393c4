"""Pages of tt-bot rows made into tokdrop's, every adjustment counted in the import's tally
(the rules are :mod:`data.ttbot_import.mapping`'s)."""

from __future__ import annotations

from data.ttbot_import.checkpoint import Checkpoint
from data.ttbot_import.mapping import (
    LINK_LENGTH,
    POST_ID_LENGTH,
    UNRESOLVED_POST_ID,
    LanguageMap,
    LinkParser,
    TableTally,
    map_link,
    map_referral,
)

__all__ = ["RowMapper"]


class RowMapper:
    """Maps pages of one import: ``cp`` is its live checkpoint (its id marks the rows, its
    start fills missing times, its tally takes the counts)."""

    def __init__(
        self, cp: Checkpoint, langs: LanguageMap, parse_link: LinkParser, has_ad_columns: bool
    ) -> None:
        self.cp, self.langs, self.parse_link = cp, langs, parse_link
        self.has_ad_columns = has_ad_columns

    def users(self, rows: list) -> tuple[list[dict], list[int]]:
        """A page of ``users`` as dicts of :data:`~data.ttbot_import.target.CHAT_COLUMNS`,
        and the registration times they carry."""
        t = self.cp.tally.tables["users"]
        has_ads = self.has_ad_columns
        mapped, times = [], []
        for user_id, registered, lang, link, file_mode, ad_count, ad_cooldown in rows:
            adjusted = False
            if registered is None:
                registered = self.cp.started_at
                t.add("registered_at_filled")
                adjusted = True
            code, why = self.langs(lang)
            if why:
                t.add(why)
                adjusted = True
            referral, why = map_referral(link)
            if why:
                t.add(why)
                adjusted = True
            if file_mode is None or has_ads and (ad_count is None or ad_cooldown is None):
                t.add("flag_missing")
                adjusted = True
            t.adjusted += adjusted
            mapped.append(
                {
                    "user_id": user_id,
                    "registered_at": registered,
                    "lang": code,
                    "link": referral,
                    "file_mode": bool(file_mode),
                    "ad_count": ad_count or 0,
                    "ad_cooldown": ad_cooldown or 0,
                    "last_seen_at": registered,
                }
            )
            times.append(registered)
        return mapped, times

    def videos(self, rows: list, registrations: dict[int, int]) -> list[tuple]:
        """``rows`` as :data:`DOWNLOAD_COLUMNS` tuples. Most rows need no adjustment and take
        the short way (millions of them: every step per row counts); the others are mapped
        and counted by :meth:`_odd_video`."""
        t, parse, own = self.cp.tally.tables["videos"], self.parse_link, self.cp.id
        out = []
        append = out.append
        for row in rows:
            _, chat, at, link, images, processed, inline = row
            parsed = parse(link)
            if (
                parsed is None
                or at is None
                or images is None
                or processed is None
                or inline is None
                or len(link) > LINK_LENGTH
                or (post_id := parsed[1]) is None
                or len(post_id) > POST_ID_LENGTH
            ):
                append(self._odd_video(t, row, parsed, registrations))
                continue
            flags = bool(images), bool(processed), bool(inline)
            append((chat, at, link, post_id, parsed[0], *flags, own))
        return out

    def _odd_video(
        self, t: TableTally, row, parsed: tuple[str, str | None] | None, registrations: dict
    ) -> tuple:
        """One download that needs an adjustment (a time, its link, a flag), counted."""
        _, chat, at, link, images, processed, inline = row
        at, mark, bad = self._timed(t, chat, at, registrations)
        url, post_id, platform, why = map_link(link, parsed)
        if why:
            t.add(why)
            bad = True
        if images is None or processed is None or inline is None:
            t.add("flag_missing")
            bad = True
        t.adjusted += bad
        processed = True if processed is None else bool(processed)
        return chat, at, url, post_id, platform, bool(images), processed, bool(inline), mark

    def _timed(
        self, t: TableTally, chat: int, at: int | None, registrations: dict[int, int]
    ) -> tuple[int, int, bool]:
        """``(time, import mark, adjusted)`` of a download or sound: one without a time takes
        its chat's registration (else the import's start), marked by the negated import id."""
        if at is not None:
            return at, self.cp.id, False
        t.add("downloaded_at_filled")
        return registrations.get(chat, self.cp.started_at), -self.cp.id, True

    def music(self, rows: list, registrations: dict[int, int]) -> list[tuple]:
        """A page of ``music`` as :data:`~data.ttbot_import.target.MUSIC_COLUMNS` tuples."""
        t = self.cp.tally.tables["music"]
        out = []
        for _, chat, at, video_id in rows:
            at, mark, bad = self._timed(t, chat, at, registrations)
            post_id = UNRESOLVED_POST_ID if video_id is None else str(video_id)
            if video_id is None:
                t.add("post_id_missing")
                bad = True
            elif len(post_id) > POST_ID_LENGTH:
                post_id, bad = UNRESOLVED_POST_ID, True
                t.add("post_id_too_long")
            t.adjusted += bad
            out.append((chat, at, post_id, mark))
        return out
