"""Photo slideshows sent as one video (the ``slideshow`` preference ``video`` or ``both``):
the downloaded photos and the post's sound rendered by :class:`~bot.media.render.SlideshowRenderer`,
sent with its size, length and thumbnail, and cached by file id like every other kind."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from aiogram import Bot
from aiogram.types import FSInputFile, InputFile

from bot.i18n import Translator
from bot.media.fetching import MediaFetcher
from bot.media.meta import PostMeta
from bot.media.render import RenderFailed, SlideshowRenderer
from bot.media.scratch import ScratchFolder
from bot.media.sending import caption_of, music_markup, send_video
from bot.metrics import Metrics
from bot.sources import Post, PostKind
from data.preferences import Preferences, Slideshow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlideshowVideo:
    """A slideshow's video: a rendered file (with its thumbnail) or a cached file id."""

    media: InputFile | str
    width: int | None
    height: int | None
    duration: int | None
    thumbnail: FSInputFile | None = None

    def cache_meta(self, meta: PostMeta) -> dict:
        """The cache entry's meta: the slideshow's facts with the video's size and length."""
        return {
            **meta.to_cache(),
            "width": self.width,
            "height": self.height,
            "duration": self.duration,
        }


def slideshow_mode(kind: str, preferences: Preferences) -> Slideshow:
    """How a post of ``kind`` goes out: only TikTok-style photo slideshows become videos, and
    file mode (original files as documents) always sends the photos."""
    if kind != PostKind.SLIDESHOW or preferences.file_mode:
        return Slideshow.PHOTOS
    return preferences.slideshow


async def send_slideshow_video(
    bot: Bot,
    chat_id: int,
    meta: PostMeta,
    video: SlideshowVideo,
    *,
    t: Translator,
    preferences: Preferences,
    reply_to: int | None = None,
) -> str:
    """Send the video with the chat's caption and music button; its file id."""
    message = await send_video(
        bot,
        chat_id,
        video.media,
        caption=caption_of(meta, t, captions=preferences.captions),
        markup=music_markup(meta, t, preferences),
        size=(video.width, video.height, video.duration),
        reply_to=reply_to,
        thumbnail=video.thumbnail,
    )
    return message.video.file_id


class SlideshowVideos:
    """Renders slideshows from their downloaded photos and sound; counts each render's outcome
    in ``tokdrop_slideshow_renders``."""

    def __init__(
        self, fetcher: MediaFetcher, renderer: SlideshowRenderer, metrics: Metrics | None = None
    ) -> None:
        self.fetcher = fetcher
        self.renderer = renderer
        self.metrics = metrics

    async def render(
        self, post: Post, photos: Sequence[FSInputFile], scratch: ScratchFolder
    ) -> SlideshowVideo:
        """The video of ``photos`` (downloaded, in order) over the post's sound (downloaded into
        ``scratch`` now; silent when the post has none). Raises RenderFailed, logged and
        counted, when the sound cannot be fetched or the render fails."""
        try:
            sound = await self._sound(post, scratch)
        except RenderFailed as error:
            self._count("failed")
            log.warning("slideshow %s: no video (%s); sending its photos", post.id, error.reason)
            raise
        try:
            rendered = await self.renderer.render([p.path for p in photos], sound, scratch.path)
        except RenderFailed:  # the renderer logged why
            self._count("failed")
            raise
        self._count("ok")
        return SlideshowVideo(
            FSInputFile(rendered.path, filename=f"{post.id}.mp4"),
            rendered.width,
            rendered.height,
            max(1, round(rendered.duration)),
            FSInputFile(rendered.thumbnail, filename="thumb.jpg"),
        )

    async def _sound(self, post: Post, scratch: ScratchFolder):
        if post.sound is None or not post.sound.url:
            return None
        try:
            audio = await self.fetcher.download(post.sound.url, scratch.path / f"{post.id}.mp3")
        except asyncio.CancelledError:
            raise
        except Exception as error:  # any download failure: the photos go out instead
            raise RenderFailed(f"sound download failed: {error!r}") from error
        return audio.path

    def _count(self, outcome: str) -> None:
        if self.metrics is not None:
            self.metrics.slideshow_renders.labels(outcome).inc()
