"""Delivering posts: file-id cache first, else resolve, download and upload; the caller records the
delivery with the new file ids (:attr:`Delivered.cache`) in one repository call.

:meth:`MediaService.deliver` returns how many media messages Telegram accepted; a failure after
the first of a slideshow's messages raises :class:`PartlySent` (the chat has part of the post).
"""

from __future__ import annotations

import dataclasses
import logging
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import aiohttp
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import FSInputFile

from bot.i18n import Translator
from bot.links import Link, parse_link
from bot.media.fetching import MediaFetcher, TooLarge
from bot.media.meta import PostMeta, cache_kind
from bot.media.mp4_facts import video_facts
from bot.media.scratch import ScratchFolder
from bot.media.sending import PartlySent, is_stale_file_error, send_post
from bot.media.status import ChatAction, StatusNotice
from bot.metrics import Metrics, count_delivery, counting_fetch_errors
from bot.pending_writes import PendingWrites
from bot.sources import InvalidLink, Post, PostKind, ResolveError, Resolver
from data import db_service
from data.config import Settings
from data.db_service import CacheEntry
from data.models import MediaKind
from data.models.platform import Platform
from data.preferences import Preferences

__all__ = ["Delivered", "InlineMedia", "MediaService", "NoSound", "TooLarge"]

log = logging.getLogger(__name__)

REMEMBERED_LINKS = 10_000
SLOW_NOTICE_SECONDS = 2.0  # a delivery taking longer than this shows a status message
SOUND_ACTION = "upload_document"  # an audio file on its way ("upload_voice" is for voice notes)


class InlineMedia(NamedTuple):
    """A post ready for inline results: its facts, its file ids, whether they were cached."""

    meta: PostMeta
    file_ids: list[str]
    from_cache: bool


class NoSound(Exception):
    """The post has no separate sound to send."""


@dataclass(frozen=True)
class Delivered:
    """A post of ``platform`` that reached a chat, in ``messages`` media messages; ``cache``
    holds the file ids of a fresh upload, for the caller to record with the delivery (None when
    sent from cache)."""

    post_id: str
    is_slideshow: bool
    from_cache: bool
    messages: int
    cache: CacheEntry | None = None
    platform: Platform = Platform.TIKTOK


def _canonical_link(post_id: str) -> str:
    return f"https://www.tiktok.com/@i/video/{post_id}"


def _kind(is_slideshow: bool) -> str:
    return "slideshow" if is_slideshow else "video"


def _upload_action(is_slideshow: bool, file_mode: bool) -> str:
    """The chat action for a post on its way: documents in file mode, else photos for an
    album, else (and while the kind is not known yet) a video."""
    if file_mode:
        return "upload_document"
    return "upload_photo" if is_slideshow else "upload_video"


def _as_link(link: Link | str) -> Link:
    if isinstance(link, Link):
        return link
    parsed = parse_link(link)
    if parsed is None:
        raise InvalidLink("not a post link of a platform the bot serves")
    return parsed


def with_video_facts(meta: PostMeta, item: FSInputFile) -> PostMeta:
    """``meta`` with the width, height and duration a downloaded video's own boxes give, where
    the backend did not say (cobalt never does); Telegram shows a video without them square."""
    if meta.is_slideshow or None not in (meta.width, meta.height, meta.duration):
        return meta
    facts = video_facts(item.path)
    if facts is None:
        return meta
    return dataclasses.replace(
        meta,
        width=meta.width or facts.width,
        height=meta.height or facts.height,
        duration=meta.duration or facts.duration,
    )


