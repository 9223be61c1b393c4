"""The tikwm backend against the tikwm emulator over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import tempfile
import time
from pathlib import Path

import aiohttp
import pytest

from bot.sources import (
    CreatorNotFound,
    InvalidLink,
    PostKind,
    PostUnavailable,
    Rendition,
    Resolver,
    ResolverDown,
    ResolverTimeout,
    create_http_session,
    create_resolver,
    proxy_from_settings,
)
from bot.sources.download import download_to_file
from bot.sources.http import USER_AGENT, redact
from bot.sources.media_hosts import MediaHostRule
from bot.sources.tikwm import TikwmResolver, creator_page_from_data, post_from_data
from bot.sources.ytdlp import YtDlpResolver
from devservers.tikwm import TikwmEmulator

from .conftest import BACKOFF, RETRIES, TIMEOUT, ForwardProxy

VIDEO_ID = "7301234567890123456"
VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 300
SOUND = b"ID3\x04" + b"la" * 5000


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def fetch(http: aiohttp.ClientSession, url: str | None, proxy: str | None = None) -> bytes:
    """The body at ``url`` (on the emulator, the configured resolver), through a temp file."""
    assert url is not None
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "media"
        await download_to_file(
            http,
            url,
            target,
            hosts=MediaHostRule.for_services([url]),
            max_bytes=10**8,
            timeout=5,
            deadline=30,
            proxy=proxy,
        )
        return target.read_bytes()


# -- videos, slideshows, sounds


async def test_video_prefers_hdplay_and_resolves_relative_urls(tikwm, resolver, http):
    served = tikwm.add_video(
        VIDEO_ID,
        author="nasa",
        nickname="NASA",
        caption="Launch day #space",
        video=VIDEO,
        sound=SOUND,
        width=1080,
        height=1920,
        duration=12,
        created_at=1_700_000_123,
    )
    assert served["hdplay"].startswith("/media/")  # relative in the answer

    post = await resolver.resolve(f"https://www.tiktok.com/@nasa/video/{VIDEO_ID}?lang=en")

    assert post.id == VIDEO_ID
    assert post.kind is PostKind.VIDEO
    assert (post.author, post.author_name, post.caption) == ("nasa", "NASA", "Launch day #space")
    assert post.video_url == f"{tikwm.base_url}{served['hdplay']}"
    assert post.image_urls == ()
    assert (post.duration, post.width, post.height) == (12, 1080, 1920)
    assert post.size == len(VIDEO)
    assert post.created_at == 1_700_000_123
    assert post.cover_url == f"{tikwm.base_url}{served['cover']}"
    assert post.link == f"https://www.tiktok.com/@nasa/video/{VIDEO_ID}"
    assert sha(await fetch(http, post.video_url)) == sha(VIDEO)  # not the watermarked file
    assert tikwm.count("/api/") == 1
    assert tikwm.requests[0].query == {
        "url": f"https://www.tiktok.com/@nasa/video/{VIDEO_ID}",
        "hd": "1",
    }


async def test_absolute_media_urls_are_kept(tikwm, resolver, http):
    served = tikwm.add_video(VIDEO_ID, video=VIDEO, sound=SOUND, absolute_urls=True)
    assert served["hdplay"].startswith(tikwm.base_url)

    post = await resolver.resolve(f"tiktok.com/@creator/video/{VIDEO_ID}")

    assert post.video_url == served["hdplay"]
    assert post.sound is not None and post.sound.url == served["music_info"]["play"]
    assert sha(await fetch(http, post.video_url)) == sha(VIDEO)


async def test_play_is_used_when_there_is_no_hd_version(tikwm, resolver, http):
    served = tikwm.add_video(VIDEO_ID, video=VIDEO, hd=False)
    post = await resolver.resolve(f"m.tiktok.com/@creator/video/{VIDEO_ID}")
    assert post.video_url == f"{tikwm.base_url}{served['play']}"
    assert "wmplay" not in post.video_url
    assert post.size == len(VIDEO)
    assert sha(await fetch(http, post.video_url)) == sha(VIDEO)


async def test_video_lists_hdplay_then_play_as_renditions(tikwm, resolver, http):
    hd_video = VIDEO + b"hd" * 4000
    served = tikwm.add_video(VIDEO_ID, video=VIDEO, hd_video=hd_video, width=1080, height=1920)
    post = await resolver.resolve(f"tiktok.com/@creator/video/{VIDEO_ID}")

    hd = Rendition(f"{tikwm.base_url}{served['hdplay']}", len(hd_video), 1080, 1920)
    play = Rendition(f"{tikwm.base_url}{served['play']}", len(VIDEO), None, None)
    assert post.renditions == post.video_renditions == (hd, play)
    assert (post.video_url, post.size, post.width, post.height) == (hd.url, hd.size, 1080, 1920)
    assert sha(await fetch(http, hd.url)) == sha(hd_video)
    assert sha(await fetch(http, play.url)) == sha(VIDEO)


async def test_renditions_without_sizes_have_none(tikwm, resolver):
    tikwm.add_video(VIDEO_ID, video=VIDEO, hd_video=VIDEO * 2, report_sizes=False)
    post = await resolver.resolve(f"tiktok.com/@creator/video/{VIDEO_ID}")
    assert [r.size for r in post.renditions] == [None, None]
    assert post.size is None


async def test_video_without_hd_has_one_rendition_with_the_posts_dimensions(tikwm, resolver):
    served = tikwm.add_video(VIDEO_ID, video=VIDEO, hd=False, width=576, height=1024)
    post = await resolver.resolve(f"tiktok.com/@creator/video/{VIDEO_ID}")
    assert post.renditions == ()  # the one video_url describes
    play = Rendition(f"{tikwm.base_url}{served['play']}", len(VIDEO), 576, 1024)
    assert post.video_renditions == (play,)


def test_hdplay_and_play_at_the_same_url_are_one_rendition():
    data = {"id": "1", "hdplay": "/v.mp4", "play": "/v.mp4", "hd_size": 10, "size": 10}
    post = post_from_data(data, "http://x")
    assert post.renditions == ()
    assert post.video_renditions == (Rendition("http://x/v.mp4", 10, None, None),)


async def test_slideshow_of_13_images_in_order(tikwm, resolver, http):
    images = [f"photo {i}".encode() * (i + 1) for i in range(13)]
    tikwm.add_slideshow("7309999999999999999", author="pics", images=images, sound=SOUND)

    post = await resolver.resolve("https://www.tiktok.com/@pics/photo/7309999999999999999")

    assert post.kind is PostKind.SLIDESHOW
    assert post.video_url is None
    assert len(post.image_urls) == 13
    assert all(url.startswith(tikwm.base_url + "/media/") for url in post.image_urls)
    fetched = await asyncio.gather(*(fetch(http, url) for url in post.image_urls))
    assert fetched == images
    assert post.sound is not None
    assert await fetch(http, post.sound.url) == SOUND
    assert post.link == "https://www.tiktok.com/@pics/photo/7309999999999999999"


async def test_sound_is_described_and_downloadable(tikwm, resolver, http):
    served = tikwm.add_video(
        VIDEO_ID,
        author="dj",
        sound=SOUND,
        sound_title="Big Tune",
        sound_author="DJ X",
        duration=30,
    )
    post = await resolver.resolve(f"https://www.tiktok.com/@dj/video/{VIDEO_ID}")
    assert post.sound is not None
    assert post.sound.id == served["music_info"]["id"]
    assert (post.sound.title, post.sound.author, post.sound.duration) == ("Big Tune", "DJ X", 30)
    assert sha(await fetch(http, post.sound.url)) == sha(SOUND)


async def test_post_without_sound_has_none(tikwm, resolver):
    tikwm.add_video(VIDEO_ID, sound=None)
    post = await resolver.resolve(f"https://www.tiktok.com/@creator/video/{VIDEO_ID}")
    assert post.sound is None


@pytest.mark.parametrize(
    "link",
    [
        "https://vm.tiktok.com/ZMabc123/",
        "vt.tiktok.com/ZMabc123?share=1",
        "https://www.tiktok.com/t/ZMabc123/",
        "look at this: tiktok.com/t/ZMabc123 !!",
    ],
)
async def test_short_links_resolve(tikwm, resolver, link):
    tikwm.add_video(VIDEO_ID, author="shorty", short_code="ZMabc123")
    post = await resolver.resolve(link)
    assert (post.id, post.author) == (VIDEO_ID, "shorty")


# -- posts that cannot be fetched


async def test_private_post_is_unavailable(tikwm, resolver):
    tikwm.add_video(VIDEO_ID)
    tikwm.make_private(VIDEO_ID)
    with pytest.raises(PostUnavailable) as caught:
        await resolver.resolve(f"https://www.tiktok.com/@creator/video/{VIDEO_ID}")
    assert caught.value.reason == "unavailable"
    assert "private" in str(caught.value)
    assert tikwm.count("/api/") == 1  # not retried


async def test_deleted_post_is_unavailable(tikwm, resolver):
    tikwm.add_video(VIDEO_ID)
    tikwm.delete(VIDEO_ID)
    with pytest.raises(PostUnavailable) as caught:
        await resolver.resolve(f"https://www.tiktok.com/@creator/video/{VIDEO_ID}")
    assert caught.value.reason == "unavailable"
    assert "deleted" in str(caught.value)


async def test_link_tikwm_cannot_parse_is_invalid(tikwm, resolver):
    with pytest.raises(InvalidLink) as caught:
        await resolver.resolve("https://vm.tiktok.com/ZMunknown/")
    assert caught.value.reason == "invalid_link"
    assert tikwm.count("/api/") == 1


@pytest.mark.parametrize(
    "text", ["", "hello", "https://tiktok.com.evil.org/@a/video/1", "tiktok.com/@nasa"]
)
async def test_text_without_a_post_link_is_invalid_without_asking(tikwm, resolver, text):
    with pytest.raises(InvalidLink):
        await resolver.resolve(text)
    assert tikwm.requests == []


# -- retries, timeouts, broken answers


async def test_500_then_success_is_retried(tikwm, resolver):
    tikwm.add_video(VIDEO_ID)
    tikwm.fail_next("/api/", 500)
    post = await resolver.resolve(f"https://www.tiktok.com/@creator/video/{VIDEO_ID}")
    assert post.id == VIDEO_ID
    assert tikwm.count("/api/") == 2


async def test_rate_limit_answer_is_retried(tikwm, resolver):
    tikwm.add_video(VIDEO_ID)
    tikwm.rate_limit_next(2)
    post = await resolver.resolve(f"https://www.tiktok.com/@creator/video/{VIDEO_ID}")
    assert post.id == VIDEO_ID
    assert tikwm.count("/api/") == 3


async def test_500_forever_gives_resolver_down_after_all_attempts(tikwm, resolver):
    tikwm.add_video(VIDEO_ID)
    tikwm.fail_next("/api/", 503, count=100)
    with pytest.raises(ResolverDown) as caught:
        await resolver.resolve(f"https://www.tiktok.com/@creator/video/{VIDEO_ID}")
    assert caught.value.reason == "resolver_down"
    assert "503" in str(caught.value)
    assert tikwm.count("/api/") == RETRIES + 1


async def test_retries_zero_means_one_attempt(tikwm, settings_for, http):
    resolver = create_resolver(settings_for(TIKTOK_RETRIES="0"), http, backoff_base=BACKOFF)
    tikwm.fail_next("/api/", 500, count=5)
    with pytest.raises(ResolverDown):
        await resolver.resolve(f"https://www.tiktok.com/@creator/video/{VIDEO_ID}")
    assert tikwm.count("/api/") == 1


async def test_404_is_not_retried(tikwm, resolver):
    tikwm.fail_next("/api/", 404, count=5)
    with pytest.raises(ResolverDown) as caught:
        await resolver.resolve(f"https://www.tiktok.com/@creator/video/{VIDEO_ID}")
    assert "404" in str(caught.value)
    assert tikwm.count("/api/") == 1


async def test_timeout_gives_resolver_timeout_after_all_attempts(tikwm, settings_for, http):
    retries = 1
    resolver = create_resolver(
        settings_for(TIKTOK_RETRIES=str(retries)), http, backoff_base=BACKOFF
    )
    tikwm.add_video(VIDEO_ID)
    tikwm.delay("/api/", 30)
    started = time.monotonic()
    with pytest.raises(ResolverTimeout) as caught:
        await resolver.resolve(f"https://www.tiktok.com/@creator/video/{VIDEO_ID}")
    elapsed = time.monotonic() - started
    assert caught.value.reason == "timeout"
    assert tikwm.count("/api/") == retries + 1
    assert (retries + 1) * TIMEOUT * 0.9 <= elapsed < (retries + 1) * TIMEOUT + 1.0


async def test_slow_first_answer_then_success(tikwm, settings_for, http):
    resolver = create_resolver(settings_for(), http, backoff_base=BACKOFF)
    tikwm.add_video(VIDEO_ID)
    tikwm.delay("/api/", 30)
    task = asyncio.create_task(
        resolver.resolve(f"https://www.tiktok.com/@creator/video/{VIDEO_ID}")
    )
    await tikwm.wait_until(lambda: tikwm.count("/api/") == 1)
    tikwm.delay("/api/", 0)  # the retry will be answered at once
    post = await task
    assert post.id == VIDEO_ID
    assert tikwm.count("/api/") == 2


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("{not json", "application/json", "not JSON"),
        ("<html>Just a moment...</html>", "text/html", "not JSON"),
        ("[1, 2, 3]", "application/json", "not an object"),
        ('{"code": 0, "msg": "success"}', "application/json", "malformed"),
        (
            '{"code": 0, "msg": "success", "data": {"title": "no id"}}',
            "application/json",
            "malformed",
        ),
    ],
)
async def test_malformed_answers_give_resolver_down(tikwm, resolver, body, content_type, expected):
    tikwm.answer_next("/api/", body, content_type=content_type)
    with pytest.raises(ResolverDown) as caught:
        await resolver.resolve(f"https://www.tiktok.com/@creator/video/{VIDEO_ID}")
    assert expected in str(caught.value)
    assert tikwm.count("/api/") == 1


async def test_unreachable_service_gives_resolver_down(tikwm, settings, http):
    await tikwm.stop()  # nothing listens on that port any more
    resolver = create_resolver(settings, http, backoff_base=BACKOFF)
    with pytest.raises(ResolverDown) as caught:
        await resolver.resolve(f"https://www.tiktok.com/@creator/video/{VIDEO_ID}")
    assert "request failed" in str(caught.value)


# -- creators


def add_posts(tikwm: TikwmEmulator, author: str, n: int, *, start: int = 1_700_000_000) -> list:
    """``n`` posts a minute apart (every third a slideshow); ids returned newest first."""
    ids = []
    for i in range(n):
        post_id = str(7_310_000_000_000_000_000 + i)
        if i % 3 == 2:
            tikwm.add_slideshow(
                post_id, author=author, images=[b"a", b"b"], created_at=start + 60 * i
            )
        else:
            tikwm.add_video(post_id, author=author, created_at=start + 60 * i)
        ids.append(post_id)
    return ids[::-1]


async def test_creator_posts_pages_newest_first(tikwm, resolver):
    newest_first = add_posts(tikwm, "nasa", 7)
    tikwm.add_video("7399999999999999999", author="someone_else")
    tikwm.add_creator("nasa")

    pages, cursor = [], None
    while True:
        page = await resolver.creator_posts("@NASA", count=3, cursor=cursor)
        pages.append(page)
        if not page.has_more:
            break
        cursor = page.cursor
        assert cursor is not None

    assert [len(p.posts) for p in pages] == [3, 3, 1]
    assert pages[-1].cursor is None
    posts = [post for page in pages for post in page.posts]
    assert [p.id for p in posts] == newest_first
    assert [p.created_at for p in posts] == sorted((p.created_at for p in posts), reverse=True)
    kinds = {p.id: p.kind for p in posts}
    assert kinds[str(7_310_000_000_000_000_002)] is PostKind.SLIDESHOW
    assert kinds[str(7_310_000_000_000_000_000)] is PostKind.VIDEO
    assert [r.query["unique_id"] for r in tikwm.requests] == ["nasa"] * 3
    assert tikwm.requests[0].query["count"] == "3"


async def test_creator_posts_since_keeps_newer_and_stops_paging(tikwm, resolver):
    newest_first = add_posts(tikwm, "nasa", 6, start=1_700_000_000)
    tikwm.add_creator("nasa")
    since = 1_700_000_000 + 60 * 3  # posts 4 and 5 are newer

    page = await resolver.creator_posts("nasa", since=since, count=10)
    assert [p.id for p in page.posts] == newest_first[:2]
    assert all(p.created_at > since for p in page.posts)
    assert page.has_more is False and page.cursor is None

    # A page entirely newer than `since` still says there may be more.
    first = await resolver.creator_posts("nasa", since=since - 1000, count=2)
    assert len(first.posts) == 2 and first.has_more and first.cursor is not None


async def test_old_pinned_post_does_not_end_paging(tikwm, resolver):
    newest_first = add_posts(tikwm, "nasa", 5)
    oldest = newest_first[-1]
    tikwm.add_creator("nasa", pinned=[oldest])
    since = 1_700_000_000 + 60  # the pinned post is older than this

    page = await resolver.creator_posts("nasa", since=since, count=3)
    assert oldest not in [p.id for p in page.posts]
    assert [p.id for p in page.posts] == newest_first[:2]
    assert page.has_more  # only the pinned post was old: later pages may hold newer ones


async def test_creator_without_posts(tikwm, resolver):
    tikwm.add_creator("quiet")
    page = await resolver.creator_posts("quiet")
    assert (page.posts, page.cursor, page.has_more) == ((), None, False)


async def test_unknown_creator(tikwm, resolver):
    tikwm.add_creator("gone")
    tikwm.remove_creator("gone")
    with pytest.raises(CreatorNotFound) as caught:
        await resolver.creator_posts("gone")
    assert caught.value.reason == "unavailable"
    assert tikwm.count("/api/user/posts") == 1


@pytest.mark.parametrize("name", ["", "a", "has space", "x" * 25, "bad/name"])
async def test_impossible_creator_name_is_not_asked(tikwm, resolver, name):
    with pytest.raises(CreatorNotFound):
        await resolver.creator_posts(name)
    assert tikwm.requests == []


async def test_creator_posts_retries_like_resolve(tikwm, resolver):
    add_posts(tikwm, "nasa", 2)
    tikwm.add_creator("nasa")
    tikwm.fail_next("/api/user/posts", 502)
    page = await resolver.creator_posts("nasa")
    assert len(page.posts) == 2
    assert tikwm.count("/api/user/posts") == 2


# -- proxy


async def test_every_request_goes_through_the_proxy(tikwm, settings_for, proxy: ForwardProxy):
    settings = settings_for(TIKTOK_PROXY=proxy.url_with("alice", "s3cret"))
    tikwm.add_video(VIDEO_ID, video=VIDEO)
    tikwm.add_creator("creator")
    http = create_http_session(settings)
    try:
        resolver = create_resolver(settings, http, backoff_base=BACKOFF)
        post = await resolver.resolve(f"https://www.tiktok.com/@creator/video/{VIDEO_ID}")
        await resolver.creator_posts("creator")
        body = await fetch(http, post.video_url, proxy=proxy_from_settings(settings))
    finally:
        await http.close()

    assert sha(body) == sha(VIDEO)
    assert tikwm.count() == 3
    assert [method for method, _, _ in proxy.seen] == ["GET"] * 3
    assert [target.startswith(tikwm.base_url) for _, target, _ in proxy.seen] == [True] * 3
    expected_auth = "Basic " + base64.b64encode(b"alice:s3cret").decode()
    assert {auth for _, _, auth in proxy.seen} == {expected_auth}


async def test_dead_proxy_error_reveals_no_proxy_details(tikwm, settings_for, http, proxy):
    dead = proxy.url_with("alice", "s3cret-pass")
    await proxy.stop()
    settings = settings_for(TIKTOK_PROXY=dead)
    resolver = create_resolver(settings, http, backoff_base=BACKOFF)
    with pytest.raises(ResolverDown) as caught:
        await resolver.resolve(f"https://www.tiktok.com/@creator/video/{VIDEO_ID}")
    message = str(caught.value)
    assert "cannot connect to the proxy" in message
    for secret in ("s3cret-pass", "alice", f":{proxy.port}", dead):
        assert secret not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert tikwm.requests == []
    await proxy.start()  # the fixture stops it again


def test_redact_removes_proxy_url_credentials_and_host():
    proxy = "http://bob:pa%40ss@proxy.example.net:3128"
    text = f"Cannot connect to host proxy.example.net:3128 via {proxy}; auth bob:pa%40ss / pa@ss"
    cleaned = redact(text, proxy)
    for secret in ("proxy.example.net", "3128", "pa%40ss", "pa@ss", "bob:"):
        assert secret not in cleaned
    assert redact("nothing secret", None) == "nothing secret"


# -- factory, session, mapping edge cases


async def test_factory_picks_the_backend(settings_for, http):
    tikwm_resolver = create_resolver(settings_for(), http)
    ytdlp_resolver = create_resolver(settings_for(TIKTOK_BACKEND="ytdlp"), http)
    # A chain of one backend each (the old single key still works).
    assert [type(b.resolver) for b in tikwm_resolver.backends] == [TikwmResolver]
    assert [type(b.resolver) for b in ytdlp_resolver.backends] == [YtDlpResolver]
    for made in (tikwm_resolver, ytdlp_resolver):
        assert isinstance(made, Resolver)
        await made.close()
    assert not http.closed  # the shared session is not the resolver's to close


async def test_http_session_ignores_environment_and_sends_a_user_agent(settings, tikwm):
    session = create_http_session(settings)
    try:
        assert session.trust_env is False
        assert session.headers["User-Agent"] == USER_AGENT
        assert session.timeout.sock_read == TIMEOUT
        async with session.get(f"{tikwm.base_url}/api/", params={"url": "x"}) as response:
            assert response.status == 200
    finally:
        await session.close()


def test_post_from_data_handles_odd_values():
    data = {
        "id": 7300000000000000001,
        "title": None,
        "hdplay": "",
        "play": "//cdn.example/v.mp4",
        "size": "2048",
        "duration": 0,
        "images": [],
        "music_info": {"id": 1, "title": "t", "author": "a", "play": None},
        "music": "https://cdn.example/m.mp3",
        "author": "not a dict",
    }
    post = post_from_data(data, "https://www.tikwm.com")
    assert post.kind is PostKind.VIDEO
    assert post.video_url == "https://cdn.example/v.mp4"
    assert (post.size, post.duration, post.caption, post.author) == (2048, None, "", "")
    assert post.sound is not None and post.sound.url == "https://cdn.example/m.mp3"


def test_video_without_any_play_url_is_unavailable():
    with pytest.raises(PostUnavailable):
        post_from_data({"id": "1", "play": "", "hdplay": "", "wmplay": "/w.mp4"}, "http://x")


def test_creator_page_skips_broken_entries():
    page = creator_page_from_data(
        {
            "videos": [
                {"video_id": "12", "create_time": 200},
                {"video_id": "x", "create_time": 300},
                {"video_id": "13"},
                "junk",
                {"video_id": "11", "create_time": "100", "images": ["/a.jpeg"]},
            ],
            "cursor": 99,
            "hasMore": True,
        }
    )
    assert [(p.id, p.created_at, p.kind) for p in page.posts] == [
        ("12", 200, PostKind.VIDEO),
        ("11", 100, PostKind.SLIDESHOW),
    ]
    assert (page.cursor, page.has_more) == ("99", True)


# -- the emulator itself


async def test_emulator_accepts_post_forms_and_records_everything(tikwm, http):
    tikwm.add_video(VIDEO_ID, author="nasa")
    link = f"https://www.tiktok.com/@nasa/video/{VIDEO_ID}"
    async with http.post(f"{tikwm.base_url}/api/", data={"url": link, "hd": "1"}) as response:
        answer = await response.json()
    assert answer["code"] == 0 and answer["data"]["id"] == VIDEO_ID
    async with http.get(f"{tikwm.base_url}/nowhere") as response:
        assert response.status == 404
    async with http.head(f"{tikwm.base_url}/media/{VIDEO_ID}/hdplay.mp4") as response:
        assert response.status == 200
    assert [(r.method, r.path) for r in tikwm.requests] == [
        ("POST", "/api/"),
        ("GET", "/nowhere"),
        ("HEAD", f"/media/{VIDEO_ID}/hdplay.mp4"),
    ]
    assert tikwm.requests[0].query == {"url": link, "hd": "1"}
    assert tikwm.media_fetches() == 0
    await tikwm.wait_until(lambda: tikwm.count() == 3, timeout=1)
    with pytest.raises(TimeoutError):
        await tikwm.wait_until(lambda: tikwm.count() == 4, timeout=0.05)
