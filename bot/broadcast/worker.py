"""The background sender: claims recipients in leased batches and copies the admin's message to
each, one send at a time, recording every outcome right after its send.

Crash window: a recipient is marked ``sending`` (committed) only once the send limiter granted
its send, right before the request leaves (a :class:`~bot.outbox.SendGate` run by the limiter
middleware), and gets its outcome committed right after; this worker has only one send in
flight. If the process dies in between, that one recipient may or may not have the message;
when its lease expires any worker marks it ``failed`` with "outcome unknown (worker stopped
mid-send)" and nobody sends it again (at-most-once: nobody gets a broadcast twice, at most one
recipient per dead worker may miss it). Recipients only claimed, including the one waiting for
the limiter, were never sent and are claimed again.

Outages are not the recipients' fault: when the shared send budget cannot be taken
(``SharedBudgetUnavailable``: certainly not sent) the worker puts its claimed recipients back
to pending, using none of their attempts, and pauses; when Telegram answers 5xx (or cannot be
reached) the recipient waits for a retry, with ``max_unavailable_attempts`` (20) instead of
``max_attempts`` (3) before it counts as failed, and the worker pauses. The pauses grow while
the outage lasts (``outage_backoff``) and end with the first send that goes through.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import math
import time

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import EditMessageText, SendMessage, TelegramMethod

from bot.background import BackgroundJob, Backoff, dead_local_workers
from bot.broadcast.progress import RateMeter, format_state, processed
from bot.i18n import Locales, Translator
from bot.outbox import (
    SendGate,
    SendOutcome,
    SendResult,
    SendWithheld,
    SharedBudgetUnavailable,
    bulk_lane,
    classify_send,
)
from bot.replies import NOT_MODIFIED
from data import db_service
from data.config import Settings
from data.database import session_scope
from data.models import Broadcast, BroadcastStatus, RecipientState
from data.models.broadcast import ACTIVE_STATUSES
from data.redaction import redact

log = logging.getLogger(__name__)

BATCH_SIZE = 50
LEASE_SECONDS = 15  # a dead worker's recipients are taken over this long after its last renewal
PROGRESS_INTERVAL = 5.0  # seconds between edits of the admin's progress message
POLL_INTERVAL = 2.0  # seconds between looks for new broadcasts when idle
MAX_ATTEMPTS = 3  # sends per recipient before a transient error counts as failed
# Sends per recipient refused by Telegram's 5xx or that never reached it before the recipient
# counts as failed: an outage of Telegram is not the recipient's fault (the worker pauses).
MAX_UNAVAILABLE_ATTEMPTS = 20
OUTAGE_BACKOFF = Backoff(0.5, 15.0, doublings=5)  # worker pauses: 1, 2, 4, 8, 15, 15 … s
RETRY_BACKOFF = (2, 8)  # seconds before the 2nd and 3rd attempt
MAX_FLOOD_WAITS = 20  # 429s for one recipient before it counts as a failed attempt
STOP_TIMEOUT = 10.0
MAX_BACKOFF = 30.0  # seconds between tries while the database or Telegram keeps failing
JOB_NAME = "broadcast"  # its key among the background jobs (bot.app._on_startup, bot.leader)
# The source message is gone or cannot be copied: every other recipient would fail the same way.
_SOURCE_GONE = ("message to copy not found", "message can't be copied", "message_id_invalid")


class _Verdict(enum.Enum):
    DONE = "done"  # the recipient has an outcome (or waits for its retry time)
    UNAVAILABLE = "unavailable"  # Telegram answered 5xx or could not be reached: pause, go on
    NO_BUDGET = "no_budget"  # the shared send budget is down: claims back to pending, pause
    SKIPPED = "skipped"  # the claim is no longer this worker's
    HALTED = "halted"  # the broadcast is no longer running
    STOPPED = "stopped"  # this worker is stopping


class BroadcastWorker(BackgroundJob):
    """Sends queued broadcasts, oldest first, in the send limiter's bulk lane.

    The pace is the limiter's (``BROADCAST_RATE`` caps the bulk lane, replies to users go
    first, a 429 pauses every send): this worker never sleeps to pace itself. ``wake()`` it
    when a broadcast was queued; otherwise it looks every ``poll_interval`` seconds.
    """

    label = "broadcast worker"
    stop_timeout = STOP_TIMEOUT

    def __init__(
        self,
        bot: Bot,
        settings: Settings,
        locales: Locales | None = None,
        *,
        worker_id: str | None = None,
        batch_size: int = BATCH_SIZE,
        lease_seconds: int = LEASE_SECONDS,
        progress_interval: float = PROGRESS_INTERVAL,
        poll_interval: float = POLL_INTERVAL,
        max_attempts: int = MAX_ATTEMPTS,
        max_unavailable_attempts: int = MAX_UNAVAILABLE_ATTEMPTS,
        retry_backoff: tuple[float, ...] = RETRY_BACKOFF,
        outage_backoff: Backoff = OUTAGE_BACKOFF,
    ) -> None:
        super().__init__(worker_id, Backoff(poll_interval, MAX_BACKOFF, doublings=4))
        self.bot = bot
        self.locales = locales or Locales()
        self.batch_size = batch_size
        self.lease = max(3, int(lease_seconds))
        self.progress_interval = progress_interval
        self.poll_interval = poll_interval
        self.max_attempts = max_attempts
        self.max_unavailable_attempts = max(max_attempts, max_unavailable_attempts)
        self.retry_backoff = retry_backoff
        self.outage_backoff = outage_backoff
        self._outage = 0  # sends in a row that met an outage (budget down, Telegram 5xx)
        self.outage_pauses = 0  # pauses taken for outages since start
        self._meter = RateMeter()
        self._translators: dict[int, Translator] = {}
        self.delivered = 0  # copies Telegram accepted from this worker

    # ---------------------------------------------------------------- the job's hooks

    async def step(self) -> float:
        """Work on the oldest queued or running broadcast; idle ``poll_interval`` if none."""
        job = await db_service.next_broadcast()
        if job is None:
            return self.poll_interval
        await self._work_on(job)
        return 0

    async def after_stop(self) -> None:
        """Hand claimed recipients back (the send under way has finished or was cancelled)."""
        try:
            released = await db_service.release_claims(self.id)
            if released:
                log.info(
                    "broadcast worker %s handed back %s claimed recipient(s)", self.id, released
                )
        except Exception as exc:  # noqa: BLE001 - the leases expire on their own
            log.warning("broadcast worker %s could not hand back its claims: %s", self.id, exc)

    # ---------------------------------------------------------------- one broadcast

    async def _recover(self) -> None:
        dead = dead_local_workers(await db_service.lease_holders(), me=self.id)
        recovered = await db_service.recover_expired_claims(dead_workers=dead)
        if recovered.released or recovered.unknown:
            log.warning(
                "broadcast worker %s took over stale claims%s: %s recipient(s) back to pending, "
                "%s of unknown outcome marked failed",
                self.id,
                f" of {', '.join(dead)}" if dead else "",
                recovered.released,
                recovered.unknown,
            )

    async def _work_on(self, job: Broadcast) -> None:
        await self._recover()
        if job.status is BroadcastStatus.QUEUED and await db_service.mark_broadcast_running(job.id):
            log.info("broadcast %s started: %s recipient(s)", job.id, job.total)
        self._meter = RateMeter()
        ticker = asyncio.create_task(self._tick(job.id), name=f"broadcast {job.id} ticker")
        try:
            while not self.stopping:
                self.rearm()
                batch = await db_service.claim_recipients(
                    job.id, self.id, limit=self.batch_size, lease=self.lease
                )
                if not batch:
                    if await self._ended(job.id):
                        return
                    await self.idle(min(self.poll_interval, 1.0))
                    await self._recover()
                    continue
                for chat_id in batch:
                    verdict = await self._deliver(job, chat_id)
                    if verdict in (_Verdict.HALTED, _Verdict.STOPPED):
                        await db_service.release_claims(self.id)
                        if verdict is _Verdict.HALTED:
                            await self._ended(job.id)
                        return
                    if verdict is _Verdict.NO_BUDGET:
                        released = await db_service.release_claims(self.id)
                        await self._pause_for_outage(job, "the shared send budget", released)
                        break  # claim afresh once the pause is over
                    if verdict is _Verdict.UNAVAILABLE:
                        await self._pause_for_outage(job, "Telegram", 0)
                    elif self._outage and verdict is _Verdict.DONE:
                        log.info("broadcast %s: sending again after the outage", job.id)
                        self._outage = 0
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker

    async def _ended(self, broadcast_id: int) -> bool:
        """Whether the broadcast is over (posting the summary if this worker completed it)."""
        if await db_service.complete_broadcast_if_finished(broadcast_id):
            job = await db_service.get_broadcast(broadcast_id)
            log.info(
                "broadcast %s done: %s sent, %s blocked, %s failed of %s",
                job.id,
                job.sent,
                job.blocked,
                job.failed,
                job.total,
            )
            await self._show(job, final=True)
            return True
        job = await db_service.get_broadcast(broadcast_id)
        if job is None or job.status not in ACTIVE_STATUSES:
            if job is not None:
                await self._show(job, final=False)
            return True
        return False

    async def _tick(self, broadcast_id: int) -> None:
        """Renew this worker's leases, take over dead workers' ones, keep the progress message
        fresh."""
        renew_every = self.lease / 3
        last_renew = last_progress = time.monotonic() - self.progress_interval
        while True:
            await asyncio.sleep(min(renew_every, self.progress_interval, 1.0))
            now = time.monotonic()
            try:
                if now - last_renew >= renew_every:
                    last_renew = now
                    await db_service.renew_leases(self.id, lease=self.lease)
                    await self._recover()
                if now - last_progress >= self.progress_interval:
                    last_progress = now
                    job = await db_service.get_broadcast(broadcast_id)
                    if job is not None and job.status is BroadcastStatus.RUNNING:
                        self._meter.add(processed(job), now)
                        if await db_service.take_progress_turn(
                            broadcast_id, interval=max(1, math.ceil(self.progress_interval))
                        ):
                            await self._show(job, final=False)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - try again on the next tick
                log.warning("broadcast %s: housekeeping failed: %s", broadcast_id, exc)

    # ---------------------------------------------------------------- one recipient

    async def _deliver(self, job: Broadcast, chat_id: int) -> _Verdict:
        """Send the copy to one claimed recipient and record what happened.

        The recipient is marked ``sending`` by the gate only once the limiter granted the send;
        until then (and again while a 429 is waited out) it stays ``claimed``.
        """
        for flood_waits in range(1, MAX_FLOOD_WAITS + 1):
            if self.stopping:
                return _Verdict.STOPPED
            gate = self._gate(job.id, chat_id)
            try:
                with bulk_lane(), gate.armed():
                    await self.bot.copy_message(
                        chat_id=chat_id,
                        from_chat_id=job.source_chat_id,
                        message_id=job.source_message_id,
                    )
                result = classify_send(None)
            except TelegramUnauthorizedError:  # the token was revoked: nothing can be sent
                if gate.marked:
                    await db_service.undo_send(job.id, chat_id, self.id)
                raise
            except SendWithheld:  # the claim is gone, or the broadcast stopped: nothing sent
                current = await db_service.get_broadcast(job.id)
                running = current is not None and current.status is BroadcastStatus.RUNNING
                return _Verdict.SKIPPED if running else _Verdict.HALTED
            except SharedBudgetUnavailable:  # no budget, so certainly not sent
                if gate.marked:  # a 429 whose unmark failed: it was refused all the same
                    await db_service.undo_send(job.id, chat_id, self.id)
                return _Verdict.NO_BUDGET
            except Exception as exc:  # noqa: BLE001 - every outcome is classified and recorded
                if not gate.opened:
                    raise  # before any request (the database failed marking it): not sent
                result = classify_send(exc)
            if result.outcome is not SendOutcome.RETRY_AFTER:
                return await self._record(job, chat_id, result)
            # The limiter paused every send for the 429 and retried once already.
            log.info(
                "broadcast %s: flood control again after a %s s pause", job.id, result.retry_after
            )
            if flood_waits == MAX_FLOOD_WAITS:
                await self._retry(
                    job, chat_id, f"flood control: {MAX_FLOOD_WAITS} times {result.reason}"
                )
                return _Verdict.DONE
            await db_service.undo_send(job.id, chat_id, self.id)
        return _Verdict.DONE

    def _gate(self, broadcast_id: int, chat_id: int) -> SendGate:
        """claimed → sending once the send is granted; back to claimed while a 429 is waited
        out."""

        async def mark() -> bool:
            return await db_service.begin_send(broadcast_id, chat_id, self.id, lease=self.lease)

        async def unmark() -> bool:
            return await db_service.undo_send(broadcast_id, chat_id, self.id)

        return SendGate(mark, unmark)

    async def _pause_for_outage(self, job: Broadcast, what: str, released: int) -> None:
        """Wait out an outage (growing pauses while it lasts); logged when it begins."""
        self._outage += 1
        self.outage_pauses += 1
        pause = self.outage_backoff.delay(self._outage)
        if self._outage == 1:
            back = f"; {released} recipient(s) back to pending" if released else ""
            log.warning(
                "broadcast %s: %s is unavailable%s; pausing (%.1f s at first, growing while it "
                "lasts)",
                job.id,
                what,
                back,
                pause,
            )
        await self.idle(pause)

    async def _record(self, job: Broadcast, chat_id: int, result: SendResult) -> _Verdict:
        """Record a send's outcome (429s are handled by the caller)."""
        outcome, error = result.outcome, result.error
        if outcome is SendOutcome.SENT:
            self.delivered += 1
            await self._finish(job, chat_id, RecipientState.SENT)
        elif outcome is SendOutcome.BLOCKED:
            async with session_scope() as session:
                await db_service.set_blocked(chat_id, True, session=session)
                await self._finish(
                    job, chat_id, RecipientState.BLOCKED, redact(error.message), session=session
                )
        elif outcome is SendOutcome.PERMANENT:
            await self._finish(job, chat_id, RecipientState.FAILED, result.reason)
            if any(marker in error.message.lower() for marker in _SOURCE_GONE):
                log.warning(
                    "broadcast %s: the source message cannot be copied (%s); cancelling it",
                    job.id,
                    error.message,
                )
                await db_service.cancel_broadcast(job.id)
                return _Verdict.HALTED
        elif outcome is SendOutcome.NOT_SENT and _telegram_unavailable(error):
            await self._retry(job, chat_id, result.reason, self.max_unavailable_attempts)
            return _Verdict.UNAVAILABLE
        elif outcome is SendOutcome.NOT_SENT:  # another refusal: try again, a few times
            await self._retry(job, chat_id, result.reason)
        else:  # ambiguous: the request may have reached Telegram, never risk a second copy
            if not isinstance(error, TelegramAPIError):
                log.warning("broadcast %s: copy to %s failed: %r", job.id, chat_id, error)
            await self._finish(
                job, chat_id, RecipientState.FAILED, f"outcome unknown ({result.reason})"
            )
        return _Verdict.DONE

    async def _finish(
        self,
        job: Broadcast,
        chat_id: int,
        state: RecipientState,
        error: str | None = None,
        *,
        session=None,
    ) -> None:
        if not await db_service.finish_recipient(
            job.id, chat_id, self.id, state, error=error, session=session
        ):
            log.warning(
                "broadcast %s: outcome of chat %s (%s) came after its lease was taken over",
                job.id,
                chat_id,
                state.value,
            )

    async def _retry(
        self, job: Broadcast, chat_id: int, error: str, max_attempts: int | None = None
    ) -> None:
        row = await db_service.get_recipient(job.id, chat_id)
        attempt = row.attempts if row is not None else 0
        delay = (
            self.retry_backoff[min(attempt, len(self.retry_backoff) - 1)]
            if self.retry_backoff
            else 1
        )
        state = await db_service.retry_recipient(
            job.id,
            chat_id,
            self.id,
            error,
            retry_at=int(time.time() + max(1.0, delay)) + 1,
            max_attempts=self.max_attempts if max_attempts is None else max_attempts,
        )
        if state is None:
            log.warning(
                "broadcast %s: chat %s was taken over before its retry was recorded",
                job.id,
                chat_id,
            )

    # ---------------------------------------------------------------- the admin's message

    async def _translator(self, job: Broadcast) -> Translator:
        if job.created_by not in self._translators:
            chat = await db_service.get_chat(job.created_by)
            self._translators[job.created_by] = self.locales.translator(chat.lang if chat else None)
        return self._translators[job.created_by]

    async def _show(self, job: Broadcast, *, final: bool) -> None:
        """Edit the progress message; when ``final``, also send the summary as a new message."""
        if job.progress_chat_id is None or job.progress_message_id is None:
            return
        t = await self._translator(job)
        text = format_state(t, job, self._meter.rate())
        await self._admin_call(
            job,
            EditMessageText(
                text=text, chat_id=job.progress_chat_id, message_id=job.progress_message_id
            ),
            retry=final,
        )
        if final:
            await self._admin_call(
                job,
                SendMessage(
                    chat_id=job.progress_chat_id,
                    text=text,
                    reply_to_message_id=job.progress_message_id,
                ),
                retry=True,
            )

    async def _admin_call(self, job: Broadcast, call: TelegramMethod, *, retry: bool) -> None:
        """Make one call to the admin's chat, tried again after a 429 (which the limiter waits
        out) when ``retry``; other failures are logged."""
        for _ in range(3 if retry else 1):
            try:
                await self.bot(call)
                return
            except TelegramRetryAfter:
                continue
            except TelegramBadRequest as exc:
                if NOT_MODIFIED not in exc.message:
                    log.info("broadcast %s: could not update the progress message: %s", job.id, exc)
                return
            except TelegramAPIError as exc:
                log.info("broadcast %s: could not update the progress message: %s", job.id, exc)
                return


def _telegram_unavailable(error: BaseException | None) -> bool:
    """Telegram failed as a whole, not for this recipient: a 5xx, or it could not be reached."""
    return isinstance(error, TelegramServerError | TelegramNetworkError)


def start_broadcast_worker(
    bot: Bot, settings: Settings, locales: Locales | None = None, **tuning
) -> BroadcastWorker:
    """Start a worker sending queued and running broadcasts (resumes them after a restart).

    ``tuning`` overrides :class:`BroadcastWorker` options (batch_size, lease_seconds,
    progress_interval, poll_interval, max_attempts, max_unavailable_attempts, retry_backoff,
    outage_backoff, worker_id). Stop it with ``await worker.stop()`` before the bot session and
    the database close.
    """
    worker = BroadcastWorker(bot, settings, locales, **tuning)
    worker.start()
    return worker