class MediaService:
    """One per process: a resolver per platform (``resolvers``), the media fetcher and the
    upload limit; counts deliveries and fetch failures in ``metrics`` (None: nothing counted);
    ``writes`` keeps the database writes that follow a send through an outage."""

    def __init__(
        self,
        resolvers: Mapping[Platform, Resolver],
        http: aiohttp.ClientSession,
        settings: Settings,
        metrics: Metrics | None = None,
        *,
        writes: PendingWrites | None = None,
    ) -> None:
        self.resolvers = dict(resolvers)
        # the file ids a send produced: kept through outages
        self.writes = writes or PendingWrites()
        self.metrics = metrics
        self.fetcher = MediaFetcher(http, settings)
        self.temp_dir = settings.media_temp_dir or None
        self._post_ids: OrderedDict[str, str] = OrderedDict()  # short link -> post id
        self.slow_notice_after = SLOW_NOTICE_SECONDS

    @property
    def resolver(self) -> Resolver:
        """The TikTok resolver: it also lists creators' posts (subscriptions)."""
        return self.resolvers[Platform.TIKTOK]

    async def close(self) -> None:
        """Close every platform's resolver."""
        for resolver in self.resolvers.values():
            await resolver.close()

    # ------------------------------------------------------------ posts

    async def deliver(
        self,
        bot: Bot,
        chat_id: int,
        link: Link | str,
        *,
        preferences: Preferences,
        t: Translator,
        reply_to: int | None = None,
    ) -> Delivered:
        """Send the post behind ``link`` (a :class:`Link`, or a post link's text) to
        ``chat_id`` the way the chat's ``preferences`` say; raises ResolveError subclasses,
        TooLarge, Telegram's errors when nothing went out, and PartlySent when part of the post
        did."""
        file_mode = preferences.file_mode
        with (
            counting_fetch_errors(self.metrics, ResolveError, TooLarge),
            ScratchFolder(self.temp_dir) as scratch,
        ):
            async with ChatAction(bot, chat_id, _upload_action(False, file_mode)) as shown:
                delivered = await self._deliver(
                    bot, chat_id, _as_link(link), file_mode, t, reply_to, shown, scratch
                )
        count_delivery(self.metrics, _kind(delivered.is_slideshow), cached=delivered.from_cache)
        return delivered

    async def _deliver(
        self,
        bot: Bot,
        chat_id: int,
        link: Link,
        file_mode: bool,
        t: Translator,
        reply_to: int | None,
        shown: ChatAction,
        scratch: ScratchFolder,
    ) -> Delivered:
        platform = link.platform
        known_id = self._post_ids.get(link.url) or link.post_id
        if known_id is not None:
            sent = await self._send_cached(
                bot, chat_id, platform, known_id, file_mode, t, reply_to, shown
            )
            if sent is not None:
                return sent
        post = await self._resolve(link)
        if post.id != known_id:
            sent = await self._send_cached(
                bot, chat_id, platform, post.id, file_mode, t, reply_to, shown
            )
            if sent is not None:
                return sent
        meta = PostMeta.from_post(post)
        await shown.switch(_upload_action(meta.is_slideshow, file_mode))
        async with StatusNotice(
            bot, chat_id, t("media-working"), after=self.slow_notice_after
        ) as status:
            items = await self.fetcher.fetch(post, as_documents=file_mode, scratch=scratch)
            meta = with_video_facts(meta, items[0])
            await status.update(t("media-uploading"))
            file_ids = await send_post(
                bot, chat_id, meta, list(items), as_documents=file_mode, t=t, reply_to=reply_to
            )
        cache = CacheEntry(
            post.id, cache_kind(post.kind, file_mode), file_ids, meta.to_cache(), platform
        )
        return Delivered(
            post.id,
            meta.is_slideshow,
            from_cache=False,
            messages=len(file_ids),
            cache=cache,
            platform=platform,
        )

    async def _resolve(self, link: Link) -> Post:
        resolver = self.resolvers.get(link.platform)
        if resolver is None:
            raise InvalidLink(f"no backend serves {link.platform} here")
        post = await resolver.resolve(link.url)
        self._remember(link.url, post.id)
        return post

    async def upload_for_inline(
        self, bot: Bot, storage_chat_id: int, link: Link | str, t: Translator
    ) -> InlineMedia:
        """File ids and facts of a post for inline results: cached, or uploaded once to the storage
        chat. The caller reports the delivery (:meth:`count_inline`) once its answer went out."""
        with (
            counting_fetch_errors(self.metrics, ResolveError, TooLarge),
            ScratchFolder(self.temp_dir) as scratch,
        ):
            try:
                media = await self._inline_media(bot, storage_chat_id, _as_link(link), t, scratch)
                return InlineMedia(*media)
            except PartlySent as exc:  # only the storage chat has the part: fails as before
                raise exc.error from exc.error.__cause__

    def count_inline(self, media: InlineMedia) -> None:
        """Count an inline answer Telegram accepted."""
        count_delivery(
            self.metrics, _kind(media.meta.is_slideshow), inline=True, cached=media.from_cache
        )

    async def _inline_media(
        self, bot: Bot, storage_chat_id: int, link: Link, t: Translator, scratch: ScratchFolder
    ) -> tuple[PostMeta, list[str], bool]:
        platform = link.platform
        known_id = self._post_ids.get(link.url) or link.post_id
        if known_id is not None:
            cached = await self._cached(platform, known_id, as_documents=False)
            if cached is not None:
                return *cached, True
        post = await self._resolve(link)
        cached = await self._cached(platform, post.id, as_documents=False)
        if cached is not None:
            return *cached, True
        meta = PostMeta.from_post(post)
        items = await self.fetcher.fetch(post, as_documents=False, scratch=scratch)
        meta = with_video_facts(meta, items[0])
        file_ids = await send_post(bot, storage_chat_id, meta, list(items), as_documents=False, t=t)
        await self.writes.write(
            f"file ids of {platform} post {post.id}",
            lambda: db_service.put_cached_media(
                post.id,
                cache_kind(post.kind, False),
                file_ids,
                meta.to_cache(),
                platform=platform,
            ),
        )
        return meta, file_ids, False

    async def forget_inline(self, meta: PostMeta) -> None:
        """Drop a post's media file ids after Telegram refused them in an inline answer."""
        for kind in (MediaKind.VIDEO, MediaKind.IMAGES):
            await db_service.drop_cached_media(meta.post_id, kind, platform=Platform(meta.platform))

    async def _cached(
        self, platform: Platform, post_id: str, *, as_documents: bool
    ) -> tuple[PostMeta, list[str]] | None:
        kinds = [
            cache_kind(post_kind, as_documents)
            for post_kind in (PostKind.VIDEO, PostKind.SLIDESHOW)
        ]
        found = await db_service.find_cached_media(post_id, kinds, platform=platform)
        if found is None:
            return None
        kind, entry = found
        meta = PostMeta.from_cache(post_id, kind, entry.meta, platform)
        return None if meta is None else (meta, entry.file_ids)

    async def _send_cached(
        self,
        bot: Bot,
        chat_id: int,
        platform: Platform,
        post_id: str,
        file_mode: bool,
        t: Translator,
        reply_to: int | None,
        shown: ChatAction,
    ) -> Delivered | None:
        cached = await self._cached(platform, post_id, as_documents=file_mode)
        if cached is None:
            return None
        meta, file_ids = cached
        await shown.switch(_upload_action(meta.is_slideshow, file_mode))
        try:
            sent = await send_post(
                bot, chat_id, meta, list(file_ids), as_documents=file_mode, t=t, reply_to=reply_to
            )
        except TelegramBadRequest as exc:  # nothing went out (PartlySent otherwise): fetch again
            if not is_stale_file_error(exc):
                raise
            log.info(
                "cached file ids of %s post %s were refused (%s); fetching it again",
                platform,
                post_id,
                exc.message,
            )
            await db_service.drop_cached_media(
                post_id, cache_kind(meta.kind, file_mode), platform=platform
            )
            return None
        return Delivered(
            post_id, meta.is_slideshow, from_cache=True, messages=len(sent), platform=platform
        )

    def _remember(self, link: str, post_id: str) -> None:
        self._post_ids[link] = post_id
        self._post_ids.move_to_end(link)
        while len(self._post_ids) > REMEMBERED_LINKS:
            self._post_ids.popitem(last=False)

    # ------------------------------------------------------------ sounds

    async def send_sound(self, bot: Bot, chat_id: int, post_id: str) -> None:
        """Send a post's sound as audio (cached file id, else downloaded); raises NoSound or
        ResolveError."""
        with (
            counting_fetch_errors(self.metrics, ResolveError),
            ScratchFolder(self.temp_dir) as scratch,
        ):
            async with ChatAction(bot, chat_id, SOUND_ACTION):
                from_cache = await self._send_sound(bot, chat_id, post_id, scratch)
        count_delivery(self.metrics, "music", cached=from_cache)

    async def _send_sound(
        self, bot: Bot, chat_id: int, post_id: str, scratch: ScratchFolder
    ) -> bool:
        cached = await db_service.get_cached_media(post_id, MediaKind.AUDIO)
        if cached is not None:
            try:
                await bot.send_audio(chat_id, cached.file_ids[0], **cached.meta)
                return True
            except TelegramBadRequest as exc:
                if not is_stale_file_error(exc):
                    raise
                await db_service.drop_cached_media(post_id, MediaKind.AUDIO)
        post = await self.resolver.resolve(_canonical_link(post_id))
        sound = post.sound
        if sound is None or not sound.url:
            raise NoSound(post_id)
        audio = await self.fetcher.download(sound.url, scratch.path / f"{post_id}.mp3")
        details = {
            "title": sound.title or None,
            "performer": sound.author or None,
            "duration": sound.duration,
        }
        message = await bot.send_audio(chat_id, audio, **details)
        await self.writes.write(
            f"file id of the sound of post {post_id}",
            lambda: db_service.put_cached_media(
                post_id,
                MediaKind.AUDIO,
                [message.audio.file_id],
                {k: v for k, v in details.items() if v is not None},
            ),
        )
        return False
