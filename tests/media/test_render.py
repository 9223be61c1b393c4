"""The slideshow renderer on real JPEGs and MP3s: the MP4 it writes, read back with PyAV."""

from __future__ import annotations

import asyncio
import struct
import threading
import time
from pathlib import Path

import av
import pytest

import bot.media.render as render_module
from bot.media.mp4_facts import video_facts
from bot.media.render import RenderFailed, SlideshowRenderer, render_slideshow, slide_timing
from devservers.render_inputs import write_jpeg, write_mp3


def photos(folder: Path, sizes: list[tuple[int, int]]) -> list[Path]:
    return [
        write_jpeg(folder / f"photo-{index}.jpg", width, height, seed=index)
        for index, (width, height) in enumerate(sizes)
    ]


def top_level_boxes(path: Path) -> list[bytes]:
    kinds, data, offset = [], path.read_bytes(), 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        kinds.append(kind)
        offset += size if size else len(data)
    return kinds


def read_back(path: Path) -> dict:
    """Codecs, pixel format, frame size, duration and keyframe times of the MP4 at ``path``."""
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        facts = {
            "video_codec": video.codec_context.name,
            "pix_fmt": video.codec_context.pix_fmt,
            "size": (video.codec_context.width, video.codec_context.height),
            "duration": container.duration / av.time_base,
            "audio": [
                (stream.codec_context.name, float(stream.duration * stream.time_base))
                for stream in container.streams.audio
            ],
        }
        facts["keyframes"] = [
            float(packet.pts * packet.time_base)
            for packet in container.demux(video)
            if packet.is_keyframe and packet.pts is not None
        ]
    return facts


def test_timing_rules():
    assert slide_timing(4, 10.0) == (2.5, 10.0)
    assert slide_timing(2, 14.0) == (5.0, 14.0)  # photos loop
    assert slide_timing(3, 2.0) == (1.5, 4.5)  # the sound plays once, then silence
    assert slide_timing(2, None) == (3.0, 6.0)


def test_photos_share_the_sound(tmp_path):
    images = photos(tmp_path, [(64, 96)] * 3)
    video = render_slideshow(images, write_mp3(tmp_path / "s.mp3", 6.0), tmp_path)
    facts = read_back(video.path)
    assert facts["video_codec"] == "h264" and facts["pix_fmt"] == "yuv420p"
    assert facts["size"] == (64, 96) == (video.width, video.height)
    assert [name for name, _ in facts["audio"]] == ["aac"]
    assert facts["duration"] == pytest.approx(6.0, abs=0.1) and video.duration == 6.0
    assert facts["keyframes"] == [0.0, 2.0, 4.0]  # a keyframe as every photo starts
    kinds = top_level_boxes(video.path)
    assert kinds.index(b"moov") < kinds.index(b"mdat")  # faststart
    assert video_facts(video.path).__dict__ == {"width": 64, "height": 96, "duration": 6}


def test_a_long_sound_loops_the_photos(tmp_path):
    images = photos(tmp_path, [(64, 96)] * 2)
    video = render_slideshow(images, write_mp3(tmp_path / "s.mp3", 14.0), tmp_path)
    facts = read_back(video.path)
    assert facts["duration"] == pytest.approx(14.0, abs=0.1)
    assert facts["keyframes"] == [0.0, 5.0, 10.0]  # photo 1, 2, then 1 again
    assert facts["audio"][0][1] == pytest.approx(14.0, abs=0.1)


def test_a_short_sound_plays_once(tmp_path):
    images = photos(tmp_path, [(64, 96)] * 3)
    video = render_slideshow(images, write_mp3(tmp_path / "s.mp3", 2.0), tmp_path)
    facts = read_back(video.path)
    assert facts["duration"] == pytest.approx(4.5, abs=0.1) and video.duration == 4.5
    assert facts["keyframes"] == [0.0, 1.5, 3.0]
    assert facts["audio"][0][1] == pytest.approx(2.0, abs=0.1)


