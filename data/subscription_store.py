"""Subscription polling queries: creator leases, delivery claims, subscriber settings, counts.

Re-exported by ``data.db_service`` (call them as ``db_service.claim_creators(...)``). Like every
repository function, each opens its own short transaction or works inside ``session``.

Creator leases (``creator_polls``): a process polls a creator only after claiming it with one
``UPDATE … WHERE leased_until < now`` (on PostgreSQL its candidate rows are picked with
``FOR UPDATE SKIP LOCKED``; SQLite serialises writers), so each creator is polled by one
process at a time, and only once it is due (``last_polled_at`` at least ``interval`` ago).

Delivery claims (``subscription_deliveries``): the row for (subscription, post) is inserted,
and committed, *before* the post is sent (:func:`claim_deliveries` for several followers of a
post in one statement, :func:`claim_delivery` for one); its primary key makes a claim succeed
once. After the sends, :func:`settle_deliveries` records the ones that went out as downloads and
deletes the claims whose send surely failed, so the next poll retries them. A crash after the
claim keeps it, so a post is never sent twice to a chat (a post in flight may be lost instead).
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import delete, exists, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import BigInteger, String

from data.database import session_scope
from data.dialect import insert_for, is_postgres
from data.models import CreatorPoll, Download, Subscription, SubscriptionDelivery, User
from data.periods import HOUR, Period

__all__ = [
    "CreatorLease",
    "SubscriberChat",
    "SubscriptionCounts",
    "SubscriptionDownload",
    "claim_creators",
    "claim_deliveries",
    "claim_delivery",
    "creator_poll",
    "delivered_pairs",
    "finish_creator_poll",
    "forget_creator_poll",
    "record_creator_failure",
    "release_creator_leases",
    "release_delivery",
    "renew_creator_leases",
    "settle_deliveries",
    "subscriber_chats",
    "subscription_counts",
    "sync_creator_polls",
    "unchecked_subscriptions",
]

CP = CreatorPoll
IN_LIST_CHUNK = 1000  # ids per IN (...) list


def _now(now: int | None) -> int:
    return int(time.time()) if now is None else now


def _chunks(values: list, size: int = IN_LIST_CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _followed(creator_column):
    """An active subscription of a chat that has not blocked the bot follows this creator."""
    return (
        exists()
        .where(Subscription.creator == creator_column, Subscription.active.is_(True),
               User.user_id == Subscription.user_id, User.blocked_at.is_(None))
    )


@dataclass(frozen=True)
class CreatorLease:
    """A creator this process may poll now, with its polling state as it was when claimed."""

    creator: str
    failures: int
    last_polled_at: int | None
    last_seen_post_at: int | None


@dataclass(frozen=True)
class SubscriberChat:
    """What a delivery needs of a subscribed chat."""

    lang: str
    file_mode: bool


@dataclass(frozen=True)
class SubscriptionDownload:
    """A post that reached a subscribed chat, to be recorded as a download."""

    user_id: int
    source_url: str
    video_id: str
    is_images: bool


class SubscriptionCounts(NamedTuple):
    """Active subscriptions, distinct creators they follow, and posts delivered in a period."""

    active_subscriptions: int
    creators: int
    deliveries_in_period: int


# ---------------------------------------------------------------- creator leases

async def sync_creator_polls(*, now: int | None = None, session: AsyncSession | None = None) -> int:
    """Add a ``creator_polls`` row for every actively followed creator that lacks one, and drop
    free rows of creators nobody follows any more; returns how many rows were added."""
    at = _now(now)
    creators = select(Subscription.creator).where(Subscription.active.is_(True)).distinct()
    async with session_scope(session) as s:
        added = await s.execute(
            insert_for(s, CP).from_select(["creator"], creators).on_conflict_do_nothing(index_elements=["creator"])
        )
        followed_at_all = exists().where(Subscription.creator == CP.creator, Subscription.active.is_(True))
        await s.execute(delete(CP).where(~followed_at_all, CP.leased_until < at))
        return max(added.rowcount or 0, 0)


async def claim_creators(
    worker_id: str, *, limit: int, lease: int, interval: float = 0, now: int | None = None,
    session: AsyncSession | None = None,
) -> list[CreatorLease]:
    """Lease up to ``limit`` due creators to ``worker_id`` for ``lease`` seconds, least recently
    polled first. Due: not leased (``leased_until < now``), last polled ``interval`` seconds ago
    or never, and followed by at least one chat that has not blocked the bot."""
    at = _now(now)
    free = CP.leased_until < at
    due = or_(CP.last_polled_at.is_(None), CP.last_polled_at <= at - int(interval))
    async with session_scope(session) as s:
        pick = (
            select(CP.creator).where(free, due, _followed(CP.creator))
            .order_by(func.coalesce(CP.last_polled_at, 0), CP.creator).limit(limit)
            .correlate(None)  # its own FROM creator_polls, not the UPDATE's
        )
        if is_postgres(s):
            pick = pick.with_for_update(skip_locked=True, of=CP)
        rows = (await s.execute(
            update(CP).where(CP.creator.in_(pick), free, due)
            .values(leased_by=worker_id, leased_until=at + lease)
            .returning(CP.creator, CP.failures, CP.last_polled_at, CP.last_seen_post_at)
        )).all()
    leases = [CreatorLease(r.creator, r.failures, r.last_polled_at, r.last_seen_post_at) for r in rows]
    return sorted(leases, key=lambda c: (c.last_polled_at or 0, c.creator))


async def renew_creator_leases(
    worker_id: str, *, lease: int, now: int | None = None, session: AsyncSession | None = None,
) -> int:
    """Extend every lease ``worker_id`` holds to ``lease`` seconds from now; returns how many."""
    at = _now(now)
    async with session_scope(session) as s:
        result = await s.execute(
            update(CP).where(CP.leased_by == worker_id, CP.leased_until >= at).values(leased_until=at + lease)
        )
        return result.rowcount


async def finish_creator_poll(
    creator: str, worker_id: str, *, polled_at: int, last_seen_post_at: int | None, failures: int = 0,
    checked: Iterable[int] = (), session: AsyncSession | None = None,
) -> bool:
    """End a poll: free the lease, set the failure count (a listed creator: 0), store when the
    poll began and how far posts were handled, and stamp the ``checked`` subscriptions (the ones
    the poll served) with ``last_checked_at``, in one transaction. False (and nothing changed)
    if the lease is no longer ``worker_id``'s."""
    ids = sorted(set(checked))
    async with session_scope(session) as s:
        result = await s.execute(
            update(CP).where(CP.creator == creator, CP.leased_by == worker_id)
            .values(leased_by=None, leased_until=0, failures=failures, last_polled_at=polled_at,
                    last_seen_post_at=last_seen_post_at)
        )
        if result.rowcount == 0:
            return False
        for chunk in _chunks(ids):
            await s.execute(update(Subscription).where(Subscription.id.in_(chunk)).values(last_checked_at=polled_at))
        return True


