"""A slideshow rendered as one MP4 that every Telegram client plays.

Timing (``n`` photos, a sound of ``s`` seconds): every photo is shown for
``clamp(s / n, 1.5, 5)`` seconds, in order.

- ``n × 1.5 <= s <= n × 5``: the photos share the sound exactly, video length = ``s``.
- ``s > n × 5``: 5 s a photo, and the photos loop (from the first again) until the sound ends;
  the last pass may stop part-way. Video length = ``s``.
- ``s < n × 1.5``: 1.5 s a photo, video length = ``n × 1.5``; the sound plays once, then silence.
- No sound: 3 s a photo, no audio stream.

The frame size is the photos' most common size (the first photo's on a tie), scaled down to fit
``max_size`` and rounded down to even numbers; every photo is scaled to fit it and padded black.
Video: H.264 (yuv420p, no B-frames) at a constant ``FPS`` (stills need few frames, and 2 fps
puts every 1.5 s share on a frame boundary; a constant rate with a keyframe as each photo starts
keeps players' clocks and seeking simple, where one multi-second frame per photo is a case
players handle unevenly). Audio: AAC-LC 44.1 kHz stereo. ``movflags=+faststart`` (``moov`` first, so
clients can play while downloading). The thumbnail is the first frame as a JPEG, at most
``THUMB_SIDE`` px on its longer side.

PyAV (the ``av`` wheel) is the FFmpeg binding: its wheels bundle FFmpeg's libraries, so
``pip install`` is enough on a fresh machine, and the work stays in-process (no subprocess per
render, as with imageio-ffmpeg's binary; Debian's ``ffmpeg`` is not pip-installable).

``SlideshowRenderer`` runs renders off the event loop in a thread pool of ``concurrency``
threads with a time limit. A timed-out render is stopped cooperatively: the encoding loop checks
a stop flag before every frame (each frame is milliseconds of work), so its thread, and its
slot, are free again right after the limit; a process pool would cost a process start and
pickling per render and still could not kill one worker alone.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
from av.video.frame import PictureType

__all__ = [
    "AUDIO_RATE",
    "FPS",
    "MAX_PHOTO_S",
    "MIN_PHOTO_S",
    "PRESET",
    "SILENT_PHOTO_S",
    "THUMB_SIDE",
    "TUNE",
    "X264_PARAMS",
    "RenderFailed",
    "RenderedVideo",
    "SlideshowRenderer",
    "render_slideshow",
    "slide_timing",
]

FPS = 2
PRESET = "superfast"  # stills: quality comes from the keyframes, speed matters on 2 cores
TUNE = "stillimage"
# No B-frames or lookahead: a repeated still needs no reordering, only a keyframe per photo.
X264_PARAMS = "bframes=0:rc-lookahead=0:scenecut=0"
MIN_PHOTO_S = 1.5
MAX_PHOTO_S = 5.0
SILENT_PHOTO_S = 3.0
THUMB_SIDE = 320
AUDIO_RATE = 44_100

log = logging.getLogger(__name__)


class RenderFailed(Exception):
    """A slideshow could not be rendered; ``reason`` says why (for logs, not for users)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Stopped(Exception):
    """The stop flag was raised between two frames."""


@dataclass(frozen=True)
class RenderedVideo:
    """The rendered MP4 and what Telegram wants sent with it."""

    path: Path
    width: int
    height: int
    duration: float  # seconds
    thumbnail: Path


def slide_timing(photos: int, sound_s: float | None) -> tuple[float, float]:
    """``(seconds per photo, video length)`` for ``photos`` photos and a sound (see the module
    docstring)."""
    if sound_s is None or sound_s <= 0:
        return SILENT_PHOTO_S, photos * SILENT_PHOTO_S
    per_photo = min(max(sound_s / photos, MIN_PHOTO_S), MAX_PHOTO_S)
    return per_photo, max(sound_s, photos * per_photo)


def render_slideshow(
    images: list[Path],
    sound: Path | None,
    out_dir: Path,
    *,
    max_size: tuple[int, int] = (1080, 1920),
    should_stop: Callable[[], bool] = lambda: False,
) -> RenderedVideo:
    """Render ``images`` (in order) over ``sound`` into ``out_dir/slideshow.mp4`` plus
    ``out_dir/thumb.jpg``. Blocking, CPU-bound. Raises ``RenderFailed`` (files it wrote are
    left for the caller's cleanup of ``out_dir``)."""
    if not images:
        raise RenderFailed("no images")
    try:
        return _render(images, sound, out_dir, max_size, should_stop)
    except _Stopped:
        raise RenderFailed("stopped (time limit)") from None
    except RenderFailed:
        raise
    except (av.FFmpegError, OSError, ValueError) as error:
        raise RenderFailed(f"{type(error).__name__}: {error}") from error


