"""Instagram through the cobalt backend, against the cobalt stand-in over real HTTP on
127.0.0.1: reels, photos, carousels (mixed, 40 items), share links, errors, malformed answers,
a redirecting API and the API key."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.links.instagram import InstagramLink, parse_instagram_link
from bot.sources import (
    REASONS,
    CreatorListingUnsupported,
    InvalidLink,
    LoginRequired,
    MediaItem,
    MediaType,
    MediaUnavailable,
    PostKind,
    PostPrivate,
    PostUnavailable,
    ResolveError,
    Resolver,
    ResolverDown,
    Unsupported,
    create_http_session,
)
from bot.sources.cobalt import CobaltClient
from bot.sources.cobalt_instagram import INSTAGRAM_OPTIONS, CobaltInstagramResolver
from data.config import Settings
from data.models.platform import Platform
from devservers.cobalt import CobaltEmulator
from devservers.cobalt_instagram import AGE_RESTRICTED, PRIVATE, REMOVED
from devservers.loopback import LoopbackService

from .conftest import BACKOFF, RETRIES, TIMEOUT, make_settings
from .test_cobalt import API_KEY, COBALT_11_KEYS, fetch

REEL = "C9reel_Ab-1"
PHOTO = "C9photo2"
CAROUSEL = "C9carou_3"
REEL_LINK = f"https://www.instagram.com/reel/{REEL}/"
CAROUSEL_LINK = f"https://www.instagram.com/p/{CAROUSEL}/"


def blob(seed: int, size: int = 3000) -> bytes:
    return hashlib.sha256(str(seed).encode()).digest() * (size // 32)


VIDEO = b"\x00\x00\x00\x18ftypmp42" + blob(1, 50_000)
JPEG = b"\xff\xd8\xff\xe0" + blob(2)
MIXED = [("photo", blob(10)), ("video", blob(11)), ("gif", blob(12)), ("photo", blob(13))]


@pytest.fixture
async def cobalt() -> AsyncIterator[CobaltEmulator]:
    async with CobaltEmulator() as emulator:
        emulator.add_instagram_video(REEL, author="nasa", video=VIDEO, share_code="SHreel1")
        emulator.add_instagram_photo(PHOTO, author="nasa", photo=JPEG, share_code="SHphoto2")
        emulator.add_instagram_carousel(CAROUSEL, items=MIXED, share_code="SHcarou3")
        yield emulator


@pytest.fixture
def cobalt_settings(tmp_path: Path) -> Callable[..., Settings]:
    def build(emulator: CobaltEmulator, **env: str) -> Settings:
        env = {"COBALT_URL": emulator.base_url, "TIKTOK_RETRIES": str(RETRIES), **env}
        return make_settings(tmp_path, timeout=TIMEOUT, **env)

    return build


@pytest.fixture
async def http(cobalt, cobalt_settings) -> AsyncIterator[aiohttp.ClientSession]:
    session = create_http_session(cobalt_settings(cobalt))
    yield session
    await session.close()


@pytest.fixture
def resolver(cobalt, cobalt_settings, http) -> CobaltInstagramResolver:
    settings = cobalt_settings(cobalt)
    return CobaltInstagramResolver.from_settings(settings, http, backoff_base=BACKOFF)


# -- links


@pytest.mark.parametrize(
    ("text", "url", "code", "user"),
    [
        (REEL_LINK, REEL_LINK, REEL, ""),
        (f"instagram.com/reels/{REEL}?igsh=MWx0", REEL_LINK, REEL, ""),
        (f"HTTPS://WWW.Instagram.com/tv/{REEL}", REEL_LINK, REEL, ""),
        (f"see https://m.instagram.com/p/{CAROUSEL}/#x !", CAROUSEL_LINK, CAROUSEL, ""),
        (f"https://www.instagram.com/nasa.gov/p/{CAROUSEL}/", CAROUSEL_LINK, CAROUSEL, "nasa.gov"),
        (f"https://instagram.com/@nasa/reel/{REEL}", REEL_LINK, REEL, "nasa"),
        (f"https://instagr.am/p/{CAROUSEL}", CAROUSEL_LINK, CAROUSEL, ""),
        (
            "https://www.instagram.com/share/reel/BAabc12/?utm=1",
            "https://www.instagram.com/share/reel/BAabc12/",
            None,
            "",
        ),
        ("instagram.com/share/BAabc12", "https://www.instagram.com/share/BAabc12/", None, ""),
        (
            "https://www.instagram.com/share/p/BAabc12",
            "https://www.instagram.com/share/p/BAabc12/",
            None,
            "",
        ),
    ],
)
def test_links_are_read_and_normalised(text, url, code, user):
    assert parse_instagram_link(text) == InstagramLink(url, code, user)


@pytest.mark.parametrize(
    "text",
    [
        "https://www.instagram.com/nasa/",
        "https://www.instagram.com/stories/nasa/3300000000000000000/",
        "https://notinstagram.com/p/abc/",
        "https://www.tiktok.com/@nasa/video/7300000000000000001",
    ],
)
def test_other_links_are_not_posts(text):
    assert parse_instagram_link(text) is None


# -- what the client sends


async def test_request_speaks_cobalt_11(cobalt, resolver):
    await resolver.resolve(f"https://instagram.com/reels/{REEL}?igsh=abc")
    [body] = cobalt.bodies()
    assert body == {"url": REEL_LINK, **INSTAGRAM_OPTIONS}
    assert set(body) <= COBALT_11_KEYS
    headers = cobalt.requests[0].headers
    assert headers["Accept"] == "application/json" and "Authorization" not in headers


async def test_not_an_instagram_post_sends_nothing(cobalt, resolver):
    for text in ("https://www.instagram.com/stories/nasa/1/", "https://vm.tiktok.com/ZMabc/"):
        with pytest.raises(InvalidLink):
            await resolver.resolve(text)
    assert cobalt.requests == []


# -- posts


async def test_a_reel_is_a_video_post(cobalt, cobalt_settings, resolver, http):
    post = await resolver.resolve(REEL_LINK)
    assert (post.platform, post.id, post.kind) == (Platform.INSTAGRAM, REEL, PostKind.VIDEO)
    assert post.author == "" and post.caption == ""  # cobalt names neither
    assert post.items == () and post.image_urls == () and post.sound is None
    assert post.video_url.startswith(cobalt.base_url + "/tunnel?")
    assert post.link == REEL_LINK
    assert await fetch(http, post.video_url, cobalt_settings(cobalt)) == VIDEO


async def test_the_author_comes_from_the_links_prefix(resolver):
    post = await resolver.resolve(f"https://www.instagram.com/nasa/reel/{REEL}/")
    assert (post.author, post.author_name) == ("nasa", "nasa")


async def test_a_redirect_to_the_cdn_is_a_video_too(cobalt, resolver):
    cdn = "https://scontent-ams2-1.cdninstagram.com/o1/v/t16/f2/m86/reel.mp4?oe=6700&_nc_sid=x"
    cobalt.answer_next({"status": "redirect", "url": cdn, "filename": f"instagram_{REEL}.mp4"})
    post = await resolver.resolve(REEL_LINK)
    assert (post.kind, post.video_url) == (PostKind.VIDEO, cdn)


async def test_a_single_photo_is_a_one_item_carousel(cobalt, cobalt_settings, resolver, http):
    post = await resolver.resolve(f"https://www.instagram.com/p/{PHOTO}/")
    assert (post.id, post.kind, post.video_url) == (PHOTO, PostKind.CAROUSEL, None)
    [item] = post.items
    assert item.type is MediaType.PHOTO
    assert await fetch(http, item.url, cobalt_settings(cobalt)) == JPEG
    assert post.link == f"https://www.instagram.com/p/{PHOTO}/"


async def test_a_carousel_keeps_its_items_in_order(cobalt, cobalt_settings, resolver, http):
    post = await resolver.resolve(CAROUSEL_LINK)
    assert (post.id, post.kind, post.video_url, post.image_urls) == (
        CAROUSEL,
        PostKind.CAROUSEL,
        None,
        (),
    )
    # photo, video, gif (a video to us), photo
    assert [item.type for item in post.items] == [
        MediaType.PHOTO,
        MediaType.VIDEO,
        MediaType.VIDEO,
        MediaType.PHOTO,
    ]
    settings = cobalt_settings(cobalt)
    assert [await fetch(http, item.url, settings) for item in post.items] == [d for _, d in MIXED]
    assert post.link == CAROUSEL_LINK


async def test_a_picker_of_forty_is_kept_whole(cobalt, cobalt_settings, resolver, http):
    """All 40 reach the post; MediaService caps them (MEDIA_MAX_IMAGES) and says so."""
    items = [("video" if i % 7 == 3 else "photo", blob(100 + i, 64)) for i in range(40)]
    cobalt.add_instagram_carousel("C9forty", items=items)
    post = await resolver.resolve("https://www.instagram.com/p/C9forty/")
    assert len(post.items) == 40
    assert [item.type.value for item in post.items] == [kind for kind, _ in items]
    settings = cobalt_settings(cobalt)
    assert [await fetch(http, item.url, settings) for item in post.items] == [d for _, d in items]
    urls = [f"https://scontent.cdninstagram.com/v/{i}.jpg" for i in range(40)]
    cobalt.answer_next({"status": "picker", "picker": [{"type": "photo", "url": u} for u in urls]})
    again = await resolver.resolve("https://www.instagram.com/p/C9forty/")
    assert again.items == tuple(MediaItem(MediaType.PHOTO, url) for url in urls)


async def test_removed_posts_tunnels_stop_answering(cobalt, cobalt_settings, resolver, http):
    post = await resolver.resolve(REEL_LINK)
    cobalt.instagram_error(REEL, REMOVED)
    with pytest.raises(MediaUnavailable):
        await fetch(http, post.video_url, cobalt_settings(cobalt))


# -- share links


async def test_a_share_link_takes_its_id_from_the_file_name(cobalt, resolver):
    post = await resolver.resolve("https://www.instagram.com/share/reel/SHreel1/")
    assert (post.id, post.kind, post.link) == (REEL, PostKind.VIDEO, REEL_LINK)
    photo = await resolver.resolve("https://www.instagram.com/share/SHphoto2")
    assert (photo.id, photo.kind) == (PHOTO, PostKind.CAROUSEL)
    assert [body["url"] for body in cobalt.bodies()] == [
        "https://www.instagram.com/share/reel/SHreel1/",
        "https://www.instagram.com/share/SHphoto2/",
    ]


async def test_a_share_links_carousel_is_unsupported_here(cobalt, resolver):
    """A picker has no file names: nothing gives the post id. The chain asks the next backend
    without holding it against cobalt's breaker."""
    with pytest.raises(Unsupported, match="post id"):
        await resolver.resolve("https://www.instagram.com/share/p/SHcarou3/")
    assert cobalt.count("/") == 1


