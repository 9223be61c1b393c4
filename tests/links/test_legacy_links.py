"""``parse_legacy_link`` (the import's fast path) answers exactly as ``parse_link`` does, plus
TikTok's old mobile links."""

from __future__ import annotations

import itertools

import pytest

from bot.links import parse_link
from bot.links.legacy import _COMMON, parse_legacy_link
from devservers.ttbot_legacy import LINK_SHAPES, _link

POST = "7300000000000000001"
LINKS = [
    *(_link(shape, i) for i, shape in enumerate(dict.fromkeys(LINK_SHAPES)) if shape != "mobile_v"),
    f"  https://www.tiktok.com/@a.b-c_d/video/{POST}  ",
    f"HTTPS://WWW.TIKTOK.COM/@User/video/{POST}",
    f"www.tiktok.com/@u/photo/{POST}/",
    f"https://m.tiktok.com/@u/video/{POST}?a=1#x",
    f"https://www.tiktok.com/@u/video/{POST}/x",
    f"https://www.tiktok.com/@u/video/{POST}abc",
    "https://vm.tiktok.com/ZMabc123/?k=1",
    "https://www.tiktok.com/t/ZT8abc/",
    "https://tiktok.com.evil.org/@u/video/1",
    "https://www.tiktok.com/@nasa",
    "https://www.instagram.com/p/Cabc_-1/",
    "https://instagram.com/reels/Cxyz/?igsh=1",
    "https://www.instagram.com/someone/p/Cxyz/",
    "https://www.instagram.com/@someone/reel/Cxyz/",
    "https://www.instagram.com/share/reel/BAbc/",
    "https://www.instagram.com/share/BAbc/",
    "https://instagr.am/tv/Cq/",
    "https://www.instagram.com/stories/nasa/123/",
    "https://www.instagram.com/nasa/",
    "https://example.com/watch?v=1",
    "",
    "not a link",
]


@pytest.mark.parametrize("index", range(len(LINKS)))
def test_same_answer_as_parse_link(index):
    text = LINKS[index]
    link = parse_link(text)
    expected = None if link is None else (link.platform.value, link.post_id)
    assert parse_legacy_link(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"https://m.tiktok.com/v/{POST}.html?u_code=abc", ("tiktok", POST)),
        (f"m.tiktok.com/v/{POST}.html", ("tiktok", POST)),
        (f"https://m.tiktok.com/v/{POST}.htm", None),
    ],
)
def test_old_mobile_links(text, expected):
    assert parse_legacy_link(text) == expected


_USERS = ["u", "a.b-c_d", "", "é", "a/b", "a b", "%41", "@u"]
_CODES = ["ZMabc", "", "Z-b", "é", "Z/b", "Z_b"]
_PATHS = [
    *(
        f"/@{user}/{kind}/{post}"
        for user in _USERS
        for kind in ("video", "photo", "Video", "videos")
        for post in ("1", "", "1a", "\u0661", "01")  # \u0661: an Arabic-Indic digit
    ),
    *(f"{prefix}{code}" for prefix in ("/", "/t/", "/p/", "//") for code in _CODES),
]
_GRID = itertools.product(
    ["", " ", "\n"],
    ["https://", "http://", "", "HTTPS://", "https:/", "ftp://"],
    [
        "www.tiktok.com",
        "vm.tiktok.com",
        "vt.tiktok.com",
        "m.tiktok.com",
        "tiktok.com",
        "WWW.tiktok.com",
        "www.tiktok.com.evil.org",
        "wwwxtiktok.com",
        "v.tiktok.com",
        "vx.tiktok.com",
        "www.instagram.com",
    ],
    _PATHS,
    ["", "/", "//", "?a=1", "/?a=1&b", "#x", "?a#b", "/x", ".", "..", "?a b", "?#"],
    ["", " ", "\n"],
)


def test_the_common_shapes_shortcut_never_answers_otherwise():
    """Every combination of near-link pieces (about 250,000): the shortcut for common shapes
    either stays out of the way or gives exactly the full parse's answer."""
    wrong = []
    for parts in _GRID:
        text = "".join(parts)
        link = parse_link(text)
        expected = None if link is None else (link.platform.value, link.post_id)
        if parse_legacy_link(text) != expected:
            wrong.append(text)
    assert wrong == []


@pytest.mark.parametrize(
    "text",
    [
        f"https://www.tiktok.com/@user.name-1/video/{POST}",
        f"https://www.tiktok.com/@u/photo/{POST}/?is_from_webapp=1&sender_device=pc",
        "https://vm.tiktok.com/ZMabc123/",
        "https://vt.tiktok.com/ZSx9?k=1",
    ],
)
def test_the_common_shapes_take_the_shortcut(text):
    assert _COMMON.fullmatch(text) is not None
    link = parse_link(text)
    assert parse_legacy_link(text) == (link.platform.value, link.post_id)
