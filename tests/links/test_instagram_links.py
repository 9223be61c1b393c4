"""Finding Instagram post links, and the profile and story links we do not serve."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.links import Link, UnsupportedLink
from bot.links.instagram import PARSER, RESERVED
from data.models.platform import Platform

IG = Platform.INSTAGRAM
CANONICAL = re.compile(
    r"https://www\.instagram\.com/(?:(?:p|reel)/[A-Za-z0-9_-]+"
    r"|share/(?:(?:reel|p)/)?[A-Za-z0-9_-]+)/"
)


def found(text: str) -> list[tuple[str, str | None]]:
    return [(link.url, link.post_id) for _, link in PARSER.find(text)]


@pytest.mark.parametrize(
    ("text", "url", "post_id"),
    [
        ("https://www.instagram.com/reel/C9xYz_-1AbC/", "reel/C9xYz_-1AbC", "C9xYz_-1AbC"),
        ("instagram.com/reel/AbC", "reel/AbC", "AbC"),
        ("http://instagram.com/reels/AbC/", "reel/AbC", "AbC"),
        ("m.instagram.com/tv/XyZ", "reel/XyZ", "XyZ"),
        ("https://www.instagram.com/p/Bq-_9z/", "p/Bq-_9z", "Bq-_9z"),
        ("HTTPS://WWW.Instagram.COM/p/AbCdE/", "p/AbCdE", "AbCdE"),
        ("instagr.am/p/Qq1", "p/Qq1", "Qq1"),
        ("INSTAGR.AM/reel/Qq1/", "reel/Qq1", "Qq1"),
        ("https://www.instagram.com/reel/AbC/?igsh=MTc4MmM1YmI2Ng==", "reel/AbC", "AbC"),
        ("instagram.com/p/AbC/?utm_source=ig_web_copy_link&igsh=x", "p/AbC", "AbC"),
        ("instagram.com/p/AbC/?img_index=2#comments", "p/AbC", "AbC"),
        ("instagram.com/p/AbC#top", "p/AbC", "AbC"),
        ("instagram.com/p/AbC?", "p/AbC", "AbC"),
        ("https://www.instagram.com/nasa/p/AbC/", "p/AbC", "AbC"),
        ("instagram.com/nasa.gov_1/reel/AbC", "reel/AbC", "AbC"),
        ("https://www.instagram.com/@nasa/reel/AbC/", "reel/AbC", "AbC"),
        ("instagram.com/@p/p/AbC", "p/AbC", "AbC"),
        ("instagram.com/pp/p/AbC", "p/AbC", "AbC"),
        ("instagram.com/share/BAbC12_x", "share/BAbC12_x", None),
        ("https://www.instagram.com/share/reel/BAbC12/?igsh=x", "share/reel/BAbC12", None),
        ("instagram.com/share/p/BAbC12/", "share/p/BAbC12", None),
        ("instagram.com/share/preview", "share/preview", None),
        ("instagram.com/share/p-1", "share/p-1", None),
        ("see instagram.com/p/AbC.", "p/AbC", "AbC"),
        ("(instagram.com/p/AbC), ok", "p/AbC", "AbC"),
        ("[post](https://instagram.com/p/AbC)", "p/AbC", "AbC"),
        ("смотри:https://instagram.com/reel/AbC смотри", "reel/AbC", "AbC"),
    ],
)
def test_finds_post_links(text, url, post_id):
    expected = Link(IG, f"https://www.instagram.com/{url}/", post_id)
    assert [link for _, link in PARSER.find(text)] == [expected]
    assert str(expected) == expected.url


@pytest.mark.parametrize(
    "text",
    [
        "",
        "instagram.com",
        "https://www.instagram.com/",
        "instagram.com/p/",
        "instagram.com/p//",
        "instagram.com/reel/",
        "instagram.com/share/",
        "instagram.com/share/reel/",
        "instagram.com/share/p",
        "instagram.com/nasa",
        "instagram.com/nasa/",
        "instagram.com/stories/nasa/123/",
        "instagram.com/explore/tags/cats/",
        "instagram.com/p/AbC/embed",
        "instagram.com/p/AbC/embed/captioned/",
        "instagram.com/reel/AbC/x",
        "instagram.com/p/AbC.html",
        "instagram.com/p/AbC+x",
        "instagram.com/p/Ab%43",
        "instagram.com/p/Abé",
        "instagram.com/P/AbC",
        "instagram.com/reels/p/AbC",
        "instagram.com/stories/p/AbC",
        "instagram.com/share/nasa/p/AbC",
        "instagram.com/a/b/p/AbC",
        "instagram.com/" + "x" * 31 + "/p/AbC",
        "instagram.com/na sa/p/AbC",
        "https://instagram.com.evil.org/p/AbC",
        "https://www.instagram.com.evil.org/reel/AbC/",
        "notinstagram.com/p/AbC",
        "https://evil-instagram.com/p/AbC",
        "evil.instagram.com/p/AbC",
        "www.m.instagram.com/p/AbC",
        "instagram.co/p/AbC",
        "instagram.com.br/p/AbC",
        "instagramm.com/p/AbC",
        "instagr.am.evil.org/p/AbC",
        "www.instagr.am/p/AbC",
        "ddinstagram.com/reel/AbC",
        "https://ddinstagram.com/reel/AbC",
        "https://evil.org/instagram.com/p/AbC",
        "https://evil.org/redirect/www.instagram.com/reel/AbC/",
        "user@instagram.com/p/AbC",
        "ftp://instagram.com/p/AbC",
        "instagram.com:8080/p/AbC",
    ],
)
def test_rejects_look_alikes_and_non_posts(text):
    assert PARSER.find(text) == []
    assert PARSER.parse(text) is None


def test_find_gives_starts_in_text_order_with_duplicates():
    text = "x instagram.com/p/A y https://www.instagram.com/reel/B/ z instagram.com/p/A/"
    assert PARSER.find(text) == [
        (text.index("instagram.com/p/A"), Link(IG, "https://www.instagram.com/p/A/", "A")),
        (text.index("https://"), Link(IG, "https://www.instagram.com/reel/B/", "B")),
        (text.rindex("instagram.com/p/A"), Link(IG, "https://www.instagram.com/p/A/", "A")),
    ]


def test_shortcodes_keep_their_case():
    upper, lower = PARSER.parse("instagram.com/p/AbC"), PARSER.parse("instagram.com/p/abc")
    assert upper is not None and lower is not None
    assert (upper.post_id, lower.post_id) == ("AbC", "abc")
    assert upper != lower


def test_parse_takes_exactly_one_link():
    assert PARSER.parse("  https://www.instagram.com/reel/AbC/?igsh=1 \n") == Link(
        IG, "https://www.instagram.com/reel/AbC/", "AbC"
    )
    assert PARSER.parse("see instagram.com/reel/AbC") is None
    assert PARSER.parse("instagram.com/reel/AbC instagram.com/reel/AbD") is None
    assert PARSER.parse("https://vm.tiktok.com/AbC") is None


@pytest.mark.parametrize(
    ("text", "what", "url"),
    [
        ("instagram.com/nasa", "profile", "nasa/"),
        ("https://www.instagram.com/nasa/", "profile", "nasa/"),
        ("https://www.instagram.com/NASA/?igsh=x", "profile", "NASA/"),
        ("m.instagram.com/nasa.gov_1#x", "profile", "nasa.gov_1/"),
        ("see instagram.com/nasa.", "profile", "nasa/"),
        ("instagram.com/nasa... next", "profile", "nasa/"),
        ("instagram.com/@nasa", "profile", "nasa/"),
        ("instagr.am/nasa", "profile", "nasa/"),
        ("instagram.com/" + "x" * 30, "profile", "x" * 30 + "/"),
        ("instagram.com/pp", "profile", "pp/"),
        ("instagram.com/stories/nasa/3141592653/", "story", "stories/nasa/3141592653/"),
        ("https://www.instagram.com/stories/nasa/", "story", "stories/nasa/"),
        ("instagram.com/stories/nasa/31?utm_source=ig_story", "story", "stories/nasa/31/"),
        ("instagram.com/stories/highlights/179123/", "highlight", "stories/highlights/179123/"),
        ("INSTAGRAM.com/stories/highlights/1?igsh=x", "highlight", "stories/highlights/1/"),
    ],
)
def test_finds_unsupported_links(text, what, url):
    expected = UnsupportedLink(IG, what, f"https://www.instagram.com/{url}")
    assert [link for _, link in PARSER.find_unsupported(text)] == [expected]
    assert PARSER.find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        *(f"instagram.com/{path}/" for path in sorted(RESERVED)),
        "instagram.com/Explore",
        "instagram.com/explore/tags/cats/",
        "instagram.com/accounts/login/?next=/p/AbC/",
        "instagram.com/nasa/reels/",
        "instagram.com/nasa/tagged",
        "instagram.com/" + "x" * 31,
        "instagram.com/na-sa",
        "instagram.com/stories/highlights/",
        "instagram.com/stories/highlights/abc/",
        "instagram.com/stories/nasa/12x/",
        "instagram.com/p/AbC",
        "instagram.com/nasa/p/AbC",
        "instagram.com/share/AbC",
        "instagram.com/@ab../p/AbC",
        "https://instagram.com.evil.org/nasa",
        "notinstagram.com/nasa",
        "https://evil.org/instagram.com/nasa",
        "user@instagram.com/nasa",
        "@nasa",
    ],
)
def test_not_unsupported(text):
    assert PARSER.find_unsupported(text) == []


# -- properties

CODES = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
    min_size=1,
    max_size=14,
)
USERS = st.text(alphabet="abcxyzABC0123456789._", min_size=1, max_size=30).filter(
    lambda user: user.lower() not in RESERVED
)
HOSTS = st.sampled_from(
    ["instagram.com", "www.instagram.com", "m.instagram.com", "WWW.Instagram.com", "instagr.am"]
)
SCHEMES = st.sampled_from(["", "http://", "https://", "HTTPS://"])
TAILS = st.sampled_from(
    ["", "/", "?igsh=MTc4MmM1YmI2Ng==", "/?utm_source=ig_web_copy_link", "#x", "/?a=1#b", "?"]
)


@st.composite
def links(draw) -> tuple[str, Link]:
    """An Instagram post link as a user might paste it, and what it is."""
    scheme, host, tail, code = draw(SCHEMES), draw(HOSTS), draw(TAILS), draw(CODES)
    kind = draw(st.sampled_from(["p", "reel", "reels", "tv", "share", "share/reel", "share/p"]))
    if kind.startswith("share"):
        if kind == "share" and code in ("reel", "p"):
            code += "0"
        rest = f"{kind[len('share/') :]}/{code}" if "/" in kind else code
        path, link = f"share/{rest}", Link(IG, f"https://www.instagram.com/share/{rest}/", None)
    else:
        prefix = draw(st.sampled_from(["", "@", "/"]))
        user = f"{'@' if prefix == '@' else ''}{draw(USERS)}/" if prefix else ""
        path = f"{user}{kind}/{code}"
        normal = "p" if kind == "p" else "reel"
        link = Link(IG, f"https://www.instagram.com/{normal}/{code}/", code)
    return f"{scheme}{host}/{path}{tail}", link


FILLER = st.text(max_size=40).filter(lambda s: "instagr" not in s.lower())
SEPARATORS = st.sampled_from([" ", "\n", " (", ") ", ", ", ". ", "\t", ": ", " «", "» "])


@settings(max_examples=300, deadline=None)
@given(links())
def test_single_link_round_trips(pair):
    raw, link = pair
    assert [found for _, found in PARSER.find(raw)] == [link]
    assert PARSER.parse(raw) == link
    assert PARSER.parse(link.url) == link
    assert PARSER.find_unsupported(raw) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(FILLER, SEPARATORS, links(), SEPARATORS), max_size=6), FILLER)
def test_links_in_random_text_are_found_exactly(parts, end):
    text = "".join(f"{before}{sep}{raw}{after}" for before, sep, (raw, _), after in parts) + end
    assert [link for _, link in PARSER.find(text)] == [link for _, _, (_, link), _ in parts]


ALPHABET = "instagrm.co/@_-?#:!preltvhsxAB01 \n"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_near_misses_yield_only_real_links(text):
    """Text made of the very characters links use: whatever is found is a real link that
    stands on its own, and never also an unsupported link."""
    starts = set()
    for start, link in PARSER.find(text):
        starts.add(start)
        assert CANONICAL.fullmatch(link.url), link
        assert PARSER.parse(link.url) == link
    for start, other in PARSER.find_unsupported(text):
        assert start not in starts, other
        assert other.url.startswith("https://www.instagram.com/"), other
