"""The cobalt backend against the cobalt stand-in over real HTTP on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest

from bot.media.meta import PostMeta
from bot.sources import (
    REASONS,
    InvalidLink,
    LoginRequired,
    MediaHostRefused,
    PostKind,
    PostPrivate,
    PostUnavailable,
    ResolveError,
    Resolver,
    ResolverDown,
    ResolverTimeout,
    create_http_session,
)
from bot.sources.cobalt import (
    TIKTOK_OPTIONS,
    CobaltClient,
    CobaltPicker,
    CobaltResolver,
    InvalidCobaltBody,
    error_for_code,
)
from bot.sources.download import download_to_file
from bot.sources.errors import CreatorListingUnsupported, Unsupported
from bot.sources.media_hosts import MediaHostRule, service_urls
from data.config import ConfigError, Settings, describe_settings
from data.redaction import secret_values
from devservers.cobalt import CobaltEmulator

from .conftest import BACKOFF, RETRIES, TIMEOUT, make_settings

VIDEO_ID = "7301234567890123456"
SLIDES_ID = "7301234567890123457"
VIDEO_LINK = f"https://www.tiktok.com/@nasa/video/{VIDEO_ID}"
SLIDES_LINK = f"https://www.tiktok.com/@art.ist_99/photo/{SLIDES_ID}"
VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 300
SOUND = b"ID3\x04" + b"la" * 5000
IMAGES = [hashlib.sha256(bytes([i])).digest() * 40 for i in range(4)]
API_KEY = "5f0c8d47-2b1e-4f5a-9c3d-7e6b1a2f4c80"
# The keys a cobalt 11 body may hold (api/src/processing/schema.js).
COBALT_11_KEYS = {
    "url",
    "audioBitrate",
    "audioFormat",
    "downloadMode",
    "filenameStyle",
    "videoQuality",
    "localProcessing",
    "youtubeVideoCodec",
    "youtubeVideoContainer",
    "youtubeDubLang",
    "subtitleLang",
    "disableMetadata",
    "allowH265",
    "convertGif",
    "tiktokFullAudio",
    "alwaysProxy",
    "youtubeHLS",
    "youtubeBetterAudio",
}


@pytest.fixture
async def cobalt() -> AsyncIterator[CobaltEmulator]:
    async with CobaltEmulator() as emulator:
        emulator.add_video(VIDEO_ID, author="nasa", video=VIDEO, short_code="ZMvid1")
        emulator.add_slideshow(SLIDES_ID, author="art.ist_99", images=IMAGES, sound=SOUND)
        yield emulator


@pytest.fixture
def cobalt_settings(tmp_path: Path) -> Callable[..., Settings]:
    def build(emulator: CobaltEmulator, **env: str) -> Settings:
        env = {"COBALT_URL": emulator.base_url, "TIKTOK_RETRIES": str(RETRIES), **env}
        return make_settings(tmp_path, timeout=TIMEOUT, **env)

    return build


@pytest.fixture
async def http(cobalt: CobaltEmulator, cobalt_settings) -> AsyncIterator[aiohttp.ClientSession]:
    session = create_http_session(cobalt_settings(cobalt))
    yield session
    await session.close()


@pytest.fixture
def resolver(cobalt, cobalt_settings, http) -> CobaltResolver:
    return CobaltResolver.from_settings(cobalt_settings(cobalt), http, backoff_base=BACKOFF)


async def fetch(http: aiohttp.ClientSession, url: str | None, settings: Settings) -> bytes:
    """The body at ``url`` under the bot's own media host rule for ``settings``."""
    assert url is not None
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "media"
        await download_to_file(
            http,
            url,
            target,
            hosts=MediaHostRule.from_settings(settings),
            max_bytes=10**8,
            timeout=5,
            deadline=30,
        )
        return target.read_bytes()


# -- what the client sends


async def test_request_speaks_cobalt_11(cobalt, resolver):
    await resolver.resolve(VIDEO_LINK + "?is_from_webapp=1")
    [request] = [r for r in cobalt.requests if r.method == "POST"]
    assert request.path == "/"
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Content-Type"] == "application/json"
    assert "Authorization" not in request.headers  # no key configured
    [body] = cobalt.bodies()
    assert body == {"url": VIDEO_LINK, **TIKTOK_OPTIONS}
    assert set(body) <= COBALT_11_KEYS
    assert not {"tiktokH265", "twitterGif", "isAudioOnly", "vQuality"} & set(body)


