"""A message with TikTok links: limits, each link delivered in turn, errors explained, then ads."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiogram import Bot
from aiogram.types import Message

from bot.chat_info import ChatInfo
from bot.i18n import Translator
from bot.media import ads
from bot.media.limits import Admission, ChatGate
from bot.media.sending import PartlySent
from bot.media.service import Delivered, MediaService, TooLarge
from bot.tiktok import ResolveError, SlideshowUnsupported
from data import db_service
from data.db_service import NewDownload, RecordedDelivery
from data.runtime_settings import Setting

log = logging.getLogger(__name__)

MAX_LINKS_PER_MESSAGE = 5

ERROR_KEYS = {
    "invalid_link": "media-invalid-link",
    "unavailable": "media-unavailable",
    "timeout": "media-timeout",
    "resolver_down": "media-resolver-down",
    "media_unavailable": "media-media-unavailable",
    "too_large": "media-media-unavailable",
    "host_refused": "media-host-refused",
}


def explain(error: Exception, t: Translator) -> str:
    """The localized message for a failed delivery."""
    if isinstance(error, TooLarge):
        size_mb = f"{error.size / 1024 / 1024:.0f}" if error.size else "50+"
        return t("media-too-large", size_mb=size_mb, url=error.url or "")
    if isinstance(error, SlideshowUnsupported):
        return t("media-slideshow-unsupported")
    if isinstance(error, ResolveError):
        return t(ERROR_KEYS.get(error.reason, "media-resolver-down"))
    return t("error-generic")


@dataclass
class LinkJob:
    """Everything one message's links need."""

    bot: Bot
    message: Message
    links: list[str]
    chat: ChatInfo
    t: Translator
    media: MediaService
    gate: ChatGate


async def handle_links(job: LinkJob) -> list[Delivered]:
    """Deliver each link of a message (in order), answering every failure in the chat's language."""
    message, t = job.message, job.t
    chat_id = message.chat.id
    limits = await db_service.get_settings_cached()
    admission = job.gate.admit(
        chat_id,
        len(job.links),
        per_minute=limits[Setting.LINKS_PER_MINUTE],
        in_flight=limits[Setting.LINKS_IN_FLIGHT],
    )
    if admission is Admission.FLOOD:
        await message.reply(t("media-slow-down"))
        return []
    if admission is Admission.BUSY:
        await message.reply(t("media-busy"))
        return []
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
                        file_mode=job.chat.file_mode,
                        t=t,
                        reply_to=message.message_id,
                    )
            except (ResolveError, TooLarge) as exc:
                log.info("link %s for chat %s failed: %s", link, chat_id, exc)
                await message.reply(explain(exc, t))
                continue
            except PartlySent as exc:  # the chat has part of the post: handled as its error
                # its own cause kept: it classifies the send
                raise exc.error from exc.error.__cause__
            delivered.append(result)
            recorded = await _record(chat_id, link, result, ad_step=ad_step)
            if recorded is not None:
                ad_due, ad_step = ad_due or recorded.ad_due, False
    finally:
        job.gate.release(chat_id)
    if ad_due:
        try:
            await ads.show(job.bot, chat_id, t, await db_service.get_settings_cached())
        except Exception:
            log.exception("could not send the ad to chat %s", chat_id)
    return delivered


async def _record(
    chat_id: int, link: str, result: Delivered, *, ad_step: bool
) -> RecordedDelivery | None:
    """The download, the new file ids and the ad turn, in one repository call (None if it
    failed)."""
    download = NewDownload(chat_id, link, result.post_id, is_slideshow=result.is_slideshow)
    try:
        return await db_service.record_delivery(download, cache=result.cache, ad_step=ad_step)
    except Exception:
        log.exception("could not record the download of %s for chat %s", result.post_id, chat_id)
        return None
