"""Capped streaming downloads to files from the emulator's media server."""

from __future__ import annotations

import asyncio
import hashlib
import os
import time

import aiohttp
import pytest

from bot.sources import (
    ByteBudget,
    MediaHostRule,
    MediaTooLarge,
    MediaUnavailable,
    ResolverTimeout,
    download_to_file,
    probe_size,
)

from .conftest import TIMEOUT

POST = "7320000000000000001"
VIDEO = os.urandom(1024 * 1024 + 123)  # a little over 1 MiB: many chunks


def media_url(tikwm, post_id: str = POST, name: str = "hdplay.mp4") -> str:
    return f"{tikwm.base_url}/media/{post_id}/{name}"


@pytest.fixture
def fetch(tikwm, http, tmp_path):
    """``await fetch(url, max_bytes=.., ...)``: download_to_file into tmp_path/body with the
    emulator allowed as the configured resolver; returns (size, path)."""
    rule = MediaHostRule.for_services([tikwm.base_url])
    target = tmp_path / "body"

    async def run(url: str, *, max_bytes: int, timeout: float = 5, deadline: float = 30, **kw):
        size = await download_to_file(
            http,
            url,
            target,
            hosts=rule,
            max_bytes=max_bytes,
            timeout=timeout,
            deadline=deadline,
            **kw,
        )
        return size, target

    return run


async def test_bytes_arrive_intact(tikwm, fetch):
    tikwm.add_video(POST, video=VIDEO)
    size, path = await fetch(media_url(tikwm), max_bytes=len(VIDEO))
    assert size == len(VIDEO)
    assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(VIDEO).digest()
    assert tikwm.media_fetches(POST) == 1


async def test_bytes_arrive_intact_without_content_length(tikwm, fetch):
    tikwm.add_video(POST, video=VIDEO, content_length=False)
    _, path = await fetch(media_url(tikwm), max_bytes=len(VIDEO))
    assert path.read_bytes() == VIDEO


async def test_content_length_over_the_cap_is_refused_before_reading(tikwm, fetch):
    tikwm.add_video(POST, video=VIDEO)
    with pytest.raises(MediaTooLarge) as caught:
        await fetch(media_url(tikwm), max_bytes=len(VIDEO) - 1)
    assert caught.value.reason == "too_large"
    assert (caught.value.size, caught.value.limit) == (len(VIDEO), len(VIDEO) - 1)


async def test_streamed_bytes_over_the_cap_abort_the_download_and_remove_the_file(
    tikwm, fetch, tmp_path
):
    tikwm.add_video(POST, video=VIDEO, content_length=False)
    with pytest.raises(MediaTooLarge) as caught:
        await fetch(media_url(tikwm), max_bytes=100_000)
    assert caught.value.size is None
    assert caught.value.limit == 100_000
    assert not (tmp_path / "body").exists()


async def test_a_shared_budget_stops_the_download_that_passes_it(tikwm, fetch):
    tikwm.add_video(POST, video=VIDEO, content_length=False)
    budget = ByteBudget(len(VIDEO) + 1000)
    await fetch(media_url(tikwm), max_bytes=len(VIDEO), budget=budget)
    with pytest.raises(MediaTooLarge) as caught:
        await fetch(media_url(tikwm), max_bytes=len(VIDEO), budget=budget)
    assert caught.value.limit == len(VIDEO) + 1000 and budget.used > budget.limit


@pytest.mark.parametrize("status", [404, 403, 500, 503])
async def test_error_statuses_are_media_unavailable(tikwm, fetch, status):
    tikwm.add_video(POST, video=VIDEO)
    tikwm.fail_next("/media/", status)
    with pytest.raises(MediaUnavailable) as caught:
        await fetch(media_url(tikwm), max_bytes=len(VIDEO))
    assert caught.value.reason == "media_unavailable"
    assert caught.value.status == status
    assert str(status) in str(caught.value)