def test_without_sound_three_seconds_each_and_no_audio(tmp_path):
    video = render_slideshow(photos(tmp_path, [(64, 96)] * 2), None, tmp_path)
    facts = read_back(video.path)
    assert facts["audio"] == [] and facts["keyframes"] == [0.0, 3.0]
    assert facts["duration"] == pytest.approx(6.0, abs=0.1)


def test_mixed_sizes_share_the_most_common_frame_size(tmp_path):
    images = photos(tmp_path, [(100, 50), (64, 96), (64, 96), (31, 31)])
    video = render_slideshow(images, None, tmp_path)
    assert read_back(video.path)["size"] == (64, 96)
    with av.open(str(video.path)) as container:
        frames = list(container.decode(video=0))
    # The 100x50 photo is letterboxed: black bars above and below its 64x32 picture.
    luma = frames[0].to_ndarray(format="gray")
    assert luma[:20].max() < 30 and luma[-20:].max() < 30 and luma[48].max() > 60


def test_frame_size_fits_max_size_and_is_even(tmp_path):
    images = photos(tmp_path, [(301, 1001)])
    video = render_slideshow(images, None, tmp_path, max_size=(100, 200))
    assert (video.width, video.height) == (60, 200)
    assert read_back(video.path)["size"] == (60, 200)
    (tmp_path / "odd").mkdir()
    odd = render_slideshow(photos(tmp_path / "odd", [(65, 97)]), None, tmp_path / "odd")
    assert (odd.width, odd.height) == (64, 96)


def test_thumbnail_is_a_small_jpeg_of_the_first_photo(tmp_path):
    video = render_slideshow(photos(tmp_path, [(640, 960), (64, 96)]), None, tmp_path)
    with av.open(str(video.thumbnail)) as container:
        thumb = next(container.decode(video=0))
    assert container.format.name in {"image2", "jpeg_pipe"}
    assert (thumb.width, thumb.height) == (212, 320)


def test_corrupt_image_fails_and_leaves_no_files(tmp_path):
    images = photos(tmp_path, [(64, 96)] * 2)
    images[1].write_bytes(b"\xff\xd8 not really a jpeg")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(RenderFailed):
        render_slideshow(images, None, out)


async def test_renderer_failure_is_counted_and_its_folder_removed(tmp_path):
    images = photos(tmp_path, [(64, 96)])
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"garbage")
    out = tmp_path / "out"
    out.mkdir()
    renderer = SlideshowRenderer()
    try:
        with pytest.raises(RenderFailed):
            await renderer.render([*images, broken], None, out)
        assert renderer.failures == 1 and list(out.iterdir()) == []
        video = await renderer.render(images, None, out)
        assert video.path.parent.parent == out and video.thumbnail.exists()
    finally:
        renderer.close()


async def test_timeout_fails_frees_the_slot_and_removes_files(tmp_path):
    images = photos(tmp_path, [(480, 854)]) * 100  # 600 frames: about 5 s of work in all
    out = tmp_path / "out"
    out.mkdir()
    renderer = SlideshowRenderer(concurrency=1, timeout=0.2)
    try:
        started = time.monotonic()
        with pytest.raises(RenderFailed, match="longer than"):
            await renderer.render(images, None, out)
        assert time.monotonic() - started < 2  # stopped, not run to the end
        assert list(out.iterdir()) == [] and renderer.failures == 1
        renderer.timeout = 60
        video = await renderer.render(images[:1], None, out)  # the one slot is free again
        assert video.duration == 3.0
    finally:
        renderer.close()


@pytest.mark.parametrize("concurrency", [1, 2])
async def test_at_most_concurrency_renders_run_at_once(tmp_path, monkeypatch, concurrency):
    running, peak, lock = 0, 0, threading.Lock()
    original = render_module.render_slideshow

    def counting(*args, **kwargs):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        try:
            return original(*args, **kwargs)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(render_module, "render_slideshow", counting)
    images = photos(tmp_path, [(160, 284)]) * 6
    renderer = SlideshowRenderer(concurrency=concurrency)
    try:
        videos = await asyncio.gather(*(renderer.render(images, None, tmp_path) for _ in range(4)))
    finally:
        renderer.close()
    assert len({video.path for video in videos}) == 4
    assert 1 <= peak <= concurrency
