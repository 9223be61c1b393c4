"""MediaFetcher.fetch_video against the tikwm stand-in on 127.0.0.1: the rendition each quality
sends, a smaller one when the chosen one is over the upload limit, TooLarge when none fits."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest

from bot.media.fetching import FetchedVideo, MediaFetcher, TooLarge
from bot.media.scratch import ScratchFolder
from bot.sources import Post, Rendition, create_http_session
from bot.sources.tikwm import TikwmResolver
from data.config import Settings, load_settings
from data.preferences import Quality
from devservers.tikwm import TikwmEmulator

POST = "7330000000000000001"
PLAY = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 160  # TikTok's standard rendition
HD = b"\x00\x00\x00\x18ftypmp42" + bytes(range(255, -1, -1)) * 400  # bigger, other bytes
FILES = {"hdplay.mp4": HD, "play.mp4": PLAY}
LINK = f"https://www.tiktok.com/@creator/video/{POST}"


@pytest.fixture
async def tikwm() -> AsyncIterator[TikwmEmulator]:
    async with TikwmEmulator() as emulator:
        yield emulator


@pytest.fixture
def settings(tmp_path: Path, tikwm: TikwmEmulator) -> Settings:
    ini, dotenv = tmp_path / "empty.ini", tmp_path / "empty.env"
    ini.touch()
    dotenv.touch()
    env = {"TIKWM_URL": tikwm.base_url, "TIKTOK_RETRIES": "0"}
    return load_settings(environ=env, ini_path=ini, dotenv_path=dotenv)


@pytest.fixture
async def http(settings: Settings) -> AsyncIterator[aiohttp.ClientSession]:
    session = create_http_session(settings)
    yield session
    await session.close()


@pytest.fixture
def fetcher(http: aiohttp.ClientSession, settings: Settings) -> MediaFetcher:
    return MediaFetcher(http, settings)


@pytest.fixture
def resolve(http: aiohttp.ClientSession, settings: Settings) -> Callable:
    """``await resolve()``: the stand-in's post through the real tikwm resolver."""
    resolver = TikwmResolver.from_settings(settings, http, backoff_base=0.01)

    async def run() -> Post:
        return await resolver.resolve(LINK)

    return run


@pytest.fixture
def scratch(tmp_path: Path):
    (tmp_path / "scratch").mkdir()
    with ScratchFolder(tmp_path / "scratch") as folder:
        yield folder


def add(tikwm: TikwmEmulator, **kwargs) -> None:
    tikwm.add_video(POST, video=PLAY, hd_video=HD, width=1080, height=1920, **kwargs)


def fetched(tikwm: TikwmEmulator, name: str) -> int:
    return sum(1 for r in tikwm.requests if r.method == "GET" and r.path.endswith(f"/{name}"))


def sent(video: FetchedVideo) -> bytes:
    return Path(video.file.path).read_bytes()


@pytest.mark.parametrize(
    ("quality", "name"),
    [
        (Quality.BEST, "hdplay.mp4"),
        (Quality.STANDARD, "play.mp4"),  # play's dimensions are unknown: TikTok's standard one
        (Quality.SAVER, "play.mp4"),
    ],
)
async def test_each_quality_sends_its_rendition(tikwm, resolve, fetcher, scratch, quality, name):
    expected = FILES[name]
    add(tikwm)
    post = await resolve()
    video = await fetcher.fetch_video(post, quality, scratch)
    assert sent(video) == expected
    assert video.rendition.url == f"{tikwm.base_url}/media/{POST}/{name}"
    assert video.rendition.size == len(expected)
    assert video.lowered is False
    assert tikwm.media_fetches(POST) == 1


async def test_best_over_the_limit_by_known_size_sends_play_lowered_without_fetching_hd(
    tikwm, resolve, fetcher, scratch
):
    add(tikwm)
    fetcher.upload_limit = len(HD) - 1
    video = await fetcher.fetch_video(await resolve(), Quality.BEST, scratch)
    assert sent(video) == PLAY
    assert video.lowered is True
    assert video.rendition == Rendition(
        f"{tikwm.base_url}/media/{POST}/play.mp4", len(PLAY), None, None
    )
    assert (fetched(tikwm, "hdplay.mp4"), fetched(tikwm, "play.mp4")) == (0, 1)


async def test_saver_under_the_same_limit_is_not_lowered(tikwm, resolve, fetcher, scratch):
    add(tikwm)
    fetcher.upload_limit = len(HD) - 1
    video = await fetcher.fetch_video(await resolve(), Quality.SAVER, scratch)
    assert (sent(video), video.lowered) == (PLAY, False)


@pytest.mark.parametrize("content_length", [True, False], ids=["content-length", "chunked"])
async def test_unknown_size_over_the_limit_on_download_falls_to_play_lowered(
    tikwm, resolve, fetcher, scratch, content_length
):
    add(tikwm, report_sizes=False, content_length=content_length)
    post = await resolve()
    assert [r.size for r in post.renditions] == [None, None]
    fetcher.upload_limit = len(HD) - 1
    video = await fetcher.fetch_video(post, Quality.BEST, scratch)
    assert sent(video) == PLAY
    assert video.lowered is True
    assert (fetched(tikwm, "hdplay.mp4"), fetched(tikwm, "play.mp4")) == (1, 1)
    assert sorted(p.name for p in scratch.path.iterdir()) == [f"{POST}.mp4"]


async def test_nothing_fits_by_known_size_is_too_large_without_a_download(
    tikwm, resolve, fetcher, scratch
):
    add(tikwm)
    fetcher.upload_limit = len(PLAY) - 1
    post = await resolve()
    with pytest.raises(TooLarge) as caught:
        await fetcher.fetch_video(post, Quality.BEST, scratch)
    assert (caught.value.size, caught.value.url) == (len(HD), post.video_url)
    assert tikwm.media_fetches(POST) == 0
    with pytest.raises(TooLarge) as caught:
        await fetcher.fetch_video(post, Quality.SAVER, scratch)
    assert (caught.value.size, caught.value.url) == (
        len(PLAY),
        f"{tikwm.base_url}/media/{POST}/play.mp4",
    )


@pytest.mark.parametrize(
    ("content_length", "known"),
    [(True, True), (False, False)],  # chunked: only "more than the limit" is known
    ids=["content-length", "chunked"],
)
async def test_nothing_fits_on_download_is_too_large(
    tikwm, resolve, fetcher, scratch, content_length, known
):
    size = len(HD) if known else None
    add(tikwm, report_sizes=False, content_length=content_length)
    fetcher.upload_limit = len(PLAY) - 1
    post = await resolve()
    with pytest.raises(TooLarge) as caught:
        await fetcher.fetch_video(post, Quality.BEST, scratch)
    assert (caught.value.size, caught.value.url) == (size, post.video_url)
    assert (fetched(tikwm, "hdplay.mp4"), fetched(tikwm, "play.mp4")) == (1, 1)
    assert list(scratch.path.iterdir()) == []


async def test_fetch_still_sends_the_best_video(tikwm, resolve, fetcher, scratch):
    add(tikwm)
    files = await fetcher.fetch(await resolve(), as_documents=False, scratch=scratch)
    assert [Path(f.path).read_bytes() for f in files] == [HD]


async def test_a_post_without_renditions_listed_uses_its_video_url(
    tikwm, resolve, fetcher, scratch
):
    tikwm.add_video(POST, video=PLAY, hd=False)
    post = await resolve()
    assert post.renditions == ()
    video = await fetcher.fetch_video(post, Quality.SAVER, scratch)
    assert (sent(video), video.lowered, video.rendition.url) == (PLAY, False, post.video_url)