@pytest.mark.parametrize(
    "options",
    [
        {"tiktokH265": True},  # cobalt 10's name of allowH265
        {"twitterGif": False},  # cobalt 10's name of convertGif
        {"isNoTTWatermark": True},
        {"videoQuality": "999"},
        {"allowH265": "yes"},
        {"subtitleLang": "not a language"},
    ],
)
async def test_an_invalid_body_is_never_sent(cobalt, cobalt_settings, http, options):
    client = CobaltClient.from_settings(cobalt_settings(cobalt), http)
    with pytest.raises(InvalidCobaltBody):
        await client.request(VIDEO_LINK, **options)
    assert cobalt.requests == []


async def test_the_stand_in_refuses_unknown_keys_like_cobalt_11(cobalt, http):
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    for body, code in [
        ({"url": VIDEO_LINK, "tiktokH265": True}, "error.api.invalid_body"),
        ({"url": VIDEO_LINK, "downloadMode": "video"}, "error.api.invalid_body"),
        ({"videoQuality": "720"}, "error.api.link.missing"),
        ({"url": VIDEO_LINK, "alwaysProxy": False, "x": "y" * 1100}, "error.api.invalid_body"),
    ]:
        async with http.post(cobalt.base_url + "/", json=body, headers=headers) as response:
            assert response.status == 400
            assert (await response.json())["error"]["code"] == code
    async with http.post(cobalt.base_url + "/", json={"url": VIDEO_LINK}) as response:
        assert (await response.json())["error"]["code"] == "error.api.header.accept"


async def test_invalid_body_answer_is_a_transient_failure(cobalt, resolver):
    cobalt.error_next("error.api.invalid_body")
    with pytest.raises(ResolverDown, match="invalid_body"):
        await resolver.resolve(VIDEO_LINK)
    assert cobalt.count("/") == 1  # not retried: the same body would be refused again


# -- videos and slideshows


async def test_video_from_a_tunnel(cobalt, cobalt_settings, resolver, http):
    post = await resolver.resolve(VIDEO_LINK)
    assert (post.id, post.author, post.kind) == (VIDEO_ID, "nasa", PostKind.VIDEO)
    assert post.image_urls == () and post.sound is None
    assert post.video_url.startswith(cobalt.base_url + "/tunnel?")
    assert post.link == VIDEO_LINK
    assert await fetch(http, post.video_url, cobalt_settings(cobalt)) == VIDEO


async def test_short_link_takes_id_and_author_from_the_file_name(cobalt, resolver):
    post = await resolver.resolve("look https://vm.tiktok.com/ZMvid1/ !")
    assert (post.id, post.author, post.kind) == (VIDEO_ID, "nasa", PostKind.VIDEO)
    assert cobalt.bodies()[0]["url"] == "https://vm.tiktok.com/ZMvid1"


async def test_slideshow_with_its_sound(cobalt, cobalt_settings, resolver, http):
    post = await resolver.resolve(SLIDES_LINK)
    assert (post.id, post.author, post.kind) == (SLIDES_ID, "art.ist_99", PostKind.SLIDESHOW)
    assert post.video_url is None
    settings = cobalt_settings(cobalt)
    assert [await fetch(http, url, settings) for url in post.image_urls] == IMAGES  # in order
    assert post.sound is not None and post.sound.author == "art.ist_99"
    assert await fetch(http, post.sound.url, settings) == SOUND
    assert PostMeta.from_post(post).has_sound  # the music button is offered


async def test_silent_slideshow_has_no_sound(cobalt, resolver):
    cobalt.add_slideshow("7301234567890123458", author="quiet", images=IMAGES[:2], sound=None)
    post = await resolver.resolve("https://www.tiktok.com/@quiet/photo/7301234567890123458")
    assert post.kind is PostKind.SLIDESHOW and len(post.image_urls) == 2
    assert post.sound is None and not PostMeta.from_post(post).has_sound


