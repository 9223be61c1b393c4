"""A post's sound sent as an audio file (the 🎵 Music button): by cached file id, else resolved,
downloaded and uploaded once."""

from __future__ import annotations

from collections.abc import Mapping

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from bot.media.fetching import MediaFetcher
from bot.media.scratch import ScratchFolder
from bot.media.sending import is_stale_file_error
from bot.media.status import ChatAction
from bot.metrics import Metrics, count_delivery, counting_fetch_errors
from bot.pending_writes import PendingWrites
from bot.sources import ResolveError, Resolver
from data import db_service
from data.models import MediaKind
from data.models.platform import Platform

SOUND_ACTION = "upload_document"  # an audio file on its way ("upload_voice" is for voice notes)


class NoSound(Exception):
    """The post has no separate sound to send."""


def _canonical_link(post_id: str) -> str:
    return f"https://www.tiktok.com/@i/video/{post_id}"


class Sounds:
    """Sends TikTok posts' sounds through the TikTok resolver of ``resolvers`` and the media
    ``fetcher``."""

    def __init__(
        self,
        resolvers: Mapping[Platform, Resolver],
        fetcher: MediaFetcher,
        writes: PendingWrites,
        metrics: Metrics | None,
        temp_dir: str | None,
    ) -> None:
        self.resolvers, self.fetcher, self.writes = resolvers, fetcher, writes
        self.metrics, self.temp_dir = metrics, temp_dir

    async def send(self, bot: Bot, chat_id: int, post_id: str) -> None:
        """Send a post's sound as audio (cached file id, else downloaded); raises NoSound or
        ResolveError."""
        with (
            counting_fetch_errors(self.metrics, ResolveError),
            ScratchFolder(self.temp_dir) as scratch,
        ):
            async with ChatAction(bot, chat_id, SOUND_ACTION):
                from_cache = await self._send(bot, chat_id, post_id, scratch)
        count_delivery(self.metrics, "music", cached=from_cache)

    async def _send(self, bot: Bot, chat_id: int, post_id: str, scratch: ScratchFolder) -> bool:
        cached = await db_service.get_cached_media(post_id, MediaKind.AUDIO)
        if cached is not None:
            try:
                await bot.send_audio(chat_id, cached.file_ids[0], **cached.meta)
                return True
            except TelegramBadRequest as exc:
                if not is_stale_file_error(exc):
                    raise
                await db_service.drop_cached_media(post_id, MediaKind.AUDIO)
        post = await self.resolvers[Platform.TIKTOK].resolve(_canonical_link(post_id))
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
