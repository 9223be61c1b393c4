"""Post links in messages, the music button, and inline queries."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, InlineQuery, Message

from bot.chat_info import ChatInfo
from bot.i18n import Translator
from bot.keyboards import MusicRequest
from bot.links import Link, UnsupportedLink, find_links, find_unsupported
from bot.media.flow import (
    MAX_LINKS_PER_MESSAGE,
    LinkJob,
    explain,
    explain_unsupported,
    gated,
    handle_links,
)
from bot.media.gate_fallback import LinkGate
from bot.media.inline import REFUSAL_CACHE_SECONDS, media_results, refusal_result, text_result
from bot.media.records import record_inline_delivery, record_music
from bot.media.sending import is_stale_file_error
from bot.media.service import InlineMedia, MediaService, NoSound, TooLarge
from bot.sources import ResolveError
from data.config import Settings
from data.preferences import DEFAULT_PREFERENCES, Preferences

log = logging.getLogger(__name__)

INLINE_DEADLINE_SECONDS = 8.0  # Telegram drops answers to inline queries after about 10 s


class HasPostLinks(Filter):
    """Passes messages whose text or caption holds post links (any platform); hands them over
    as ``links``."""

    async def __call__(self, message: Message) -> bool | dict:
        links = find_links(message.text or message.caption or "", limit=MAX_LINKS_PER_MESSAGE + 1)
        return {"links": links} if links else False


class HasUnsupportedLinks(Filter):
    """Passes private messages that hold no post link but links to profiles, stories or
    highlights of a platform the bot serves (in groups such links pass unremarked)."""

    async def __call__(self, message: Message) -> bool | dict:
        if message.chat.type != "private":
            return False
        found = find_unsupported(message.text or message.caption or "", limit=1)
        return {"unsupported": found} if found else False


def router() -> Router:
    """Routes link messages, music button presses and inline queries."""
    r = Router(name="media")

    @r.message(HasPostLinks())
    async def links_message(
        message: Message,
        links: list[Link],
        bot: Bot,
        t: Translator,
        chat_info: ChatInfo,
        media: MediaService,
        gate: LinkGate,
    ) -> None:
        if len(links) > MAX_LINKS_PER_MESSAGE:
            await message.reply(t("media-too-many-links", limit=MAX_LINKS_PER_MESSAGE))
            links = links[:MAX_LINKS_PER_MESSAGE]
        await handle_links(LinkJob(bot, message, links, chat_info, t, media, gate))

    @r.message(HasUnsupportedLinks())
    async def unsupported_links(
        message: Message, unsupported: list[UnsupportedLink], t: Translator
    ) -> None:
        await message.reply(explain_unsupported(unsupported, t))

    @r.callback_query(MusicRequest.filter())
    async def music_pressed(
        query: CallbackQuery,
        callback_data: MusicRequest,
        bot: Bot,
        t: Translator,
        media: MediaService,
        gate: LinkGate,
    ) -> None:
        chat_id = query.message.chat.id if query.message else query.from_user.id
        async with gated(gate, chat_id, 1) as refusal:
            if refusal is not None:
                await query.answer(t(refusal), show_alert=True)
                return
            try:
                async with gate.work_slots:
                    await media.send_sound(bot, chat_id, callback_data.post_id)
            except NoSound:
                await query.answer(t("media-no-sound"), show_alert=True)
                return
            except TelegramForbiddenError:
                await query.answer(t("media-start-first"), show_alert=True)
                return
            except (ResolveError, TooLarge) as exc:
                await query.answer(explain(exc, t), show_alert=True)
                return
        await query.answer(t("media-music-sent"))
        await record_music(media.writes, chat_id, callback_data.post_id)

    @r.inline_query()
    async def inline(
        query: InlineQuery,
        bot: Bot,
        t: Translator,
        media: MediaService,
        settings: Settings,
        gate: LinkGate,
        chat_info: ChatInfo,
    ) -> None:
        links = find_links(query.query, limit=1)
        me = await bot.me()
        unsupported = [] if links else find_unsupported(query.query, limit=1)
        if unsupported:
            text = explain_unsupported(unsupported, t)
            await query.answer(
                [text_result("unsupported", t("inline-error-title"), text, description=text)],
                cache_time=300,
                is_personal=False,
            )
            return
        if not links:
            await query.answer(
                [
                    text_result(
                        "hint", t("inline-hint-title"), t("inline-hint-text", bot=me.username)
                    )
                ],
                cache_time=300,
                is_personal=False,
            )
            return
        if settings.storage_chat_id is None:
            await query.answer(
                [
                    text_result(
                        "no-storage", t("inline-needs-storage"), t("inline-needs-storage-text")
                    )
                ],
                cache_time=60,
            )
            return
        user_id = query.from_user.id
        async with gated(gate, user_id, 1) as refusal:
            if refusal is not None:
                await query.answer(
                    [refusal_result(refusal, t)],
                    cache_time=REFUSAL_CACHE_SECONDS,
                    is_personal=True,
                )
                return
            try:
                found = await _answer_inline(
                    query, bot, t, media, settings, gate, links[0], chat_info.preferences
                )
            except TimeoutError:
                log.warning("inline query for %s missed the deadline; not answering", links[0])
                return
            except (ResolveError, TooLarge) as exc:
                await query.answer(
                    [
                        text_result(
                            "error", t("inline-error-title"), explain(exc, t, links[0].platform)
                        )
                    ],
                    cache_time=10,
                )
                return
        media.count_inline(found)
        await record_inline_delivery(media.writes, user_id, links[0].url, found.meta)

    return r


async def _answer_inline(
    query: InlineQuery,
    bot: Bot,
    t: Translator,
    media: MediaService,
    settings: Settings,
    gate: LinkGate,
    link: Link,
    preferences: Preferences,
) -> InlineMedia:
    """Answer with the post's media (uploaded to the storage chat in a work slot if needed, again
    if Telegram forgot the file ids), presented as the user's ``preferences`` ask; results of
    other than the default presentation are personal. TimeoutError past Telegram's deadline."""
    personal = (preferences.captions, preferences.music_button) != (
        DEFAULT_PREFERENCES.captions,
        DEFAULT_PREFERENCES.music_button,
    )

    def results(found: InlineMedia) -> list:
        return media_results(found.meta, found.file_ids, t, preferences, found.slideshow_video)

    async with asyncio.timeout(INLINE_DEADLINE_SECONDS):
        async with gate.work_slots:
            found = await media.upload_for_inline(bot, settings.storage_chat_id, link, t)
        try:
            await query.answer(results(found), cache_time=3600, is_personal=personal)
        except TelegramBadRequest as exc:
            if not is_stale_file_error(exc):
                raise
            await media.forget_inline(found.meta)
            async with gate.work_slots:
                found = await media.upload_for_inline(bot, settings.storage_chat_id, link, t)
            await query.answer(results(found), cache_time=3600, is_personal=personal)
    return found