async def test_picker_of_forty_photos_keeps_all_in_order(cobalt, resolver):
    """The resolver hands over all 40; MediaService caps them (MEDIA_MAX_IMAGES) and says so."""
    photos = [f"https://cdn.example/p/{i}.jpeg" for i in range(40)]
    cobalt.answer_next(
        {
            "status": "picker",
            "picker": [{"type": "photo", "url": url} for url in photos],
            "audio": "https://cdn.example/a.mp3",
            "audioFilename": f"tiktok_art.ist_99_{SLIDES_ID}_audio.mp3",
        }
    )
    post = await resolver.resolve(SLIDES_LINK)
    assert list(post.image_urls) == photos


async def test_a_picker_without_photos_is_malformed_for_tiktok(cobalt, resolver):
    cobalt.answer_next(
        {"status": "picker", "picker": [{"type": "video", "url": "https://cdn.example/v.mp4"}]}
    )
    with pytest.raises(ResolverDown, match="without photos"):
        await resolver.resolve(SLIDES_LINK)


async def test_the_client_layer_answers_a_picker_of_mixed_items(cobalt, cobalt_settings, http):
    """What an Instagram carousel needs from the same client: items in order, kinds kept."""
    cobalt.answer_next(
        {
            "status": "picker",
            "picker": [
                {"type": "photo", "url": "https://cdn.example/1.jpg"},
                {"type": "video", "url": "/tunnel?id=x", "thumb": "https://cdn.example/t.jpg"},
                {"type": "gif", "url": "https://cdn.example/3.gif"},
            ],
        }
    )
    client = CobaltClient.from_settings(cobalt_settings(cobalt), http)
    answer = await client.request("https://www.instagram.com/p/Cabc/", videoQuality="1080")
    assert isinstance(answer, CobaltPicker) and answer.audio is None
    assert [(i.kind, i.url, i.thumb) for i in answer.items] == [
        ("photo", "https://cdn.example/1.jpg", None),
        ("video", f"{cobalt.base_url}/tunnel?id=x", "https://cdn.example/t.jpg"),
        ("gif", "https://cdn.example/3.gif", None),
    ]


async def test_a_tunnel_on_a_refused_host_is_not_fetched(cobalt, cobalt_settings, resolver, http):
    cobalt.answer_next(
        {
            "status": "tunnel",
            "url": "http://127.0.0.1:1/tunnel?id=inside",  # loopback, but no configured service
            "filename": f"tiktok_nasa_{VIDEO_ID}.mp4",
        }
    )
    post = await resolver.resolve(VIDEO_LINK)
    with pytest.raises(MediaHostRefused):
        await fetch(http, post.video_url, cobalt_settings(cobalt))


def test_the_cobalt_host_is_a_service_of_the_media_host_rule(tmp_path):
    settings = make_settings(tmp_path, COBALT_URL="http://10.0.0.5:9000")
    assert "http://10.0.0.5:9000" in service_urls(settings)
    assert MediaHostRule.from_settings(settings).allows("10.0.0.5", 9000)
    assert not MediaHostRule.from_settings(settings).allows("10.0.0.5", 9001)


# -- errors


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("error.api.content.post.private", PostPrivate),
        ("error.api.content.post.unavailable", PostUnavailable),
        ("error.api.content.post.age", LoginRequired),
        ("error.api.content.video.unavailable", PostUnavailable),
        ("error.api.content.video.private", PostPrivate),
        ("error.api.content.video.age", LoginRequired),
        ("error.api.content.video.live", PostUnavailable),
        ("error.api.content.paid", PostUnavailable),
        ("error.api.content.region", PostUnavailable),
        ("error.api.fetch.empty", PostUnavailable),
        ("error.api.link.invalid", InvalidLink),
        ("error.api.link.unsupported", InvalidLink),
        ("error.api.fetch.short_link", InvalidLink),
        ("error.api.content.too_long", Unsupported),
        ("error.api.service.disabled", Unsupported),
        ("error.api.service.unsupported", Unsupported),
        ("error.api.rate_exceeded", ResolverDown),
        ("error.api.fetch.rate", ResolverDown),
        ("error.api.fetch.fail", ResolverDown),
        ("error.api.fetch.critical", ResolverDown),
        ("error.api.capacity", ResolverDown),
        ("error.api.auth.key.not_found", ResolverDown),
        ("error.api.something.new", ResolverDown),
    ],
)
async def test_each_error_code_maps_to_our_error(cobalt, resolver, code, expected):
    cobalt.error_next(code, count=RETRIES + 1)
    with pytest.raises(ResolveError) as caught:
        await resolver.resolve(VIDEO_LINK)
    assert type(caught.value) is expected
    assert caught.value.reason in REASONS
    assert code in str(caught.value)


