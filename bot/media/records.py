"""The rows a delivery owes (the download or the sound, its counters and file ids), written
through the process's pending writes: kept through a database outage, never made twice."""

from __future__ import annotations

from bot.media.meta import PostMeta
from bot.media.service import Delivered
from bot.pending_writes import PendingWrites
from data import db_service
from data.clock import unix_now
from data.db_service import NewDownload, RecordedDelivery
from data.models.platform import Platform


async def record_link_delivery(
    writes: PendingWrites, chat_id: int, link: str, result: Delivered, *, ad_step: bool
) -> RecordedDelivery | None:
    """The download, the new file ids and the ad turn, in one repository call; None if it was
    not made now (the database is away: it is made when it is back, without the ad turn, and
    never twice) or failed (logged)."""
    download = NewDownload(
        chat_id,
        link,
        result.post_id,
        is_slideshow=result.is_slideshow,
        key=db_service.new_delivery_key(),
        platform=result.platform,
    )
    at = unix_now()  # the replay looks the first attempt up by chat, time and key
    return await writes.write(
        f"the download of {result.post_id} for chat {chat_id}",
        lambda: db_service.record_delivery(download, cache=result.cache, ad_step=ad_step, now=at),
        retry=lambda: db_service.record_delivery(download, cache=result.cache, replay=True, now=at),
    )


async def record_inline_delivery(
    writes: PendingWrites, user_id: int, link: str, meta: PostMeta
) -> None:
    """The download of an inline answer Telegram accepted, by the user who chose it."""
    download = NewDownload(
        user_id,
        link,
        meta.post_id,
        is_slideshow=meta.is_slideshow,
        is_inline=True,
        key=db_service.new_delivery_key(),
        platform=Platform(meta.platform),
    )
    at = unix_now()
    await writes.write(
        f"the inline download of {meta.post_id} for user {user_id}",
        lambda: db_service.record_delivery(download, now=at),
        retry=lambda: db_service.record_delivery(download, replay=True, now=at),
    )


async def record_music(writes: PendingWrites, chat_id: int, post_id: str) -> None:
    """The sound of ``post_id`` sent to ``chat_id``."""
    at = unix_now()
    await writes.write(
        f"the sound of {post_id} for chat {chat_id}",
        lambda: db_service.add_music(chat_id, post_id, now=at),
        retry=lambda: db_service.add_music(chat_id, post_id, replay=True, now=at),
    )