async def test_broken_media_answers_404(tikwm, resolver, fetch):
    tikwm.add_video(POST, video=VIDEO)
    tikwm.break_media(POST)
    post = await resolver.resolve(f"https://www.tiktok.com/@creator/video/{POST}")
    with pytest.raises(MediaUnavailable) as caught:
        await fetch(post.video_url, max_bytes=len(VIDEO))
    assert caught.value.status == 404


async def test_unreachable_media_server(tikwm, fetch):
    url = media_url(tikwm)
    await tikwm.stop()
    with pytest.raises(MediaUnavailable) as caught:
        await fetch(url, max_bytes=10)
    assert caught.value.status is None


async def test_stalled_media_times_out(tikwm, fetch):
    tikwm.add_video(POST, video=VIDEO)
    tikwm.delay("/media/", 30)
    started = time.monotonic()
    with pytest.raises(ResolverTimeout) as caught:
        await fetch(media_url(tikwm), max_bytes=len(VIDEO), timeout=TIMEOUT)
    assert caught.value.reason == "timeout"
    assert time.monotonic() - started < TIMEOUT + 1.0


async def test_a_dripping_server_is_cut_off_at_the_deadline(tikwm, fetch, tmp_path):
    """Each chunk comes well within the read timeout, so only the overall deadline ends it."""
    tikwm.chunk_size = 1024
    tikwm.media_bytes_per_second = 20_000  # 1 MiB would take ~50 s
    tikwm.add_video(POST, video=VIDEO)
    started = time.monotonic()
    with pytest.raises(ResolverTimeout) as caught:
        await fetch(media_url(tikwm), max_bytes=len(VIDEO), timeout=5, deadline=0.5)
    assert "in time" in str(caught.value)
    assert time.monotonic() - started < 5
    assert not (tmp_path / "body").exists()


async def test_a_cancelled_download_leaves_no_file(tikwm, fetch, tmp_path):
    tikwm.media_bytes_per_second = 200_000
    tikwm.add_video(POST, video=VIDEO)
    task = asyncio.create_task(fetch(media_url(tikwm), max_bytes=len(VIDEO)))
    await tikwm.wait_until(lambda: tikwm.media_fetches(POST) == 1)
    await asyncio.sleep(0)  # let the body start
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not (tmp_path / "body").exists()


async def test_probe_size(tikwm, http):
    rule = MediaHostRule.for_services([tikwm.base_url])
    tikwm.add_video(POST, video=VIDEO)
    tikwm.add_video("7320000000000000002", video=VIDEO, content_length=False)
    assert await probe_size(http, media_url(tikwm), hosts=rule, timeout=5) == len(VIDEO)
    unsized = media_url(tikwm, "7320000000000000002")
    assert await probe_size(http, unsized, hosts=rule, timeout=5) is None
    assert tikwm.media_fetches() == 0  # HEAD requests are not fetches
    tikwm.break_media(POST)
    with pytest.raises(MediaUnavailable):
        await probe_size(http, media_url(tikwm), hosts=rule, timeout=5)


async def test_paced_media_arrives_intact(tmp_path):
    """The stand-in's CDN-speed option changes timing only, never the bytes."""
    from devservers.tikwm import TikwmEmulator

    video = bytes(range(256)) * 400
    async with (
        TikwmEmulator(media_bytes_per_second=50_000_000) as server,
        aiohttp.ClientSession() as http,
    ):
        data = server.add_video("7999", video=video)
        url = data["play"] if data["play"].startswith("http") else server.base_url + data["play"]
        await download_to_file(
            http,
            url,
            tmp_path / "v",
            hosts=MediaHostRule.for_services([server.base_url]),
            max_bytes=10**7,
            timeout=5,
            deadline=30,
        )
    assert hashlib.sha256((tmp_path / "v").read_bytes()).digest() == hashlib.sha256(video).digest()
