"""Width, height and duration of a downloaded MP4, read from its ISO-BMFF boxes.

Only the box headers on the way to ``moov`` and the ``moov`` box itself are read: ``mdat`` (the
media, nearly all of the file) is seeked over wherever it lies, before or after ``moov``.
Nothing here raises for bad input: a file that is not an MP4, is truncated, is corrupt or cannot
be read gives None.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = ["MAX_MOOV_BYTES", "MAX_TOP_LEVEL_BOXES", "VideoFacts", "video_facts"]

MAX_MOOV_BYTES = 16 * 1024 * 1024  # a phone's hour-long recording needs a few MB
MAX_TOP_LEVEL_BOXES = 10_000  # real files have a handful; a fragmented one, one pair a fragment

_HEADER = struct.Struct(">I4s")
_LARGESIZE = struct.Struct(">Q")
_UNKNOWN_32 = 0xFFFF_FFFF
_UNKNOWN_64 = 0xFFFF_FFFF_FFFF_FFFF
_STSD_PATH = (b"mdia", b"minf", b"stbl", b"stsd")  # from a trak


@dataclass(frozen=True)
class VideoFacts:
    """What Telegram wants to know about a video; None where the file does not say."""

    width: int | None
    height: int | None
    duration: int | None  # whole seconds, rounded half up


def video_facts(path: Path) -> VideoFacts | None:
    """The facts of the MP4 at ``path`` (display size: a 90° or 270° rotation swaps width and
    height), or None when it is not a readable MP4 or says none of them."""
    try:
        with open(path, "rb") as file:
            moov = _read_moov(file)
        return None if moov is None else _facts(moov)
    except (OSError, ValueError, struct.error):
        return None


def _read_moov(file: BinaryIO) -> bytes | None:
    """The payload of the first top-level ``moov`` box, seeking over every other box."""
    file.seek(0, 2)
    end = file.tell()
    offset = 0
    for _ in range(MAX_TOP_LEVEL_BOXES):
        if offset + _HEADER.size > end:
            return None
        file.seek(offset)
        header = file.read(_HEADER.size)
        size, kind = _HEADER.unpack(header)
        if not _plausible_type(kind):
            return None
        header_size = _HEADER.size
        if size == 1:
            if offset + 16 > end:
                return None
            size = _LARGESIZE.unpack(file.read(_LARGESIZE.size))[0]
            header_size += _LARGESIZE.size
        elif size == 0:
            size = end - offset
        if size < header_size or offset + size > end:
            return None  # corrupt, or truncated before this box ends
        if kind == b"moov":
            if size > MAX_MOOV_BYTES:
                return None
            payload = file.read(size - header_size)
            return payload if len(payload) == size - header_size else None
        offset += size
    return None


def _plausible_type(kind: bytes) -> bool:
    """Top-level box types are printable ASCII; anything else means this is not ISO-BMFF."""
    return all(0x20 <= byte < 0x7F for byte in kind)


def _children(
    data: bytes, start: int = 0, end: int | None = None
) -> Iterator[tuple[bytes, int, int]]:
    """``(type, payload start, payload end)`` of each box in ``data[start:end]``; stops at the
    first one whose size does not fit."""
    end = len(data) if end is None else end
    offset = start
    while offset + _HEADER.size <= end:
        size, kind = _HEADER.unpack_from(data, offset)
        header_size = _HEADER.size
        if size == 1:
            if offset + 16 > end:
                return
            size = _LARGESIZE.unpack_from(data, offset + 8)[0]
            header_size = 16
        elif size == 0:
            size = end - offset
        if size < header_size or offset + size > end:
            return
        yield kind, offset + header_size, offset + size
        offset += size


def _find(data: bytes, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """Payload bounds of the first child box of type ``kind``."""
    for child, child_start, child_end in _children(data, start, end):
        if child == kind:
            return child_start, child_end
    return None


def _facts(moov: bytes) -> VideoFacts | None:
    """The facts in a ``moov`` payload: the movie's duration, the first video track's size."""
    duration = _movie_duration(moov)
    width = height = None
    for kind, start, end in _children(moov):
        if kind == b"trak" and _handler(moov, start, end) == b"vide":
            width, height = _track_size(moov, start, end)
            break
    if width is None and height is None and duration is None:
        return None
    return VideoFacts(width, height, duration)


def _movie_duration(moov: bytes) -> int | None:
    """``mvhd``'s duration in whole seconds; None when absent or unknown (0 or all ones, as a
    fragmented file says)."""
    found = _find(moov, 0, len(moov), b"mvhd")
    if found is None:
        return None
    start, end = found
    if end - start < 4:
        return None
    if moov[start] == 1:
        if end - start < 32:
            return None
        timescale, duration = struct.unpack_from(">IQ", moov, start + 20)
        unknown = _UNKNOWN_64
    else:
        if end - start < 20:
            return None
        timescale, duration = struct.unpack_from(">II", moov, start + 12)
        unknown = _UNKNOWN_32
    if timescale == 0 or duration == 0 or duration == unknown:
        return None
    return (2 * duration + timescale) // (2 * timescale)


def _handler(data: bytes, trak_start: int, trak_end: int) -> bytes | None:
    """The handler type of a ``trak`` (``vide``, ``soun``, …) from its ``mdia/hdlr``."""
    mdia = _find(data, trak_start, trak_end, b"mdia")
    hdlr = mdia and _find(data, *mdia, b"hdlr")
    if not hdlr or hdlr[1] - hdlr[0] < 12:
        return None
    return data[hdlr[0] + 8 : hdlr[0] + 12]


def _track_size(data: bytes, trak_start: int, trak_end: int) -> tuple[int | None, int | None]:
    """Display width and height of a video ``trak``: ``tkhd``'s, else the first sample entry's,
    swapped when ``tkhd``'s matrix turns the picture by about 90° or 270°."""
    width = height = None
    quarter_turn = False
    tkhd = _find(data, trak_start, trak_end, b"tkhd")
    if tkhd is not None:
        start, end = tkhd
        # version 1 has 64-bit creation/modification times and duration: 12 bytes more
        matrix_at = start + (52 if end > start and data[start] == 1 else 40)
        if matrix_at + 44 <= end:
            a, b = struct.unpack_from(">ii", data, matrix_at)
            quarter_turn = abs(b) > abs(a)  # a = cos θ, b = sin θ (16.16)
            fixed_width, fixed_height = struct.unpack_from(">II", data, matrix_at + 36)
            width, height = fixed_width >> 16, fixed_height >> 16
    if not width or not height:
        width, height = _sample_entry_size(data, trak_start, trak_end)
    if quarter_turn:
        width, height = height, width
    return width, height


def _sample_entry_size(
    data: bytes, trak_start: int, trak_end: int
) -> tuple[int | None, int | None]:
    """Width and height of the first visual sample entry (``avc1``, ``hvc1``, …) in ``stsd``."""
    stsd: tuple[int, int] | None = (trak_start, trak_end)
    for kind in _STSD_PATH:
        stsd = stsd and _find(data, *stsd, kind)
    if not stsd:
        return None, None
    # full box header (4) and entry count (4), then the entry: box header (8), reserved (6),
    # data reference index (2), pre-defined and reserved (16), width and height (2 each)
    entry = stsd[0] + 8
    if entry + 36 > stsd[1]:
        return None, None
    width, height = struct.unpack_from(">HH", data, entry + 32)
    return width or None, height or None
