"""Downloading a post's media into a scratch folder, under the media host rule and the caps:
one video (the rendition the chat's quality asks for, or a smaller one under the upload
limit), a slideshow's photos, or a carousel's photos and videos in order."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import aiohttp
from aiogram.types import FSInputFile

from bot.media.quality import chosen_rendition, renditions_to_try
from bot.media.scratch import ScratchFolder
from bot.sources import (
    ByteBudget,
    MediaHostRefused,
    MediaHostRule,
    MediaTooLarge,
    MediaType,
    Post,
    PostKind,
    Rendition,
    download_to_file,
)
from data.config import Settings
from data.preferences import Quality

log = logging.getLogger(__name__)
T = TypeVar("T")

PHOTO_LIMIT_BYTES = 10 * 1024 * 1024  # Telegram's cap for photos; documents use the upload limit
PARALLEL_DOWNLOADS = 4  # an album's media downloaded at once
SUFFIXES = {MediaType.PHOTO: "jpg", MediaType.VIDEO: "mp4"}


class TooLarge(Exception):
    """The video (or an album's media together) is bigger than the bot may upload; ``url``
    lets the user fetch it directly."""

    reason = "too_large"

    def __init__(self, size: int | None, url: str | None) -> None:
        super().__init__(f"media of {size} bytes is over the upload limit")
        self.size, self.url = size, url


class FetchedVideo(NamedTuple):
    """A downloaded video: the ``file`` to upload, the ``rendition`` it is, and whether it is
    ``lowered``: smaller than the quality's choice, that one being over the upload limit."""

    file: FSInputFile
    rendition: Rendition
    lowered: bool


class MediaFetcher:
    """One per process: the shared HTTP session, the host rule, the upload limit and the caps
    (``MEDIA_MAX_IMAGES`` media per post, ``MEDIA_MAX_POST_MB`` in all, the download deadline)."""

    def __init__(self, http: aiohttp.ClientSession, settings: Settings) -> None:
        self.http = http
        self.upload_limit = settings.upload_limit_bytes
        self.timeout = settings.tiktok_timeout
        self.proxy = settings.tiktok_proxy.get() or None
        self.hosts = MediaHostRule.from_settings(settings)
        self.max_items = settings.media_max_images
        self.max_post_bytes = settings.media_max_post_mb * 1024 * 1024
        self.deadline = settings.media_download_deadline

    async def download(
        self,
        url: str,
        path: Path,
        *,
        max_bytes: int | None = None,
        deadline: float | None = None,
        budget: ByteBudget | None = None,
    ) -> FSInputFile:
        """Stream ``url`` into ``path`` (see :func:`download_to_file`; the upload limit and the
        download deadline unless given); the file to upload."""
        try:
            await download_to_file(
                self.http,
                url,
                path,
                hosts=self.hosts,
                max_bytes=self.upload_limit if max_bytes is None else max_bytes,
                timeout=self.timeout,
                deadline=self.deadline if deadline is None else deadline,
                proxy=self.proxy,
                budget=budget,
            )
        except MediaHostRefused as exc:  # worth an operator's eye: the resolver pointed inwards
            log.warning("refused to fetch media: %s", exc)
            raise
        return FSInputFile(path, filename=path.name)

    async def fetch(
        self, post: Post, *, as_documents: bool, scratch: ScratchFolder
    ) -> list[FSInputFile]:
        """Download a post's media into ``scratch``: its video, or the first ``max_items`` of
        its album (a few at a time, ``max_post_bytes`` in all), within the download deadline."""
        if post.kind is PostKind.VIDEO:
            return [(await self.fetch_video(post, Quality.BEST, scratch)).file]
        if post.kind is PostKind.CAROUSEL:
            media = [(item.type, item.url) for item in post.items]
        else:
            media = [(MediaType.PHOTO, url) for url in post.image_urls]
        if len(media) > self.max_items:
            log.info(
                "post %s has %d media; sending the first %d", post.id, len(media), self.max_items
            )
            media = media[: self.max_items]
        return await self._album(post, media, as_documents=as_documents, scratch=scratch)

    async def fetch_video(
        self, post: Post, quality: Quality, scratch: ScratchFolder
    ) -> FetchedVideo:
        """Download the video rendition ``quality`` asks for into ``scratch``, or the next
        smaller one when it is over the upload limit (by its known size, or its download
        turning out too large), all within the download deadline.

        TooLarge when none fits: with the chosen rendition's size (known, or as far as its
        download got) and URL. ValueError when the post has no video."""
        renditions = post.video_renditions
        if not renditions:
            raise ValueError(f"post {post.id} has no video")
        chosen = chosen_rendition(renditions, quality)
        size = chosen.size
        path = scratch.path / f"{post.id}.mp4"
        loop = asyncio.get_running_loop()
        ends_at = loop.time() + self.deadline
        for attempt in renditions_to_try(renditions, quality, self.upload_limit):
            try:
                file = await self.download(
                    attempt.rendition.url, path, deadline=max(0.0, ends_at - loop.time())
                )
            except MediaTooLarge as exc:
                if not attempt.lowered:
                    size = exc.size
                continue
            if attempt.lowered:
                log.info(
                    "post %s: sending a smaller video than %s asks for (upload limit)",
                    post.id,
                    quality,
                )
            return FetchedVideo(file, attempt.rendition, attempt.lowered)
        raise TooLarge(size, chosen.url)

    async def _album(
        self,
        post: Post,
        media: list[tuple[MediaType, str]],
        *,
        as_documents: bool,
        scratch: ScratchFolder,
    ) -> list[FSInputFile]:
        photo_cap = self.upload_limit if as_documents else min(self.upload_limit, PHOTO_LIMIT_BYTES)
        budget = ByteBudget(self.max_post_bytes)
        slots = asyncio.Semaphore(PARALLEL_DOWNLOADS)
        loop = asyncio.get_running_loop()
        ends_at = loop.time() + self.deadline

        async def one(index: int, media_type: MediaType, url: str) -> FSInputFile:
            async with slots:
                return await self.download(
                    url,
                    scratch.path / f"{post.id}_{index + 1:02d}.{SUFFIXES[media_type]}",
                    max_bytes=photo_cap if media_type is MediaType.PHOTO else self.upload_limit,
                    deadline=max(0.0, ends_at - loop.time()),
                    budget=budget,
                )

        try:
            return await all_or_none([one(i, kind, url) for i, (kind, url) in enumerate(media)])
        except MediaTooLarge:
            if budget.used > budget.limit:
                raise TooLarge(budget.used, post.link) from None
            raise  # one medium over its own cap


async def all_or_none(coroutines: list[Coroutine[Any, Any, T]]) -> list[T]:
    """Run ``coroutines`` together; the first failure cancels the others and is raised once
    they have all ended (so none is still writing a file when the caller cleans up)."""
    tasks = [asyncio.ensure_future(coroutine) for coroutine in coroutines]
    try:
        return list(await asyncio.gather(*tasks))
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
