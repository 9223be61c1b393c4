"""mp4_facts on MP4 box structures built here, the sandbox's sample video and (when PyAV is
installed) a real H.264 file PyAV encodes."""

from __future__ import annotations

import builtins
import importlib.util
import random
import struct
from pathlib import Path

import pytest

from bot.media import mp4_facts
from bot.media.mp4_facts import MAX_MOOV_BYTES, VideoFacts, video_facts

SAMPLE = Path(__file__).resolve().parents[2] / "sandbox" / "samples" / "video.mp4"
HAVE_PYAV = importlib.util.find_spec("av") is not None
NO_PYAV = "PyAV (`av`) is not installed"

ONE = 0x10000  # 1.0 in 16.16 fixed point
IDENTITY = (ONE, 0, 0, 0, ONE, 0, 0, 0, 0x40000000)
ROTATE_90 = (0, ONE, 0, -ONE, 0, 0, 0, 0, 0x40000000)
ROTATE_180 = (-ONE, 0, 0, 0, -ONE, 0, 0, 0, 0x40000000)
ROTATE_270 = (0, -ONE, 0, ONE, 0, 0, 0, 0, 0x40000000)


# --- a small writer of ISO-BMFF boxes ---------------------------------------------------------


def box(kind: bytes, *parts: bytes) -> bytes:
    payload = b"".join(parts)
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def full_box(kind: bytes, version: int, *parts: bytes) -> bytes:
    return box(kind, bytes([version, 0, 0, 0]), *parts)


def matrix(values: tuple[int, ...]) -> bytes:
    return struct.pack(">9i", *values)


def mvhd(timescale: int, duration: int, version: int = 0) -> bytes:
    if version == 1:
        times = struct.pack(">QQIQ", 0, 0, timescale, duration)
    else:
        times = struct.pack(">IIII", 0, 0, timescale, duration)
    rest = struct.pack(">iH10x", ONE, 0x100) + matrix(IDENTITY) + bytes(24) + struct.pack(">I", 3)
    return full_box(b"mvhd", version, times, rest)


def tkhd(width: int, height: int, version: int = 0, turn: tuple[int, ...] = IDENTITY) -> bytes:
    if version == 1:
        times = struct.pack(">QQI4xQ", 0, 0, 1, 7000)
    else:
        times = struct.pack(">III4xI", 0, 0, 1, 7000)
    rest = bytes(8) + struct.pack(">hhh2x", 0, 0, 0) + matrix(turn)
    return full_box(b"tkhd", version, times, rest, struct.pack(">II", width << 16, height << 16))


def hdlr(handler: bytes) -> bytes:
    return full_box(b"hdlr", 0, bytes(4), handler, bytes(12), b"Handler\0")


def avc1(width: int, height: int) -> bytes:
    """A visual sample entry (its avcC left out: the reader never looks inside)."""
    return box(
        b"avc1",
        bytes(6) + struct.pack(">H", 1),  # reserved, data reference index
        bytes(16),  # pre-defined and reserved
        struct.pack(">HHII4xH", width, height, 0x480000, 0x480000, 1),  # size, dpi, frame count
        bytes(32) + struct.pack(">Hh", 0x18, -1),  # compressor name, depth, pre-defined
    )


def mp4a() -> bytes:
    return box(b"mp4a", bytes(6) + struct.pack(">H", 1), bytes(8), struct.pack(">HH4xI", 2, 16, 0))


def trak(
    handler: bytes,
    width: int,
    height: int,
    *,
    version: int = 0,
    turn: tuple[int, ...] = IDENTITY,
    entry: bytes | None = None,
) -> bytes:
    if entry is None:
        entry = avc1(width, height) if handler == b"vide" else mp4a()
    mdhd = full_box(b"mdhd", 0, struct.pack(">IIIIHH", 0, 0, 1000, 7000, 0x55C4, 0))
    stbl = box(b"stbl", full_box(b"stsd", 0, struct.pack(">I", 1), entry))
    mdia = box(b"mdia", mdhd, hdlr(handler), box(b"minf", stbl))
    return box(b"trak", tkhd(width, height, version, turn), mdia)


