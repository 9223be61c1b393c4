"""Benchmark: how much the bot process's peak memory grows while it sends one big video.

What it measures
    The real bot (``python main.py``, long polling, SQLite) in a process of its own, talking to
    a Telegram Bot API emulator set up as a self-hosted server (uploads up to 2100 MB) and a
    tikwm stand-in, both in this driver process on 127.0.0.1. ``MAX_UPLOAD_MB=2000``, as with a
    self-hosted Bot API server.

    The video's body is generated while it is served (a 1 MiB pseudo-random block, each copy
    stamped with its index: incompressible, never all in memory anywhere), with a
    Content-Length; the emulator hashes uploads as they arrive and keeps only the SHA-256,
    which is checked against the served body's.

    One run: start the bot; warm it up with a 2 MB video (imports, connections, the upload
    path all exercised once); read the bot process's peak RSS (``VmHWM`` in
    ``/proc/<pid>/status``) = ``before``; send the ``--video-mb`` video; once its ``sendVideo``
    is recorded the peak again = ``after``; ``growth`` = after - before (the issue's figure).
    Start-up may have left a peak above the steady RSS that would hide part of the transfer's
    cost, so the stricter ``transfer_growth`` is also given: the peak is reset to the current
    RSS just before the big video (``5`` into ``/proc/<pid>/clear_refs``) and the figure is the
    peak during the transfer minus the RSS at its start. A fresh bot process for each run,
    stopped with SIGTERM.

How to run (from the repository root)
    python bench/memory_bench.py                       # 400 MB video, 3 runs
    python bench/memory_bench.py --video-mb 8 --runs 1 # smoke check

Target: ``growth_mb`` (median) <= 150 for a 400 MB video.

Progress goes to stderr; the last line of stdout is one JSON object:
    {"video_mb", "runs", "peak_rss_before_mb", "peak_rss_after_mb", "growth_mb",
     "growth_mb_min", "growth_mb_max", "transfer_growth_mb", "seconds"}
(before/after/growth are medians over the runs; min/max give the spread.)
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # runnable as `python bench/memory_bench.py`

from aiohttp import web

from bench.common import UNLIMITED_SENDS, progress
from devservers.telegram_api import TelegramApiEmulator
from devservers.tikwm import TikwmEmulator

TOKEN = "123456789:AAH-tokdrop-memory-bench-token"  # a made-up token of the emulator
BOT_USERNAME = "tokdrop_memory_bench_bot"
BLOCK = 1024 * 1024
WARMUP_ID, BIG_ID = "7390000000000000001", "7390000000000000002"
WARMUP_MB = 2
UPLOAD_LIMIT_MB = 2000

log = progress("memory_bench")


def body_blocks(size: int) -> Iterator[bytes]:
    """The served video: ``size`` bytes, 1 MiB at a time, each block stamped with its index."""
    block = random.Random(0).randbytes(BLOCK)
    sent = 0
    index = 0
    while sent < size:
        piece = index.to_bytes(8, "big") + block[8 : min(BLOCK, size - sent)]
        sent += len(piece)
        index += 1
        yield piece


def body_sha256(size: int) -> str:
    digest = hashlib.sha256()
    for piece in body_blocks(size):
        digest.update(piece)
    return digest.hexdigest()


class GeneratedMedia(TikwmEmulator):
    """The tikwm stand-in, serving the videos of :attr:`sizes` from :func:`body_blocks`."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: dict[str, int] = {}

    def add_generated(self, post_id: str, size: int) -> None:
        self.sizes[post_id] = size
        self.add_video(post_id, author="bench", video=b"\x00" * 32, width=1080, height=1920)

    async def _media(self, request: web.Request) -> web.StreamResponse:
        post_id, name = request.match_info["post_id"], request.match_info["name"]
        size = self.sizes.get(post_id)
        if size is None or not name.endswith(".mp4"):
            return await super()._media(request)
        response = web.StreamResponse(headers={"Content-Type": "video/mp4"})
        response.content_length = size
        await response.prepare(request)
        if request.method != "HEAD":
            for piece in body_blocks(size):
                await response.write(piece)
        await response.write_eof()
        return response


def memory_mb(pid: int, field: str) -> float:
    """``VmHWM`` (peak resident set size so far) or ``VmRSS`` of a process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/{pid}/status")


def reset_peak(pid: int) -> None:
    """Set the process's VmHWM back to its current RSS (Linux: ``5`` into ``clear_refs``)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