def test_error_codes_without_prefix_or_code():
    assert isinstance(error_for_code("content.post.private"), PostUnavailable)  # definitive
    assert isinstance(error_for_code("error.api.content.post.age"), PostUnavailable)
    assert type(error_for_code(None)) is ResolverDown
    assert "window 60 s" in str(error_for_code("error.api.rate_exceeded", {"limit": 60}))


async def test_posts_the_stand_in_knows_are_private_or_gone(cobalt, resolver):
    cobalt.make_private(VIDEO_ID)
    with pytest.raises(PostUnavailable, match="private"):
        await resolver.resolve(VIDEO_LINK)
    with pytest.raises(PostUnavailable, match=r"post\.unavailable"):
        await resolver.resolve("https://www.tiktok.com/@nasa/video/7309999999999999999")
    with pytest.raises(InvalidLink, match="short_link"):
        await resolver.resolve("https://vm.tiktok.com/ZMnope/")
    assert cobalt.count("/") == 3  # definitive answers are not retried


async def test_not_a_tiktok_link_sends_nothing(cobalt, resolver):
    with pytest.raises(InvalidLink):
        await resolver.resolve("https://www.instagram.com/reel/abc/")
    assert cobalt.requests == []


async def test_fetch_failures_are_retried_then_transient(cobalt, resolver):
    cobalt.error_next("error.api.fetch.fail", context={"service": "TikTok"}, count=RETRIES + 1)
    with pytest.raises(ResolverDown, match="fetch.fail"):
        await resolver.resolve(VIDEO_LINK)
    assert cobalt.count("/") == RETRIES + 1


async def test_a_fetch_failure_then_success(cobalt, resolver):
    cobalt.error_next("error.api.fetch.critical", status=500)
    post = await resolver.resolve(VIDEO_LINK)
    assert post.id == VIDEO_ID and cobalt.count("/") == 2


async def test_rate_limit_is_not_retried(cobalt, resolver):
    cobalt.rate_limit_next(count=RETRIES + 1)
    with pytest.raises(ResolverDown, match="rate limit"):
        await resolver.resolve(VIDEO_LINK)
    assert cobalt.count("/") == 1  # its window is a minute: the next backend should answer


async def test_plain_5xx_is_retried(cobalt, resolver):
    cobalt.fail_next(
        502, count=RETRIES + 1, body="<html>bad gateway</html>", content_type="text/html"
    )
    with pytest.raises(ResolverDown, match="HTTP 502"):
        await resolver.resolve(VIDEO_LINK)
    assert cobalt.count("/") == RETRIES + 1


async def test_timeout(cobalt, resolver):
    cobalt.delay(TIMEOUT * 4)
    with pytest.raises(ResolverTimeout):
        await resolver.resolve(VIDEO_LINK)


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "not an object"),
        ('{"status": "stream", "url": "https://x/y"}', "unknown status"),
        ('{"status": "tunnel"}', "without a URL"),
        ('{"status": "redirect", "url": 5}', "without a URL"),
        ('{"status": "picker", "picker": []}', "without items"),
        ('{"status": "picker", "picker": [{"type": "photo"}]}', "malformed picker item"),
        ('{"status": "picker", "picker": [{"type": "audio", "url": "u"}]}', "malformed picker"),
        ('{"status": "error", "error": "nope"}', "without details"),
        (
            '{"status": "tunnel", "url": "https://cdn.example/v.mp4", "filename": "x.mp4"}',
            "post id",
        ),
    ],
)
async def test_malformed_answers_are_transient(cobalt, body, match):
    async with aiohttp.ClientSession() as session:
        client = CobaltClient(session, base_url=cobalt.base_url, timeout=TIMEOUT, retries=0)
        cobalt.answer_next(body)
        with pytest.raises(ResolverDown, match=match):
            # a short link: the post id can only come from the file name
            await CobaltResolver(client).resolve("https://vm.tiktok.com/ZMvid1")


async def test_local_processing_is_unsupported(cobalt, resolver):
    cobalt.answer_next(
        {
            "status": "local-processing",
            "type": "merge",
            "service": "tiktok",
            "tunnel": [f"{cobalt.base_url}/tunnel?id=a", f"{cobalt.base_url}/tunnel?id=b"],
            "output": {"type": "video/mp4", "filename": f"tiktok_nasa_{VIDEO_ID}.mp4"},
        }
    )
    with pytest.raises(Unsupported, match="local processing"):
        await resolver.resolve(VIDEO_LINK)
    assert cobalt.count("/") == 1


