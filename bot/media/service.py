"""Delivering posts: file-id cache first, else resolve, download and upload; the caller records the
delivery with the new file ids (:attr:`Delivered.cache`) in one repository call.

:meth:`MediaService.deliver` returns how many media messages Telegram accepted; a failure after
the first of a slideshow's messages raises :class:`PartlySent` (the chat has part of the post).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import aiohttp
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import FSInputFile

from bot.i18n import Translator
from bot.links import post_id_from_link
from bot.media.meta import PostMeta, cache_kind
from bot.media.scratch import ScratchFolder
from bot.media.sending import Item, PartlySent, is_stale_file_error, send_post
from bot.media.status import ChatAction, StatusNotice
from bot.metrics import Metrics, count_delivery, counting_fetch_errors
from bot.pending_writes import PendingWrites
from bot.sources import (
    ByteBudget,
    MediaHostRefused,
    MediaHostRule,
    MediaTooLarge,
    Post,
    PostKind,
    ResolveError,
    Resolver,
    download_to_file,
)
from data import db_service
from data.config import Settings
from data.db_service import CacheEntry
from data.models import MediaKind

log = logging.getLogger(__name__)
T = TypeVar("T")

PHOTO_LIMIT_BYTES = 10 * 1024 * 1024  # Telegram's cap for photos; documents use the upload limit
PARALLEL_IMAGE_DOWNLOADS = 4  # a slideshow's images downloaded at once
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


class TooLarge(Exception):
    """The video (or a slideshow's images together) is bigger than the bot may upload; ``url``
    lets the user fetch it directly."""

    reason = "too_large"

    def __init__(self, size: int | None, url: str | None) -> None:
        super().__init__(f"media of {size} bytes is over the upload limit")
        self.size, self.url = size, url


@dataclass(frozen=True)
class Delivered:
    """A post that reached a chat, in ``messages`` media messages; ``cache`` holds the file ids
    of a fresh upload, for the caller to record with the delivery (None when sent from cache)."""

    post_id: str
    is_slideshow: bool
    from_cache: bool
    messages: int
    cache: CacheEntry | None = None


def _canonical_link(post_id: str) -> str:
    return f"https://www.tiktok.com/@i/video/{post_id}"


def _kind(is_slideshow: bool) -> str:
    return "slideshow" if is_slideshow else "video"


def _upload_action(is_slideshow: bool, file_mode: bool) -> str:
    """The chat action for a post on its way: documents in file mode, else photos for a
    slideshow, else (and while the kind is not known yet) a video."""
    if file_mode:
        return "upload_document"
    return "upload_photo" if is_slideshow else "upload_video"


class MediaService:
    """One per process: the resolver, the shared HTTP session and the upload limit; counts
    deliveries and fetch failures in ``metrics`` (None: nothing counted); ``writes`` keeps the
    database writes that follow a send through an outage."""

    def __init__(
        self,
        resolver: Resolver,
        http: aiohttp.ClientSession,
        settings: Settings,
        metrics: Metrics | None = None,
        *,
        writes: PendingWrites | None = None,
    ) -> None:
        self.resolver = resolver
        # the file ids a send produced: kept through outages
        self.writes = writes or PendingWrites()
        self.metrics = metrics
        self.http = http
        self.upload_limit = settings.upload_limit_bytes
        self.timeout = settings.tiktok_timeout
        self.proxy = settings.tiktok_proxy.get() or None
        self.hosts = MediaHostRule.from_settings(settings)
        self.temp_dir = settings.media_temp_dir or None
        self.max_images = settings.media_max_images
        self.max_post_bytes = settings.media_max_post_mb * 1024 * 1024
        self.download_deadline = settings.media_download_deadline
        self._post_ids: OrderedDict[str, str] = OrderedDict()  # short link -> post id
        self.slow_notice_after = SLOW_NOTICE_SECONDS

    # ------------------------------------------------------------ posts

    async def deliver(
        self,
        bot: Bot,
        chat_id: int,
        link: str,
        *,
        file_mode: bool,
        t: Translator,
        reply_to: int | None = None,
    ) -> Delivered:
        """Send the post behind ``link`` to ``chat_id``; raises ResolveError subclasses, TooLarge,
        Telegram's errors when nothing went out, and PartlySent when part of the post did."""
        with (
            counting_fetch_errors(self.metrics, ResolveError, TooLarge),
            ScratchFolder(self.temp_dir) as scratch,
        ):
            async with ChatAction(bot, chat_id, _upload_action(False, file_mode)) as shown:
                delivered = await self._deliver(
                    bot, chat_id, link, file_mode, t, reply_to, shown, scratch
                )
        count_delivery(self.metrics, _kind(delivered.is_slideshow), cached=delivered.from_cache)
        return delivered

    async def _deliver(
        self,
        bot: Bot,
        chat_id: int,
        link: str,
        file_mode: bool,
        t: Translator,
        reply_to: int | None,
        shown: ChatAction,
        scratch: ScratchFolder,
    ) -> Delivered:
        known_id = self._post_ids.get(link) or post_id_from_link(link)
        if known_id is not None:
            sent = await self._send_cached(bot, chat_id, known_id, file_mode, t, reply_to, shown)
            if sent is not None:
                return sent
        post = await self.resolver.resolve(link)
        self._remember(link, post.id)
        if post.id != known_id:
            sent = await self._send_cached(bot, chat_id, post.id, file_mode, t, reply_to, shown)
            if sent is not None:
                return sent
        meta = PostMeta.from_post(post)
        await shown.switch(_upload_action(meta.is_slideshow, file_mode))
        async with StatusNotice(
            bot, chat_id, t("media-working"), after=self.slow_notice_after
        ) as status:
            items = await self._fetch(post, as_documents=file_mode, scratch=scratch)
            await status.update(t("media-uploading"))
            file_ids = await send_post(
                bot, chat_id, meta, items, as_documents=file_mode, t=t, reply_to=reply_to
            )
        cache = CacheEntry(post.id, cache_kind(post.kind, file_mode), file_ids, meta.to_cache())
        return Delivered(
            post.id, meta.is_slideshow, from_cache=False, messages=len(file_ids), cache=cache
        )

    async def upload_for_inline(
        self, bot: Bot, storage_chat_id: int, link: str, t: Translator
    ) -> InlineMedia:
        """File ids and facts of a post for inline results: cached, or uploaded once to the storage
        chat. The caller reports the delivery (:meth:`count_inline`) once its answer went out."""
        with (
            counting_fetch_errors(self.metrics, ResolveError, TooLarge),
            ScratchFolder(self.temp_dir) as scratch,
        ):
            try:
                media = await self._inline_media(bot, storage_chat_id, link, t, scratch)
                return InlineMedia(*media)
            except PartlySent as exc:  # only the storage chat has the part: fails as before
                raise exc.error from exc.error.__cause__

    def count_inline(self, media: InlineMedia) -> None:
        """Count an inline answer Telegram accepted."""
        count_delivery(
            self.metrics, _kind(media.meta.is_slideshow), inline=True, cached=media.from_cache
        )

    async def _inline_media(
        self, bot: Bot, storage_chat_id: int, link: str, t: Translator, scratch: ScratchFolder
    ) -> tuple[PostMeta, list[str], bool]:
        known_id = self._post_ids.get(link) or post_id_from_link(link)
        if known_id is not None:
            cached = await self._cached(known_id, as_documents=False)
            if cached is not None:
                return *cached, True
        post = await self.resolver.resolve(link)
        self._remember(link, post.id)
        cached = await self._cached(post.id, as_documents=False)
        if cached is not None:
            return *cached, True
        meta = PostMeta.from_post(post)
        items = await self._fetch(post, as_documents=False, scratch=scratch)
        file_ids = await send_post(bot, storage_chat_id, meta, items, as_documents=False, t=t)
        await self.writes.write(
            f"file ids of post {post.id}",
            lambda: db_service.put_cached_media(
                post.id, cache_kind(post.kind, False), file_ids, meta.to_cache()
            ),
        )
        return meta, file_ids, False

    async def forget_inline(self, post_id: str) -> None:
        """Drop a post's media file ids after Telegram refused them in an inline answer."""
        for kind in (MediaKind.VIDEO, MediaKind.IMAGES):
            await db_service.drop_cached_media(post_id, kind)

    async def _cached(
        self, post_id: str, *, as_documents: bool
    ) -> tuple[PostMeta, list[str]] | None:
        kinds = [
            cache_kind(post_kind, as_documents)
            for post_kind in (PostKind.VIDEO, PostKind.SLIDESHOW)
        ]
        found = await db_service.find_cached_media(post_id, kinds)
        if found is None:
            return None
        kind, entry = found
        meta = PostMeta.from_cache(post_id, kind, entry.meta)
        return None if meta is None else (meta, entry.file_ids)

    async def _send_cached(
        self,
        bot: Bot,
        chat_id: int,
        post_id: str,
        file_mode: bool,
        t: Translator,
        reply_to: int | None,
        shown: ChatAction,
    ) -> Delivered | None:
        cached = await self._cached(post_id, as_documents=file_mode)
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
                "cached file ids of post %s were refused (%s); fetching it again",
                post_id,
                exc.message,
            )
            await db_service.drop_cached_media(post_id, cache_kind(meta.kind, file_mode))
            return None
        return Delivered(post_id, meta.is_slideshow, from_cache=True, messages=len(sent))

    async def _download(
        self,
        url: str,
        path: Path,
        *,
        max_bytes: int,
        deadline: float,
        budget: ByteBudget | None = None,
    ) -> FSInputFile:
        """Stream ``url`` into ``path`` (see :func:`download_to_file`); the file to upload."""
        try:
            await download_to_file(
                self.http,
                url,
                path,
                hosts=self.hosts,
                max_bytes=max_bytes,
                timeout=self.timeout,
                deadline=deadline,
                proxy=self.proxy,
                budget=budget,
            )
        except MediaHostRefused as exc:  # worth an operator's eye: the resolver pointed inwards
            log.warning("refused to fetch media: %s", exc)
            raise
        return FSInputFile(path, filename=path.name)

    async def _fetch(self, post: Post, *, as_documents: bool, scratch: ScratchFolder) -> list[Item]:
        """Download a post's media into ``scratch``: its video, or its first ``max_images``
        images (a few at a time, ``max_post_bytes`` in all), all within the download deadline."""
        if post.kind is PostKind.VIDEO:
            if post.size is not None and post.size > self.upload_limit:
                raise TooLarge(post.size, post.video_url)
            try:
                video = await self._download(
                    post.video_url,
                    scratch.path / f"{post.id}.mp4",
                    max_bytes=self.upload_limit,
                    deadline=self.download_deadline,
                )
            except MediaTooLarge as exc:
                raise TooLarge(exc.size, post.video_url) from None
            return [video]
        urls = post.image_urls[: self.max_images]
        if len(urls) < len(post.image_urls):
            log.info(
                "post %s has %d images; sending the first %d",
                post.id,
                len(post.image_urls),
                len(urls),
            )
        cap = self.upload_limit if as_documents else min(self.upload_limit, PHOTO_LIMIT_BYTES)
        budget = ByteBudget(self.max_post_bytes)
        slots = asyncio.Semaphore(PARALLEL_IMAGE_DOWNLOADS)
        loop = asyncio.get_running_loop()
        ends_at = loop.time() + self.download_deadline

        async def one(index: int, url: str) -> FSInputFile:
            async with slots:
                return await self._download(
                    url,
                    scratch.path / f"{post.id}_{index + 1:02d}.jpg",
                    max_bytes=cap,
                    deadline=max(0.0, ends_at - loop.time()),
                    budget=budget,
                )

        try:
            return await _all_or_none([one(i, url) for i, url in enumerate(urls)])
        except MediaTooLarge:
            if budget.used > budget.limit:
                raise TooLarge(budget.used, post.link) from None
            raise  # one image over the photo cap

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
        audio = await self._download(
            sound.url,
            scratch.path / f"{post_id}.mp3",
            max_bytes=self.upload_limit,
            deadline=self.download_deadline,
        )
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


async def _all_or_none(coroutines: list[Coroutine[Any, Any, T]]) -> list[T]:
    """Run ``coroutines`` together; the first failure cancels the others and is raised once
    they have all ended (so none is still writing a file when the caller cleans up)."""
    tasks = [asyncio.ensure_future(coroutine) for coroutine in coroutines]
    try:
        return list(await asyncio.gather(*tasks))
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
