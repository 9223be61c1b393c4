"""Inline mode: ``@bot <link>`` answered with cached media results."""

from __future__ import annotations

from aiogram.types import (
    InlineQueryResultArticle,
    InlineQueryResultCachedPhoto,
    InlineQueryResultCachedVideo,
    InlineQueryResultUnion,
    InputTextMessageContent,
)

from bot.i18n import Translator
from bot.keyboards import music_keyboard
from bot.media.meta import PostMeta
from bot.media.sending import caption_of
from bot.sources import MediaType

MAX_RESULTS = 50
REFUSAL_CACHE_SECONDS = 5  # a refusal is personal and soon stale
REFUSAL_TITLES = {"media-slow-down": "inline-slow-down-title", "media-busy": "inline-busy-title"}


def media_results(
    meta: PostMeta, file_ids: list[str], t: Translator
) -> list[InlineQueryResultUnion]:
    """A video result, or one result per medium of a slideshow or carousel, in order (photos as
    photos, videos as videos); each carries the caption."""
    caption = caption_of(meta, t)
    markup = music_keyboard(meta.post_id, t) if meta.has_sound else None
    author = f"@{meta.author}" if meta.author else meta.platform_name
    if not meta.is_slideshow:
        return [
            InlineQueryResultCachedVideo(
                id=f"v{meta.post_id}",
                video_file_id=file_ids[0],
                title=t("inline-title-video", author=author),
                caption=caption,
                parse_mode="HTML",
                reply_markup=markup,
            )
        ]
    types = meta.media_types
    results: list[InlineQueryResultUnion] = []
    for number, file_id in enumerate(file_ids[:MAX_RESULTS], start=1):
        if number <= len(types) and types[number - 1] == MediaType.VIDEO:
            results.append(
                InlineQueryResultCachedVideo(
                    id=f"v{meta.post_id}_{number}",
                    video_file_id=file_id,
                    title=t("inline-title-video-number", number=number, author=author),
                    caption=caption,
                    parse_mode="HTML",
                    reply_markup=markup,
                )
            )
            continue
        results.append(
            InlineQueryResultCachedPhoto(
                id=f"p{meta.post_id}_{number}",
                photo_file_id=file_id,
                title=t("inline-title-photo", number=number, author=author),
                caption=caption,
                parse_mode="HTML",
                reply_markup=markup,
            )
        )
    return results


def text_result(
    result_id: str, title: str, text: str, *, description: str | None = None
) -> InlineQueryResultArticle:
    """A result that explains something (no storage chat, an error, how to use inline mode)."""
    return InlineQueryResultArticle(
        id=result_id,
        title=title,
        description=description,
        input_message_content=InputTextMessageContent(message_text=text),
    )


def refusal_result(refusal: str, t: Translator) -> InlineQueryResultArticle:
    """The answer to a query the per-user limits refused (``refusal``: the locale key of the
    chat answer, shown under a short title)."""
    text = t(refusal)
    return text_result("refused", t(REFUSAL_TITLES[refusal]), text, description=text)
