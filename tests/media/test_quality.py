"""The quality rule: which rendition each preference picks, and what the upload limit leaves."""

from __future__ import annotations

import pytest

from bot.media.quality import (
    STANDARD_SHORT_SIDE,
    Attempt,
    by_size,
    chosen_rendition,
    renditions_to_try,
)
from bot.sources import Post, PostKind, Rendition
from bot.sources.tikwm import post_from_data
from bot.sources.ytdlp import renditions_of
from data.preferences import Quality

MB = 1024 * 1024
NO_LIMIT = 2000 * MB

# tikwm: hdplay with the post's dimensions, then play (TikTok's standard one, dimensions unknown)
TIKWM = post_from_data(
    {
        "id": "1",
        "hdplay": "/hd.mp4",
        "hd_size": 9 * MB,
        "play": "/play.mp4",
        "size": 4 * MB,
        "width": 1080,
        "height": 1920,
    },
    "http://tikwm",
).renditions
TIKWM_HD, TIKWM_PLAY = TIKWM
# yt-dlp: formats with sound, best first
YTDLP = renditions_of(
    [
        {"url": "http://cdn/360.mp4", "vcodec": "h264", "width": 360, "height": 640, "filesize": 1},
        {"url": "http://cdn/540.mp4", "vcodec": "h264", "width": 540, "height": 960},
        {"url": "http://cdn/720.mp4", "vcodec": "h264", "width": 720, "height": 1280},
        {"url": "http://cdn/1080.mp4", "vcodec": "h264", "width": 1080, "height": 1920},
    ]
)
Y1080, Y720, Y540, Y360 = YTDLP
SINGLE = Post(
    id="1",
    author="a",
    author_name="A",
    caption="",
    kind=PostKind.VIDEO,
    video_url="http://cobalt/v.mp4",
    image_urls=(),
    sound=None,
    duration=None,
    width=None,
    height=None,
    cover_url=None,
    size=None,
    created_at=None,
).video_renditions


def test_the_fixtures_are_what_the_resolvers_make():
    assert TIKWM_HD == Rendition("http://tikwm/hd.mp4", 9 * MB, 1080, 1920)
    assert TIKWM_PLAY == Rendition("http://tikwm/play.mp4", 4 * MB, None, None)
    assert [r.short_side for r in YTDLP] == [1080, 720, 540, 360]
    assert SINGLE == (Rendition("http://cobalt/v.mp4", None, None, None),)
    assert STANDARD_SHORT_SIDE == 720


@pytest.mark.parametrize(
    ("renditions", "quality", "expected"),
    [
        (TIKWM, Quality.BEST, TIKWM_HD),
        (TIKWM, Quality.STANDARD, TIKWM_PLAY),  # unknown dimensions: TikTok's standard one
        (TIKWM, Quality.SAVER, TIKWM_PLAY),  # smaller by bytes
        (YTDLP, Quality.BEST, Y1080),
        (YTDLP, Quality.STANDARD, Y720),  # the smallest with a short side of 720 or more
        (YTDLP, Quality.SAVER, Y360),  # by pixels: not every size is known
        (SINGLE, Quality.BEST, SINGLE[0]),
        (SINGLE, Quality.STANDARD, SINGLE[0]),
        (SINGLE, Quality.SAVER, SINGLE[0]),
    ],
)
def test_each_quality_picks(renditions, quality, expected):
    assert chosen_rendition(renditions, quality) == expected


def test_standard_is_the_best_when_none_is_720p():
    low = (Rendition("http://a/540", 3, 540, 960), Rendition("http://a/360", 2, 360, 640))
    assert chosen_rendition(low, Quality.STANDARD) == low[0]


def test_unknown_dimensions_below_a_short_one_do_not_meet_standard():
    hd = Rendition("http://t/hd", 5 * MB, 576, 1024)
    play = Rendition("http://t/play", 2 * MB, None, None)
    assert chosen_rendition((hd, play), Quality.STANDARD) == hd
    tall = Rendition("http://t/hd", 5 * MB, 720, 1280)
    assert chosen_rendition((tall, play), Quality.STANDARD) == play


def test_saver_by_bytes_beats_pixels_and_else_takes_the_last():
    sized = (
        Rendition("http://a/big-pixels", 2 * MB, 1080, 1920),
        Rendition("http://a/more-bytes", 3 * MB, 720, 1280),
    )
    assert chosen_rendition(sized, Quality.SAVER) == sized[0]
    unknown = (Rendition("http://a/1", None, None, None), Rendition("http://a/2", None, None, None))
    assert chosen_rendition(unknown, Quality.SAVER) == unknown[1]


def test_by_size_is_largest_first_and_one_per_url():
    assert by_size(TIKWM) == [TIKWM_HD, TIKWM_PLAY]
    assert by_size((*YTDLP, Y720)) == [Y1080, Y720, Y540, Y360]
    assert by_size(SINGLE * 2) == list(SINGLE)


def test_no_renditions():
    assert renditions_to_try((), Quality.BEST, NO_LIMIT) == []
    with pytest.raises(ValueError):
        chosen_rendition((), Quality.BEST)


@pytest.mark.parametrize(
    ("quality", "expected"),
    [
        (Quality.BEST, [Attempt(Y1080, False), Attempt(Y720, True), Attempt(Y540, True)]),
        (Quality.STANDARD, [Attempt(Y720, False), Attempt(Y540, True)]),
        (Quality.SAVER, []),  # the smallest is over the limit: nothing is smaller
    ],
)
def test_the_choice_comes_first_then_the_smaller_ones_that_may_fit(quality, expected):
    limit = 0  # only Y360's size (1 byte) is known, and it is over
    assert renditions_to_try(YTDLP, quality, limit) == expected


def test_a_choice_over_the_limit_by_known_size_gives_way_to_a_smaller_one_flagged_lowered():
    assert renditions_to_try(TIKWM, Quality.BEST, 5 * MB) == [Attempt(TIKWM_PLAY, True)]
    assert renditions_to_try(TIKWM, Quality.BEST, 9 * MB) == [
        Attempt(TIKWM_HD, False),
        Attempt(TIKWM_PLAY, True),
    ]
    assert renditions_to_try(TIKWM, Quality.SAVER, 9 * MB) == [Attempt(TIKWM_PLAY, False)]
    assert renditions_to_try(TIKWM, Quality.STANDARD, 3 * MB) == []


def test_unknown_sizes_are_kept_for_the_download_to_decide():
    assert renditions_to_try(SINGLE, Quality.BEST, 1) == [Attempt(SINGLE[0], False)]


def test_bigger_renditions_than_the_choice_are_never_tried():
    # listed best first, yet the second is bigger in bytes: BEST has nothing smaller to fall to
    odd = (
        Rendition("http://a/1080", 2 * MB, 1080, 1920),
        Rendition("http://a/720", 3 * MB, 720, 1280),
    )
    assert renditions_to_try(odd, Quality.BEST, NO_LIMIT) == [Attempt(odd[0], False)]
    assert renditions_to_try(odd, Quality.BEST, MB) == []
