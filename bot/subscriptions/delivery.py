"""One claimed post to one subscribed chat: send it through the media pipeline, classify the outcome.

The claim (the ``subscription_deliveries`` row, committed before the send) is what makes a
delivery happen once. What happens to it afterwards is decided by the poller from the
:class:`Outcome` returned here: kept when the post reached the chat or may have reached it,
withdrawn when the send surely failed (so the next poll retries).

"Surely failed" needs to know whether any of the post's messages went out: a slideshow is
several requests, and a failure after the first group must not lead to a second copy of that
group. :class:`SendTracker`, a request middleware on the bot's session, counts the media
messages Telegram accepted for the delivery running in the current task (a context variable;
outside a delivery it does nothing).
"""
from __future__ import annotations

import contextlib
import enum
import logging
from contextvars import ContextVar
from dataclasses import dataclass

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)

from bot.i18n import Translator
from bot.media.flow import explain
from bot.media.service import MediaService, TooLarge
from bot.tiktok import CreatorPost, InvalidLink, PostKind, PostUnavailable, ResolveError
from data import db_service
from data.db_service import Follower

try:  # the shared send limiter, when present: subscription deliveries travel in its bulk lane
    from bot.outbox import bulk_lane
except ImportError:  # pragma: no cover - depends on what is installed
    bulk_lane = contextlib.nullcontext

try:  # "the request may have reached Telegram", as the limiter classifies it
    from bot.outbox.errors import outcome_unknown
except ImportError:  # pragma: no cover - depends on what is installed
    import aiohttp

    _NOT_SENT = (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError, aiohttp.InvalidURL)

    def outcome_unknown(exc: TelegramNetworkError) -> bool:
        """True unless the error shows the request never left (connection not established)."""
        return not isinstance(exc.__cause__, _NOT_SENT)

log = logging.getLogger(__name__)

# Requests that put (part of) a post into the chat. Status notices and chat actions are not.
MEDIA_METHODS = frozenset({"sendVideo", "sendDocument", "sendPhoto", "sendMediaGroup", "sendAudio",
                           "sendAnimation"})


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


WITHDRAW = frozenset({Outcome.BLOCKED, Outcome.RETRY, Outcome.POST_RETRY})


@dataclass
class _Sent:
    messages: int = 0


_current: ContextVar[_Sent | None] = ContextVar("subscription_delivery", default=None)


class SendTracker(BaseRequestMiddleware):
    """Counts media messages Telegram accepted for the subscription delivery in this task."""

    async def __call__(self, make_request, bot, method):
        result = await make_request(bot, method)
        sent = _current.get()
        if sent is not None and getattr(method, "__api_method__", "") in MEDIA_METHODS:
            sent.messages += 1
        return result


def install_send_tracker(bot: Bot) -> None:
    """Put a :class:`SendTracker` on the bot's session (once)."""
    if not any(isinstance(m, SendTracker) for m in bot.session.middleware):
        bot.session.middleware(SendTracker())


@dataclass(frozen=True)
class Target:
    """A subscription to deliver to, with its chat's file mode and translator."""

    follower: Follower
    file_mode: bool
    t: Translator


@dataclass(frozen=True)
class Result:
    """An outcome (Telegram's 429 already paused every send in the limiter: nothing to wait)."""

    outcome: Outcome
    error: Exception | None = None
    is_slideshow: bool = False


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
    sent = _Sent()
    token = _current.set(sent)
    try:
        with bulk_lane():
            delivered = await media.deliver(bot, chat_id, link, file_mode=target.file_mode, t=target.t)
    except TelegramForbiddenError as exc:
        log.info("chat %s blocked the bot (%s): its subscriptions pause", chat_id, exc.message)
        await _quietly(db_service.set_blocked(chat_id, True), "mark chat blocked")
        return Result(Outcome.UNKNOWN if sent.messages else Outcome.BLOCKED)
    except TelegramUnauthorizedError:
        raise  # the token is no longer valid: nothing can be sent
    except TelegramRetryAfter:  # the limiter paused and retried once already; try next poll
        return Result(Outcome.UNKNOWN if sent.messages else Outcome.RETRY)
    except TelegramNetworkError as exc:
        if sent.messages or outcome_unknown(exc):
            log.warning("%s to chat %s: outcome unknown (%s); not sending it again", link, chat_id, exc)
            return Result(Outcome.UNKNOWN)
        return Result(Outcome.RETRY)
    except TelegramAPIError as exc:  # 4xx other than 403, 5xx: Telegram did not take it
        log.info("%s to chat %s refused: %s", link, chat_id, exc)
        return Result(Outcome.UNKNOWN if sent.messages else Outcome.RETRY)
    except TooLarge as exc:
        await notify(bot, chat_id, explain(exc, target.t))
        return Result(Outcome.TOO_LARGE, error=exc)
    except (PostUnavailable, InvalidLink) as exc:
        log.info("%s of a followed creator cannot be delivered: %s", link, exc)
        return Result(Outcome.POST_GONE)
    except ResolveError as exc:
        log.info("%s to chat %s: %s; retrying next poll", link, chat_id, exc)
        return Result(Outcome.UNKNOWN if sent.messages else Outcome.POST_RETRY)
    except Exception:
        log.exception("%s to chat %s failed; not sending it again", link, chat_id)
        return Result(Outcome.UNKNOWN)
    finally:
        _current.reset(token)
    return Result(Outcome.SENT, is_slideshow=delivered.is_slideshow)


async def send_too_large(bot: Bot, target: Target, error: TooLarge) -> Result:
    """Send the chat the "too large for Telegram, here is the direct link" answer instead of a post."""
    await notify(bot, target.follower.chat_id, explain(error, target.t))
    return Result(Outcome.TOO_LARGE, error=error)


async def notify(bot: Bot, chat_id: int, text: str) -> bool:
    """Send a plain message to a subscribed chat; a 403 marks the chat blocked. True if sent."""
    try:
        with bulk_lane():
            await bot.send_message(chat_id, text)
        return True
    except TelegramForbiddenError:
        await _quietly(db_service.set_blocked(chat_id, True), "mark chat blocked")
    except TelegramAPIError as exc:
        log.info("could not tell chat %s: %s", chat_id, exc)
    return False


async def _quietly(operation, what: str) -> None:
    try:
        await operation
    except Exception:
        log.exception("could not %s", what)
