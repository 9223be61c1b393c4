"""Writes the sandbox's sample media (run once: ``python -m sandbox.samples.make_samples``).

Only Pillow (which matplotlib brings) and the standard library; no encoder binaries:

- ``slide-01.jpeg`` … ``slide-12.jpeg``: the slideshow's photos (360x640 JPEG)
- ``video.mp4``: an ISO-BMFF MP4 whose one video track holds JPEG frames ("MJPEG in MP4",
  object type 0x6C), 2 frames/s. Its boxes and frames were checked by reading them back; no
  player was tried (the emulator and the bot never decode it)
- ``video-sound.mp3``, ``slideshow-sound.mp3``: silent MPEG-1 Layer III with an ID3v2.3 tag

The output is deterministic, so re-running it changes no file.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from sandbox.posts import NICKNAME, SAMPLES_DIR, SLIDESHOW, VIDEO

JPEG_QUALITY = 60
VIDEO_FPS = 2
MP3_SAMPLE_RATE = 44_100
MP3_SAMPLES_PER_FRAME = 1152
# MPEG-1 Layer III, no CRC, 32 kbit/s, 44.1 kHz, no padding, mono: 144 * 32000 / 44100 = 104
# bytes a frame. All-zero side information means no coded audio: a valid, silent frame.
MP3_FRAME = b"\xff\xfb\x10\xc4" + bytes(100)


def _font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _gradient(
    width: int, height: int, top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> Image.Image:
    column = Image.new("RGB", (1, height))
    for y in range(height):
        mix = y / (height - 1)
        column.putpixel(
            (0, y), tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True))
        )
    return column.resize((width, height))


def slide(number: int, total: int, size: tuple[int, int]) -> bytes:
    """One slideshow photo: a colour band with its number."""
    hue = round(255 * (number - 1) / total)
    top = Image.new("HSV", (1, 1), (hue, 150, 250)).convert("RGB").getpixel((0, 0))
    bottom = Image.new("HSV", (1, 1), ((hue + 40) % 256, 200, 120)).convert("RGB").getpixel((0, 0))
    image = _gradient(*size, top, bottom)
    draw = ImageDraw.Draw(image)
    draw.text(
        (size[0] // 2, size[1] // 2), f"{number}/{total}", fill="white", anchor="mm", font=_font(96)
    )
    draw.text(
        (size[0] // 2, size[1] - 60), "tokdrop sandbox", fill="white", anchor="mm", font=_font(28)
    )
    return _jpeg(image)


def video_frame(index: int, count: int, size: tuple[int, int]) -> bytes:
    """One frame of the sample video: a sun rising over a sandy horizon."""
    width, height = size
    image = _gradient(width, height, (40, 60, 140), (250, 170, 90))
    draw = ImageDraw.Draw(image)
    horizon = height * 2 // 3
    sun_y = horizon + 60 - (horizon - 120) * index // max(1, count - 1)
    draw.ellipse((width // 2 - 60, sun_y - 60, width // 2 + 60, sun_y + 60), fill=(255, 220, 90))
    draw.rectangle((0, horizon, width, height), fill=(222, 190, 130))
    draw.text((width // 2, 60), NICKNAME, fill="white", anchor="mm", font=_font(30))
    draw.text(
        (width // 2, height - 50),
        f"{index / VIDEO_FPS:.1f} s",
        fill=(90, 60, 30),
        anchor="mm",
        font=_font(24),
    )
    return _jpeg(image)


# -- MP4 (ISO/IEC 14496-12 boxes; MJPEG sample entry per 14496-14)
def _box(kind: bytes, *parts: bytes) -> bytes:
    body = b"".join(parts)
    return struct.pack(">I4s", 8 + len(body), kind) + body


def _full_box(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    return _box(kind, struct.pack(">I", version << 24 | flags), *parts)


def _descriptor(tag: int, body: bytes) -> bytes:
    assert len(body) < 128  # one-byte length form
    return bytes([tag, len(body)]) + body


_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def _sample_entry(width: int, height: int, largest: int) -> bytes:
    decoder = _descriptor(
        0x04, bytes([0x6C, 0x11]) + largest.to_bytes(3, "big") + struct.pack(">II", 0, 0)
    )  # JPEG, visual stream
    es = _descriptor(0x03, struct.pack(">HB", 1, 0) + decoder + _descriptor(0x06, b"\x02"))
    name = b"MJPEG"
    visual = (
        bytes(6)
        + struct.pack(">H", 1)
        + bytes(16)
        + struct.pack(">HH", width, height)
        + struct.pack(">II", 0x480000, 0x480000)
        + bytes(4)
        + struct.pack(">H", 1)
        + bytes([len(name)])
        + name.ljust(31, b"\0")
        + struct.pack(">Hh", 0x18, -1)
    )
    return _box(b"mp4v", visual, _full_box(b"esds", 0, 0, es))


def _moov(frames: list[bytes], width: int, height: int, data_offset: int) -> bytes:
    timescale = 1000
    delta = timescale // VIDEO_FPS
    duration = delta * len(frames)
    mvhd = _full_box(
        b"mvhd",
        0,
        0,
        struct.pack(">IIII", 0, 0, timescale, duration),
        struct.pack(">IH", 0x10000, 0x100),
        bytes(10),
        _MATRIX,
        bytes(24),
        struct.pack(">I", 2),
    )
    tkhd = _full_box(
        b"tkhd",
        0,
        3,
        struct.pack(">IIIII", 0, 0, 1, 0, duration),
        bytes(8),
        struct.pack(">hhhH", 0, 0, 0, 0),
        _MATRIX,
        struct.pack(">II", width << 16, height << 16),
    )
    mdhd = _full_box(
        b"mdhd",
        0,
        0,
        struct.pack(">IIII", 0, 0, timescale, duration),
        struct.pack(">HH", 0x55C4, 0),
    )  # language "und"
    hdlr = _full_box(b"hdlr", 0, 0, bytes(4), b"vide", bytes(12), b"VideoHandler\0")
    dinf = _box(b"dinf", _full_box(b"dref", 0, 0, struct.pack(">I", 1), _full_box(b"url ", 0, 1)))
    stbl = _box(
        b"stbl",
        _full_box(
            b"stsd", 0, 0, struct.pack(">I", 1), _sample_entry(width, height, max(map(len, frames)))
        ),
        _full_box(b"stts", 0, 0, struct.pack(">III", 1, len(frames), delta)),
        _full_box(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, len(frames), 1)),
        _full_box(
            b"stsz",
            0,
            0,
            struct.pack(">II", 0, len(frames)),
            b"".join(struct.pack(">I", len(f)) for f in frames),
        ),
        _full_box(b"stco", 0, 0, struct.pack(">II", 1, data_offset)),
    )
    minf = _box(b"minf", _full_box(b"vmhd", 0, 1, bytes(8)), dinf, stbl)
    trak = _box(b"trak", tkhd, _box(b"mdia", mdhd, hdlr, minf))
    return _box(b"moov", mvhd, trak)


def mjpeg_mp4(frames: list[bytes], width: int, height: int) -> bytes:
    """An MP4 file with one MJPEG video track (moov first, so it streams)."""
    ftyp = _box(b"ftyp", b"isom", struct.pack(">I", 0x200), b"isomiso2mp41")
    moov_size = len(_moov(frames, width, height, 0))
    mdat = _box(b"mdat", *frames)
    moov = _moov(frames, width, height, len(ftyp) + moov_size + 8)
    return ftyp + moov + mdat


# -- MP3
def _id3_text(frame_id: bytes, text: str) -> bytes:
    body = b"\x00" + text.encode("latin-1")
    return frame_id + struct.pack(">IH", len(body), 0) + body


def silent_mp3(seconds: float, title: str, artist: str) -> bytes:
    """Silent MPEG audio of ``seconds`` behind an ID3v2.3 tag naming title and artist."""
    frames = _id3_text(b"TIT2", title) + _id3_text(b"TPE1", artist)
    size = len(frames)
    syncsafe = bytes((size >> shift) & 0x7F for shift in (21, 14, 7, 0))
    count = round(seconds * MP3_SAMPLE_RATE / MP3_SAMPLES_PER_FRAME)
    return b"ID3\x03\x00\x00" + syncsafe + frames + MP3_FRAME * count


def build_samples() -> dict[str, bytes]:
    """Every sample file by name."""
    size = (VIDEO.width, VIDEO.height)
    files = {
        name: slide(number, len(SLIDESHOW.slide_files), size)
        for number, name in enumerate(SLIDESHOW.slide_files, start=1)
    }
    count = VIDEO.duration * VIDEO_FPS
    frames = [video_frame(index, count, size) for index in range(count)]
    files[VIDEO.video_file] = mjpeg_mp4(frames, *size)
    for post in (VIDEO, SLIDESHOW):
        files[post.sound_file] = silent_mp3(post.duration, post.sound_title, post.sound_author)
    return files


def main(directory: Path = SAMPLES_DIR) -> None:
    """Write the samples into ``directory`` and print their sizes."""
    total = 0
    for name, data in sorted(build_samples().items()):
        (directory / name).write_bytes(data)
        total += len(data)
        print(f"{name:24} {len(data):>8,} bytes")
    print(f"{'total':24} {total:>8,} bytes")


if __name__ == "__main__":
    main()
