"""One claimed post to one subscribed chat: send it through the media pipeline, classify the
outcome.

The claim (the ``subscription_deliveries`` row) is what makes a delivery happen once. It is
committed once the send limiter granted the delivery's first request, right before that
request leaves (the poller arms a :class:`~bot.outbox.SendGate` around :func:`send`), so a
process killed while waiting for the limiter leaves no claim and the next poll delivers the
post. What happens to it afterwards is decided by the poller from the :class:`Outcome` returned
here: kept when the post reached the chat or may have reached it, withdrawn when the send
surely failed (so the next poll retries). A shared send budget that is down means the post was
certainly not sent: :attr:`Outcome.DEFERRED`, tried again at the next poll.

"Surely failed" needs to know whether any of the post's messages went out: a slideshow is
several requests, and a failure after the first group must not lead to a second copy of that
group. The media pipeline says so: it raises :class:`~bot.media.sending.PartlySent` when part
of the post reached the chat, and Telegram's own error (classified by
:func:`bot.outbox.classify_send`) when nothing did.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramUnauthorizedError

from bot.i18n import Translator
from bot.media.flow import explain
from bot.media.sending import PartlySent
from bot.media.service import MediaService, TooLarge
from bot.outbox import (
    SendOutcome,
    SendResult,
    SendWithheld,
    SharedBudgetUnavailable,
    bulk_lane,
    classify_send,
)
from bot.pending_writes import PendingWrites
from bot.sources import CreatorPost, InvalidLink, PostKind, PostUnavailable, ResolveError
from data import db_service
from data.db_service import CacheEntry, Follower
from data.preferences import Preferences

log = logging.getLogger(__name__)


class Outcome(enum.Enum):
    """What one delivery attempt came to (and so what happens to its claim)."""

    SENT = "sent"  # the post reached the chat: claim kept, download recorded
    SKIPPED = "skipped"  # not claimed: already delivered or claimed, or the subscription is gone
    BLOCKED = "blocked"  # 403 before anything went out: chat marked blocked, claim withdrawn
    RETRY = "retry"  # Telegram refused it and nothing went out: claim withdrawn, tried next poll
    UNKNOWN = "unknown"  # it may have reached the chat: claim kept, never sent again
    POST_RETRY = "post_retry"  # the resolver or media server failed (timeout, 5xx): claim withdrawn
    POST_GONE = "post_gone"  # the post is private, deleted or unsupported: claim kept, nothing sent
    TOO_LARGE = "too_large"  # over the upload limit: the chat got a direct link instead; claim kept
    GAVE_UP = "gave_up"  # withdrawn too often (see Poller.max_attempts): claim kept, not retried
    DEFERRED = "deferred"  # the shared send budget is down: nothing went out, tried next poll


WITHDRAW = frozenset({Outcome.BLOCKED, Outcome.RETRY, Outcome.POST_RETRY, Outcome.DEFERRED})


@dataclass(frozen=True)
class Target:
    """A subscription to deliver to, with its chat's preferences and translator."""

    follower: Follower
    preferences: Preferences
    t: Translator


@dataclass(frozen=True)
class Result:
    """An outcome (Telegram's 429 already paused every send in the limiter: nothing to wait)."""

    outcome: Outcome
    error: Exception | None = None
    is_slideshow: bool = False
    cache: CacheEntry | None = None  # the file ids of a fresh upload, stored when settled


def post_link(creator: str, post: CreatorPost) -> str:
    """The canonical link of a creator's post (``/photo/`` for slideshows)."""
    path = "photo" if post.kind is PostKind.SLIDESHOW else "video"
    return f"https://www.tiktok.com/@{creator}/{path}/{post.id}"


