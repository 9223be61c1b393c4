"""Delivering posts: file-id cache first, else resolve, download and upload; the caller records the
delivery with the new file ids (:attr:`Delivered.cache`) in one repository call.

:meth:`MediaService.deliver` returns how many media messages Telegram accepted; a failure after
the first of a slideshow's messages raises :class:`PartlySent` (the chat has part of the post).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import aiohttp
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import FSInputFile

from bot.i18n import Translator
from bot.links import Link, parse_link
from bot.media.fetching import MediaFetcher, TooLarge
from bot.media.meta import PostMeta, cache_kind
from bot.media.mp4_facts import video_facts
from bot.media.render import RenderFailed, SlideshowRenderer
from bot.media.scratch import ScratchFolder
from bot.media.sending import (
    PartlySent,
    is_stale_file_error,
    music_markup,
    reply_parameters,
    send_post,
)
from bot.media.slideshow_video import (
    SlideshowVideo,
    SlideshowVideos,
    send_slideshow_video,
    slideshow_mode,
)
from bot.media.sounds import NoSound, Sounds
from bot.media.status import ChatAction, StatusNotice
from bot.metrics import Metrics, count_delivery, counting_fetch_errors
from bot.pending_writes import PendingWrites
from bot.sources import InvalidLink, Post, PostKind, ResolveError, Resolver
from data import db_service
from data.config import Settings
from data.db_service import CacheEntry
from data.models import MediaKind
from data.models.platform import Platform
from data.preferences import Preference, Preferences, Quality, Slideshow

__all__ = ["Delivered", "InlineMedia", "MediaService", "NoSound", "TooLarge"]

log = logging.getLogger(__name__)

REMEMBERED_LINKS = 10_000
SLOW_NOTICE_SECONDS = 2.0  # a delivery taking longer than this shows a status message


class InlineMedia(NamedTuple):
    """A post ready for inline results: its facts, its file ids, whether they were cached, and
    a slideshow's rendered video when one is cached (its facts and file id)."""

    meta: PostMeta
    file_ids: list[str]
    from_cache: bool
    slideshow_video: tuple[PostMeta, str] | None = None


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


@dataclass(frozen=True)
class _Request:
    """One delivery: where it goes, how the chat wants it, and its chat action."""

    bot: Bot
    chat_id: int
    preferences: Preferences
    t: Translator
    reply_to: int | None
    shown: ChatAction

    @property
    def file_mode(self) -> bool:
        return self.preferences.file_mode

    def album_kind(self, post: Post) -> MediaKind:
        """Where a slideshow's or carousel's file ids are cached (as media, or documents)."""
        return cache_kind(post.kind, self.file_mode)


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


def with_video_facts(meta: PostMeta, item: FSInputFile, exact: bool = False) -> PostMeta:
    """``meta`` with the width, height and duration a downloaded video's own boxes give: where
    the backend did not say (cobalt never does), or for every field when ``exact`` (a file
    other than the best one, whose size the post's facts do not describe). Telegram shows a
    video without them square."""
    if meta.is_slideshow or (not exact and None not in (meta.width, meta.height, meta.duration)):
        return meta
    facts = video_facts(item.path)
    if facts is None:
        return meta
    first, then = (facts, meta) if exact else (meta, facts)
    return dataclasses.replace(
        meta,
        width=first.width or then.width,
        height=first.height or then.height,
        duration=first.duration or then.duration,
    )


async def _cached_entries(
    platform: Platform, post_id: str, kinds: Iterable[MediaKind]
) -> dict[MediaKind, tuple[PostMeta, list[str]]]:
    """The post's cached ``kinds`` with their facts and file ids, in one query; entries whose
    facts cannot be read are left out."""
    found = await db_service.cached_media_of(post_id, kinds, platform=platform)
    return {
        kind: (meta, entry.file_ids)
        for kind, entry in found.items()
        if (meta := PostMeta.from_cache(post_id, kind, entry.meta, platform)) is not None
    }