async def test_an_unknown_share_link_is_unavailable(cobalt, resolver):
    with pytest.raises(PostUnavailable, match="fetch.empty"):
        await resolver.resolve("https://www.instagram.com/share/NOPE123/")


# -- errors


@pytest.mark.parametrize(
    ("error", "expected", "reason"),
    [
        (PRIVATE, PostPrivate, "private"),
        (AGE_RESTRICTED, LoginRequired, "login_required"),
        (REMOVED, PostUnavailable, "unavailable"),
    ],
)
async def test_definitive_answers_are_mapped_and_not_retried(
    cobalt, resolver, error, expected, reason
):
    cobalt.instagram_error(REEL, error)
    with pytest.raises(ResolveError) as caught:
        await resolver.resolve(REEL_LINK)
    assert type(caught.value) is expected and caught.value.reason == reason
    assert isinstance(caught.value, PostUnavailable)  # definitive: a chain stops here
    assert error in str(caught.value)
    assert cobalt.count("/") == 1


async def test_an_unknown_post_is_unavailable(cobalt, resolver):
    with pytest.raises(PostUnavailable, match="fetch.empty"):
        await resolver.resolve("https://www.instagram.com/p/C9nothing/")


async def test_rate_limits_are_transient_and_not_retried(cobalt, resolver):
    cobalt.rate_limit_next(count=RETRIES + 1)
    with pytest.raises(ResolverDown, match="rate limit"):
        await resolver.resolve(REEL_LINK)
    assert cobalt.count("/") == 1
    cobalt.clear_faults()
    cobalt.error_next("error.api.fetch.rate", context={"service": "Instagram"}, count=3)
    with pytest.raises(ResolverDown, match="rate-limited by the platform"):
        await resolver.resolve(REEL_LINK)
    assert cobalt.count("/") == 2


