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
from bot.media.meta import PostMeta
from bot.media.sending import caption_of, music_markup
from bot.sources import MediaType
from data.preferences import DEFAULT_PREFERENCES, Preferences

MAX_RESULTS = 50
REFUSAL_CACHE_SECONDS = 5  # a refusal is personal and soon stale
REFUSAL_TITLES = {"media-slow-down": "inline-slow-down-title", "media-busy": "inline-busy-title"}


def media_results(
    meta: PostMeta,
    file_ids: list[str],
    t: Translator,
    preferences: Preferences = DEFAULT_PREFERENCES,
    slideshow_video: tuple[PostMeta, str] | None = None,
) -> list[InlineQueryResultUnion]:
    """A video result, or one result per medium of a slideshow or carousel, in order (photos as
    photos, videos as videos), led by the slideshow's rendered video when it is cached; each
    carries the caption and music button the user's ``preferences`` ask for."""
    caption = caption_of(meta, t, captions=preferences.captions)
    markup = music_markup(meta, t, preferences)
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
    results: list[InlineQueryResultUnion] = []
    if slideshow_video is not None:
        video_meta, video_id = slideshow_video
        results.append(
            InlineQueryResultCachedVideo(
                id=f"s{meta.post_id}",
                video_file_id=video_id,
                title=t("inline-title-slideshow-video", author=author),
                caption=caption_of(video_meta, t, captions=preferences.captions),
                parse_mode="HTML",
                reply_markup=markup,
            )
        )
    types = meta.media_types
    for number, file_id in enumerate(file_ids[: MAX_RESULTS - len(results)], start=1):
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