async def one_run(run: int, video_size: int, expected_sha: str, folder: Path) -> dict:
    """Start a bot process, warm it up, send the big video; peak RSS before and after."""
    media_dir = folder / f"media-{run}"
    media_dir.mkdir()
    async with (
        TelegramApiEmulator(
            token=TOKEN,
            bot_username=BOT_USERNAME,
            auto_chats=True,
            max_upload_size=(UPLOAD_LIMIT_MB + 100) * 1024 * 1024,
        ) as emulator,
        GeneratedMedia() as tikwm,
    ):
        tikwm.add_generated(WARMUP_ID, WARMUP_MB * 1024 * 1024)
        tikwm.add_generated(BIG_ID, video_size)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(folder),
            "BOT_TOKEN": TOKEN,
            "TG_SERVER": emulator.base_url,
            "TIKWM_URL": tikwm.base_url,
            "DB_URL": f"sqlite:///{folder}/bot-{run}.sqlite3",
            "MAX_UPLOAD_MB": str(UPLOAD_LIMIT_MB),
            "MEDIA_TEMP_DIR": str(media_dir),
            "LOG_LEVEL": "WARNING",
            **UNLIMITED_SENDS,
        }
        bot_log = (folder / f"bot-{run}.log").open("wb")
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(REPO_ROOT / "main.py"),
            cwd=folder,
            env=env,
            stdout=bot_log,
            stderr=bot_log,
        )
        bot_log.close()
        try:
            await emulator.wait_until(lambda: emulator.waiting_polls() > 0, timeout=120)
            for user, post_id in ((1001, WARMUP_ID), (1002, BIG_ID)):
                if post_id == BIG_ID:
                    before = memory_mb(process.pid, "VmHWM")
                    rss_at_start = memory_mb(process.pid, "VmRSS")
                    reset_peak(process.pid)
                    started = time.monotonic()
                emulator.send_message(user, f"https://www.tiktok.com/@bench/video/{post_id}")
                call = await emulator.wait_for_call(
                    "sendVideo", lambda c, u=user: c.chat_id == u, timeout=600
                )
                if not call.ok:
                    raise RuntimeError(f"sendVideo failed: {call.result}")
            seconds = time.monotonic() - started
            transfer_peak = memory_mb(process.pid, "VmHWM")
            [upload] = call.files
            if (upload.size, upload.sha256) != (video_size, expected_sha):
                raise RuntimeError(f"the upload is not the served video ({upload.size} bytes)")
            for _ in range(100):  # the folder goes once the bot has Telegram's answer
                if not list(media_dir.iterdir()):
                    break
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError(f"temp files left: {list(media_dir.iterdir())}")
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), 30)
                except TimeoutError:
                    process.kill()
                    await process.wait()
    after = max(before, transfer_peak)
    growth, transfer_growth = after - before, transfer_peak - rss_at_start
    log(
        f"run {run}: peak RSS {before:.1f} MiB -> {after:.1f} MiB (+{growth:.1f}); "
        f"RSS {rss_at_start:.1f} MiB at the start of the transfer, peak {transfer_peak:.1f} MiB "
        f"during it (+{transfer_growth:.1f}); "
        f"{video_size / 1024 / 1024:.0f} MiB sent in {seconds:.1f} s"
    )
    return {
        "before": before,
        "after": after,
        "growth": growth,
        "transfer_growth": transfer_growth,
        "seconds": seconds,
    }


async def run(video_mb: int, runs: int) -> dict:
    video_size = video_mb * 1024 * 1024
    log(f"hashing the {video_mb} MiB body once")
    expected = body_sha256(video_size)
    results = []
    with tempfile.TemporaryDirectory(prefix="tokdrop-memory-bench-") as tmp:
        for index in range(runs):
            results.append(await one_run(index, video_size, expected, Path(tmp)))

    def median(key: str) -> float:
        return round(statistics.median(r[key] for r in results), 1)

    growths = [r["growth"] for r in results]
    return {
        "video_mb": video_mb,
        "runs": runs,
        "peak_rss_before_mb": median("before"),
        "peak_rss_after_mb": median("after"),
        "growth_mb": median("growth"),
        "growth_mb_min": round(min(growths), 1),
        "growth_mb_max": round(max(growths), 1),
        "transfer_growth_mb": median("transfer_growth"),
        "seconds": median("seconds"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--video-mb", type=int, default=400, help="size of the video (MiB)")
    parser.add_argument("--runs", type=int, default=3, help="bot processes measured in turn")
    args = parser.parse_args()
    figures = asyncio.run(run(args.video_mb, args.runs))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
