"""Chats: registration, the per-update load, and each chat's settings and own numbers.

Vocabulary: the ``users`` table holds chats (private chats have positive ids, groups negative)
and its ``link`` column the referral code a chat arrived with; these functions speak of
``chat_id`` and ``referral`` and return :class:`Chat` values, never ORM rows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.common import insert_for, unix_now
from data.db_service.preferences import preferences_column, preferences_of
from data.db_service.stats import count_events
from data.models import Download, Music, User
from data.preferences import DEFAULT_PREFERENCES, Preferences

LAST_SEEN_RESOLUTION = 60


@dataclass(frozen=True)
class Chat:
    """A chat the bot knows, as stored; ``created``: registered by the call that returned it.

    ``preferences`` are loaded with the chat (their ``file_mode`` is this ``file_mode``).
    """

    chat_id: int
    lang: str
    file_mode: bool
    blocked_at: int | None
    last_seen_at: int
    registered_at: int
    referral: str | None
    ad_count: int = 0
    ad_cooldown: int = 0
    created: bool = False
    preferences: Preferences = field(default=DEFAULT_PREFERENCES)

    @property
    def is_group(self) -> bool:
        """Group and supergroup chats have negative ids."""
        return self.chat_id < 0


CHAT_COLUMNS = (
    User.user_id,
    User.lang,
    User.file_mode,
    User.blocked_at,
    User.last_seen_at,
    User.registered_at,
    User.link,
    User.ad_count,
    User.ad_cooldown,
)


def chat_columns(session: AsyncSession) -> tuple:
    """:data:`CHAT_COLUMNS` and the chat's preferences, for one SELECT (no second query)."""
    return (*CHAT_COLUMNS, preferences_column(session))


def chat_of(row, *, created: bool = False) -> Chat:
    """The :class:`Chat` of a row selected with :data:`CHAT_COLUMNS` (preferences: defaults
    besides file mode) or :func:`chat_columns`."""
    return Chat(
        row.user_id,
        row.lang,
        bool(row.file_mode),
        row.blocked_at,
        row.last_seen_at,
        row.registered_at,
        row.link,
        int(row.ad_count or 0),
        int(row.ad_cooldown or 0),
        created,
        preferences_of(row),
    )


@dataclass(frozen=True)
class ChatVisit:
    """An update from a chat: register it (with ``lang`` and ``referral``) if new; ``unblock``
    it if it wrote to the bot."""

    chat_id: int
    lang: str
    referral: str | None = None
    unblock: bool = False


@dataclass(frozen=True)
class ChatStats:
    """A chat's own numbers for ``/stats``."""

    registered_at: int
    downloads: int
    slideshows: int
    music: int


async def get_chat(chat_id: int, *, session: AsyncSession | None = None) -> Chat | None:
    """The chat as stored, or None when it never talked to the bot."""
    async with session_scope(session) as s:
        row = (await s.execute(select(*chat_columns(s)).where(User.user_id == chat_id))).first()
    return None if row is None else chat_of(row)


async def _register(s: AsyncSession, visits: list[ChatVisit], at: int) -> list[Chat]:
    """Insert the chats not registered yet and count them as new; the ones inserted now."""
    inserted = (
        await s.execute(
            insert_for(s, User)
            .values(
                [
                    {
                        "user_id": v.chat_id,
                        "registered_at": at,
                        "lang": v.lang,
                        "link": v.referral,
                        "last_seen_at": at,
                    }
                    for v in visits
                ]
            )
            .on_conflict_do_nothing(index_elements=["user_id"])
            .returning(*CHAT_COLUMNS)
        )
    ).all()
    chats = [chat_of(row, created=True) for row in inserted]
    await count_events(s, at, [c.chat_id for c in chats], new_users=[1] * len(chats))
    return chats


async def create_chat(
    chat_id: int,
    lang: str = "en",
    referral: str | None = None,
    *,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> bool:
    """Register a chat; returns False (and changes nothing, referral included) if it exists."""
    async with session_scope(session) as s:
        return bool(await _register(s, [ChatVisit(chat_id, lang, referral)], unix_now(now)))


async def load_chats(
    visits: Iterable[ChatVisit],
    *,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> dict[int, Chat]:
    """Load many chats, registering new ones, in one short transaction (a handful of statements).

    A chat's first visit wins (its referral is kept, later ones ignored); last-seen times
    are refreshed when older than a minute; chats that wrote to the bot are unblocked.
    """
    at = unix_now(now)
    first: dict[int, ChatVisit] = {}
    for visit in visits:
        first.setdefault(visit.chat_id, visit)
    if not first:
        return {}
    async with session_scope(session) as s:
        columns = chat_columns(s)
        selected = await s.execute(select(*columns).where(User.user_id.in_(list(first))))
        found = {row.user_id: chat_of(row) for row in selected.all()}
        missing = [v for chat_id, v in first.items() if chat_id not in found]
        if missing:
            found.update((chat.chat_id, chat) for chat in await _register(s, missing, at))
            raced = [v.chat_id for v in missing if v.chat_id not in found]
            if raced:  # registered by another process between our SELECT and INSERT
                again = await s.execute(select(*columns).where(User.user_id.in_(raced)))
                found.update((row.user_id, chat_of(row)) for row in again.all())
        stale = [
            c.chat_id
            for c in found.values()
            if not c.created and at - c.last_seen_at >= LAST_SEEN_RESOLUTION
        ]
        if stale:
            await s.execute(update(User).where(User.user_id.in_(stale)).values(last_seen_at=at))
        unblocked = [c for c, v in first.items() if v.unblock and found[c].blocked_at is not None]
        if unblocked:
            await s.execute(update(User).where(User.user_id.in_(unblocked)).values(blocked_at=None))
            for chat_id in unblocked:
                found[chat_id] = dataclasses.replace(found[chat_id], blocked_at=None)
    return found


async def _update(session: AsyncSession | None, chat_id: int, **values) -> bool:
    async with session_scope(session) as s:
        result = await s.execute(update(User).where(User.user_id == chat_id).values(**values))
        return result.rowcount > 0


async def update_lang(chat_id: int, lang: str, *, session: AsyncSession | None = None) -> bool:
    """Set the chat's language; False if the chat is unknown."""
    return await _update(session, chat_id, lang=lang)


async def update_file_mode(
    chat_id: int,
    file_mode: bool,
    *,
    session: AsyncSession | None = None,
) -> bool:
    """Turn file mode (media as documents) on or off; False if the chat is unknown."""
    return await _update(session, chat_id, file_mode=file_mode)


async def set_blocked(
    chat_id: int,
    blocked: bool,
    *,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> bool:
    """Record that the chat blocked the bot (or unblocked it); False if the chat is unknown."""
    return await _update(session, chat_id, blocked_at=unix_now(now) if blocked else None)


async def get_chat_stats(chat_id: int, *, session: AsyncSession | None = None) -> ChatStats | None:
    """Registration time and download, slideshow and music counts in one round trip."""
    mine = Download.user_id == chat_id
    stmt = select(
        User.registered_at,
        select(func.count()).where(mine).scalar_subquery(),
        select(func.count()).where(mine, Download.is_images.is_(True)).scalar_subquery(),
        select(func.count()).where(Music.user_id == chat_id).scalar_subquery(),
    ).where(User.user_id == chat_id)
    async with session_scope(session) as s:
        row = (await s.execute(stmt)).first()
    return None if row is None else ChatStats(*row)