async def send(bot: Bot, media: MediaService, link: str, target: Target) -> Result:
    """Send a claimed post with the media pipeline (file-id cache first) and classify the outcome.

    The caller claimed the delivery before and settles it after (keeps or withdraws the claim,
    records the download). Side effects: a 403 marks the chat blocked; an oversized video is
    answered with its direct link.
    """
    chat_id = target.follower.chat_id
    try:
        with bulk_lane():
            delivered = await media.deliver(
                bot, chat_id, link, preferences=target.preferences, t=target.t
            )
    except TelegramUnauthorizedError:
        raise  # the token is no longer valid: nothing can be sent
    except PartlySent as exc:
        if isinstance(exc.error, TelegramUnauthorizedError):
            # as if nothing had gone out: the token is no longer valid
            raise exc.error from exc.error.__cause__
        return await _failed(
            media.writes, link, chat_id, classify_send(exc.error), already_sent=exc.messages
        )
    except TooLarge as exc:
        return await send_too_large(bot, media.writes, target, exc)
    except (PostUnavailable, InvalidLink) as exc:
        log.info("%s of a followed creator cannot be delivered: %s", link, exc)
        return Result(Outcome.POST_GONE)
    except ResolveError as exc:
        log.info("%s to chat %s: %s; retrying next poll", link, chat_id, exc)
        return Result(Outcome.POST_RETRY)
    except Exception as exc:  # noqa: BLE001 - Telegram's errors and the unexpected, classified
        return await _failed(media.writes, link, chat_id, classify_send(exc), already_sent=0)
    return Result(Outcome.SENT, is_slideshow=delivered.is_slideshow, cache=delivered.cache)


async def _failed(
    writes: PendingWrites, link: str, chat_id: int, sent: SendResult, *, already_sent: int
) -> Result:
    """The outcome of a send that failed after ``already_sent`` media messages of the post."""
    if isinstance(sent.error, SendWithheld) and not already_sent:
        return Result(Outcome.SKIPPED)  # the claim was taken meanwhile: not this poll's to send
    if isinstance(sent.error, SharedBudgetUnavailable) and not already_sent:
        log.info("%s to chat %s: not sent (%s); next poll", link, chat_id, sent.error)
        return Result(Outcome.DEFERRED)
    if sent.outcome is SendOutcome.BLOCKED:
        log.info("chat %s blocked the bot (%s): its subscriptions pause", chat_id, sent.reason)
        await _mark_blocked(writes, chat_id)
        return Result(Outcome.UNKNOWN if already_sent else Outcome.BLOCKED)
    if not isinstance(sent.error, TelegramAPIError):
        log.error("%s to chat %s failed; not sending it again", link, chat_id, exc_info=sent.error)
        return Result(Outcome.UNKNOWN)
    if already_sent:
        log.warning(
            "%s to chat %s: failed after %s media message(s) (%s); not sending it again",
            link,
            chat_id,
            already_sent,
            sent.reason,
        )
        return Result(Outcome.UNKNOWN)
    if sent.outcome is SendOutcome.AMBIGUOUS:
        log.warning(
            "%s to chat %s: outcome unknown (%s); not sending it again", link, chat_id, sent.reason
        )
        return Result(Outcome.UNKNOWN)
    # Not sent, retry-after (the limiter paused and retried once already), or permanent:
    # Telegram did not take it; the claim is withdrawn and the next poll tries again.
    log.info("%s to chat %s refused: %s", link, chat_id, sent.reason)
    return Result(Outcome.RETRY)


async def send_too_large(
    bot: Bot, writes: PendingWrites, target: Target, error: TooLarge
) -> Result:
    """Send the chat the "too large for Telegram, here is the direct link" answer instead of a
    post (DEFERRED when the shared send budget is down, SKIPPED when the claim was taken)."""
    try:
        await _tell(bot, writes, target.follower.chat_id, explain(error, target.t))
    except SendWithheld:
        return Result(Outcome.SKIPPED)
    except SharedBudgetUnavailable:
        return Result(Outcome.DEFERRED)
    return Result(Outcome.TOO_LARGE, error=error)


async def notify(bot: Bot, writes: PendingWrites, chat_id: int, text: str) -> bool:
    """Send a plain message to a subscribed chat; a 403 marks the chat blocked (through
    ``writes``). True if sent."""
    try:
        return await _tell(bot, writes, chat_id, text)
    except SharedBudgetUnavailable as exc:
        log.info("could not tell chat %s: %s", chat_id, exc)
        return False


async def _tell(bot: Bot, writes: PendingWrites, chat_id: int, text: str) -> bool:
    """:func:`notify`, except that SharedBudgetUnavailable and SendWithheld (not sent) raise."""
    try:
        with bulk_lane():
            await bot.send_message(chat_id, text)
        return True
    except TelegramAPIError as exc:
        if classify_send(exc).outcome is SendOutcome.BLOCKED:
            await _mark_blocked(writes, chat_id)
        else:
            log.info("could not tell chat %s: %s", chat_id, exc)
    return False


async def _mark_blocked(writes: PendingWrites, chat_id: int) -> None:
    await writes.write(
        f"chat {chat_id} marked blocked", lambda: db_service.set_blocked(chat_id, True)
    )