def moov(*children: bytes) -> bytes:
    return box(b"moov", *children)


FTYP = box(b"ftyp", b"isom", struct.pack(">I", 0x200), b"isomiso2avc1mp41")
MDAT = box(b"mdat", bytes(1000))
PORTRAIT = moov(mvhd(1000, 7000), trak(b"vide", 360, 640))


def write(tmp_path: Path, *parts: bytes) -> Path:
    path = tmp_path / "video.mp4"
    path.write_bytes(b"".join(parts))
    return path


def write_after_gap(tmp_path: Path, head: bytes, gap: int, tail: bytes) -> Path:
    """``head``, ``gap`` bytes never written (a sparse hole: no disk used), then ``tail``."""
    path = tmp_path / "video.mp4"
    with path.open("wb") as file:
        file.write(head)
        file.seek(len(head) + gap)
        file.write(tail)
    return path


@pytest.fixture
def bytes_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Sizes of every read the module makes from the files it opens."""
    reads: list[int] = []

    class Counting:
        def __init__(self, file) -> None:
            self._file = file

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self._file.close()

        def read(self, size: int = -1) -> bytes:
            data = self._file.read(size)
            reads.append(len(data))
            return data

        def seek(self, *args: int) -> int:
            return self._file.seek(*args)

        def tell(self) -> int:
            return self._file.tell()

    monkeypatch.setattr(
        mp4_facts, "open", lambda *a, **kw: Counting(builtins.open(*a, **kw)), raising=False
    )
    return reads


# --- where moov is ----------------------------------------------------------------------------


def test_moov_before_mdat(tmp_path: Path) -> None:
    assert video_facts(write(tmp_path, FTYP, PORTRAIT, MDAT)) == VideoFacts(360, 640, 7)


def test_moov_after_a_large_mdat_is_reached_by_seeking(tmp_path: Path, bytes_read) -> None:
    media = 200 * 1024 * 1024
    head = FTYP + struct.pack(">I4s", 8 + media, b"mdat")
    path = write_after_gap(tmp_path, head, media, PORTRAIT)
    assert video_facts(path) == VideoFacts(360, 640, 7)
    assert sum(bytes_read) < len(FTYP) + 64 + len(PORTRAIT)


def test_64_bit_largesize_mdat_over_4_gib(tmp_path: Path, bytes_read) -> None:
    media = 5 * 1024**3
    head = FTYP + struct.pack(">I4sQ", 1, b"mdat", 16 + media)
    path = write_after_gap(tmp_path, head, media, PORTRAIT)
    assert path.stat().st_size > 2**32
    assert video_facts(path) == VideoFacts(360, 640, 7)
    assert sum(bytes_read) < len(FTYP) + 64 + len(PORTRAIT)


def test_64_bit_largesize_moov(tmp_path: Path) -> None:
    payload = mvhd(1000, 7000) + trak(b"vide", 360, 640)
    large = struct.pack(">I4sQ", 1, b"moov", 16 + len(payload)) + payload
    assert video_facts(write(tmp_path, FTYP, MDAT, large)) == VideoFacts(360, 640, 7)


def test_size_zero_box_runs_to_the_end_of_the_file(tmp_path: Path) -> None:
    last = struct.pack(">I4s", 0, b"moov") + PORTRAIT[8:]
    assert video_facts(write(tmp_path, FTYP, MDAT, last)) == VideoFacts(360, 640, 7)
    # an mdat of size 0 ends the file: a moov after it is its data, not a box
    assert video_facts(write(tmp_path, FTYP, struct.pack(">I4s", 0, b"mdat"), PORTRAIT)) is None


# --- mvhd: duration ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "timescale, duration, seconds",
    [(1000, 7000, 7), (1000, 6500, 7), (1000, 6499, 6), (600, 4321, 7), (1000, 300, 0)],
)
def test_mvhd_v0_duration_rounds_to_whole_seconds(
    tmp_path: Path, timescale: int, duration: int, seconds: int
) -> None:
    path = write(tmp_path, FTYP, moov(mvhd(timescale, duration), trak(b"vide", 360, 640)))
    assert video_facts(path) == VideoFacts(360, 640, seconds)


def test_mvhd_v1_64_bit_duration(tmp_path: Path) -> None:
    duration = 90_000 * 50_000 + 44_999  # past 32 bits
    path = write(tmp_path, FTYP, moov(mvhd(90_000, duration, version=1), trak(b"vide", 64, 48)))
    assert video_facts(path) == VideoFacts(64, 48, 50_000)


@pytest.mark.parametrize(
    "header", [mvhd(1000, 0), mvhd(1000, 0xFFFF_FFFF), mvhd(0, 7000), mvhd(1, 2**64 - 1, 1)]
)
def test_unknown_duration_is_none(tmp_path: Path, header: bytes) -> None:
    path = write(tmp_path, FTYP, moov(header, trak(b"vide", 360, 640)))
    assert video_facts(path) == VideoFacts(360, 640, None)


# --- the video track: size and rotation -------------------------------------------------------


def test_tkhd_v1(tmp_path: Path) -> None:
    path = write(tmp_path, FTYP, moov(mvhd(1000, 7000), trak(b"vide", 1080, 1920, version=1)))
    assert video_facts(path) == VideoFacts(1080, 1920, 7)


@pytest.mark.parametrize(
    "turn, size",
    [(ROTATE_90, (1080, 1920)), (ROTATE_270, (1080, 1920)), (ROTATE_180, (1920, 1080))],
    ids=["90", "270", "180"],
)
@pytest.mark.parametrize("version", [0, 1])
def test_rotation_matrix(tmp_path: Path, turn, size, version: int) -> None:
    track = trak(b"vide", 1920, 1080, version=version, turn=turn)
    assert video_facts(write(tmp_path, FTYP, moov(mvhd(1000, 7000), track))) == VideoFacts(*size, 7)


def test_audio_track_first_then_video(tmp_path: Path) -> None:
    tracks = trak(b"soun", 0, 0), trak(b"vide", 720, 1280)
    assert video_facts(write(tmp_path, FTYP, moov(mvhd(1000, 7000), *tracks))) == VideoFacts(
        720, 1280, 7
    )


def test_first_video_track_wins(tmp_path: Path) -> None:
    tracks = trak(b"vide", 720, 1280), trak(b"vide", 64, 48)
    assert video_facts(write(tmp_path, FTYP, moov(mvhd(1000, 7000), *tracks))) == VideoFacts(
        720, 1280, 7
    )


def test_tkhd_0x0_falls_back_to_the_stsd_avc1_entry(tmp_path: Path) -> None:
    track = trak(b"vide", 0, 0, entry=avc1(480, 854))
    assert video_facts(write(tmp_path, FTYP, moov(mvhd(1000, 7000), track))) == VideoFacts(
        480, 854, 7
    )


def test_stsd_fallback_is_rotated_too(tmp_path: Path) -> None:
    track = trak(b"vide", 0, 0, turn=ROTATE_90, entry=avc1(1920, 1080))
    assert video_facts(write(tmp_path, FTYP, moov(mvhd(1000, 7000), track))) == VideoFacts(
        1080, 1920, 7
    )


def test_audio_only_file_has_a_duration_and_no_size(tmp_path: Path) -> None:
    path = write(tmp_path, FTYP, moov(mvhd(44_100, 44_100 * 12), trak(b"soun", 0, 0)))
    assert video_facts(path) == VideoFacts(None, None, 12)


def test_moov_without_facts_is_none(tmp_path: Path) -> None:
    assert video_facts(write(tmp_path, FTYP, moov(box(b"udta")), MDAT)) is None


# --- bad input --------------------------------------------------------------------------------


def test_truncated_files(tmp_path: Path) -> None:
    whole = FTYP + MDAT + PORTRAIT
    assert video_facts(write(tmp_path, whole)) == VideoFacts(360, 640, 7)
    for cut in (4, len(FTYP) + 4, len(FTYP) + 500, len(FTYP) + len(MDAT) + 10, len(whole) - 1):
        assert video_facts(write(tmp_path, whole[:cut])) is None, cut


def test_garbage_files(tmp_path: Path) -> None:
    noise = random.Random(14).randbytes(64 * 1024)
    assert video_facts(write(tmp_path, noise)) is None
    assert video_facts(write(tmp_path, b"<!doctype html><title>Just a moment...</title>")) is None
    assert video_facts(write(tmp_path, b"\xff\xd8\xff\xe0" + noise)) is None  # a JPEG


def test_empty_and_tiny_files(tmp_path: Path) -> None:
    assert video_facts(write(tmp_path, b"")) is None
    assert video_facts(write(tmp_path, b"\x00\x00\x00")) is None
    assert video_facts(write(tmp_path, FTYP)) is None


def test_corrupt_sizes_stop_the_walk(tmp_path: Path) -> None:
    for bad in (struct.pack(">I4s", 2, b"free"), struct.pack(">I4s", 7, b"free")):
        assert video_facts(write(tmp_path, FTYP, bad, PORTRAIT)) is None
    too_small = struct.pack(">I4sQ", 1, b"mdat", 8)  # a largesize under its own header's 16
    assert video_facts(write(tmp_path, FTYP, too_small, PORTRAIT)) is None
    # inside moov a bad child ends that level: what came before it still counts
    broken = moov(mvhd(1000, 7000), struct.pack(">I4s", 3, b"trak"), trak(b"vide", 360, 640))
    assert video_facts(write(tmp_path, FTYP, broken)) == VideoFacts(None, None, 7)


def test_moov_over_the_cap(tmp_path: Path, bytes_read) -> None:
    start = mvhd(1000, 7000) + trak(b"vide", 360, 640)

    def capped(size: int) -> Path:
        """A moov of ``size`` bytes: the facts, then a free box of zeros (a sparse hole)."""
        padding = size - 8 - len(start) - 8
        head = struct.pack(">I4s", size, b"moov") + start
        head += struct.pack(">I4s", 8 + padding, b"free")
        return write_after_gap(tmp_path, FTYP + head, padding - 1, b"\0")

    assert video_facts(capped(MAX_MOOV_BYTES)) == VideoFacts(360, 640, 7)
    bytes_read.clear()
    assert video_facts(capped(MAX_MOOV_BYTES + 1)) is None
    assert sum(bytes_read) < 1024  # refused from its header, never read


def test_unreadable_paths(tmp_path: Path) -> None:
    assert video_facts(tmp_path / "missing.mp4") is None
    assert video_facts(tmp_path) is None  # a folder
    assert video_facts(Path("bad\0name.mp4")) is None


# --- real files -------------------------------------------------------------------------------


def test_sandbox_sample_video() -> None:
    facts = video_facts(SAMPLE)
    assert facts == VideoFacts(360, 640, 7)
    if HAVE_PYAV:
        import av

        with av.open(str(SAMPLE)) as container:
            stream = container.streams.video[0]
            assert (stream.codec_context.width, stream.codec_context.height) == (360, 640)
            assert round(container.duration / av.time_base) == facts.duration


@pytest.mark.skipif(not HAVE_PYAV, reason=NO_PYAV)
def test_h264_file_encoded_by_pyav(tmp_path: Path) -> None:
    import av
    import numpy as np

    path = tmp_path / "tiny.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for index in range(20):
            picture = np.full((48, 64, 3), index * 12, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    assert video_facts(path) == VideoFacts(64, 48, 2)


def test_top_level_walk_is_bounded(tmp_path: Path) -> None:
    free = struct.pack(">I4s", 8, b"free")
    fillers = mp4_facts.MAX_TOP_LEVEL_BOXES - 2  # ftyp and moov make up the rest
    at_limit = write(tmp_path, FTYP, free * fillers, PORTRAIT)
    assert video_facts(at_limit) == VideoFacts(360, 640, 7)
    assert video_facts(write(tmp_path, FTYP, free * (fillers + 1), PORTRAIT)) is None