async def test_fetch_failures_are_retried_then_transient(cobalt, resolver):
    cobalt.error_next("error.api.fetch.fail", context={"service": "Instagram"}, count=RETRIES + 1)
    with pytest.raises(ResolverDown, match="fetch.fail"):
        await resolver.resolve(REEL_LINK)
    assert cobalt.count("/") == RETRIES + 1
    cobalt.error_next("error.api.fetch.fail")
    assert (await resolver.resolve(REEL_LINK)).id == REEL


async def test_unsupported_links_and_local_processing(cobalt, resolver):
    cobalt.error_next("error.api.link.unsupported", context={"service": "Instagram"})
    with pytest.raises(InvalidLink):
        await resolver.resolve(REEL_LINK)
    cobalt.answer_next(
        {
            "status": "local-processing",
            "type": "proxy",
            "service": "instagram",
            "tunnel": [f"{cobalt.base_url}/tunnel?id=a"],
            "output": {"type": "video/mp4", "filename": f"instagram_{REEL}.mp4"},
        }
    )
    with pytest.raises(Unsupported, match="local processing"):
        await resolver.resolve(REEL_LINK)


@pytest.mark.parametrize(
    ("link", "body", "match"),
    [
        (REEL_LINK, "{not json", "not JSON"),
        (REEL_LINK, "[]", "not an object"),
        (REEL_LINK, '{"status": "stream", "url": "https://x/y"}', "unknown status"),
        (REEL_LINK, '{"status": 7}', "unknown status"),
        (REEL_LINK, '{"status": "redirect"}', "without a URL"),
        (REEL_LINK, '{"status": "picker", "picker": [{"type": "audio", "url": "u"}]}', "picker"),
        (REEL_LINK, '{"status": "tunnel", "url": "/tunnel?id=1", "filename": "x.zip"}', "type"),
        (
            "https://www.instagram.com/share/SHreel1/",
            '{"status": "tunnel", "url": "/tunnel?id=1", "filename": "reel.mp4"}',
            "post id",
        ),
    ],
)
async def test_malformed_answers_are_transient(cobalt, resolver, link, body, match):
    cobalt.answer_next(body)
    with pytest.raises(ResolverDown, match=match):
        await resolver.resolve(link)
    assert cobalt.count("/") == 1  # not retried: the same answer would come back


