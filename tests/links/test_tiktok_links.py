"""Finding TikTok links and creator names in what users type."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.links import (
    Link,
    UnsupportedLink,
    creator_from_text,
    find_links,
    is_profile_link,
    is_tiktok_link,
    post_id_from_link,
)
from bot.links.tiktok import PARSER
from data.models.platform import Platform


def urls(text: str, limit: int = 5) -> list[str]:
    return [link.url for link in find_links(text, limit)]


CANONICAL = re.compile(
    r"https://(?:v[mt]\.tiktok\.com/[A-Za-z0-9]+"
    r"|(?:www\.)?tiktok\.com/t/[A-Za-z0-9]+"
    r"|(?:www\.|m\.)?tiktok\.com/@[A-Za-z0-9_.-]+/(?:video|photo)/[0-9]+)"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://vm.tiktok.com/ZMabc123/", ["https://vm.tiktok.com/ZMabc123"]),
        ("http://vt.tiktok.com/ZSxyz/?k=1#frag", ["https://vt.tiktok.com/ZSxyz"]),
        ("vm.tiktok.com/AbC", ["https://vm.tiktok.com/AbC"]),
        ("https://www.tiktok.com/t/ZTRC5xgJp/", ["https://www.tiktok.com/t/ZTRC5xgJp"]),
        ("tiktok.com/t/ZTRC5xgJp", ["https://tiktok.com/t/ZTRC5xgJp"]),
        (
            "https://www.tiktok.com/@nasa/video/7301234567890123456?is_from_webapp=1&sender=pc",
            ["https://www.tiktok.com/@nasa/video/7301234567890123456"],
        ),
        ("m.tiktok.com/@a.b_c-d/video/1/", ["https://m.tiktok.com/@a.b_c-d/video/1"]),
        ("tiktok.com/@x/video/42", ["https://tiktok.com/@x/video/42"]),
        ("HTTPS://WWW.TikTok.com/@Nasa/photo/99", ["https://www.tiktok.com/@Nasa/photo/99"]),
        ("m.tiktok.com/@user/photo/5#x", ["https://m.tiktok.com/@user/photo/5"]),
        (
            "two: vm.tiktok.com/A1, (https://tiktok.com/@u/video/2). Done.",
            ["https://vm.tiktok.com/A1", "https://tiktok.com/@u/video/2"],
        ),
        (
            "dupes vm.tiktok.com/A1 https://vm.tiktok.com/A1/ http://vm.tiktok.com/A1?x",
            ["https://vm.tiktok.com/A1"],
        ),
        ("[link](https://vm.tiktok.com/A1)", ["https://vm.tiktok.com/A1"]),
        ("по ссылке:https://vm.tiktok.com/A1 смотри", ["https://vm.tiktok.com/A1"]),
        ("line1\nvm.tiktok.com/A1\nline3", ["https://vm.tiktok.com/A1"]),
    ],
)
def test_finds_links(text, expected):
    assert urls(text) == expected
    assert all(link.platform is Platform.TIKTOK for link in find_links(text))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no links here",
        "tiktok.com",
        "https://www.tiktok.com/",
        "https://www.tiktok.com/@nasa",
        "https://www.tiktok.com/@nasa/",
        "https://www.tiktok.com/music/original-sound-123",
        "https://www.tiktok.com/tag/cats",
        "https://tiktok.com.evil.org/@a/video/1",
        "https://vm.tiktok.com.evil.org/abc",
        "nottiktok.com/@a/video/1",
        "https://nottiktok.com/t/abc",
        "evil.vm.tiktok.com/abc",
        "https://evil.org/vm.tiktok.com/abc",
        "https://evil.org/redirect/www.tiktok.com/@a/video/1",
        "user@vm.tiktok.com/abc",
        "vm.tiktok.com/abc-def",
        "vm.tiktok.com/abc/def",
        "vm.tiktok.com/abc.html",
        "vm.tiktok.com/",
        "m.tiktok.com/t/abc",
        "www.vm.tiktok.com/abc",
        "https://www.tiktok.com/@a/video/12x",
        "https://www.tiktok.com/@a/video/",
        "https://www.tiktok.com/@a/video/1/comments",
        "https://www.tiktok.com/@a b/video/1",
        "https://www.tiktok.com/@/video/1",
        "https://www.tiktok.com/@a/live/1",
        "ftp://vm.tiktok.com/abc",
        "https://www.tikt0k.com/@a/video/1",
        "https://www.tiktok.co/@a/video/1",
        "vm.tiktok.com/abc_def",
        "vm.tiktok.com/abc..def",
        "https://www.tiktok.com/@a/video/1.../x",
    ],
)
def test_rejects_non_links(text):
    assert find_links(text) == []
    assert PARSER.find(text) == []
    assert PARSER.parse(text) is None
    assert not is_tiktok_link(text)


def test_limit():
    text = " ".join(f"vm.tiktok.com/A{i}" for i in range(10))
    assert urls(text) == [f"https://vm.tiktok.com/A{i}" for i in range(5)]
    assert len(find_links(text, limit=8)) == 8
    assert find_links(text, limit=0) == []


def test_is_tiktok_link():
    assert is_tiktok_link("  https://vm.tiktok.com/A1/ ")
    assert not is_tiktok_link("see https://vm.tiktok.com/A1/")


@pytest.mark.parametrize(
    ("link", "post_id"),
    [
        ("https://www.tiktok.com/@nasa/video/7301234567890123456", "7301234567890123456"),
        ("m.tiktok.com/@a/photo/42?x=1", "42"),
        ("https://vm.tiktok.com/ZMabc/", None),
        ("https://www.tiktok.com/t/ZMabc", None),
        ("not a link /video/123", None),
    ],
)
def test_post_id_from_link(link, post_id):
    assert post_id_from_link(link) == post_id


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("@NASA", "nasa"),
        ("nasa", "nasa"),
        ("  @nasa.gov_1  ", "nasa.gov_1"),
        ("https://www.tiktok.com/@NASA", "nasa"),
        ("tiktok.com/@nasa/", "nasa"),
        ("http://m.tiktok.com/@nasa?lang=en", "nasa"),
        ("ab", "ab"),
        ("x" * 24, "x" * 24),
        ("a", None),
        ("x" * 25, None),
        ("two words", None),
        ("@na-sa", None),
        ("tiktok.com/nasa", None),
        ("https://www.tiktok.com/@nasa/video/1", None),
        ("https://evil.org/@nasa", None),
        ("", None),
    ],
)
def test_creator_from_text(text, name):
    assert creator_from_text(text) == name


def test_is_profile_link():
    assert is_profile_link("https://www.tiktok.com/@nasa")
    assert is_profile_link("tiktok.com/@nasa/?lang=en")
    assert not is_profile_link("@nasa")
    assert not is_profile_link("https://www.tiktok.com/@nasa/video/1")


def test_find_gives_each_link_with_its_start_and_post_id():
    text = "a vm.tiktok.com/A1 b https://m.tiktok.com/@u/photo/7?x c vm.tiktok.com/A1"
    assert PARSER.find(text) == [
        (2, Link(Platform.TIKTOK, "https://vm.tiktok.com/A1", None)),
        (text.index("https://m."), Link(Platform.TIKTOK, "https://m.tiktok.com/@u/photo/7", "7")),
        (text.rindex("vm."), Link(Platform.TIKTOK, "https://vm.tiktok.com/A1", None)),
    ]
    assert str(PARSER.find(text)[1][1]) == "https://m.tiktok.com/@u/photo/7"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.tiktok.com/@nasa", ["https://www.tiktok.com/@nasa"]),
        ("see tiktok.com/@NASA/?lang=en.", ["https://tiktok.com/@NASA"]),
        ("M.TikTok.com/@nasa.gov_1#x", ["https://m.tiktok.com/@nasa.gov_1"]),
        ("tiktok.com/@nasa.", ["https://tiktok.com/@nasa"]),
        ("tiktok.com/@a, tiktok.com/@bb", ["https://tiktok.com/@bb"]),
        ("https://www.tiktok.com/@nasa/video/1", []),
        ("https://www.tiktok.com/@nasa/live", []),
        ("https://tiktok.com.evil.org/@nasa", []),
        ("nottiktok.com/@nasa", []),
        ("https://evil.org/tiktok.com/@nasa", []),
        ("vm.tiktok.com/@nasa", []),
        ("tiktok.com/@" + "x" * 25, []),
        ("tiktok.com/@ab../video/1", []),
        ("tiktok.com/@ab... next", ["https://tiktok.com/@ab"]),
        ("@nasa", []),
    ],
)
def test_profile_links_are_unsupported(text, expected):
    found = PARSER.find_unsupported(text)
    assert [link.url for _, link in found] == expected
    assert all(link == UnsupportedLink(Platform.TIKTOK, "profile", link.url) for _, link in found)


# -- properties

CODES = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    min_size=1,
    max_size=12,
)
IDS = st.integers(min_value=0, max_value=10**19).map(str)
USERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ0123456789_.-", min_size=1, max_size=24)
SCHEMES = st.sampled_from(["", "http://", "https://", "HTTPS://"])
TAILS = st.sampled_from(["", "/", "?lang=en", "/?a=1&b=2", "#top", "/?x=1#frag", "?"])


@st.composite
def links(draw) -> tuple[str, str]:
    """A TikTok link as a user might paste it, and its normalised form."""
    scheme, tail = draw(SCHEMES), draw(TAILS)
    kind = draw(st.sampled_from(["short", "t", "post"]))
    if kind == "short":
        host, path = (
            draw(st.sampled_from(["vm.tiktok.com", "vt.tiktok.com", "VM.TikTok.com"])),
            (draw(CODES)),
        )
    elif kind == "t":
        host = draw(st.sampled_from(["www.tiktok.com", "tiktok.com"]))
        path = f"t/{draw(CODES)}"
    else:
        host = draw(st.sampled_from(["www.tiktok.com", "m.tiktok.com", "tiktok.com"]))
        path = f"@{draw(USERS)}/{draw(st.sampled_from(['video', 'photo']))}/{draw(IDS)}"
    return f"{scheme}{host}/{path}{tail}", f"https://{host.lower()}/{path}"


FILLER = st.text(max_size=40).filter(lambda s: "tiktok" not in s.lower())
SEPARATORS = st.sampled_from([" ", "\n", " (", ") ", ", ", ". ", "\t", ": ", " «", "» "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(FILLER, SEPARATORS, links(), SEPARATORS), max_size=6), FILLER)
def test_links_in_random_text_are_found_exactly(parts, end):
    text = "".join(f"{before}{sep}{raw}{after}" for before, sep, (raw, _), after in parts) + end
    expected = list(dict.fromkeys(normal for _, _, (_, normal), _ in parts))
    assert urls(text, limit=100) == expected
    assert urls(text) == expected[:5]


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_random_text_yields_only_real_links(text):
    for link in urls(text, limit=100):
        assert CANONICAL.fullmatch(link), link
    if "tiktok" not in text.lower() and "instagr" not in text.lower():
        assert find_links(text) == []


ALPHABET = "vmt.tiktok.com/@_-?#:!videophto0123ABCx \n"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_near_misses_yield_only_real_links(text):
    """Text made of the very characters links use: whatever is found is a real link that
    also stands on its own, and never also a profile link."""
    for link in urls(text, limit=100):
        assert CANONICAL.fullmatch(link), link
        assert urls(link) == [link]
        assert is_tiktok_link(link)
    posts = {start for start, _ in PARSER.find(text)}
    assert not posts & {start for start, _ in PARSER.find_unsupported(text)}


@settings(max_examples=200, deadline=None)
@given(links())
def test_single_link_round_trips(link):
    raw, normal = link
    post_id = normal.rsplit("/", 1)[1] if "/@" in normal else None
    assert find_links(raw) == [Link(Platform.TIKTOK, normal, post_id)]
    assert urls(normal) == [normal]
    assert is_tiktok_link(raw)
    assert PARSER.parse(raw) == Link(Platform.TIKTOK, normal, post_id)
    assert post_id_from_link(raw) == post_id
