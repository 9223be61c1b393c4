"""Capped streaming downloads from the emulator's media server."""

from __future__ import annotations

import hashlib
import os
import time

import pytest

from bot.tiktok import (
    MediaTooLarge,
    MediaUnavailable,
    ResolverTimeout,
    download,
    download_to_file,
    probe_size,
)

from .conftest import TIMEOUT

POST = "7320000000000000001"
VIDEO = os.urandom(1024 * 1024 + 123)  # a little over 1 MiB: many chunks


def media_url(tikwm, post_id: str = POST, name: str = "hdplay.mp4") -> str:
    return f"{tikwm.base_url}/media/{post_id}/{name}"


async def test_bytes_arrive_intact(tikwm, http):
    tikwm.add_video(POST, video=VIDEO)
    body = await download(http, media_url(tikwm), max_bytes=len(VIDEO), timeout=5)
    assert hashlib.sha256(body).hexdigest() == hashlib.sha256(VIDEO).hexdigest()
    assert tikwm.media_fetches(POST) == 1


async def test_bytes_arrive_intact_without_content_length(tikwm, http):
    tikwm.add_video(POST, video=VIDEO, content_length=False)
    body = await download(http, media_url(tikwm), max_bytes=len(VIDEO), timeout=5)
    assert body == VIDEO


async def test_content_length_over_the_cap_is_refused_before_reading(tikwm, http):
    tikwm.add_video(POST, video=VIDEO)
    with pytest.raises(MediaTooLarge) as caught:
        await download(http, media_url(tikwm), max_bytes=len(VIDEO) - 1, timeout=5)
    assert caught.value.reason == "too_large"
    assert (caught.value.size, caught.value.limit) == (len(VIDEO), len(VIDEO) - 1)


async def test_streamed_bytes_over_the_cap_abort_the_download(tikwm, http):
    tikwm.add_video(POST, video=VIDEO, content_length=False)
    with pytest.raises(MediaTooLarge) as caught:
        await download(http, media_url(tikwm), max_bytes=100_000, timeout=5)
    assert caught.value.size is None
    assert caught.value.limit == 100_000


@pytest.mark.parametrize("status", [404, 403, 500, 503])
async def test_error_statuses_are_media_unavailable(tikwm, http, status):
    tikwm.add_video(POST, video=VIDEO)
    tikwm.fail_next("/media/", status)
    with pytest.raises(MediaUnavailable) as caught:
        await download(http, media_url(tikwm), max_bytes=len(VIDEO), timeout=5)
    assert caught.value.reason == "media_unavailable"
    assert caught.value.status == status
    assert str(status) in str(caught.value)


async def test_broken_media_answers_404(tikwm, resolver, http):
    tikwm.add_video(POST, video=VIDEO)
    tikwm.break_media(POST)
    post = await resolver.resolve(f"https://www.tiktok.com/@creator/video/{POST}")
    with pytest.raises(MediaUnavailable) as caught:
        await download(http, post.video_url, max_bytes=len(VIDEO), timeout=5)
    assert caught.value.status == 404


async def test_unreachable_media_server(tikwm, http):
    url = media_url(tikwm)
    await tikwm.stop()
    with pytest.raises(MediaUnavailable) as caught:
        await download(http, url, max_bytes=10, timeout=5)
    assert caught.value.status is None


async def test_stalled_media_times_out(tikwm, http):
    tikwm.add_video(POST, video=VIDEO)
    tikwm.delay("/media/", 30)
    started = time.monotonic()
    with pytest.raises(ResolverTimeout) as caught:
        await download(http, media_url(tikwm), max_bytes=len(VIDEO), timeout=TIMEOUT)
    assert caught.value.reason == "timeout"
    assert time.monotonic() - started < TIMEOUT + 1.0


async def test_download_to_file(tikwm, http, tmp_path):
    tikwm.add_video(POST, video=VIDEO)
    target = tmp_path / "video.mp4"
    size = await download_to_file(http, media_url(tikwm), target, max_bytes=len(VIDEO), timeout=5)
    assert size == len(VIDEO)
    assert target.read_bytes() == VIDEO


async def test_download_to_file_removes_the_partial_file(tikwm, http, tmp_path):
    tikwm.add_video(POST, video=VIDEO, content_length=False)
    target = tmp_path / "video.mp4"
    with pytest.raises(MediaTooLarge):
        await download_to_file(http, media_url(tikwm), target, max_bytes=200_000, timeout=5)
    assert not target.exists()


async def test_probe_size(tikwm, http):
    tikwm.add_video(POST, video=VIDEO)
    tikwm.add_video("7320000000000000002", video=VIDEO, content_length=False)
    assert await probe_size(http, media_url(tikwm), timeout=5) == len(VIDEO)
    assert await probe_size(http, media_url(tikwm, "7320000000000000002"), timeout=5) is None
    assert tikwm.media_fetches() == 0  # HEAD requests are not fetches
    tikwm.break_media(POST)
    with pytest.raises(MediaUnavailable):
        await probe_size(http, media_url(tikwm), timeout=5)


async def test_paced_media_arrives_intact():
    """The stand-in's CDN-speed option changes timing only, never the bytes."""
    import hashlib

    import aiohttp

    from bot.tiktok.download import download
    from devservers.tikwm import TikwmEmulator

    video = bytes(range(256)) * 400
    async with (
        TikwmEmulator(media_bytes_per_second=50_000_000) as server,
        aiohttp.ClientSession() as http,
    ):
        data = server.add_video("7999", video=video)
        url = data["play"] if data["play"].startswith("http") else server.base_url + data["play"]
        got = await download(http, url, max_bytes=10**7, timeout=5)
    assert hashlib.sha256(got).digest() == hashlib.sha256(video).digest()