def _render(images, sound, out_dir, max_size, should_stop) -> RenderedVideo:
    sizes = [_image_size(path) for path in images]
    width, height = _frame_size(sizes, max_size)
    sound_s = _sound_seconds(sound) if sound is not None else None
    per_photo, total = slide_timing(len(images), sound_s)
    out_path, thumb_path = out_dir / "slideshow.mp4", out_dir / "thumb.jpg"
    with av.open(str(out_path), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        video = out.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.time_base = Fraction(1, FPS)
        video.options = {"preset": PRESET, "tune": TUNE, "x264-params": X264_PARAMS}
        video.codec_context.gop_size = int(MAX_PHOTO_S * FPS)
        audio = None
        if sound_s is not None:
            audio = out.add_stream("aac", rate=AUDIO_RATE, layout="stereo")
        audio_packets = _audio_packets(sound, audio) if audio is not None else iter(())
        pending_audio = None
        frames = round(total * FPS)
        for index, frame in enumerate(
            _video_frames(images, width, height, per_photo, frames, thumb_path)
        ):
            if should_stop():
                raise _Stopped
            frame.time_base = Fraction(1, FPS)  # the stream's becomes the muxer's
            frame.pts = index
            out.mux(video.encode(frame))
            # Interleave: audio up to this frame's end, so players can stream the file.
            until = (index + 1) / FPS
            while True:
                if pending_audio is None:
                    pending_audio = next(audio_packets, None)
                if pending_audio is None or pending_audio[0] > until:
                    break
                out.mux(pending_audio[1])
                pending_audio = None
        out.mux(video.encode(None))
        # The rest of the sound, up to the video's end (an MP3's stated length is an estimate).
        for start, packet in itertools.chain(
            [pending_audio] if pending_audio else [], audio_packets
        ):
            if start >= frames / FPS:
                break
            out.mux(packet)
    return RenderedVideo(out_path, width, height, frames / FPS, thumb_path)


def _image_size(path: Path) -> tuple[int, int]:
    """The picture's size from its header (decoding it waits for the frame loop)."""
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            if stream.width > 0 and stream.height > 0:
                return stream.width, stream.height
    except (av.FFmpegError, OSError, IndexError) as error:
        raise RenderFailed(f"unreadable image {path.name}: {error}") from error
    raise RenderFailed(f"no picture in {path.name}")


def _decode_image(path: Path) -> av.VideoFrame:
    try:
        with av.open(str(path)) as container:
            for frame in container.decode(video=0):
                return frame
    except (av.FFmpegError, OSError) as error:
        raise RenderFailed(f"unreadable image {path.name}: {error}") from error
    raise RenderFailed(f"no picture in {path.name}")


def _frame_size(sizes: list[tuple[int, int]], max_size: tuple[int, int]) -> tuple[int, int]:
    counts = Counter(sizes)
    common = max(sizes, key=lambda size: (counts[size], -sizes.index(size)))
    scale = min(1.0, max_size[0] / common[0], max_size[1] / common[1])
    return (
        max(2, int(common[0] * scale) // 2 * 2),
        max(2, int(common[1] * scale) // 2 * 2),
    )


def _fit(frame: av.VideoFrame, width: int, height: int) -> av.VideoFrame:
    """The picture scaled to fit ``width × height``, centred on black, in yuv420p."""
    graph = av.filter.Graph()
    source = graph.add_buffer(
        width=frame.width, height=frame.height, format=frame.format.name, time_base=Fraction(1, 1)
    )
    scale = graph.add(
        "scale", f"{width}:{height}:force_original_aspect_ratio=decrease:force_divisible_by=2"
    )
    pad = graph.add("pad", f"{width}:{height}:(ow-iw)/2:(oh-ih)/2:black")
    fmt = graph.add("format", "yuv420p")
    sink = graph.add("buffersink")
    source.link_to(scale)
    scale.link_to(pad)
    pad.link_to(fmt)
    fmt.link_to(sink)
    graph.configure()
    frame.pts = 0
    graph.push(frame)
    return graph.pull()


def _video_frames(
    images: list[Path], width: int, height: int, per_photo: float, frames: int, thumb: Path
) -> Iterator[av.VideoFrame]:
    """``frames`` frames at ``FPS``: photo k (looping over ``images``) from ``round(k × per_photo
    × FPS)``; its first frame a keyframe. Writes the thumbnail from the very first frame."""
    index, slide = 0, 0
    while index < frames:
        end = min(frames, max(index + 1, round((slide + 1) * per_photo * FPS)))
        picture = _fit(_decode_image(images[slide % len(images)]), width, height)
        if slide == 0:
            _write_thumbnail(picture, thumb)
        for repeat in range(end - index):
            picture.pict_type = PictureType.I if repeat == 0 else PictureType.NONE
            yield picture
        index, slide = end, slide + 1


def _write_thumbnail(picture: av.VideoFrame, path: Path) -> None:
    scale = min(1.0, THUMB_SIDE / max(picture.width, picture.height))
    width = max(2, int(picture.width * scale) // 2 * 2)
    height = max(2, int(picture.height * scale) // 2 * 2)
    small = picture.reformat(width=width, height=height, format="yuvj420p")
    codec = av.CodecContext.create("mjpeg", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "yuvj420p"
    codec.time_base = Fraction(1, 1)
    small.pts = 0
    data = b"".join(bytes(packet) for packet in [*codec.encode(small), *codec.encode(None)])
    path.write_bytes(data)


def _sound_seconds(sound: Path) -> float:
    """The sound's length: the container's figure, else counted by decoding."""
    try:
        with av.open(str(sound)) as container:
            if not container.streams.audio:
                raise RenderFailed(f"no audio in {sound.name}")
            if container.duration:
                return container.duration / av.time_base
            samples, rate = 0, container.streams.audio[0].rate
            for frame in container.decode(audio=0):
                samples += frame.samples
            return samples / rate
    except (av.FFmpegError, OSError) as error:
        raise RenderFailed(f"unreadable sound {sound.name}: {error}") from error


def _audio_packets(sound: Path, stream) -> Iterator[tuple[float, av.Packet]]:
    """``(start seconds, packet)`` of the sound re-encoded for ``stream``, once through."""
    resampler = av.AudioResampler(
        format="fltp", layout="stereo", rate=AUDIO_RATE, frame_size=stream.codec_context.frame_size
    )
    samples = 0

    def encode(frames):
        nonlocal samples
        for frame in frames:
            frame.pts = samples
            samples += frame.samples
            for packet in stream.encode(frame):
                yield float(packet.pts * packet.time_base), packet

    with av.open(str(sound)) as container:
        for frame in container.decode(audio=0):
            frame.pts = None
            yield from encode(resampler.resample(frame))
    yield from encode(resampler.resample(None))
    for packet in stream.encode(None):
        yield float(packet.pts * packet.time_base), packet


class SlideshowRenderer:
    """Renders slideshows off the event loop, at most ``concurrency`` at once, each within
    ``timeout`` seconds; counts failures in ``failures``."""

    def __init__(self, *, concurrency: int = 1, timeout: float = 120.0) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.timeout = timeout
        self.failures = 0
        self._executor = ThreadPoolExecutor(concurrency, thread_name_prefix="render")
        self._slots = asyncio.Semaphore(concurrency)

    async def render(
        self,
        images: list[Path],
        sound: Path | None,
        out_dir: Path,
        *,
        max_size: tuple[int, int] = (1080, 1920),
    ) -> RenderedVideo:
        """Render into a fresh folder under ``out_dir``, removed again on failure; on success the
        caller removes it (``video.path.parent``) once the video is sent. Raises
        ``RenderFailed`` on a bad input, an encoder error or the time limit."""
        async with self._slots:
            work_dir = Path(tempfile.mkdtemp(prefix="render-", dir=out_dir))
            stop = threading.Event()
            loop = asyncio.get_running_loop()
            future = loop.run_in_executor(
                self._executor,
                lambda: render_slideshow(
                    images, sound, work_dir, max_size=max_size, should_stop=stop.is_set
                ),
            )
            try:
                try:
                    return await asyncio.wait_for(asyncio.shield(future), self.timeout)
                except TimeoutError:
                    stop.set()
                    # The thread stops before its next frame; the slot is held until then so
                    # no more than ``concurrency`` renders ever run.
                    await asyncio.wait([future])
                    raise RenderFailed(f"took longer than {self.timeout:g} s") from None
            except BaseException as error:
                stop.set()
                if not future.done():
                    await asyncio.wait([future])
                shutil.rmtree(work_dir, ignore_errors=True)
                if isinstance(error, RenderFailed):
                    self.failures += 1
                    log.warning("slideshow render failed: %s", error.reason)
                raise

    def close(self) -> None:
        """Stop the pool's threads (renders still running finish first)."""
        self._executor.shutdown(wait=True)
