"""The caption a post goes out with, by the chat's ``captions`` preference, and its music
button."""

from __future__ import annotations

import pytest

from bot.i18n import Locales
from bot.media.meta import PostMeta
from bot.media.sending import CAPTION_LIMIT, caption_of, music_markup
from data.preferences import DEFAULT_PREFERENCES, Captions

EN = Locales().translator("en")
LINK = "https://www.tiktok.com/@nasa/video/1"
CREDIT = EN("media-caption", link=LINK, author="nasa")


def meta(**facts) -> PostMeta:
    return PostMeta(
        **{"post_id": "1", "kind": "video", "author": "nasa", "link": LINK, "has_sound": True}
        | facts
    )


def visible(caption: str) -> str:
    return caption.replace(f'<a href="{LINK}">', "").replace("</a>", "")


def test_full_puts_the_posts_text_escaped_above_the_credit():
    caption = caption_of(meta(text="Moon <b>landing</b> & more"), EN, captions=Captions.FULL)
    assert caption == f"Moon &lt;b&gt;landing&lt;/b&gt; &amp; more\n\n{CREDIT}"


def test_full_without_a_known_text_is_the_credit():
    assert caption_of(meta(), EN, captions=Captions.FULL) == CREDIT
    assert caption_of(meta(text="   "), EN, captions=Captions.FULL) == CREDIT


def test_short_is_the_credit_and_off_is_nothing():
    assert caption_of(meta(text="hello"), EN, captions=Captions.SHORT) == CREDIT
    assert caption_of(meta(text="hello"), EN, captions=Captions.OFF) is None


def test_notes_stay_whatever_the_preference():
    note = EN("media-quality-lowered")
    assert caption_of(meta(), EN, captions=Captions.OFF, notes=[note]) == note
    assert caption_of(meta(), EN, captions=Captions.SHORT, notes=[note]) == f"{CREDIT}\n{note}"
    capped = meta(kind="slideshow", image_count=40)
    assert caption_of(capped, EN, 35, captions=Captions.OFF) == EN(
        "media-images-capped", sent=35, total=40
    )


@pytest.mark.parametrize("length", [900, 1024, 5000])
def test_a_long_text_is_cut_to_the_caption_limit_and_keeps_the_credit(length):
    caption = caption_of(meta(text="é" * length), EN, captions=Captions.FULL)
    assert caption.endswith(CREDIT)
    assert len(visible(caption)) <= CAPTION_LIMIT
    if length + len(visible(CREDIT)) + 2 > CAPTION_LIMIT:
        assert "…" in caption


def test_music_button_follows_the_preference_and_the_sound():
    assert music_markup(meta(), EN, DEFAULT_PREFERENCES) is not None
    off = DEFAULT_PREFERENCES.with_value("music_button", False)
    assert music_markup(meta(), EN, off) is None
    assert music_markup(meta(has_sound=False), EN, DEFAULT_PREFERENCES) is None