class MediaService:
    """One per process: a resolver per platform (``resolvers``), the media fetcher and the
    upload limit, the slideshow renderer (``RENDER_CONCURRENCY`` renders at once); counts
    deliveries and fetch failures in ``metrics`` (None: nothing counted); ``writes`` keeps the
    database writes that follow a send through an outage."""

    def __init__(
        self,
        resolvers: Mapping[Platform, Resolver],
        http: aiohttp.ClientSession,
        settings: Settings,
        metrics: Metrics | None = None,
        *,
        writes: PendingWrites | None = None,
        renderer: SlideshowRenderer | None = None,
    ) -> None:
        self.resolvers = dict(resolvers)
        # the file ids a send produced: kept through outages
        self.writes = writes or PendingWrites()
        self.metrics = metrics
        self.fetcher = MediaFetcher(http, settings)
        self.renderer = renderer or SlideshowRenderer(
            concurrency=settings.render_concurrency, timeout=settings.render_timeout
        )
        self.videos = SlideshowVideos(self.fetcher, self.renderer, metrics)
        self.temp_dir = settings.media_temp_dir or None
        self.sounds = Sounds(self.resolvers, self.fetcher, self.writes, metrics, self.temp_dir)
        self._post_ids: OrderedDict[str, str] = OrderedDict()  # short link -> post id
        self.slow_notice_after = SLOW_NOTICE_SECONDS

    @property
    def resolver(self) -> Resolver:
        """The TikTok resolver: it also lists creators' posts (subscriptions)."""
        return self.resolvers[Platform.TIKTOK]

    async def close(self) -> None:
        """Close every platform's resolver and the renderer's threads (after any render still
        running)."""
        for resolver in self.resolvers.values():
            await resolver.close()
        await asyncio.to_thread(self.renderer.close)

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
                request = _Request(bot, chat_id, preferences, t, reply_to, shown)
                delivered = await self._deliver(request, _as_link(link), scratch)
        count_delivery(self.metrics, _kind(delivered.is_slideshow), cached=delivered.from_cache)
        return delivered

    async def _deliver(self, request: _Request, link: Link, scratch: ScratchFolder) -> Delivered:
        platform = link.platform
        known_id = self._post_ids.get(link.url) or link.post_id
        if known_id is not None:
            sent = await self._send_cached(request, platform, known_id)
            if sent is not None:
                return sent
        post = await self._resolve(link)
        if post.id != known_id:
            sent = await self._send_cached(request, platform, post.id)
            if sent is not None:
                return sent
        meta = PostMeta.from_post(post)
        mode = slideshow_mode(meta.kind, request.preferences)
        await request.shown.switch(
            "upload_video"
            if mode is Slideshow.VIDEO
            else _upload_action(meta.is_slideshow, request.file_mode)
        )
        async with StatusNotice(
            request.bot, request.chat_id, request.t("media-working"), after=self.slow_notice_after
        ) as status:
            if post.kind is PostKind.VIDEO:
                return await self._send_video(request, post, meta, status, scratch)
            items = await self.fetcher.fetch(post, as_documents=request.file_mode, scratch=scratch)
            if mode is Slideshow.PHOTOS:
                await status.update(request.t("media-uploading"))
                file_ids = await self._send_album(request, meta, items)
                return self._fresh(post, meta, file_ids, request.album_kind(post), file_ids)
            return await self._send_slideshow(request, post, meta, mode, items, status, scratch)

    async def _send_video(
        self,
        request: _Request,
        post: Post,
        meta: PostMeta,
        status: StatusNotice,
        scratch: ScratchFolder,
    ) -> Delivered:
        """A video at the chat's quality (the best file in file mode)."""
        quality = Quality.BEST if request.file_mode else request.preferences.quality
        fetched = await self.fetcher.fetch_video(post, quality, scratch)
        exact = fetched.rendition.url != post.video_url
        meta = with_video_facts(
            dataclasses.replace(meta, lowered=fetched.lowered), fetched.file, exact
        )
        await status.update(request.t("media-uploading"))
        file_ids = await self._send_album(request, meta, [fetched.file])
        kind = cache_kind(post.kind, request.file_mode, quality)
        return self._fresh(post, meta, file_ids, kind, file_ids)

    async def _send_slideshow(
        self,
        request: _Request,
        post: Post,
        meta: PostMeta,
        mode: Slideshow,
        photos: list[FSInputFile],
        status: StatusNotice,
        scratch: ScratchFolder,
    ) -> Delivered:
        """A slideshow as a video (``video``), or its photos and then the video (``both``); the
        photos alone, with a note, when the video cannot be made."""
        t = request.t
        album: list[str] = []
        if mode is Slideshow.BOTH:
            await status.update(t("media-uploading"))
            album = await self._send_album(request, meta, photos, music_button=False)
        await status.update(t("media-rendering"))
        try:
            video = await self.videos.render(post, photos, scratch)
        except RenderFailed:
            if album:
                await self._note(request, t("media-render-failed-after-photos"), meta)
                return self._fresh(post, meta, album, request.album_kind(post), album)
            await status.update(t("media-uploading"))
            album = await self._send_album(request, meta, photos, notes=[t("media-render-failed")])
            return self._fresh(post, meta, album, request.album_kind(post), album)
        await status.update(t("media-uploading"))
        try:
            video_id = await send_slideshow_video(
                request.bot,
                request.chat_id,
                meta,
                video,
                t=t,
                preferences=request.preferences,
                reply_to=None if album else request.reply_to,
            )
        except Exception as error:
            if album:
                raise PartlySent(len(album), error) from None
            raise
        video_entry = CacheEntry(
            post.id, MediaKind.SLIDESHOW_VIDEO, [video_id], video.cache_meta(meta), post.platform
        )
        if not album:
            return self._delivered(post, [video_id], video_entry)
        await self._remember_file_ids(video_entry)
        return self._fresh(post, meta, album + [video_id], request.album_kind(post), album)

    async def _send_album(
        self,
        request: _Request,
        meta: PostMeta,
        items: list,
        *,
        notes: list[str] | None = None,
        music_button: bool = True,
    ) -> list[str]:
        """Send a post's media (``music_button=False``: without the button, which goes with
        the slideshow's video instead)."""
        lowered = [request.t("media-quality-lowered")] if meta.lowered else []
        preferences = request.preferences
        if not music_button:
            preferences = preferences.with_value(Preference.MUSIC_BUTTON, False)
        return await send_post(
            request.bot,
            request.chat_id,
            meta,
            list(items),
            as_documents=request.file_mode,
            t=request.t,
            reply_to=request.reply_to,
            preferences=preferences,
            notes=lowered + (notes or []),
        )

    async def _note(self, request: _Request, text: str, meta: PostMeta) -> None:
        """A short note after a post's photos, with the music button the video would have had
        (it must not fail the delivery that went out)."""
        try:
            await request.bot.send_message(
                request.chat_id,
                text,
                reply_markup=music_markup(meta, request.t, request.preferences),
                reply_parameters=reply_parameters(request.reply_to),
            )
        except TelegramAPIError as error:
            log.info("could not send a note to chat %s: %s", request.chat_id, error)

    def _fresh(
        self, post: Post, meta: PostMeta, sent: list[str], kind: MediaKind, file_ids: list[str]
    ) -> Delivered:
        """A fresh delivery of ``sent`` media messages; ``file_ids`` cached under ``kind``."""
        entry = CacheEntry(post.id, kind, file_ids, meta.to_cache(), post.platform)
        return self._delivered(post, sent, entry)

    @staticmethod
    def _delivered(post: Post, sent: list[str], entry: CacheEntry) -> Delivered:
        return Delivered(
            post.id,
            post.kind is not PostKind.VIDEO,
            from_cache=False,
            messages=len(sent),
            cache=entry,
            platform=post.platform,
        )

    async def _remember_file_ids(self, entry: CacheEntry) -> None:
        """Store file ids now (a delivery records one entry; this is a second one)."""
        await self.writes.write(
            f"file ids ({entry.kind}) of {entry.platform} post {entry.post_id}",
            lambda: db_service.put_cached_media(
                entry.post_id, entry.kind, entry.file_ids, entry.meta, platform=entry.platform
            ),
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
                return await self._inline_media(bot, storage_chat_id, _as_link(link), t, scratch)
            except PartlySent as exc:  # only the storage chat has the part: fails as before
                raise exc.error from exc.error.__cause__

    def count_inline(self, media: InlineMedia) -> None:
        """Count an inline answer Telegram accepted."""
        count_delivery(
            self.metrics, _kind(media.meta.is_slideshow), inline=True, cached=media.from_cache
        )

    async def _inline_media(
        self, bot: Bot, storage_chat_id: int, link: Link, t: Translator, scratch: ScratchFolder
    ) -> InlineMedia:
        platform = link.platform
        known_id = self._post_ids.get(link.url) or link.post_id
        if known_id is not None:
            cached = await self._inline_cached(platform, known_id)
            if cached is not None:
                return cached
        post = await self._resolve(link)
        cached = await self._inline_cached(platform, post.id)
        if cached is not None:
            return cached
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
        return InlineMedia(meta, file_ids, False)

    async def _inline_cached(self, platform: Platform, post_id: str) -> InlineMedia | None:
        """The cached video, or album plus (for a slideshow) its rendered video if cached."""
        kinds = (MediaKind.VIDEO, MediaKind.IMAGES, MediaKind.SLIDESHOW_VIDEO)
        entries = await _cached_entries(platform, post_id, kinds)
        main = next((kind for kind in kinds[:2] if kind in entries), None)
        if main is None:
            return None
        video = entries.get(MediaKind.SLIDESHOW_VIDEO)
        extra = None if video is None else (video[0], video[1][0])
        return InlineMedia(*entries[main], True, extra)

    async def forget_inline(self, meta: PostMeta) -> None:
        """Drop a post's media file ids after Telegram refused them in an inline answer."""
        for kind in (MediaKind.VIDEO, MediaKind.IMAGES, MediaKind.SLIDESHOW_VIDEO):
            await db_service.drop_cached_media(meta.post_id, kind, platform=Platform(meta.platform))

    async def _send_cached(
        self, request: _Request, platform: Platform, post_id: str
    ) -> Delivered | None:
        """Send the post from cached file ids as the chat's preferences want it; None when what
        they want is not cached (or Telegram refused a file id: the entry is dropped)."""
        preferences, file_mode = request.preferences, request.file_mode
        video_kind = cache_kind(PostKind.VIDEO, file_mode, preferences.quality)
        album_kind = cache_kind(PostKind.SLIDESHOW, file_mode)
        kinds = [video_kind, album_kind]
        if not file_mode and preferences.slideshow is not Slideshow.PHOTOS:
            kinds.append(MediaKind.SLIDESHOW_VIDEO)
        entries = await _cached_entries(platform, post_id, kinds)
        if video_kind in entries:
            return await self._cached_send(request, platform, video_kind, entries)
        if album_kind not in entries and MediaKind.SLIDESHOW_VIDEO not in entries:
            return None
        meta = (entries.get(album_kind) or entries[MediaKind.SLIDESHOW_VIDEO])[0]
        mode = slideshow_mode(meta.kind, preferences)
        if mode is Slideshow.PHOTOS:
            return await self._cached_send(request, platform, album_kind, entries)
        if MediaKind.SLIDESHOW_VIDEO not in entries:
            return None  # the video is to be made: fetched and rendered
        if mode is Slideshow.VIDEO:
            return await self._cached_send(request, platform, MediaKind.SLIDESHOW_VIDEO, entries)
        if album_kind not in entries:
            return None  # both, with only the video cached: the photos are fetched again
        photos = await self._cached_send(request, platform, album_kind, entries, music_button=False)
        if photos is None:
            return None
        try:
            video = await self._cached_send(
                request, platform, MediaKind.SLIDESHOW_VIDEO, entries, reply=False
            )
        except Exception as error:
            raise PartlySent(photos.messages, error) from None
        if video is None:  # its file id was stale and is dropped: the next request renders it
            await self._note(request, request.t("media-render-failed-after-photos"), meta)
            return photos
        return dataclasses.replace(photos, messages=photos.messages + video.messages)

    async def _cached_send(
        self,
        request: _Request,
        platform: Platform,
        kind: MediaKind,
        entries: dict[MediaKind, tuple[PostMeta, list[str]]],
        *,
        reply: bool = True,
        music_button: bool = True,
    ) -> Delivered | None:
        meta, file_ids = entries[kind]
        slideshow_video = kind is MediaKind.SLIDESHOW_VIDEO
        await request.shown.switch(
            "upload_video"
            if slideshow_video
            else _upload_action(meta.is_slideshow, request.file_mode)
        )
        try:
            if slideshow_video:
                video = SlideshowVideo(file_ids[0], meta.width, meta.height, meta.duration)
                sent = [
                    await send_slideshow_video(
                        request.bot,
                        request.chat_id,
                        meta,
                        video,
                        t=request.t,
                        preferences=request.preferences,
                        reply_to=request.reply_to if reply else None,
                    )
                ]
            else:
                sent = await self._send_album(
                    request, meta, list(file_ids), music_button=music_button
                )
        except TelegramBadRequest as exc:  # nothing went out (PartlySent otherwise): fetch again
            if not is_stale_file_error(exc):
                raise
            log.info(
                "cached file ids (%s) of %s post %s were refused (%s); fetching it again",
                kind,
                platform,
                meta.post_id,
                exc.message,
            )
            await db_service.drop_cached_media(meta.post_id, kind, platform=platform)
            return None
        return Delivered(
            meta.post_id, meta.is_slideshow, from_cache=True, messages=len(sent), platform=platform
        )

    def _remember(self, link: str, post_id: str) -> None:
        self._post_ids[link] = post_id
        self._post_ids.move_to_end(link)
        while len(self._post_ids) > REMEMBERED_LINKS:
            self._post_ids.popitem(last=False)

    # ------------------------------------------------------------ sounds

    async def send_sound(self, bot: Bot, chat_id: int, post_id: str) -> None:
        """Send a post's sound as audio (see :meth:`Sounds.send`); raises NoSound or
        ResolveError."""
        await self.sounds.send(bot, chat_id, post_id)
