"""Sending a post to a chat from downloaded files or cached file ids; returns the file ids
Telegram assigned.

A post is one message (a video) or several (a slideshow or a carousel: albums of ten, photos and
videos in the post's order, and a music button). When a
later one fails after Telegram accepted some, :class:`PartlySent` says how many media messages
the chat already has, so that no caller sends the post again.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    FSInputFile,
    InlineKeyboardMarkup,
    InputFile,
    InputMediaDocument,
    InputMediaPhoto,
    InputMediaVideo,
    Message,
    ReplyParameters,
)

from bot.i18n import Translator
from bot.keyboards import music_keyboard
from bot.media.meta import PostMeta
from bot.media.mp4_facts import video_facts
from bot.sources import MediaType
from data.preferences import DEFAULT_PREFERENCES, Captions, Preferences

MEDIA_GROUP_SIZE = 10
CAPTION_LIMIT = 1024  # characters of a media caption, after entities parsing
TAG = re.compile(r"<[^>]+>")
Item = InputFile | str  # upload (a downloaded file, streamed from disk), or a cached file id
STALE_FILE_ERRORS = ("file identifier", "file_id", "type of file mismatch", "remote file")


class PartlySent(Exception):
    """A post's later message failed (``error``) after ``messages`` media messages went out."""

    def __init__(self, messages: int, error: Exception) -> None:
        super().__init__(f"{error!r} after {messages} media message(s) of the post went out")
        self.messages, self.error = messages, error


def is_stale_file_error(error: TelegramBadRequest) -> bool:
    """Whether Telegram rejected a file id (expired, from another bot, or of another type)."""
    return any(fragment in error.message.lower() for fragment in STALE_FILE_ERRORS)


def _file_id(message: Message) -> str:
    if message.video:
        return message.video.file_id
    if message.document:
        return message.document.file_id
    if message.photo:
        return message.photo[-1].file_id
    if message.audio:
        return message.audio.file_id
    raise ValueError(f"message {message.message_id} carries no media")


def reply_parameters(reply_to: int | None) -> ReplyParameters | None:
    """A reply to message ``reply_to`` (sent anyway if it is gone); None for no reply."""
    return (
        None
        if reply_to is None
        else ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
    )


def caption_of(
    meta: PostMeta,
    t: Translator,
    sent: int | None = None,
    *,
    captions: Captions = Captions.FULL,
    notes: Sequence[str] = (),
) -> str | None:
    """The caption of a post as the chat's ``captions`` preference wants it (None: no caption).

    ``short`` credits the author and links the post (the platform's name when the author is
    unknown); ``full`` puts the post's own text (when known) above that, cut to fit Telegram's
    caption limit; ``off`` leaves both out. Delivery ``notes`` (a lower quality sent, a
    slideshow cut to fewer media, given ``sent``) are kept in every case: they are about what
    the chat got, not about the post."""
    lines = list(notes)
    if sent is not None and meta.is_slideshow and meta.image_count and meta.image_count > sent:
        key = "media-items-capped" if meta.items is not None else "media-images-capped"
        lines.append(t(key, sent=sent, total=meta.image_count))
    if captions is not Captions.OFF:
        if meta.author:
            credit = t("media-caption", link=meta.link, author=meta.author)
        else:
            credit = t("media-caption-platform", link=meta.link, platform=meta.platform_name)
        lines.insert(0, credit)
        text = (meta.text or "").strip() if captions is Captions.FULL else ""
        if text:
            room = CAPTION_LIMIT - _visible_length("\n".join(lines)) - 2
            if room > 1:
                lines.insert(0, html.escape(_cut(text, room)) + "\n")
    return "\n".join(lines) or None


def _visible_length(markup: str) -> int:
    """How many characters Telegram counts in an HTML caption (tags are not counted)."""
    return len(html.unescape(TAG.sub("", markup)))


def _cut(text: str, room: int) -> str:
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def music_markup(
    meta: PostMeta, t: Translator, preferences: Preferences
) -> InlineKeyboardMarkup | None:
    """The 🎵 Music button of a post with a sound, unless the chat turned it off."""
    return music_keyboard(meta.post_id, t) if meta.has_sound and preferences.music_button else None


async def send_video(
    bot: Bot,
    chat_id: int,
    video: Item,
    *,
    caption: str | None,
    markup: InlineKeyboardMarkup | None,
    size: tuple[int | None, int | None, int | None],
    reply_to: int | None,
    thumbnail: InputFile | None = None,
) -> Message:
    """One video message every client plays: its ``size`` (width, height, seconds) given, so
    Telegram does not show it square, and streamable."""
    width, height, duration = size
    return await bot.send_video(
        chat_id,
        video,
        caption=caption,
        reply_markup=markup,
        width=width,
        height=height,
        duration=duration,
        thumbnail=thumbnail,
        supports_streaming=True,
        reply_parameters=reply_parameters(reply_to),
    )