async def unchecked_subscriptions(*, session: AsyncSession | None = None) -> set[int]:
    """Ids of active subscriptions no poll has served yet (``last_checked_at`` unset): new or
    re-activated ones, which may want posts older than their creator's ``last_seen_post_at``."""
    stmt = select(Subscription.id).where(Subscription.active.is_(True), Subscription.last_checked_at.is_(None))
    async with session_scope(session) as s:
        return set((await s.execute(stmt)).scalars())


async def record_creator_failure(
    creator: str, worker_id: str, *, polled_at: int, session: AsyncSession | None = None,
) -> int | None:
    """Count one more consecutive "creator not found" and free the lease; returns the new count,
    or None if the lease is no longer ``worker_id``'s."""
    async with session_scope(session) as s:
        return (await s.execute(
            update(CP).where(CP.creator == creator, CP.leased_by == worker_id)
            .values(leased_by=None, leased_until=0, failures=CP.failures + 1, last_polled_at=polled_at)
            .returning(CP.failures)
        )).scalar_one_or_none()


async def release_creator_leases(
    worker_id: str, creators: Iterable[str] | None = None, *, session: AsyncSession | None = None,
) -> int:
    """Hand back leases (all of ``worker_id``'s, or just ``creators``) without counting a poll,
    so any process may poll those creators at once; returns how many."""
    stmt = update(CP).where(CP.leased_by == worker_id)
    if creators is not None:
        names = list(creators)
        if not names:
            return 0
        stmt = stmt.where(CP.creator.in_(names))
    async with session_scope(session) as s:
        return (await s.execute(stmt.values(leased_by=None, leased_until=0))).rowcount


async def forget_creator_poll(creator: str, *, session: AsyncSession | None = None) -> bool:
    """Delete a creator's polling state (after its subscriptions were deactivated)."""
    async with session_scope(session) as s:
        return (await s.execute(delete(CP).where(CP.creator == creator.lower()))).rowcount > 0


async def creator_poll(creator: str, *, session: AsyncSession | None = None) -> CreatorPoll | None:
    """A creator's polling state (a detached snapshot), or None."""
    async with session_scope(session) as s:
        return await s.get(CP, creator.lower())


# ---------------------------------------------------------------- delivery claims

async def claim_delivery(
    subscription_id: int, video_id: str, *, now: int | None = None, session: AsyncSession | None = None,
) -> bool:
    """Claim the delivery of a post to a subscription before sending it (insert its delivery row).

    False if it was already claimed or delivered, or the subscription is no longer active or
    its chat blocked the bot: then nothing must be sent.
    """
    still_wanted = exists().where(
        Subscription.id == subscription_id, Subscription.active.is_(True),
        User.user_id == Subscription.user_id, User.blocked_at.is_(None),
    )
    row = select(
        literal(subscription_id, BigInteger), literal(video_id, String), literal(_now(now), BigInteger),
    ).where(still_wanted)
    async with session_scope(session) as s:
        result = await s.execute(
            insert_for(s, SubscriptionDelivery)
            .from_select(["subscription_id", "video_id", "delivered_at"], row)
            .on_conflict_do_nothing(index_elements=["subscription_id", "video_id"])
        )
        return result.rowcount > 0


