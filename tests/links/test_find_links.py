"""The links of every platform in one message: text order, de-duplication, the limit,
unsupported links, and one module per platform."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bot.links
from bot.links import (
    PARSERS,
    Link,
    UnsupportedLink,
    find_links,
    find_unsupported,
    instagram,
    parse_link,
    platform_of,
    post_id_from_link,
    tiktok,
)
from data.models.platform import Platform

from .test_instagram_links import links as instagram_links
from .test_tiktok_links import links as tiktok_links

IG, TT = Platform.INSTAGRAM, Platform.TIKTOK


def reel(code: str) -> Link:
    return Link(IG, f"https://www.instagram.com/reel/{code}/", code)


def post(code: str) -> Link:
    return Link(IG, f"https://www.instagram.com/p/{code}/", code)


def video(post_id: str, user: str = "nasa") -> Link:
    return Link(TT, f"https://www.tiktok.com/@{user}/video/{post_id}", post_id)


def test_every_platform_has_one_parser():
    assert [parser.platform for parser in PARSERS] == [TT, IG]
    assert {parser.platform for parser in PARSERS} == set(Platform)
    assert PARSERS == (tiktok.PARSER, instagram.PARSER)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda parser: parser.platform.value)
def test_every_parser_speaks_the_interface(parser):
    assert parser.find("") == []
    assert parser.parse("") is None
    assert parser.find_unsupported("") == []
    # and finds only its own platform's links
    text = "vm.tiktok.com/A1 instagram.com/p/B2 tiktok.com/@nasa instagram.com/nasa"
    assert {link.platform for _, link in parser.find(text)} == {parser.platform}
    assert {link.platform for _, link in parser.find_unsupported(text)} == {parser.platform}


def test_mixed_platforms_come_in_text_order():
    text = (
        "first https://www.instagram.com/reel/AbC/?igsh=x then vm.tiktok.com/ZM1, "
        "(instagram.com/nasa/p/Post1/) and https://www.tiktok.com/@nasa/video/42?lang=en."
    )
    assert find_links(text) == [
        reel("AbC"),
        Link(TT, "https://vm.tiktok.com/ZM1", None),
        post("Post1"),
        video("42"),
    ]


def test_duplicates_are_dropped_by_url_keeping_the_first():
    text = (
        "instagram.com/reel/AbC vm.tiktok.com/A1 instagram.com/reels/AbC/ "
        "m.instagram.com/tv/AbC?x instagram.com/@nasa/reel/AbC https://vm.tiktok.com/A1/ "
        "instagram.com/p/AbC instagram.com/reel/abc"
    )
    assert find_links(text) == [
        reel("AbC"),
        Link(TT, "https://vm.tiktok.com/A1", None),
        post("AbC"),
        reel("abc"),
    ]


def test_the_limit_counts_every_platform():
    text = " ".join(f"vm.tiktok.com/T{i} instagram.com/p/I{i}" for i in range(5))
    expected = [
        link
        for i in range(5)
        for link in (Link(TT, f"https://vm.tiktok.com/T{i}", None), post(f"I{i}"))
    ]
    assert find_links(text) == expected[:5]
    assert find_links(text, limit=3) == expected[:3]
    assert find_links(text, limit=100) == expected
    assert find_links(text, limit=0) == []
    assert find_links(text, limit=-1) == []
    # the limit counts distinct links
    assert find_links("instagram.com/p/A " * 6 + "vm.tiktok.com/B", limit=2) == [
        post("A"),
        Link(TT, "https://vm.tiktok.com/B", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "instagram.com/@nasa/reel/AbC vm.tiktok.com/A",
            [reel("AbC"), Link(TT, "https://vm.tiktok.com/A", None)],
        ),
        (
            "www.tiktok.com/@nasa/video/1 https://instagram.com/nasa/p/Xy_-z/",
            [video("1"), post("Xy_-z")],
        ),
        ("instagram.com/p/AbC?utm_source=ig_web_copy_link&igsh=MTc", [post("AbC")]),
        (
            "instagram.com/share/reel/BAb?igsh=1 instagram.com/share/BAb",
            [
                Link(IG, "https://www.instagram.com/share/reel/BAb/", None),
                Link(IG, "https://www.instagram.com/share/BAb/", None),
            ],
        ),
        (  # paths keep their case: these are four urls
            "instagram.com/p/ABC instagram.com/p/abc "
            "www.tiktok.com/@NASA/video/1 www.tiktok.com/@nasa/video/1",
            [post("ABC"), post("abc"), video("1", "NASA"), video("1")],
        ),
        ("https://instagram.com.evil.org/p/AbC https://tiktok.com.evil.org/@a/video/1", []),
        ("notinstagram.com/p/A nottiktok.com/@a/video/1 instagram.co/p/A tiktok.co/t/A", []),
        ("https://evil.org/instagram.com/p/A https://evil.org/vm.tiktok.com/A", []),
        ("instagram.com/nasa tiktok.com/@nasa instagram.com/stories/nasa/1/", []),
    ],
)
def test_mixed_table(text, expected):
    assert find_links(text) == expected


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("  https://vm.tiktok.com/A1/ ", Link(TT, "https://vm.tiktok.com/A1", None)),
        ("tiktok.com/@nasa/photo/7", Link(TT, "https://tiktok.com/@nasa/photo/7", "7")),
        ("\nhttps://www.instagram.com/reel/AbC/?igsh=x\n", reel("AbC")),
        ("instagr.am/p/AbC", post("AbC")),
        ("instagram.com/share/AbC", Link(IG, "https://www.instagram.com/share/AbC/", None)),
        ("see instagram.com/p/AbC", None),
        ("instagram.com/p/AbC vm.tiktok.com/A1", None),
        ("instagram.com/nasa", None),
        ("tiktok.com/@nasa", None),
        ("", None),
    ],
)
def test_parse_link(text, link):
    assert parse_link(text) == link
    assert post_id_from_link(text) == (link.post_id if link else None)
    assert platform_of(text) == (link.platform if link else None)


@pytest.mark.parametrize(
    ("url", "post_id", "platform"),
    [
        ("https://www.tiktok.com/@nasa/video/7301234567890123456", "7301234567890123456", TT),
        ("https://vm.tiktok.com/ZMabc", None, TT),
        ("https://www.instagram.com/reel/C9xYz_-1AbC/", "C9xYz_-1AbC", IG),
        ("https://www.instagram.com/p/Bq-_9z/", "Bq-_9z", IG),
        ("https://www.instagram.com/share/reel/BAbC/", None, IG),
        ("https://www.instagram.com/nasa/", None, None),
        ("https://example.com/p/AbC/", None, None),
    ],
)
def test_post_id_and_platform_of_a_url(url, post_id, platform):
    assert post_id_from_link(url) == post_id
    assert platform_of(url) == platform


def test_unsupported_links_of_every_platform_in_text_order():
    text = (
        "https://www.instagram.com/stories/nasa/123/ and tiktok.com/@nasa, "
        "instagram.com/stories/highlights/456/ vm.tiktok.com/A1 instagram.com/nasa/p/AbC "
        "instagram.com/nasa/ instagram.com/nasa tiktok.com/@nasa/video/1"
    )
    assert find_unsupported(text) == [
        UnsupportedLink(IG, "story", "https://www.instagram.com/stories/nasa/123/"),
        UnsupportedLink(TT, "profile", "https://tiktok.com/@nasa"),
        UnsupportedLink(IG, "highlight", "https://www.instagram.com/stories/highlights/456/"),
        UnsupportedLink(IG, "profile", "https://www.instagram.com/nasa/"),
    ]
    assert find_unsupported(text, limit=2) == find_unsupported(text)[:2]
    assert find_unsupported(text, limit=0) == []
    assert len(find_links(text)) == 3


@pytest.mark.parametrize(
    "text",
    [
        "instagram.com/nasa/p/AbC",
        "instagram.com/@nasa/reel/AbC/",
        "tiktok.com/@nasa/video/1",
        "instagram.com/share/reel/AbC",
        "instagram.com/explore/",
        "instagram.com.evil.org/nasa",
        "nottiktok.com/@nasa",
        "no links at all",
    ],
)
def test_posts_and_look_alikes_are_not_unsupported(text):
    assert find_unsupported(text) == []


def test_reexports():
    assert bot.links.__all__ == sorted(
        bot.links.__all__, key=lambda name: (not name.isupper(), not name[0].isupper(), name)
    )
    for name in bot.links.__all__:
        assert hasattr(bot.links, name), name
    assert bot.links.is_tiktok_link is tiktok.is_tiktok_link
    assert bot.links.creator_from_text is tiktok.creator_from_text
    assert bot.links.is_profile_link is tiktok.is_profile_link


FILLER = st.text(max_size=30).filter(
    lambda s: "tiktok" not in s.lower() and "instagr" not in s.lower()
)
SEPARATORS = st.sampled_from([" ", "\n", " (", ") ", ", ", ". ", "\t", ": "])
MIXED = st.one_of(
    tiktok_links().map(
        lambda pair: (
            pair[0],
            Link(TT, pair[1], pair[1].rsplit("/", 1)[1] if "/@" in pair[1] else None),
        )
    ),
    instagram_links(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(FILLER, SEPARATORS, MIXED, SEPARATORS), max_size=8), FILLER)
def test_mixed_links_in_random_text_are_found_exactly(parts, end):
    text = "".join(f"{before}{sep}{raw}{after}" for before, sep, (raw, _), after in parts) + end
    expected = list(dict.fromkeys(link for _, _, (_, link), _ in parts))
    assert find_links(text, limit=100) == expected
    assert find_links(text) == expected[:5]
    assert find_unsupported(text) == []
