"""A message with post links (TikTok, Instagram): limits, each link delivered in turn, errors
explained, then ads."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiogram import Bot
from aiogram.types import Message

from bot.chat_info import ChatInfo
from bot.i18n import Translator
from bot.links import Link, UnsupportedLink
from bot.media import ads
from bot.media.gate_fallback import LinkGate
from bot.media.limits import Admission
from bot.media.meta import PLATFORM_NAMES
from bot.media.records import record_link_delivery
from bot.media.sending import PartlySent
from bot.media.service import Delivered, MediaService, TooLarge
from bot.sources import ResolveError, SlideshowUnsupported
from data import db_service
from data.models.platform import Platform
from data.runtime_settings import Setting

log = logging.getLogger(__name__)

MAX_LINKS_PER_MESSAGE = 5

ERROR_KEYS = {
    "invalid_link": "media-invalid-link",
    "unavailable": "media-unavailable",
    "private": "media-private",
    "login_required": "media-login-required",
    "timeout": "media-timeout",
    "resolver_down": "media-resolver-down",
    "media_unavailable": "media-media-unavailable",
    "too_large": "media-media-unavailable",
    "host_refused": "media-host-refused",
    "unsupported": "media-unsupported",
}
REFUSAL_KEYS = {Admission.FLOOD: "media-slow-down", Admission.BUSY: "media-busy"}


def explain(error: Exception, t: Translator, platform: Platform = Platform.TIKTOK) -> str:
    """The localized message for a failed delivery of a ``platform`` post."""
    if isinstance(error, TooLarge):
        size_mb = f"{error.size / 1024 / 1024:.0f}" if error.size else "50+"
        return t("media-too-large", size_mb=size_mb, url=error.url or "")
    if isinstance(error, SlideshowUnsupported):
        return t("media-slideshow-unsupported")
    if isinstance(error, ResolveError):
        key = ERROR_KEYS.get(error.reason, "media-resolver-down")
        return t(key, platform=PLATFORM_NAMES.get(platform, str(platform)))
    return t("error-generic")


def explain_unsupported(links: list[UnsupportedLink], t: Translator) -> str:
    """What the bot can do instead, for links to profiles, stories or highlights (the first
    such link decides the wording)."""
    first = links[0]
    return t(
        f"media-unsupported-{first.what}" if first.what != "other" else "media-unsupported-link",
        platform=PLATFORM_NAMES.get(first.platform, str(first.platform)),
    )


async def admit(gate: LinkGate, key: int, links: int) -> str | None:
    """Take ``gate`` for ``links`` links of ``key`` (a chat; the user for inline queries) under
    the runtime limits: None when admitted (release it when done), else the refusal's locale
    key."""
    limits = await db_service.get_settings_cached()
    admission = await gate.admit(
        key,
        links,
        per_minute=limits[Setting.LINKS_PER_MINUTE],
        in_flight=limits[Setting.LINKS_IN_FLIGHT],
    )
    return REFUSAL_KEYS.get(admission)


@asynccontextmanager
async def gated(gate: LinkGate, key: int, links: int) -> AsyncIterator[str | None]:
    """:func:`admit` for the block: yields None when admitted (released on exit), else the
    refusal's locale key."""
    refusal = await admit(gate, key, links)
    try:
        yield refusal
    finally:
        if refusal is None:
            await gate.release(key)


@dataclass
class LinkJob:
    """Everything one message's links need."""

    bot: Bot
    message: Message
    links: list[Link]
    chat: ChatInfo
    t: Translator
    media: MediaService
    gate: LinkGate


async def handle_links(job: LinkJob) -> list[Delivered]:
    """Deliver each link of a message (in order), answering every failure in the chat's language."""
    message, t = job.message, job.t
    chat_id = message.chat.id
    refusal = await admit(job.gate, chat_id, len(job.links))
    if refusal is not None:
        await message.reply(t(refusal))
        return []
    limits = await db_service.get_settings_cached()
    delivered: list[Delivered] = []
    ad_step = message.chat.type == "private" and ads.ads_on(limits)  # rides on the first record
    ad_due = False
    try:
        for link in job.links:
            try:
                async with job.gate.work_slots:
                    result = await job.media.deliver(
                        job.bot,
                        chat_id,
                        link,
                        preferences=job.chat.preferences,
                        t=t,
                        reply_to=message.message_id,
                    )
            except (ResolveError, TooLarge) as exc:
                log.info("link %s for chat %s failed: %s", link, chat_id, exc)
                await message.reply(explain(exc, t, link.platform))
                continue
            except PartlySent as exc:  # the chat has part of the post: handled as its error
                # its own cause kept: it classifies the send
                raise exc.error from exc.error.__cause__
            delivered.append(result)
            recorded = await record_link_delivery(
                job.media.writes, chat_id, link.url, result, ad_step=ad_step
            )
            if recorded is not None:
                ad_due, ad_step = ad_due or recorded.ad_due, False
    finally:
        await job.gate.release(chat_id)
    if ad_due:
        try:
            await ads.show(job.bot, chat_id, t, await db_service.get_settings_cached())
        except Exception:
            log.exception("could not send the ad to chat %s", chat_id)
    return delivered