async def claim_deliveries(
    video_id: str, subscription_ids: Iterable[int], *, now: int | None = None, session: AsyncSession | None = None,
) -> set[int]:
    """Claim one post for several subscriptions in one statement (see :func:`claim_delivery`);
    returns the subscriptions claimed now — only to those may the post be sent."""
    ids = sorted(set(subscription_ids))
    if not ids:
        return set()
    claimed: set[int] = set()
    async with session_scope(session) as s:
        for chunk in _chunks(ids):
            rows = (
                select(Subscription.id, literal(video_id, String), literal(_now(now), BigInteger))
                .join(User, User.user_id == Subscription.user_id)
                .where(Subscription.id.in_(chunk), Subscription.active.is_(True), User.blocked_at.is_(None))
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
    video_id: str, *, delivered: Iterable[SubscriptionDownload] = (), withdrawn: Iterable[int] = (),
    now: int | None = None, session: AsyncSession | None = None,
) -> None:
    """After sending one post: record the deliveries that went out as downloads (``via_subscription``,
    counted in the hourly statistics) and withdraw the claims whose send surely failed, in one
    transaction."""
    from data import db_service  # the counters' upsert lives there (imported late: it imports us)

    at = _now(now)
    rows = list(delivered)
    gone = sorted(set(withdrawn))
    if not rows and not gone:
        return
    async with session_scope(session) as s:
        for chunk in _chunks(gone):
            await s.execute(delete(SubscriptionDelivery).where(
                SubscriptionDelivery.video_id == video_id, SubscriptionDelivery.subscription_id.in_(chunk),
            ))
        if rows:
            await s.execute(insert(Download), [
                {"user_id": r.user_id, "downloaded_at": at, "source_url": r.source_url[:512], "video_id": r.video_id,
                 "is_images": r.is_images, "is_inline": False, "via_subscription": True, "is_processed": True}
                for r in rows
            ])
            counters = []
            for is_group in (False, True):
                mine = [r for r in rows if (r.user_id < 0) == is_group]
                if mine:
                    counters.append({"hour": at // HOUR, "is_group": is_group, "downloads": len(mine),
                                     "slideshows": sum(r.is_images for r in mine), "via_subscription": len(mine)})
            await db_service._bump_rows(s, counters)


async def release_delivery(subscription_id: int, video_id: str, *, session: AsyncSession | None = None) -> bool:
    """Withdraw a claim whose send surely failed, so the next poll tries again."""
    async with session_scope(session) as s:
        result = await s.execute(delete(SubscriptionDelivery).where(
            SubscriptionDelivery.subscription_id == subscription_id, SubscriptionDelivery.video_id == video_id,
        ))
        return result.rowcount > 0


async def delivered_pairs(
    subscription_ids: Iterable[int], video_ids: Iterable[str], *, session: AsyncSession | None = None,
) -> set[tuple[int, str]]:
    """Which (subscription id, video id) pairs of these already have a delivery row."""
    subs, videos = sorted(set(subscription_ids)), sorted(set(video_ids))
    if not subs or not videos:
        return set()
    found: set[tuple[int, str]] = set()
    async with session_scope(session) as s:
        for chunk in _chunks(subs):
            rows = await s.execute(select(SubscriptionDelivery.subscription_id, SubscriptionDelivery.video_id).where(
                SubscriptionDelivery.subscription_id.in_(chunk), SubscriptionDelivery.video_id.in_(videos),
            ))
            found.update((row.subscription_id, row.video_id) for row in rows)
    return found


async def subscriber_chats(*, session: AsyncSession | None = None) -> dict[int, SubscriberChat]:
    """Language and file mode of every chat with an active subscription that has not blocked the bot."""
    subscribed = exists().where(Subscription.user_id == User.user_id, Subscription.active.is_(True))
    stmt = select(User.user_id, User.lang, User.file_mode).where(User.blocked_at.is_(None), subscribed)
    async with session_scope(session) as s:
        return {row.user_id: SubscriberChat(row.lang, bool(row.file_mode)) for row in await s.execute(stmt)}


# ---------------------------------------------------------------- operator numbers

async def subscription_counts(period: Period, *, session: AsyncSession | None = None) -> SubscriptionCounts:
    """Active subscriptions, distinct creators they follow, and deliveries recorded in ``period``."""
    delivered = select(func.count()).select_from(SubscriptionDelivery).where(
        SubscriptionDelivery.delivered_at < period.end,
        *([] if period.start is None else [SubscriptionDelivery.delivered_at >= period.start]),
    ).scalar_subquery()
    stmt = select(
        func.count(Subscription.id), func.count(func.distinct(Subscription.creator)), delivered,
    ).where(Subscription.active.is_(True))
    async with session_scope(session) as s:
        active, creators, deliveries = (await s.execute(stmt)).one()
    return SubscriptionCounts(int(active or 0), int(creators or 0), int(deliveries or 0))