async def send_post(
    bot: Bot,
    chat_id: int,
    meta: PostMeta,
    items: list[Item],
    *,
    as_documents: bool,
    t: Translator,
    reply_to: int | None = None,
    preferences: Preferences = DEFAULT_PREFERENCES,
    notes: Sequence[str] = (),
) -> list[str]:
    """Send a video (one item), or a slideshow's or carousel's media in groups of ten in order
    (photos as photos, videos as videos; all as documents in file mode), with the caption and,
    when the post has a sound, the music button (a post cut to fewer media than it has says so
    in the caption); returns the file ids in item order, one per media message Telegram
    accepted. A failure after the first message raises :class:`PartlySent` (the first one's
    error is raised as it is). ``preferences`` choose the caption and the music button;
    ``notes`` are added to the caption."""
    caption = caption_of(meta, t, sent=len(items), captions=preferences.captions, notes=notes)
    markup = music_markup(meta, t, preferences)
    if not meta.is_slideshow:
        if as_documents:
            message = await bot.send_document(
                chat_id,
                items[0],
                caption=caption,
                reply_markup=markup,
                reply_parameters=reply_parameters(reply_to),
                disable_content_type_detection=True,
            )
        else:
            message = await send_video(
                bot,
                chat_id,
                items[0],
                caption=caption,
                markup=markup,
                size=(meta.width, meta.height, meta.duration),
                reply_to=reply_to,
            )
        return [_file_id(message)]

    types = meta.media_types
    file_ids: list[str] = []
    try:
        button_sent = False
        for start in range(0, len(items), MEDIA_GROUP_SIZE):
            chunk = items[start : start + MEDIA_GROUP_SIZE]
            first = start == 0
            if len(chunk) == 1:
                single_markup = markup if len(items) == 1 else None
                message = await _send_one(
                    bot,
                    chat_id,
                    chunk[0],
                    _type_at(types, start),
                    as_documents=as_documents,
                    caption=caption if first else None,
                    reply_markup=single_markup,
                    reply_parameters=reply_parameters(reply_to if first else None),
                )
                button_sent = single_markup is not None
                file_ids.append(_file_id(message))
                continue
            group = [
                _group_item(
                    item,
                    _type_at(types, start + i),
                    as_documents=as_documents,
                    caption=caption if first and i == 0 else None,
                )
                for i, item in enumerate(chunk)
            ]
            messages = await bot.send_media_group(
                chat_id, group, reply_parameters=reply_parameters(reply_to if first else None)
            )
            file_ids.extend(_file_id(m) for m in messages)
        if markup is not None and not button_sent:
            await bot.send_message(chat_id, t("media-slideshow-music"), reply_markup=markup)
    except Exception as exc:
        if not file_ids:
            raise
        raise PartlySent(len(file_ids), exc) from None  # its error keeps its own cause
    return file_ids


def _type_at(types: tuple[str, ...], index: int) -> str:
    return types[index] if index < len(types) else MediaType.PHOTO.value


async def _send_one(
    bot: Bot, chat_id: int, item: Item, media_type: str, *, as_documents: bool, **options
) -> Message:
    if as_documents:
        return await bot.send_document(chat_id, item, **options)
    if media_type == MediaType.VIDEO:
        return await bot.send_video(
            chat_id, item, supports_streaming=True, **_facts_of(item), **options
        )
    return await bot.send_photo(chat_id, item, **options)


def _group_item(
    item: Item, media_type: str, *, as_documents: bool, caption: str | None
) -> InputMediaDocument | InputMediaPhoto | InputMediaVideo:
    if as_documents:
        return InputMediaDocument(media=item, caption=caption)
    if media_type == MediaType.VIDEO:
        return InputMediaVideo(
            media=item, caption=caption, supports_streaming=True, **_facts_of(item)
        )
    return InputMediaPhoto(media=item, caption=caption)


def _facts_of(item: Item) -> dict[str, int]:
    """Width, height and duration of an album's video read from the downloaded file (backends
    give none per item; Telegram would show it square); nothing for a cached file id."""
    facts = video_facts(item.path) if isinstance(item, FSInputFile) else None
    if facts is None:
        return {}
    known = {"width": facts.width, "height": facts.height, "duration": facts.duration}
    return {key: value for key, value in known.items() if value}