async def test_creator_listing_is_unsupported(cobalt, resolver):
    assert isinstance(resolver, Resolver)
    with pytest.raises(CreatorListingUnsupported) as caught:
        await resolver.creator_posts("nasa", count=5)
    assert isinstance(caught.value, Unsupported) and caught.value.reason == "unsupported"
    assert "unsupported" in REASONS
    assert cobalt.requests == []
    await resolver.close()


# -- the API key


async def test_api_key_is_sent_and_never_logged(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    async with CobaltEmulator(api_key=API_KEY) as cobalt:
        cobalt.add_video(VIDEO_ID, author="nasa", video=VIDEO)
        # upper case in the configuration: cobalt compares keys in lower case
        settings = make_settings(
            tmp_path, COBALT_URL=cobalt.base_url, COBALT_API_KEY=API_KEY.upper(), TIKTOK_RETRIES="2"
        )
        http = create_http_session(settings)
        try:
            resolver = CobaltResolver.from_settings(settings, http, backoff_base=BACKOFF)
            post = await resolver.resolve(VIDEO_LINK)
            assert post.id == VIDEO_ID
            assert cobalt.requests[-1].headers["Authorization"] == f"Api-Key {API_KEY}"
            cobalt.fail_next(503, count=2)  # logged retries
            await resolver.resolve(VIDEO_LINK)
            cobalt.error_next("error.api.fetch.fail", count=3)
            with pytest.raises(ResolverDown) as caught:
                await resolver.resolve(VIDEO_LINK)
            texts = [caplog.text, str(caught.value), repr(resolver.client), repr(settings)]
            texts += describe_settings(settings)
        finally:
            await http.close()
    assert caplog.records  # the retries were logged...
    assert not [text for text in texts if API_KEY in text.lower()]  # ...without the key
    assert API_KEY in secret_values(settings)  # masked by the process's redaction as well


async def test_a_missing_or_wrong_key_is_explained(tmp_path):
    async with CobaltEmulator(api_key=API_KEY) as cobalt:
        cobalt.add_video(VIDEO_ID, author="nasa", video=VIDEO)
        async with aiohttp.ClientSession() as session:
            for key, code in [
                ("", "auth.key.missing"),
                ("0f0c8d47-2b1e-4f5a-9c3d-7e6b1a2f4c80", "auth.key.not_found"),
            ]:
                client = CobaltClient(
                    session, base_url=cobalt.base_url, api_key=key, timeout=TIMEOUT, retries=2
                )
                with pytest.raises(ResolverDown, match="COBALT_API_KEY") as caught:
                    await CobaltResolver(client).resolve(VIDEO_LINK)
                assert code in str(caught.value)
        assert cobalt.count("/") == 2  # refused keys are not retried


@pytest.mark.parametrize("value", ["not-a-uuid", "5f0c8d47-2b1e-4f5a-9c3d-7e6b1a2f4c8", "k" * 36])
def test_a_malformed_api_key_is_a_startup_error_naming_the_key(tmp_path, value):
    with pytest.raises(ConfigError) as caught:
        make_settings(tmp_path, COBALT_API_KEY=value)
    assert "COBALT_API_KEY" in str(caught.value) and value not in str(caught.value)


def test_cobalt_url_must_be_http(tmp_path):
    with pytest.raises(ConfigError, match="COBALT_URL"):
        make_settings(tmp_path, COBALT_URL="ftp://cobalt.example")
    with pytest.raises(ConfigError, match="COBALT_URL"):
        make_settings(tmp_path, COBALT_URL="https://user:pw@cobalt.example")


def test_the_resolver_needs_a_url(tmp_path):
    with pytest.raises(ValueError, match="COBALT_URL"):
        CobaltResolver.from_settings(make_settings(tmp_path), session=None)  # type: ignore[arg-type]


def test_body_json_stays_under_cobalts_size_limit():
    long_link = "https://www.tiktok.com/@" + "a" * 24 + "/video/" + "9" * 19
    assert len(json.dumps({"url": long_link, **TIKTOK_OPTIONS})) < 1024
