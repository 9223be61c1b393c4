"""Subscriptions: chats following creators, and the delivery claims of their new posts.

Vocabulary: ``subscriptions.user_id`` is the following chat and ``video_id`` a post id; these
functions speak of ``chat_id`` and ``post_id`` and return value types, never ORM rows.

Delivery claims (``subscription_deliveries``): the row for (subscription, post) is inserted,
and committed, *before* the post's first request leaves, once the send limiter granted it
(:func:`claim_deliveries`, run by the poller's send gate); its primary key makes a claim
succeed once. After the sends, :func:`settle_deliveries` records the ones that went out as
downloads, deletes the claims whose send surely failed, so the next poll retries them, and
claims the deliveries that ended without any request but must not be tried again (the post is
gone). A crash after the claim keeps it, so a post is never sent twice to a chat (the post
whose request was in flight may be lost instead); a crash while waiting for the limiter leaves
no claim, and the next poll delivers the post.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import BigInteger, String, delete, exists, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.chats import Chat, chat_columns, chat_of
from data.db_service.common import chunks, insert_for, unix_now, where
from data.db_service.deliveries import CacheEntry, store_cache_entry
from data.db_service.downloads import NewDownload, record_downloads, recorded_download_id
from data.errors import AlreadySubscribed, SubscriptionLimitReached, UnknownChat
from data.models import Subscription, SubscriptionDelivery, User


@dataclass(frozen=True)
class ChatSubscription:
    """A chat's subscription to a creator, as stored."""

    id: int
    chat_id: int
    creator: str
    created_at: int
    active: bool
    last_checked_at: int | None


def _subscription(row: Subscription) -> ChatSubscription:
    return ChatSubscription(
        row.id, row.user_id, row.creator, row.created_at, bool(row.active), row.last_checked_at
    )


@dataclass(frozen=True)
class Follower:
    """One subscription of a creator."""

    subscription_id: int
    chat_id: int
    since: int


@dataclass(frozen=True)
class CreatorFollowers:
    """An actively followed creator and the chats that follow it."""

    creator: str
    followers: tuple[Follower, ...]


@dataclass(frozen=True)
class SubscriptionDownload:
    """A post that reached a subscribed chat, to be recorded as a download."""

    chat_id: int
    source_url: str
    post_id: str
    is_slideshow: bool