class Redirecting(LoopbackService):
    """``POST /`` answers ``status`` with ``Location: target`` (itself by default); records
    every request."""

    def __init__(self, status: int = 302, target: str = "/") -> None:
        super().__init__()
        self.status, self.target = status, target
        self.seen: list[tuple[str, str, str | None]] = []

    def build_app(self) -> web.Application:
        async def handle(request: web.Request) -> web.Response:
            self.seen.append((request.method, request.path, request.headers.get("Authorization")))
            return web.Response(status=self.status, headers={"Location": self.target})

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handle)
        return app


async def test_a_redirect_loop_on_the_api_is_a_clear_transient_error(tmp_path):
    async with Redirecting(302) as loop:
        settings = make_settings(tmp_path, COBALT_URL=loop.base_url, TIKTOK_RETRIES="2")
        session = create_http_session(settings)
        try:
            resolver = CobaltInstagramResolver.from_settings(settings, session, backoff_base=0)
            with pytest.raises(ResolverDown) as caught:
                await resolver.resolve(REEL_LINK)
        finally:
            await session.close()
    assert str(caught.value) == (
        f"cobalt answered HTTP 302, a redirect to {loop.base_url}; its API is not followed "
        "across redirects (is the configured URL its own?)"
    )
    assert loop.seen == [("POST", "/", None)]  # not followed, not retried


async def test_a_redirect_elsewhere_is_not_followed_with_the_key(tmp_path):
    async with Redirecting() as elsewhere, Redirecting(307) as cobalt:
        cobalt.target = f"{elsewhere.base_url}/api?token=abc"
        settings = make_settings(tmp_path, COBALT_URL=cobalt.base_url, COBALT_API_KEY=API_KEY)
        session = create_http_session(settings)
        try:
            resolver = CobaltInstagramResolver.from_settings(settings, session, backoff_base=0)
            with pytest.raises(ResolverDown, match=f"307, a redirect to {elsewhere.base_url};"):
                await resolver.resolve(REEL_LINK)
        finally:
            await session.close()
    assert cobalt.seen == [("POST", "/", f"Api-Key {API_KEY}")]
    assert elsewhere.seen == []


# -- the API key, the resolver's shape


async def test_the_api_key_is_sent_and_never_logged(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    async with CobaltEmulator(api_key=API_KEY) as cobalt:
        cobalt.add_instagram_video(REEL, video=VIDEO)
        settings = make_settings(tmp_path, COBALT_URL=cobalt.base_url, COBALT_API_KEY=API_KEY)
        session = create_http_session(settings)
        try:
            resolver = CobaltInstagramResolver.from_settings(settings, session, backoff_base=0)
            assert (await resolver.resolve(REEL_LINK)).id == REEL
            assert cobalt.requests[-1].headers["Authorization"] == f"Api-Key {API_KEY}"
            cobalt.fail_next(503)
            await resolver.resolve(REEL_LINK)  # a logged retry
            unkeyed = CobaltInstagramResolver(
                CobaltClient(session, base_url=cobalt.base_url, timeout=TIMEOUT, retries=0)
            )
            with pytest.raises(ResolverDown, match="COBALT_API_KEY"):
                await unkeyed.resolve(REEL_LINK)
        finally:
            await session.close()
    assert "retrying" in caplog.text
    assert API_KEY not in caplog.text and API_KEY not in repr(resolver.client)


async def test_the_resolver_lists_no_creators(cobalt, resolver):
    assert isinstance(resolver, Resolver) and resolver.platform is Platform.INSTAGRAM
    with pytest.raises(CreatorListingUnsupported) as caught:
        await resolver.creator_posts("nasa")
    assert caught.value.reason == "unsupported" and caught.value.reason in REASONS
    assert cobalt.requests == []
    await resolver.close()
