"""The scheduler: queued calls get grants from the chat buckets and the global budget."""

from __future__ import annotations

import asyncio
import logging
import math
from typing import Any

from .bucket import EPSILON, ChatBuckets, ChatKey, TokenBucket
from .budget import GlobalBudget, LocalBudget
from .chat_store import SharedChatBuckets
from .clock import Clock, LoopClock, Timer
from .config import LimiterConfig
from .fallback import FallbackBudget
from .lanes import LANES, Lane, current_lane
from .queue import FairQueue, Waiter
from .shared import SharedBudgetUnavailable
from .stats import Stats

log = logging.getLogger(__name__)

BULK_SLACK = 1.25  # capacity of the bulk lane's own bucket (BROADCAST_RATE)
MIN_SHARED_HOLD = 0.001  # seconds: a shared store's tiny delay must not make the dispatcher spin


class Limiter:
    """One outgoing budget for a bot: interactive calls first, bulk fills the rest.

    Callers ``await acquire(chat, cost)`` and send once it returns. A single dispatcher task,
    alive only while calls wait, grants them one at a time: the first lane (interactive,
    then bulk) holding a call whose chat and group buckets allow it, chats round-robin
    within a lane (the bulk lane also within its own ``bulk_rate``); the global budget then
    decides, keeping ``interactive_reserve`` back from bulk calls. A 429 pauses the chat it
    was for, or the whole bot when several chats get one, a bulk call gets one or the call had
    no chat (:meth:`flood`). Callers never sleep on their own: waiting here is the only pacing.

    A ``budget`` other than a :class:`LocalBudget` (one shared by several processes) is used
    through a :class:`~bot.outbox.fallback.FallbackBudget` (``self.fallback``): while its store
    is down, interactive calls take from a local stand-in and bulk calls fail with
    SharedBudgetUnavailable (not sent; their senders try again later).

    ``shared_chats`` (a :class:`~bot.outbox.chat_store.SharedChatBuckets`) shares the chat
    and group budgets with other processes: once this process's own buckets let a call go,
    the store is charged too, and a chat it refuses is held here for the delay it answers
    while other chats go on; a 429 holds the chat in the store too. While the store fails,
    calls are paced by this process's buckets alone (counted, logged once per outage).
    """

    def __init__(
        self,
        config: LimiterConfig,
        *,
        clock: Clock | None = None,
        budget: GlobalBudget | None = None,
        shared_chats: SharedChatBuckets | None = None,
    ) -> None:
        self.config = config
        self.clock: Clock = clock or LoopClock()
        self.budget: GlobalBudget = budget or LocalBudget(
            config.global_rate, config.global_burst, self.clock
        )
        self.fallback: FallbackBudget | None = None
        if not isinstance(self.budget, LocalBudget):
            stand_in = LocalBudget(config.global_rate, config.global_burst, self.clock)
            self.fallback = FallbackBudget(
                self.budget, stand_in, self.clock, probe_interval=config.budget_retry_interval
            )
        self.chats = ChatBuckets(
            config.chat_rate,
            config.chat_burst,
            config.group_rate_per_minute / 60,
            config.group_burst,
        )
        self.shared_chats = shared_chats
        self._shared_down = False  # the shared chat store failed and has not answered since
        self._floods: dict[ChatKey, float] = {}  # chat -> its last 429, within the window
        self._keep = {Lane.INTERACTIVE: 0.0, Lane.BULK: config.interactive_reserve}
        self._lane_caps = dict.fromkeys(LANES)
        if config.bulk_rate is not None:
            # A quarter token of slack: a grant that fires a little late (timer and event-loop
            # lag) keeps its refill instead of losing it, so the cap is reached, not undershot;
            # a one-second window still sees at most floor(bulk_rate + 1.25) bulk sends.
            self._lane_caps[Lane.BULK] = TokenBucket(config.bulk_rate, BULK_SLACK, borrow=True)
        self._queues = {lane: FairQueue() for lane in LANES}
        self._stats = Stats()
        self._task: asyncio.Task[None] | None = None
        self._wakeup: asyncio.Future[None] | None = None
        self._kicked = False
        self._epoch = 0  # bumped whenever queued calls are held back

    async def acquire(
        self, chat: ChatKey, cost: int = 1, *, lane: Lane | None = None, front: bool = False
    ) -> None:
        """Wait until ``cost`` units may go to ``chat`` in ``lane`` (default: the current one).

        ``front`` queues the call ahead of its chat's others (a retry). Cancelling the wait
        leaves the queue without using budget.
        """
        lane = current_lane() if lane is None else lane
        loop = asyncio.get_running_loop()
        waiter = Waiter(lane, chat, cost, self.clock.now(), self._epoch, loop.create_future())
        self._queues[lane].push(waiter, front=front)
        self._kick()
        try:
            await waiter.granted
        except BaseException:
            self._queues[lane].discard(waiter)
            self._kick()
            raise

    async def flood(self, lane: Lane, retry_after: float, *, chat: ChatKey = None) -> None:
        """Telegram answered 429 to a call for ``chat`` in ``lane``: pause that chat, or the bot.

        Telegram does not say which limit was hit. The chat alone is held for ``retry_after``
        s (in every process, with ``shared_chats``) while other chats go on. The whole bot is
        paused instead (the global budget, shared or not) when the call was bulk (a broadcast
        writes to each chat once: it met the bot-wide limit), had no chat (an inline message
        edit: nothing narrower to hold), or ``config.bot_pause_chats`` distinct chats got a
        429 within ``config.bot_pause_window`` s (see :class:`LimiterConfig`).
        """
        stats = self._stats[lane]
        stats.flood_429 += 1
        now = self.clock.now()
        reason = self._bot_wide(lane, chat, now)
        if reason is None:
            stats.chat_pauses += 1
            log.warning(
                "Telegram flood control (%s lane): pausing chat %s for %s s",
                lane,
                chat,
                retry_after,
            )
            self.chats.pause(chat, now + retry_after)
            await self._shared_pause(chat, retry_after)
        else:
            stats.bot_pauses += 1
            log.warning(
                "Telegram flood control (%s lane, %s): pausing every send for %s s",
                lane,
                reason,
                retry_after,
            )
            await (self.fallback or self.budget).pause(retry_after)
        self._wake()

    def count_passthrough(self) -> None:
        """A call that costs no budget went straight out."""
        self._stats.passthrough += 1

    def count_ambiguous(self, lane: Lane) -> None:
        """A send ended with its outcome unknown (AmbiguousSend was raised)."""
        self._stats[lane].ambiguous += 1

    def queued(self, lane: Lane | None = None) -> int:
        """Calls waiting now, in ``lane`` or in all lanes."""
        lanes = LANES if lane is None else (lane,)
        return sum(len(self._queues[one]) for one in lanes)

    def stats(self) -> dict[str, Any]:
        """Counters per lane (sends, units, waits, wait_seconds, flood_429 with its chat_pauses
        and bot_pauses, ambiguous), calls that cost nothing, failed shared chat store calls,
        and what waits right now; a plain JSON-ready dict."""
        return self._stats.snapshot(
            queued={str(lane): len(self._queues[lane]) for lane in LANES},
            tracked_chats=len(self.chats),
            send_budget=self.budget_state(),
        )

    def budget_state(self) -> dict[str, Any]:
        """The bot-wide budget: ``shared`` (several processes use one), ``store`` (``local``,
        ``redis`` or ``postgresql``), ``degraded`` (the shared store is down: replies use the
        local stand-in), ``down_seconds``, ``outages`` and ``fallback_units`` (interactive units
        the stand-in granted) since start."""
        fallback = self.fallback
        if fallback is None:
            return {
                "shared": False,
                "store": "local",
                "degraded": False,
                "down_seconds": 0.0,
                "outages": 0,
                "fallback_units": 0,
            }
        return {
            "shared": True,
            "store": fallback.store,
            "degraded": fallback.degraded,
            "down_seconds": round(fallback.down_for(), 3),
            "outages": fallback.outages,
            "fallback_units": fallback.fallback_units,
        }

    # -- the dispatcher

    def _kick(self) -> None:
        self._kicked = True
        loop = asyncio.get_running_loop()
        if self._task is not None and self._task.get_loop() is not loop:
            self._task = self._wakeup = None  # left over from a closed event loop
        if self._task is None:
            self._task = loop.create_task(self._run(), name="outbox-limiter")
        else:
            self._wake()

    def _wake(self) -> None:
        if self._wakeup is not None and not self._wakeup.done():
            self._wakeup.set_result(None)

    async def _run(self) -> None:
        try:
            while self.queued():
                self._kicked = False
                waiter, ready = self._pick(self.clock.now())
                if waiter is None:
                    await self._sleep(ready)
                    continue
                if not waiter.shared_taken and await self._held_by_store(waiter):
                    continue  # its chat is held now: pick again
                if waiter.granted.done():
                    continue  # cancelled while the store answered (acquire dequeued it)
                try:
                    delay = await self._take(waiter)
                except Exception as exc:  # noqa: BLE001 - the caller gets it, the rest go on
                    self._fail(waiter, exc)
                    continue
                if delay > 0:
                    await self._sleep(self.clock.now() + delay)
                elif not waiter.granted.done():
                    self._grant(waiter)
        finally:
            self._task = self._wakeup = None

    async def _take(self, waiter: Waiter) -> float:
        keep = self._keep[waiter.lane]
        if self.fallback is not None:
            return await self.fallback.take(waiter.cost, keep, waiter.lane)
        return await self.budget.take(waiter.cost, keep)

    async def _held_by_store(self, waiter: Waiter) -> bool:
        """Charge the shared chat store; True (the chat is held until it may) if it refused."""
        shared = self.shared_chats
        if shared is None or waiter.chat is None:
            return False
        try:
            delay = await shared.take(waiter.chat, waiter.cost)
        except Exception as exc:  # noqa: BLE001 - never fail a send for the store: go on locally
            self._shared_failed(exc)
            delay = 0.0
        else:
            self._shared_answered()
        if delay > 0:
            self.chats.pause(waiter.chat, self.clock.now() + max(delay, MIN_SHARED_HOLD))
            return True
        waiter.shared_taken = True
        return False

    async def _shared_pause(self, chat: ChatKey, seconds: float) -> None:
        if self.shared_chats is None:
            return
        try:
            await self.shared_chats.pause(chat, seconds)
        except Exception as exc:  # noqa: BLE001 - the chat is held here anyway
            self._shared_failed(exc)
        else:
            self._shared_answered()

    def _shared_failed(self, exc: Exception) -> None:
        self._stats.shared_chat_errors += 1
        store = getattr(self.shared_chats, "store", "shared")
        if self._shared_down:
            log.debug("shared chat buckets (%s) still failing: %s", store, type(exc).__name__)
            return
        self._shared_down = True
        # Only the type: a store's message may carry its address or credentials.
        log.warning(
            "shared chat buckets (%s) failed (%s); chats are paced by this process alone "
            "until it answers",
            store,
            type(exc).__name__,
        )

    def _shared_answered(self) -> None:
        if self._shared_down:
            self._shared_down = False
            store = getattr(self.shared_chats, "store", "shared")
            log.warning("shared chat buckets (%s) answer again", store)

    def _bot_wide(self, lane: Lane, chat: ChatKey, now: float) -> str | None:
        """Why this 429 pauses the whole bot (None: only its chat); remembers the chat."""
        if chat is None:
            return "no chat"
        window = self.config.bot_pause_window
        self._floods[chat] = now
        for old in [one for one, at in self._floods.items() if at <= now - window]:
            del self._floods[old]
        if lane == Lane.BULK:
            return "bulk"
        if len(self._floods) >= self.config.bot_pause_chats:
            return f"{len(self._floods)} chats within {window:g} s"
        return None

    def _pick(self, now: float) -> tuple[Waiter | None, float]:
        earliest = math.inf
        for lane in LANES:
            cap = self._lane_caps[lane]
            for waiter in self._queues[lane].heads():
                ready = self.chats.ready_at(waiter.chat, waiter.cost)
                if cap is not None:
                    ready = max(ready, cap.ready_at(waiter.cost))
                if ready <= now + EPSILON:
                    return waiter, now
                earliest = min(earliest, ready)
        return None, earliest

    async def _sleep(self, until: float) -> None:
        if self._kicked:
            return
        self._epoch += 1
        self._wakeup = asyncio.get_running_loop().create_future()
        timer: Timer | None = None
        if until < math.inf:
            timer = self.clock.call_at(until, self._wake)
        try:
            await self._wakeup
        finally:
            self._wakeup = None
            if timer is not None:
                timer.cancel()

    def _grant(self, waiter: Waiter) -> None:
        now = self.clock.now()
        self._queues[waiter.lane].pop(waiter)
        self.chats.take(waiter.chat, waiter.cost, now)
        if (cap := self._lane_caps[waiter.lane]) is not None:
            cap.take(waiter.cost, now)
        stats = self._stats[waiter.lane]
        stats.sends += 1
        stats.units += waiter.cost
        stats.wait_seconds += max(0.0, now - waiter.since)
        stats.waits += waiter.epoch != self._epoch
        waiter.granted.set_result(None)

    def _fail(self, waiter: Waiter, exc: Exception) -> None:
        if isinstance(exc, SharedBudgetUnavailable):  # the fallback logged the outage once
            log.debug("shared send budget unavailable; one %s call not sent", waiter.lane)
        else:
            log.error("global budget failed; failing one %s call", waiter.lane, exc_info=exc)
        self._queues[waiter.lane].discard(waiter)
        if not waiter.granted.done():
            waiter.granted.set_exception(exc)
