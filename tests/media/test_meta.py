"""PostMeta: the facts kept beside cached file ids, for every kind of post and platform."""

from __future__ import annotations

import pytest

from bot.media.meta import PostMeta, cache_kind
from bot.sources import MediaItem, MediaType, Post, PostKind
from data.models import MediaKind
from data.models.platform import Platform


def post(**overrides) -> Post:
    facts = {
        "id": "7300000000000000001",
        "author": "nasa",
        "author_name": "NASA",
        "caption": "",
        "kind": PostKind.VIDEO,
        "video_url": "https://cdn.example/v.mp4",
        "image_urls": (),
        "sound": None,
        "duration": 7,
        "width": 360,
        "height": 640,
        "cover_url": None,
        "size": None,
        "created_at": None,
    }
    return Post(**{**facts, **overrides})


CAROUSEL = post(
    id="CxY_z-9AbC",
    author="",
    kind=PostKind.CAROUSEL,
    video_url=None,
    duration=None,
    width=None,
    height=None,
    platform=Platform.INSTAGRAM,
    items=(
        MediaItem(MediaType.PHOTO, "https://cdn.example/1.jpg"),
        MediaItem(MediaType.VIDEO, "https://cdn.example/2.mp4"),
        MediaItem(MediaType.PHOTO, "https://cdn.example/3.jpg"),
    ),
)


def test_a_carousel_keeps_its_media_types_in_order_through_the_cache():
    meta = PostMeta.from_post(CAROUSEL)
    assert meta.is_slideshow and meta.image_count == 3
    assert meta.media_types == ("photo", "video", "photo")
    assert meta.link == "https://www.instagram.com/p/CxY_z-9AbC/"
    assert meta.platform_name == "Instagram"
    kind = cache_kind(CAROUSEL.kind, as_documents=False)
    assert kind is MediaKind.IMAGES
    again = PostMeta.from_cache(CAROUSEL.id, kind, meta.to_cache(), Platform.INSTAGRAM)
    assert again == meta


def test_tiktok_posts_store_what_they_stored_before():
    video = PostMeta.from_post(post())
    assert "items" not in video.to_cache() and "platform" not in video.to_cache()
    assert PostMeta.from_cache(video.post_id, MediaKind.VIDEO, video.to_cache()) == video
    slides = PostMeta.from_post(
        post(kind=PostKind.SLIDESHOW, video_url=None, image_urls=("a", "b"))
    )
    assert slides.media_types == ("photo", "photo")
    assert PostMeta.from_cache(slides.post_id, MediaKind.IMAGES, slides.to_cache()) == slides


def test_an_instagram_reel_links_to_the_reel():
    reel = PostMeta.from_post(post(id="Cabc123", platform=Platform.INSTAGRAM))
    assert reel.link == "https://www.instagram.com/reel/Cabc123/"
    assert reel.media_types == ("video",)


@pytest.mark.parametrize(
    "meta",
    [
        {"author": "a", "link": "l", "has_sound": False, "items": ["photo", "audio"]},
        {"author": "a", "link": "l", "has_sound": False, "items": "photo"},
        {"author": "a", "link": "l"},  # an entry without the facts
        {"author": "a", "link": "l", "has_sound": False, "unknown": 1},
    ],
)
def test_entries_with_wrong_facts_are_ignored(meta):
    assert PostMeta.from_cache("x", MediaKind.IMAGES, meta, Platform.INSTAGRAM) is None