async def add_subscription(
    chat_id: int,
    creator: str,
    *,
    limit: int,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> ChatSubscription:
    """Follow ``creator``; re-following an inactive subscription restarts it from now.

    Raises UnknownChat, AlreadySubscribed or SubscriptionLimitReached. The chat's row is
    written first so concurrent calls for one chat serialise and the limit holds.
    """
    at = unix_now(now)
    creator = creator.lower()
    async with session_scope(session) as s:
        # A no-op write that locks the chat's row (PostgreSQL) or the database (SQLite).
        locked = await s.execute(
            update(User).where(User.user_id == chat_id).values(last_seen_at=User.last_seen_at)
        )
        if locked.rowcount == 0:
            raise UnknownChat(chat_id)
        existing = (
            await s.execute(
                select(Subscription).where(
                    Subscription.user_id == chat_id,
                    Subscription.creator == creator,
                )
            )
        ).scalar_one_or_none()
        if existing is not None and existing.active:
            raise AlreadySubscribed(chat_id, creator)
        active = (
            await s.execute(
                select(func.count())
                .select_from(Subscription)
                .where(
                    Subscription.user_id == chat_id,
                    Subscription.active.is_(True),
                )
            )
        ).scalar_one()
        if active >= limit:
            raise SubscriptionLimitReached(chat_id, limit)
        if existing is not None:
            existing.active, existing.created_at, existing.last_checked_at = True, at, None
            await s.flush()
            return _subscription(existing)
        subscription = Subscription(user_id=chat_id, creator=creator, created_at=at, active=True)
        s.add(subscription)
        await s.flush()
        return _subscription(subscription)


async def remove_subscription(
    chat_id: int,
    creator: str,
    *,
    session: AsyncSession | None = None,
) -> bool:
    """Stop following ``creator``; False if the chat did not follow it."""
    async with session_scope(session) as s:
        result = await s.execute(
            delete(Subscription).where(
                Subscription.user_id == chat_id,
                Subscription.creator == creator.lower(),
            )
        )
        return result.rowcount > 0


async def list_subscriptions(
    chat_id: int,
    *,
    include_inactive: bool = False,
    session: AsyncSession | None = None,
) -> list[ChatSubscription]:
    """The chat's subscriptions, alphabetically by creator."""
    stmt = where(
        select(Subscription),
        Subscription.user_id == chat_id,
        None if include_inactive else Subscription.active.is_(True),
    )
    async with session_scope(session) as s:
        rows = (await s.execute(stmt.order_by(Subscription.creator))).scalars()
        return [_subscription(row) for row in rows]


async def active_creators(*, session: AsyncSession | None = None) -> list[CreatorFollowers]:
    """Every actively followed creator with its followers; chats that blocked the bot are paused."""
    stmt = (
        select(Subscription.creator, Subscription.id, Subscription.user_id, Subscription.created_at)
        .join(User, User.user_id == Subscription.user_id)
        .where(Subscription.active.is_(True), User.blocked_at.is_(None))
        .order_by(Subscription.creator, Subscription.id)
    )
    grouped: dict[str, list[Follower]] = {}
    async with session_scope(session) as s:
        for creator, sub_id, chat_id, since in (await s.execute(stmt)).all():
            grouped.setdefault(creator, []).append(Follower(sub_id, chat_id, since))
    return [CreatorFollowers(creator, tuple(followers)) for creator, followers in grouped.items()]


async def deactivate_creator(creator: str, *, session: AsyncSession | None = None) -> list[int]:
    """Deactivate every subscription of a creator that vanished; returns the affected chat ids."""
    async with session_scope(session) as s:
        result = await s.execute(
            update(Subscription)
            .where(Subscription.creator == creator.lower(), Subscription.active.is_(True))
            .values(active=False)
            .returning(Subscription.user_id)
        )
        return sorted(result.scalars())


async def subscriber_chats(*, session: AsyncSession | None = None) -> dict[int, Chat]:
    """Every chat with an active subscription that has not blocked the bot, by chat id."""
    subscribed = exists().where(Subscription.user_id == User.user_id, Subscription.active.is_(True))
    async with session_scope(session) as s:
        stmt = select(*chat_columns(s)).where(User.blocked_at.is_(None), subscribed)
        return {row.user_id: chat_of(row) for row in await s.execute(stmt)}


# ---------------------------------------------------------------- delivery claims


async def claim_deliveries(
    post_id: str,
    subscription_ids: Iterable[int],
    *,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> set[int]:
    """Claim one post for several subscriptions before sending it (insert their delivery rows,
    in one statement per thousand); returns the subscriptions claimed now — only to those may
    the post be sent. Already claimed or delivered posts, inactive subscriptions and chats that
    blocked the bot are not claimed."""
    ids = sorted(set(subscription_ids))
    if not ids:
        return set()
    claimed: set[int] = set()
    async with session_scope(session) as s:
        for chunk in chunks(ids):
            rows = (
                select(
                    Subscription.id, literal(post_id, String), literal(unix_now(now), BigInteger)
                )
                .join(User, User.user_id == Subscription.user_id)
                .where(
                    Subscription.id.in_(chunk),
                    Subscription.active.is_(True),
                    User.blocked_at.is_(None),
                )
            )
            result = await s.execute(
                insert_for(s, SubscriptionDelivery)
                .from_select(["subscription_id", "video_id", "delivered_at"], rows)
                .on_conflict_do_nothing(index_elements=["subscription_id", "video_id"])
                .returning(SubscriptionDelivery.subscription_id)
            )
            claimed.update(result.scalars())
    return claimed


async def settle_deliveries(
    post_id: str,
    *,
    delivered: Iterable[SubscriptionDownload] = (),
    withdrawn: Iterable[int] = (),
    kept: Iterable[int] = (),
    cache: CacheEntry | None = None,
    key: int | None = None,
    replay: bool = False,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> None:
    """After sending one post: record the deliveries that went out as downloads
    (``via_subscription``, counted in the hourly statistics), store ``cache`` (the file ids
    a fresh upload produced), withdraw the claims whose send surely failed (so the next poll
    tries again) and claim the ``kept`` subscriptions (no request went out, but the post is
    not to be tried again), in one transaction.

    ``key`` marks the download rows (see :func:`new_delivery_key`); ``replay`` repeats a call
    whose outcome is unknown with the same ``key`` and ``now``: when its first row is there the
    whole call was made (one transaction) and nothing is written again. The rest of the call is
    safe to repeat as it is."""
    at = unix_now(now)
    rows = list(delivered)
    gone = sorted(set(withdrawn))
    done = sorted(set(kept))
    if not rows and not gone and not done and cache is None:
        return
    if replay and rows and key is None:
        raise ValueError("a replayed settlement with downloads needs their key")
    downloads = [
        NewDownload(
            r.chat_id,
            r.source_url,
            r.post_id,
            is_slideshow=r.is_slideshow,
            via_subscription=True,
            key=key,
        )
        for r in rows
    ]
    async with session_scope(session) as s:
        if replay and rows and await recorded_download_id(s, at, downloads[0]) is not None:
            return
        if cache is not None:
            await store_cache_entry(cache, now=at, session=s)
        for chunk in chunks(done):
            existing = select(
                Subscription.id, literal(post_id, String), literal(at, BigInteger)
            ).where(Subscription.id.in_(chunk))
            await s.execute(
                insert_for(s, SubscriptionDelivery)
                .from_select(["subscription_id", "video_id", "delivered_at"], existing)
                .on_conflict_do_nothing(index_elements=["subscription_id", "video_id"])
            )
        for chunk in chunks(gone):
            await s.execute(
                delete(SubscriptionDelivery).where(
                    SubscriptionDelivery.video_id == post_id,
                    SubscriptionDelivery.subscription_id.in_(chunk),
                )
            )
        if downloads:
            await record_downloads(s, at, downloads)


async def delivered_pairs(
    subscription_ids: Iterable[int],
    post_ids: Iterable[str],
    *,
    session: AsyncSession | None = None,
) -> set[tuple[int, str]]:
    """Which (subscription id, post id) pairs of these already have a delivery row."""
    subs, posts = sorted(set(subscription_ids)), sorted(set(post_ids))
    if not subs or not posts:
        return set()
    found: set[tuple[int, str]] = set()
    async with session_scope(session) as s:
        for chunk in chunks(subs):
            rows = await s.execute(
                select(SubscriptionDelivery.subscription_id, SubscriptionDelivery.video_id).where(
                    SubscriptionDelivery.subscription_id.in_(chunk),
                    SubscriptionDelivery.video_id.in_(posts),
                )
            )
            found.update((row.subscription_id, row.video_id) for row in rows)
    return found
