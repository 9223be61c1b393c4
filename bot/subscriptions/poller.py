"""The background poller: leases due creators, lists each one's new posts once, delivers them.

One cycle (:meth:`Poller.poll_once`):

1. ``creator_polls`` gets a row for every followed creator; the followers (``active_creators``:
   chats that blocked the bot are paused) and their chats' languages and file modes are read.
2. ``concurrency`` workers (started within a random ``jitter`` of each other) each lease
   ``batch_size`` due creators at a time (``claim_creators``: free, and last polled at least an
   interval ago) until none is left, so several processes share the work and never poll one
   creator at once.
3. Per creator: one resolver call (``creator_posts``: the newest ``page_size`` posts created
   after the earliest point some follower still needs, see ``_lower_bound``), then
   each post, oldest first, to every follower it is new to (created after the subscription
   began and not delivered yet). The first chat gets the post alone, so the media is downloaded
   and uploaded once; the other chats then get it by cached file id, ``chunk_size`` deliveries
   at a time (each claimed once the limiter granted its send, all settled in one statement), at
   most ``send_concurrency`` sends at once.
4. The lease is freed with the poll's start time and how far posts were handled
   (``last_seen_post_at``), which bounds the next poll's look-back.

Exactly once: see :mod:`bot.subscriptions.delivery` and :mod:`data.db_service.subscriptions`. A chat
that hit a retryable failure gets no later post of that creator in the same poll, so posts
still arrive oldest first. A creator that answers "not found" ``max_failures`` polls in a row
is unfollowed: its subscriptions are deactivated and their chats told.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import TypeVar

from aiogram import Bot
from aiogram.exceptions import TelegramUnauthorizedError

from bot.background import BackgroundJob, Backoff
from bot.i18n import Locales, Translator
from bot.media.service import MediaService
from bot.metrics import counting_fetch_errors
from bot.outbox import SendGate
from bot.sources import CreatorNotFound, CreatorPost, ResolveError
from bot.subscriptions.delivery import (
    WITHDRAW,
    Outcome,
    Result,
    Target,
    notify,
    post_link,
    send,
    send_too_large,
)
from data import database, db_service
from data.clock import unix_now
from data.config import Settings
from data.db_service import Chat, CreatorLease, Follower, SubscriptionDownload
from data.preferences import DEFAULT_PREFERENCES
from data.runtime_settings import Setting

log = logging.getLogger(__name__)
T = TypeVar("T")

CONCURRENCY = 8  # creators polled at once (default: MEDIA_CONCURRENCY)
SEND_CONCURRENCY = 16  # sends in flight at once (each also reads the file-id cache: mind the pool)
CHUNK_SIZE = 16  # deliveries of one post claimed (and settled) together
JITTER = 2.0  # seconds: the cycle's workers start within this (staggered), ticks vary by ±20 %
PAGE_SIZE = 20  # newest posts looked at per creator and poll (one resolver call)
LEASE_SECONDS = 120  # renewed every third of it while the poll runs
BATCH_SIZE = 4  # creators a worker leases at once
MAX_FAILURES = 3  # consecutive "creator not found" polls before the creator is unfollowed
MAX_ATTEMPTS = 3  # polls that may retry one post for one chat before it is given up
STOP_TIMEOUT = 15.0
MAX_REMEMBERED_ATTEMPTS = 100_000
MIN_TICK, MAX_TICK = 0.05, 60.0  # seconds between looks for due creators


@dataclass
class PollReport:
    """What one cycle did."""

    creators: int = 0  # creators whose posts were listed
    posts: int = 0  # new posts seen (each counted once, however many chats follow the creator)
    delivered: int = 0  # (subscription, post) deliveries that reached a chat
    retried: int = 0  # deliveries withdrawn to be tried again next poll
    blocked: int = 0  # chats found to have blocked the bot
    failed: int = 0  # deliveries given up (post gone, too large, out of attempts, outcome unknown)
    not_found: int = 0  # creators that answered "not found"
    resolver_errors: int = 0  # creators whose list could not be fetched (timeout, outage)
    deactivated: list[str] = field(default_factory=list)  # creators unfollowed for good


@dataclass
class _Cycle:
    started: int
    interval: float
    followers: dict[str, tuple[Follower, ...]]
    chats: dict[int, Chat]
    unchecked: set[int]  # subscriptions no poll has served yet
    report: PollReport
    blocked: set[int] = field(default_factory=set)  # chats that blocked the bot during this cycle


@dataclass
class _Run:
    started: int
    interval: float
    report: PollReport
    polled: set[str] = field(default_factory=set)  # each creator once per cycle, even if due again
    loading: asyncio.Lock = field(default_factory=asyncio.Lock)
    cycle: _Cycle | None = None


class Poller(BackgroundJob):
    """Polls followed creators every interval and delivers their new posts (see the module doc)."""

    label = "subscription poller"
    stop_timeout = STOP_TIMEOUT

    def __init__(
        self,
        bot: Bot,
        media: MediaService,
        locales: Locales | None = None,
        *,
        interval: float | None = None,
        worker_id: str | None = None,
        concurrency: int = CONCURRENCY,
        send_concurrency: int = SEND_CONCURRENCY,
        chunk_size: int = CHUNK_SIZE,
        jitter: float = JITTER,
        page_size: int = PAGE_SIZE,
        lease_seconds: int = LEASE_SECONDS,
        batch_size: int = BATCH_SIZE,
        max_failures: int = MAX_FAILURES,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        """``interval`` in seconds overrides the runtime setting ``poll_interval_minutes``
        (tests)."""
        super().__init__(worker_id, Backoff(2.0, MAX_TICK, doublings=5))
        self.bot, self.media = bot, media
        self.locales = locales or Locales()
        self.interval = interval
        self.jitter = max(0.0, jitter)
        self.page_size = page_size
        self.lease = max(3, int(lease_seconds))
        self.batch_size = max(1, batch_size)
        self.max_failures = max(1, max_failures)
        self.max_attempts = max(1, max_attempts)
        self.concurrency = max(1, concurrency)
        self.chunk_size = max(1, chunk_size)
        self._send_slots = asyncio.Semaphore(max(1, send_concurrency))
        self._cycle_lock = asyncio.Lock()
        self._attempts: dict[tuple[int, str], int] = {}  # (subscription, post) -> withdrawn claims
        self._translators: dict[str, Translator] = {}
        self._write_lock = asyncio.Lock()
        self._serialise_writes = False
        self.cycles = 0

    # ---------------------------------------------------------------- the job's hooks

    async def step(self) -> float:
        """One cycle; the next look for due creators is a tick later."""
        await self.poll_once()
        return self._tick(await self._interval())

    async def after_stop(self) -> None:
        """Hand back leased creators (the sends under way have finished or were cancelled)."""
        try:
            await db_service.release_creator_leases(self.id)
        except Exception as exc:  # noqa: BLE001 - the leases expire on their own
            log.warning("subscription poller %s could not hand back its leases: %s", self.id, exc)

    async def _interval(self) -> float:
        if self.interval is not None:
            return float(self.interval)
        settings = await db_service.get_settings_cached()
        return float(settings[Setting.POLL_INTERVAL_MINUTES]) * 60

    @staticmethod
    def _tick(interval: float) -> float:
        """Seconds until the next look for due creators: a tenth of the interval, jittered."""
        return min(max(interval / 10, MIN_TICK), MAX_TICK) * random.uniform(0.8, 1.2)

    # ---------------------------------------------------------------- one cycle

    async def poll_once(self) -> PollReport:
        """Poll every due creator this process can lease, deliver their new posts; one cycle.

        ``concurrency`` workers each lease ``batch_size`` due creators at a time and poll them
        in turn, until none is left, so several processes share a cycle's creators.
        """
        async with self._cycle_lock:
            started = int(time.time())
            interval = await self._interval()
            self._serialise_writes = database.dialect_name() == "sqlite"
            await db_service.sync_creator_polls(now=started)
            run = _Run(started, interval, PollReport())
            renewer = asyncio.create_task(
                self._renew_leases(), name=f"subscription-leases {self.id}"
            )
            try:
                await asyncio.gather(
                    *(self._work(run, first=i == 0) for i in range(self.concurrency))
                )
            finally:
                renewer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewer
                if self.stopping:
                    await db_service.release_creator_leases(self.id)
            self.cycles += 1
            if len(self._attempts) > MAX_REMEMBERED_ATTEMPTS:
                self._attempts.clear()
            report = run.report
            if report.creators or report.not_found or report.resolver_errors:
                log.info(
                    "subscription poll: %s creator(s), %s new post(s), %s delivered, %s retried, "
                    "%s failed, %s not found",
                    report.creators,
                    report.posts,
                    report.delivered,
                    report.retried,
                    report.failed,
                    report.not_found,
                )
            return report

    async def _work(self, run: _Run, *, first: bool) -> None:
        """One worker of a cycle: lease a few due creators, poll them, repeat until none is due."""
        if self.jitter and not first:  # staggered starts: the resolver sees no burst
            await asyncio.sleep(random.uniform(0, self.jitter))
        while not self.stopping:
            claimed = await self._write(
                db_service.claim_creators(
                    self.id, limit=self.batch_size, lease=self.lease, interval=run.interval
                )
            )
            leases = [lease for lease in claimed if lease.creator not in run.polled]
            if len(leases) < len(claimed):  # due again already (tiny intervals): next cycle
                await db_service.release_creator_leases(
                    self.id, [lease.creator for lease in claimed if lease.creator in run.polled]
                )
            if not leases:
                return
            run.polled.update(lease.creator for lease in leases)
            cycle = await self._load(run)
            for lease in leases:
                await self._poll_creator(lease, cycle)

    async def _load(self, run: _Run) -> _Cycle:
        """The cycle's followers and chats, read once, when the first creator was leased."""
        async with run.loading:
            if run.cycle is None:
                followed = {c.creator: c.followers for c in await db_service.active_creators()}
                run.cycle = _Cycle(
                    run.started,
                    run.interval,
                    followed,
                    await db_service.subscriber_chats(),
                    await db_service.unchecked_subscriptions(),
                    run.report,
                )
            return run.cycle

    async def _write(self, statement: Awaitable[T]) -> T:
        """Run a repository write; on SQLite (one writer at a time) this poller's writes queue here
        instead of in SQLite's busy handler, which sleeps for milliseconds between its retries."""
        if not self._serialise_writes:
            return await statement
        async with self._write_lock:
            return await statement

    async def _renew_leases(self) -> None:
        while True:
            await asyncio.sleep(self.lease / 3)
            try:
                await db_service.renew_creator_leases(self.id, lease=self.lease)
            except Exception as exc:  # noqa: BLE001 - try again at the next renewal
                log.warning("subscription poller %s could not renew its leases: %s", self.id, exc)

    async def _poll_creator(self, lease: CreatorLease, cycle: _Cycle) -> None:
        creator = lease.creator
        try:
            followers = cycle.followers.get(creator, ())
            if self.stopping or not followers:  # stopping, or followed after the snapshot
                await db_service.release_creator_leases(self.id, [creator])
                return
            await self._poll_leased(lease, followers, cycle)
        except TelegramUnauthorizedError:
            raise
        except Exception:
            log.exception("polling creator %s failed", creator)
            with contextlib.suppress(Exception):
                await db_service.release_creator_leases(self.id, [creator])

    async def _poll_leased(
        self, lease: CreatorLease, followers: tuple[Follower, ...], cycle: _Cycle
    ) -> None:
        creator, report = lease.creator, cycle.report
        bounds = {
            f.subscription_id: self._lower_bound(f, lease, cycle.unchecked) for f in followers
        }
        since = min(bounds.values())
        try:
            with counting_fetch_errors(self.media.metrics, ResolveError):
                page = await self.media.resolver.creator_posts(
                    creator, since=since, count=self.page_size
                )
        except CreatorNotFound as exc:
            report.not_found += 1
            failures = await self._write(
                db_service.record_creator_failure(creator, self.id, polled_at=cycle.started)
            )
            log.info("creator %s not found (%s in a row): %s", creator, failures, exc)
            if failures is not None and failures >= self.max_failures:
                await self._unfollow(creator, cycle)
            return
        except ResolveError as exc:
            report.resolver_errors += 1
            log.warning("could not list the posts of %s: %s", creator, exc)
            await self._write(
                db_service.finish_creator_poll(
                    creator,
                    self.id,
                    polled_at=cycle.started,
                    last_seen_post_at=lease.last_seen_post_at,
                    failures=lease.failures,
                )
            )
            return
        report.creators += 1
        posts = sorted(
            {p.id: p for p in page.posts if p.created_at > since}.values(),
            key=lambda p: (p.created_at, int(p.id) if p.id.isdigit() else 0),
        )
        done = (
            await db_service.delivered_pairs(bounds.keys(), [p.id for p in posts])
            if posts
            else set()
        )
        held: set[int] = set()  # subscriptions with a post to retry: no later post this poll
        retry_at: int | None = None  # creation time of the oldest post some chat must get again
        for post in posts:
            targets = [
                f
                for f in followers
                if post.created_at > bounds[f.subscription_id]
                and (f.subscription_id, post.id) not in done
                and f.subscription_id not in held
                and f.chat_id not in cycle.blocked
            ]
            if not targets:
                continue
            report.posts += 1
            retried = await self._deliver_post(creator, post, targets, cycle)
            if retried:
                held.update(retried)
                retry_at = post.created_at if retry_at is None else min(retry_at, post.created_at)
        if self.stopping:  # cut short: any process may poll the creator again at once
            await self._write(db_service.release_creator_leases(self.id, [creator]))
            return
        if retry_at is not None:
            seen = retry_at - 1
        elif posts:
            seen = max(lease.last_seen_post_at or 0, posts[-1].created_at)
        else:
            seen = lease.last_seen_post_at
        served = [f.subscription_id for f in followers]
        if not await self._write(
            db_service.finish_creator_poll(
                creator, self.id, polled_at=cycle.started, last_seen_post_at=seen, checked=served
            )
        ):
            log.warning("creator %s: lease was taken over before the poll finished", creator)

    @staticmethod
    def _lower_bound(follower: Follower, lease: CreatorLease, unchecked: set[int]) -> int:
        """Posts created after this are new to the subscription: after it began, and after what
        earlier polls handled for it (a subscription no poll has served yet was in none of them,
        so it gets everything since it began). A chat that blocked the bot and came back so gets
        the posts published after it came back, not the ones from while it was away."""
        seen = lease.last_seen_post_at
        if seen is None or follower.subscription_id in unchecked:
            return follower.since
        return max(follower.since, seen)

    # ---------------------------------------------------------------- one post

    def _target(self, follower: Follower, cycle: _Cycle) -> Target:
        chat = cycle.chats.get(follower.chat_id)
        lang, preferences = (
            (chat.lang, chat.preferences) if chat is not None else ("en", DEFAULT_PREFERENCES)
        )
        t = self._translators.get(lang)
        if t is None:
            t = self._translators[lang] = self.locales.translator(lang)
        return Target(follower, preferences, t)

    async def _deliver_post(
        self, creator: str, post: CreatorPost, followers: list[Follower], cycle: _Cycle
    ) -> set[int]:
        """Deliver one post to its followers; returns the subscriptions that must get it again."""
        link = post_link(creator, post)
        targets = [self._target(f, cycle) for f in followers]
        retry: set[int] = set()
        # One chat at a time until one delivery went through: it fills the file-id cache.
        while targets:
            target = targets.pop(0)
            results = await self._batch(post, link, [target], cycle, retry)
            if results is None:  # stopping
                retry.update(t.follower.subscription_id for t in targets)
                return retry
            result = results.get(target.follower.subscription_id)
            if result is None:  # not claimed: delivered before, or no longer wanted
                continue
            if result.outcome is Outcome.SENT:
                break
            if result.outcome is Outcome.POST_GONE:
                return retry  # nobody can get it; the later posts go on
            if result.outcome in (Outcome.POST_RETRY, Outcome.DEFERRED):
                retry.update(t.follower.subscription_id for t in targets)
                return retry  # the resolver, media server or send budget fails: all next poll
            if result.outcome is Outcome.TOO_LARGE:
                break  # the others get the direct link too, without fetching it again
        else:
            return retry
        too_large = result.error if result.outcome is Outcome.TOO_LARGE else None
        # The others by cached file id: a chunk of claims in one statement, then their sends at
        # once.
        for start in range(0, len(targets), self.chunk_size):
            chunk = targets[start : start + self.chunk_size]
            results = await self._batch(post, link, chunk, cycle, retry, too_large=too_large)
            if results is None:  # stopping: this chunk and the rest next poll
                retry.update(t.follower.subscription_id for t in targets[start:])
                break
            if any(r.outcome is Outcome.DEFERRED for r in results.values()):
                # The send budget is down: the rest next poll (this chunk's are in retry).
                retry.update(t.follower.subscription_id for t in targets[start + len(chunk) :])
                break
        return retry

    async def _batch(
        self,
        post: CreatorPost,
        link: str,
        targets: list[Target],
        cycle: _Cycle,
        retry: set[int],
        *,
        too_large: Exception | None = None,
    ) -> dict[int, Result] | None:
        """Send the post to these subscriptions, each claimed only once the limiter granted its
        first request (a SendGate), then settle the claims in one statement.

        Returns each claimed subscription's result (after the bookkeeping below), or None when
        stopping (nothing claimed).
        """
        if self.stopping:
            return None
        targets = [t for t in targets if t.follower.chat_id not in cycle.blocked]
        if not targets:
            return {}
        gates = {t.follower.subscription_id: self._claim_gate(post.id, t) for t in targets}

        async def one(target: Target) -> Result:
            async with self._send_slots:
                with gates[target.follower.subscription_id].armed():
                    if too_large is not None:
                        return await send_too_large(self.bot, self.media.writes, target, too_large)
                    return await send(self.bot, self.media, link, target)

        outcomes = await asyncio.gather(*(one(t) for t in targets), return_exceptions=True)
        results: dict[int, Result] = {}
        delivered: list[SubscriptionDownload] = []
        withdrawn: list[int] = []
        kept: list[int] = []  # ended without a request, not to be tried again: claimed now
        cache = None
        fatal: BaseException | None = None
        for target, outcome in zip(targets, outcomes, strict=True):
            follower = target.follower
            gate = gates[follower.subscription_id]
            if isinstance(outcome, BaseException):  # the token was revoked (or we are cancelled)
                fatal = fatal or outcome
                if gate.opened:
                    withdrawn.append(follower.subscription_id)
                continue
            if outcome.outcome is Outcome.SKIPPED and not gate.opened:
                continue  # not claimed: delivered or claimed before, or no longer wanted
            result = self._book(post, follower, outcome, cycle, retry)
            results[follower.subscription_id] = result
            if result.outcome is Outcome.SENT:
                delivered.append(
                    SubscriptionDownload(follower.chat_id, link, post.id, result.is_slideshow)
                )
                cache = cache or result.cache
            if result.outcome in WITHDRAW:
                if gate.opened:
                    withdrawn.append(follower.subscription_id)
            elif not gate.opened:
                kept.append(follower.subscription_id)
        key, at = db_service.new_delivery_key(), unix_now()

        def settle(replay: bool) -> Awaitable[None]:
            return self._write(
                db_service.settle_deliveries(
                    post.id,
                    delivered=delivered,
                    withdrawn=withdrawn,
                    kept=kept,
                    cache=cache,
                    key=key,
                    replay=replay,
                    now=at,
                )
            )

        # The posts went out: their rows are owed, through a database outage too.
        await self.media.writes.write(
            f"the subscription deliveries of post {post.id}",
            lambda: settle(False),
            retry=lambda: settle(True),
        )
        if fatal is not None:
            raise fatal
        return results

    def _claim_gate(self, post_id: str, target: Target) -> SendGate:
        """Claims the delivery once its first request is granted (SendWithheld: not claimable);
        withdraws the claim again while a 429 is waited out."""
        subscription = target.follower.subscription_id

        async def claim() -> bool:
            claimed = await self._write(db_service.claim_deliveries(post_id, [subscription]))
            return subscription in claimed

        async def withdraw() -> None:
            await self._write(db_service.settle_deliveries(post_id, withdrawn=[subscription]))

        return SendGate(claim, withdraw)

    def _book(
        self, post: CreatorPost, follower: Follower, result: Result, cycle: _Cycle, retry: set[int]
    ) -> Result:
        """Count an outcome and decide whether its claim is withdrawn (the result's outcome is then
        in WITHDRAW) or kept (withdrawn too often: GAVE_UP, or POST_GONE for a failing post)."""
        report, outcome = cycle.report, result.outcome
        if outcome is Outcome.BLOCKED:  # paused until the chat comes back: no attempt counted
            cycle.blocked.add(follower.chat_id)
            report.blocked += 1
            return result
        if outcome is Outcome.DEFERRED:  # the send budget is down: not the post's fault
            retry.add(follower.subscription_id)
            report.retried += 1
            return result
        # A failing post counts its attempts once for everybody; a failing chat, per subscription.
        key = (0, post.id) if outcome is Outcome.POST_RETRY else (follower.subscription_id, post.id)
        if outcome in WITHDRAW:
            attempts = self._attempts.get(key, 0) + 1
            if attempts >= self.max_attempts:
                log.warning(
                    "post %s to chat %s: %s failed attempts, giving up",
                    post.id,
                    follower.chat_id,
                    attempts,
                )
                self._attempts.pop(key, None)
                report.failed += 1
                return Result(
                    Outcome.POST_GONE if outcome is Outcome.POST_RETRY else Outcome.GAVE_UP
                )
            self._attempts[key] = attempts
            retry.add(follower.subscription_id)
            report.retried += 1
            return result
        self._attempts.pop(key, None)
        if outcome is Outcome.SENT:
            report.delivered += 1
        elif outcome is not Outcome.SKIPPED:
            report.failed += 1
        return result

    # ---------------------------------------------------------------- vanished creators

    async def _unfollow(self, creator: str, cycle: _Cycle) -> None:
        """Deactivate the creator's subscriptions and tell their chats (in their languages)."""
        chat_ids = await db_service.deactivate_creator(creator)
        await db_service.forget_creator_poll(creator)
        cycle.report.deactivated.append(creator)
        log.warning("creator %s vanished: %s subscription(s) deactivated", creator, len(chat_ids))
        for chat_id in chat_ids:
            chat = cycle.chats.get(chat_id) or await db_service.get_chat(chat_id)
            t = self.locales.translator(chat.lang if chat is not None else "en")
            async with self._send_slots:
                await notify(
                    self.bot, self.media.writes, chat_id, t("sub-creator-gone", creator=creator)
                )


def start_subscription_poller(
    bot: Bot,
    settings: Settings,
    media: MediaService,
    locales: Locales | None = None,
    **tuning,
) -> Poller:
    """Start polling followed creators in the background; stop it with ``await poller.stop()``
    before the bot session and the database close.

    ``tuning`` overrides :class:`Poller` options (interval in seconds, worker_id, concurrency —
    default ``MEDIA_CONCURRENCY`` —, send_concurrency, chunk_size, jitter, page_size,
    lease_seconds, batch_size, max_failures, max_attempts).
    """
    tuning.setdefault("concurrency", settings.media_concurrency)
    poller = Poller(bot, media, locales, **tuning)
    poller.start()
    return poller
