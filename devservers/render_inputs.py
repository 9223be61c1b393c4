"""Real inputs for the slideshow renderer's tests and benchmark: JPEG photos and an MP3 sine.

Made with PyAV (and numpy, which matplotlib brings), so they go through the same decoders as a
downloaded slideshow's files.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

__all__ = ["write_jpeg", "write_mp3"]


def write_jpeg(path: Path, width: int, height: int, seed: int = 0) -> Path:
    """A ``width × height`` photo-like JPEG (gradients, a little noise) at ``path``."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    picture = np.stack(
        [
            (x * 255 // max(width, 1) + seed * 40) % 256,
            y * 255 // max(height, 1),
            ((x + y) // 16 * (seed + 1)) % 256,
        ],
        axis=-1,
    ).astype(np.int16)
    picture += rng.integers(-3, 4, picture.shape, dtype=np.int16)
    frame = av.VideoFrame.from_ndarray(np.clip(picture, 0, 255).astype(np.uint8), format="rgb24")
    frame = frame.reformat(format="yuvj420p")
    frame.pts = 0
    codec = av.CodecContext.create("mjpeg", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "yuvj420p"
    codec.time_base = Fraction(1, 1)
    path.write_bytes(b"".join(bytes(packet) for packet in [*codec.encode(frame), *codec.encode()]))
    return path


def write_mp3(path: Path, seconds: float, rate: int = 44_100) -> Path:
    """A mono 440 Hz sine of ``seconds`` seconds as an MP3 at ``path``."""
    with av.open(str(path), "w", format="mp3") as out:
        stream = out.add_stream("libmp3lame", rate=rate, layout="mono")
        total, done = round(seconds * rate), 0
        while done < total:
            count = min(1152, total - done)
            wave = 0.3 * np.sin(np.arange(done, done + count) * 2 * np.pi * 440 / rate)
            frame = av.AudioFrame.from_ndarray(
                wave.astype(np.float32).reshape(1, -1), format="flt", layout="mono"
            )
            frame.rate, frame.pts = rate, done
            done += count
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path
