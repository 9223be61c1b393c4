"""Benchmark: TikTok video links through the whole bot — first fetches under load, and cache hits.

What it measures
    One in-process Telegram Bot API emulator (``devservers.telegram_api``) and one local tikwm
    server (``devservers.tikwm``), both real HTTP on 127.0.0.1; a fresh, migrated database; the
    production ``create_services`` / ``create_dispatcher`` / ``create_bot`` long-polling the
    emulator with aiogram's ``start_polling``, as ``bot.app.run_bot`` does it in polling mode (the
    used update types, ``tasks_concurrency_limit=MAX_CONCURRENT_UPDATES``). Settings come from an
    environment with ``MEDIA_CONCURRENCY=8`` (its default, stated explicitly) and the other
    keys at their defaults; the per-chat runtime limits are raised out of the way
    (``links_per_minute`` 1000, ``links_in_flight`` 50). Logging is at WARNING.

    Every post is a video of ``--video-kb`` KiB (default 3,000 KiB ≈ 3.1 MB; TikTok videos are
    typically 2–10 MB): an MP4 ``ftyp`` box followed by pseudo-random bytes from
    ``random.Random(post id)`` — deterministic, distinct per post and incompressible. The
    emulator keeps the SHA-256 of every uploaded file part; the bench compares it with the
    served video's.

    Latency of one link: from the update being handed to the bot to the bot's ``sendVideo``
    being recorded, both on the emulator's clock (``time.monotonic`` in this process):

    * start: the ``at`` of the ``getUpdates`` call whose answer carried the update (recorded
      just before the emulator writes that answer). The bot always sits in a long poll when
      updates are pushed, so for a single update this is the push time plus one loop turn;
      in the batch, updates beyond the first 100 (getUpdates' limit) start at the next poll;
    * end: the ``at`` of the successful ``sendVideo`` call to that chat (recorded after the
      emulator read the whole upload and built its answer).

    The phases, all on one bot:

    0. ``--warmup`` fresh links sent one at a time (not counted): connections, SQL caches.
    (a) Batch: ``--links`` distinct private users each send a distinct video link, all queued
        at once (no await between the pushes). ``links_per_s`` = links / (last sendVideo -
        first handout); ``p50_ms``/``p95_ms`` of the per-link latencies. Checks: every user got
        exactly one ``sendVideo``, with one uploaded file whose SHA-256 and size are the
        served video's; tikwm answered exactly one resolver call (``/api``) and one media GET
        per link.
    (b) Cache, sequential (one link at a time, the bot idle in between, so no queueing): for
        ``--sample`` posts of the batch (evenly spread), a different user sends the same link
        again — a cache hit; interleaved with as many first fetches of fresh posts by new
        users, measured the same way. ``cache_speedup`` = median first-fetch latency / median
        cache-hit latency. Checks: each cache hit re-sent the batch's file_id without an upload
        and made no tikwm request at all (zero resolver calls, zero media fetches); each first
        fetch uploaded the right bytes.

    Phase (b) also times, per link, where the time goes (instrumentation only — wrappers
    reading ``time.monotonic`` around the MediaService steps and an aiogram request
    middleware around each Bot API request; no delays anywhere): dispatch (handout to the
    media handler's ``deliver``: aiogram, middlewares, chat row, runtime settings), the
    file-id cache lookup, the resolver call, the media download, and the ``sendVideo``
    request (client side, start to the emulator recording it); and how often pydantic had to
    re-build a parametrized ``Response[...]`` model for aiogram (``check_response`` asks for
    one per Bot API answer; pydantic's cache holds them weakly, so they are re-built after
    garbage collections). Medians go to stderr.

    The media link. The cache exists to save the resolver call, the download from TikTok's CDN
    and the upload to Telegram; over raw loopback the 3 MB download and upload cost only a few
    milliseconds, less than the fixed cost every update pays (aiogram, the chat row, routing:
    about 6-10 ms here), so a loopback run shows the cache saving little. By default the
    stand-in therefore serves media at the pace of a 100 Mbit/s link (``--media-mbps 100``;
    0.25 s for 3 MB), a modest figure for a CDN; nothing else is slowed: the resolver answers
    and the Telegram emulator takes uploads at loopback speed. ``--media-mbps 0`` measures raw
    loopback.

How to run (from the repository root)
    python bench/media_bench.py                     # 200 links of 3,000 KiB on SQLite
    python bench/media_bench.py --db postgres       # same on a throwaway PostgreSQL server
    python bench/media_bench.py --media-mbps 0      # media at raw loopback speed
    python bench/media_bench.py --links 20          # smoke check, a few seconds

Target: ``cache_speedup`` >= 10 (at the default 100 Mbit/s media link).

Progress goes to stderr; the last line of stdout is one JSON object:
    {"db", "links", "links_per_s", "p50_ms", "p95_ms", "cache_speedup"}
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import hashlib
import inspect
import json
import random
import statistics
import sys
import time
import zlib
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # runnable as `python bench/media_bench.py`, no PYTHONPATH

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.client.telegram import TelegramAPIServer

try:  # only to count pydantic re-building generic models in the profile; optional
    from pydantic._internal import _generics as pydantic_generics
except ImportError:  # pragma: no cover - another pydantic layout
    pydantic_generics = None

from bench.common import (
    UNLIMITED_SENDS,
    database_factory,
    migrated_database,
    progress,
    settings_without_files,
)
from bot.app import MAX_CONCURRENT_UPDATES, Services, create_bot, create_dispatcher, create_services
from bot.i18n import Locales
from bot.inflight import InFlight
from bot.logging_setup import setup_logging
from bot.metrics import Metrics
from data import db_service
from data.config import Settings
from data.runtime_settings import Setting
from devservers.telegram_api import Call, TelegramApiEmulator
from devservers.tikwm import TikwmEmulator

TOKEN = "123456789:AAH-tokdrop-media-bench-0123456789"
BOT_USERNAME = "tokdrop_media_bench_bot"
MEDIA_CONCURRENCY = 8  # the MEDIA_CONCURRENCY default, set explicitly
POLLING_TIMEOUT = 10  # seconds; a queue that is not empty is answered at once anyway
AUTHOR = "benchcreator"
MP4_HEADER = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"  # a 32-byte ftyp box
SOUND_BYTES = 200 * 1024  # each post has a sound (so the music button is there, as usual)

# Post ids (19 digits, like TikTok's) and private chat ids of each phase: distinct ranges.
WARMUP_POST, BATCH_POST, FRESH_POST = (
    7_310_000_000_000_000_000,
    7_320_000_000_000_000_000,
    7_330_000_000_000_000_000,
)
WARMUP_USER, BATCH_USER, FRESH_USER, REPEAT_USER = (
    100_000_000,
    200_000_000,
    300_000_000,
    400_000_000,
)

log = progress("media_bench")


# ---------------------------------------------------------------- content


def video_bytes(post_id: int, size: int) -> bytes:
    """A deterministic, incompressible stand-in for an MP4 file of exactly ``size`` bytes."""
    return MP4_HEADER + random.Random(post_id).randbytes(size - len(MP4_HEADER))


def link_of(post_id: int) -> str:
    return f"https://www.tiktok.com/@{AUTHOR}/video/{post_id}"


class Library:
    """The posts on the tikwm server and the SHA-256 of each served video."""

    def __init__(self, tikwm: TikwmEmulator, video_size: int) -> None:
        self.tikwm, self.video_size = tikwm, video_size
        self.sha256: dict[str, str] = {}
        self.sound = random.Random(0).randbytes(SOUND_BYTES)

    def add(self, post_ids: Sequence[int]) -> None:
        for post_id in post_ids:
            video = video_bytes(post_id, self.video_size)
            self.sha256[str(post_id)] = hashlib.sha256(video).hexdigest()
            self.tikwm.add_video(
                post_id,
                author=AUTHOR,
                nickname="Bench Creator",
                caption=f"post {post_id}",
                video=video,
                sound=self.sound,
                width=1080,
                height=1920,
                duration=23,
            )


# ---------------------------------------------------------------- what the emulator recorded


@dataclass
class Delivery:
    chat_id: int
    update_id: int
    handout: float | None = None
    video: Call | None = None

    @property
    def latency(self) -> float:
        assert self.handout is not None and self.video is not None
        return self.video.at - self.handout


class DeliveryTracker:
    """An incremental ``wait_until`` predicate over the emulator's calls: when each update was
    handed out (getUpdates) and each chat's first successful sendVideo. It scans only the calls
    recorded since last time (re-checked on every call; a full scan would be quadratic)."""

    def __init__(
        self, emulator: TelegramApiEmulator, polling: asyncio.Task, notices: set[str]
    ) -> None:
        self.calls, self.polling, self.notices = emulator.calls, polling, notices
        self.position = len(self.calls)
        self.by_chat: dict[int, Delivery] = {}
        self.by_update: dict[int, Delivery] = {}
        self.done = 0
        self.problems: list[str] = []
        self.status_notices = 0

    def expect(self, chat_id: int, update: dict[str, Any]) -> None:
        delivery = Delivery(chat_id, update["update_id"])
        self.by_chat[chat_id] = self.by_update[delivery.update_id] = delivery

    def __call__(self) -> bool:
        calls, by_chat = self.calls, self.by_chat
        while self.position < len(calls):
            call = calls[self.position]
            self.position += 1
            if call.method == "getUpdates":
                for update in call.result or ():
                    delivery = self.by_update.get(update.get("update_id"))
                    if delivery is not None and delivery.handout is None:
                        delivery.handout = call.at
            elif call.method == "sendVideo" and call.chat_id in by_chat:
                delivery = by_chat[call.chat_id]
                if not call.ok:
                    self.problems.append(call.describe())
                elif delivery.video is None:
                    delivery.video = call
                    self.done += 1
            elif call.method == "sendMessage" and call.chat_id in by_chat:
                if call.params.get("text") in self.notices:
                    self.status_notices += 1  # "⏳ Downloading…": a delivery took over 2 s
                else:
                    self.problems.append(call.describe())  # an error explained to the user
        return self.done >= len(by_chat) or bool(self.problems) or self.polling.done()

    async def wait(self, emulator: TelegramApiEmulator, timeout: float) -> list[Delivery]:
        await emulator.wait_until(self, timeout=timeout)
        if self.polling.done():
            self.polling.result()  # re-raise why polling ended
            raise AssertionError("polling stopped before every link was delivered")
        if self.problems:
            raise AssertionError(
                f"{len(self.problems)} unexpected answer(s), first: {self.problems[0]}"
            )
        deliveries = list(self.by_chat.values())
        missing = [d.chat_id for d in deliveries if d.handout is None]
        if missing:
            raise AssertionError(f"{len(missing)} update(s) never seen in a getUpdates answer")
        return deliveries


def videos_by_chat(emulator: TelegramApiEmulator, chats: set[int]) -> dict[int, list[Call]]:
    found: dict[int, list[Call]] = {chat: [] for chat in chats}
    for call in emulator.calls:
        if call.method == "sendVideo" and call.chat_id in chats:
            found[call.chat_id].append(call)
    return found


def check_upload(call: Call, library: Library, post_id: int) -> None:
    """One uploaded file, byte-identical to the video tikwm served (size and SHA-256)."""
    if len(call.files) != 1:
        raise AssertionError(
            f"sendVideo to {call.chat_id} uploaded {len(call.files)} files, expected 1"
        )
    upload = call.files[0]
    if upload.sha256 != library.sha256[str(post_id)] or upload.size != library.video_size:
        raise AssertionError(
            f"chat {call.chat_id} got {upload.size} bytes sha256 {upload.sha256[:12]}…, expected "
            f"{library.video_size} bytes sha256 {library.sha256[str(post_id)][:12]}… "
            f"(post {post_id})"
        )


# ---------------------------------------------------------------- where a delivery spends its time


@dataclass
class Profile:
    """Time stamps of one delivery (``time.monotonic``, the emulator's clock)."""

    marks: dict[str, float] = field(default_factory=dict)  # first time a point was reached
    spans: dict[str, list[float]] = field(default_factory=dict)  # step -> [start, end, ...]

    def mark(self, point: str) -> None:
        self.marks.setdefault(point, time.monotonic())

    def add(self, step: str, start: float, end: float) -> None:
        self.spans.setdefault(step, []).extend((start, end))

    def total(self, step: str) -> float:
        times = self.spans.get(step, [])
        return sum(times[i + 1] - times[i] for i in range(0, len(times), 2))

    def first_start(self, step: str) -> float | None:
        times = self.spans.get(step)
        return times[0] if times else None


CURRENT: contextvars.ContextVar[Profile | None] = contextvars.ContextVar(
    "media_bench_profile", default=None
)


class Profiler:
    """Times the steps of each update's handling (instrumentation only: wrappers that read
    ``time.monotonic``, nothing waits): ``Dispatcher.feed_update`` (it opens a profile per
    update task); every public coroutine of ``data.db_service`` (module attributes, as the
    middlewares and handlers call them; outermost calls only; put back by ``uninstall``); the
    MediaService steps; every Bot API request (an aiogram request middleware); pydantic
    building parametrized generic models (process-wide)."""

    STEPS = ("cache lookup", "resolve (tikwm /api)", "download (media GET)")

    def __init__(self) -> None:
        self.by_chat: dict[int, Profile] = {}
        self.generic_models: list[tuple[str, float]] = []
        self._restore: list[tuple[object, str, object]] = []

    def install(self, dp: Dispatcher, services: Services, session: AiohttpSession) -> None:
        feed_update = dp.feed_update

        async def feed(bot: Bot, update: Any, **kwargs: Any) -> Any:
            chat = update.message.chat.id if update.message else None
            profile = self.by_chat.setdefault(chat, Profile()) if chat is not None else None
            if profile is not None:
                profile.mark("feed_update")
            token = CURRENT.set(profile)
            try:
                return await feed_update(bot, update, **kwargs)
            finally:
                CURRENT.reset(token)

        media = services.media
        deliver = media.deliver

        async def delivering(*args: Any, **kwargs: Any) -> Any:
            profile = CURRENT.get()
            if profile is not None:
                profile.mark("deliver")
            return await deliver(*args, **kwargs)

        self._patch(dp, "feed_update", feed)
        self._patch(media, "deliver", delivering)
        # the lookup of every cached kind a delivery may send, one query
        self._patch(
            db_service,
            "cached_media_of",
            self._timed("cache lookup", db_service.cached_media_of),
        )
        self._patch(
            media.resolver, "resolve", self._timed("resolve (tikwm /api)", media.resolver.resolve)
        )
        self._patch(
            media.fetcher,
            "fetch_video",
            self._timed("download (media GET)", media.fetcher.fetch_video),
        )
        for name, function in vars(db_service).copy().items():
            if (
                not name.startswith("_")
                and inspect.iscoroutinefunction(function)
                and function.__module__.startswith(db_service.__name__ + ".")
            ):
                self._patch(
                    db_service, name, self._timed(f"db_service.{name}", function, outermost=True)
                )
        session.middleware(_RequestTimer())
        if callable(getattr(pydantic_generics, "create_generic_submodel", None)):
            self._patch(
                pydantic_generics,
                "create_generic_submodel",
                self._counted(pydantic_generics.create_generic_submodel),
            )

    def _counted(self, create: Callable[..., Any]) -> Callable[..., Any]:
        """Count pydantic building a parametrized generic model (``Response[Message]``...):
        aiogram's ``check_response`` asks for ``Response[<result type>]`` on every answer, and
        pydantic's cache of those classes holds them only weakly."""

        def counted(model_name: str, *args: Any, **kwargs: Any) -> Any:
            start = time.monotonic()
            try:
                return create(model_name, *args, **kwargs)
            finally:
                self.generic_models.append((model_name, time.monotonic() - start))

        return counted

    def report_generic_models(self) -> None:
        if not self.generic_models:
            return
        names = Counter(name for name, _ in self.generic_models)
        seconds = [s for _, s in self.generic_models]
        log(
            f"pydantic re-created parametrized models {len(seconds)} times during the "
            "sequential phase "
            f"({', '.join(f'{n} x{c}' for n, c in names.most_common(4))}), median "
            f"{statistics.median(seconds) * 1000:.2f} ms each, {sum(seconds) * 1000:.0f} ms in all"
        )

    def uninstall(self) -> None:
        for owner, name, value in reversed(self._restore):
            if value is _ABSENT:
                delattr(owner, name)  # the instance attribute shadowed the class's method
            else:
                setattr(owner, name, value)
        self._restore.clear()

    def _patch(self, owner: object, name: str, value: object) -> None:
        self._restore.append((owner, name, vars(owner).get(name, _ABSENT)))
        setattr(owner, name, value)

    @staticmethod
    def _timed(
        step: str, function: Callable[..., Awaitable[Any]], *, outermost: bool = False
    ) -> Callable[..., Awaitable[Any]]:
        async def timed(*args: Any, **kwargs: Any) -> Any:
            profile = CURRENT.get()
            if profile is None or (outermost and IN_DB.get()):
                return await function(*args, **kwargs)
            token = IN_DB.set(True) if outermost else None
            start = time.monotonic()
            try:
                return await function(*args, **kwargs)
            finally:
                profile.add(step, start, time.monotonic())
                if token is not None:
                    IN_DB.reset(token)

        return timed


_ABSENT = object()
IN_DB: contextvars.ContextVar[bool] = contextvars.ContextVar("media_bench_in_db", default=False)


class _RequestTimer(BaseRequestMiddleware):
    async def __call__(self, make_request, bot, method):  # aiogram request middleware signature
        profile = CURRENT.get()
        start = time.monotonic()
        try:
            return await make_request(bot, method)
        finally:
            if profile is not None:
                profile.add(type(method).__name__, start, time.monotonic())


def breakdown(label: str, deliveries: list[Delivery], profiler: Profiler) -> None:
    """Median milliseconds of each step of ``deliveries`` (sequential ones), to stderr."""
    rows: dict[str, list[float]] = {}

    def put(name: str, seconds: float) -> None:
        rows.setdefault(name, []).append(seconds * 1000)

    for d in deliveries:
        p = profiler.by_chat[d.chat_id]
        assert d.video is not None and d.handout is not None
        feed, deliver = p.marks["feed_update"], p.marks["deliver"]
        put("getUpdates answer -> feed_update (HTTP read, JSON, Update model)", feed - d.handout)
        database = 0.0
        for step, times in p.spans.items():
            if step.startswith("db_service.") and times[0] < deliver:
                put(f"  {step}", p.total(step))
                database += p.total(step)
        put(
            "  rest of feed_update -> deliver() (middlewares, routing, filter)",
            deliver - feed - database,
        )
        for step in Profiler.STEPS:
            if step in p.spans:
                put(f"{step} x{len(p.spans[step]) // 2}", p.total(step))
        send_start = p.first_start("SendVideo")
        if send_start is not None:
            inside = sum(p.total(step) for step in Profiler.STEPS)
            put(
                "rest of deliver() before sendVideo (meta, caption, keyboard)",
                send_start - deliver - inside,
            )
            put("sendVideo request start -> recorded by the emulator", d.video.at - send_start)
        if "SendChatAction" in p.spans:
            put("(sendChatAction request, concurrent)", p.total("SendChatAction"))
        put("TOTAL latency", d.latency)
    log(f"{label}: median ms per step over {len(deliveries)} link(s)")
    for name, values in rows.items():
        log(f"    {statistics.median(values):9.2f}  {name}  (max {max(values):.1f})")


# ---------------------------------------------------------------- the bot


def bench_settings(
    emulator: TelegramApiEmulator, tikwm: TikwmEmulator, db_url: str, folder: Path
) -> Settings:
    """Settings pointing at the emulators, no config files read (as tests/e2e/harness.py does)."""
    environ = {
        "BOT_TOKEN": TOKEN,
        "TG_SERVER": emulator.base_url,
        "DB_URL": db_url,
        "TIKWM_URL": tikwm.base_url,
        "MEDIA_CONCURRENCY": str(MEDIA_CONCURRENCY),
        "LOG_LEVEL": "WARNING",
        **UNLIMITED_SENDS,
    }
    return settings_without_files(environ, folder)


@dataclass
class Harness:
    emulator: TelegramApiEmulator
    tikwm: TikwmEmulator
    library: Library
    polling: asyncio.Task
    inflight: InFlight
    notices: set[str]

    def tracker(self) -> DeliveryTracker:
        return DeliveryTracker(self.emulator, self.polling, self.notices)

    async def settle(self, timeout: float = 60.0) -> None:
        """Every update delivered and confirmed (the bot is back in a long poll) and handled."""
        emulator = self.emulator
        await emulator.wait_until(
            lambda: (
                (
                    emulator.waiting_polls(token=TOKEN) > 0
                    and not emulator.pending_updates(token=TOKEN)
                )
                or self.polling.done()
            ),
            timeout=timeout,
        )
        if not await self.inflight.wait_idle(timeout):
            raise AssertionError(
                f"{self.inflight.count} update(s) still being handled after {timeout:.0f} s"
            )

    async def one_link(self, chat_id: int, post_id: int) -> Delivery:
        """``chat_id`` sends the link of ``post_id`` while the bot is idle; its delivery once
        handled."""
        tracker = self.tracker()
        tracker.expect(
            chat_id, self.emulator.send_message(chat_id, link_of(post_id), language_code="en")
        )
        [delivery] = await tracker.wait(self.emulator, timeout=60)
        await self.settle()
        return delivery


# ---------------------------------------------------------------- phases


@dataclass
class BatchResult:
    links: int
    seconds: float
    latencies_ms: list[float]

    @property
    def links_per_s(self) -> float:
        return self.links / self.seconds


async def warm_up(h: Harness, count: int) -> None:
    if not count:
        return
    posts = [WARMUP_POST + i for i in range(count)]
    h.library.add(posts)
    for i, post_id in enumerate(posts):
        delivery = await h.one_link(WARMUP_USER + i, post_id)
        assert delivery.video is not None
        check_upload(delivery.video, h.library, post_id)
    await h.one_link(WARMUP_USER + count, posts[0])  # and one cache hit
    log(f"warm-up: {count} first fetch(es) and one cache hit, not counted")


async def batch(h: Harness, posts: list[int]) -> BatchResult:
    """Every link queued at once, each from its own user; all delivered and checked."""
    tikwm = h.tikwm
    api_before, media_before = tikwm.count("/api"), tikwm.media_fetches()
    chats = [BATCH_USER + i for i in range(len(posts))]
    tracker = h.tracker()
    # No await in between: the bot finds them all queued at once.
    for chat_id, post_id in zip(chats, posts, strict=True):
        tracker.expect(
            chat_id, h.emulator.send_message(chat_id, link_of(post_id), language_code="en")
        )
    deliveries = await tracker.wait(h.emulator, timeout=max(120.0, len(posts) * 1.0))
    await h.settle()

    sent = videos_by_chat(h.emulator, set(chats))
    for chat_id, post_id in zip(chats, posts, strict=True):
        calls = sent[chat_id]
        if len(calls) != 1 or not calls[0].ok:
            raise AssertionError(
                f"chat {chat_id} got {len(calls)} sendVideo call(s), expected exactly 1 successful"
            )
        check_upload(calls[0], h.library, post_id)
    api, media = tikwm.count("/api") - api_before, tikwm.media_fetches() - media_before
    if (api, media) != (len(posts), len(posts)):
        raise AssertionError(
            f"tikwm saw {api} resolver calls and {media} media fetches for {len(posts)} links"
        )

    first = min(d.handout for d in deliveries if d.handout is not None)
    last = max(d.video.at for d in deliveries if d.video is not None)
    latencies = [d.latency * 1000 for d in deliveries]
    result = BatchResult(len(posts), last - first, latencies)
    log(
        f"batch: {result.links} links in {result.seconds:.2f} s = "
        f"{result.links_per_s:.1f} links/s; latency "
        f"p50 {percentile(latencies, 50):.0f} ms, p95 {percentile(latencies, 95):.0f} ms, "
        f"max {max(latencies):.0f} ms; {api} resolver calls, {media} media fetches, "
        f"{tracker.status_notices} slow-delivery status message(s); every upload checked"
    )
    return result


async def sequential(
    h: Harness, repeats: list[int], fresh: list[int], file_ids: dict[int, str], profiler: Profiler
) -> float:
    """Cache hits on batch posts, interleaved with first fetches of fresh posts; one at a time."""
    tikwm = h.tikwm
    firsts: list[Delivery] = []
    hits: list[Delivery] = []
    for i, (repeat_post, fresh_post) in enumerate(zip(repeats, fresh, strict=True)):
        first = await h.one_link(FRESH_USER + i, fresh_post)
        assert first.video is not None
        check_upload(first.video, h.library, fresh_post)
        firsts.append(first)

        requests_before = len(tikwm.requests)
        api_before, media_before = tikwm.count("/api"), tikwm.media_fetches()
        hit = await h.one_link(REPEAT_USER + i, repeat_post)
        assert hit.video is not None
        api, media = tikwm.count("/api") - api_before, tikwm.media_fetches() - media_before
        if api or media or len(tikwm.requests) != requests_before:
            raise AssertionError(
                f"cache hit on post {repeat_post} made {api} resolver call(s) and "
                f"{media} media fetch(es)"
            )
        if hit.video.files or hit.video.params.get("video") != file_ids[repeat_post]:
            raise AssertionError(
                f"cache hit on post {repeat_post} did not re-send the batch's file_id"
            )
        hits.append(hit)

    first_ms = [d.latency * 1000 for d in firsts]
    hit_ms = [d.latency * 1000 for d in hits]
    speedup = statistics.median(first_ms) / statistics.median(hit_ms)
    log(
        f"sequential first fetch ({len(firsts)} fresh posts): median "
        f"{statistics.median(first_ms):.1f} ms "
        f"(min {min(first_ms):.1f}, max {max(first_ms):.1f})"
    )
    log(
        f"sequential cache hit ({len(hits)} batch posts, other users): median "
        f"{statistics.median(hit_ms):.1f} ms "
        f"(min {min(hit_ms):.1f}, max {max(hit_ms):.1f}); 0 resolver calls, 0 media fetches, "
        "no uploads"
    )
    log(f"cache_speedup = {speedup:.2f} (target >= 10)")
    breakdown("first fetch", firsts, profiler)
    breakdown("cache hit", hits, profiler)
    profiler.report_generic_models()
    return speedup


def percentile(values: Sequence[float], pct: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * pct / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# ---------------------------------------------------------------- main


async def start_polling(dp: Dispatcher, bot: Bot, emulator: TelegramApiEmulator) -> asyncio.Task:
    polling = asyncio.create_task(
        dp.start_polling(
            bot,
            handle_signals=False,
            close_bot_session=False,
            polling_timeout=POLLING_TIMEOUT,
            allowed_updates=dp.resolve_used_update_types(),
            tasks_concurrency_limit=MAX_CONCURRENT_UPDATES,
        )
    )
    await emulator.wait_until(
        lambda: emulator.waiting_polls(token=TOKEN) > 0 or polling.done(), timeout=30
    )
    if polling.done():
        polling.result()
        raise AssertionError("polling ended at start-up")
    return polling


async def stop_polling(dp: Dispatcher, polling: asyncio.Task) -> None:
    if polling.done():
        return
    await dp.stop_polling()
    try:
        await asyncio.wait_for(polling, 15)
    except Exception as exc:  # noqa: BLE001 - log it, don't hide the error that got us here
        log(f"polling did not stop cleanly: {exc!r}")


async def run(args: argparse.Namespace, db_url: str, folder: Path) -> dict:
    video_size = args.video_kb * 1024
    sample = min(args.sample, args.links)
    log(
        f"media served at {args.media_mbps:g} Mbit/s"
        if args.media_mbps
        else "media served at loopback speed"
    )
    async with migrated_database(db_url):
        await db_service.set_setting(Setting.LINKS_PER_MINUTE, 1000)
        await db_service.set_setting(Setting.LINKS_IN_FLIGHT, 50)
        async with (
            TikwmEmulator(
                media_bytes_per_second=args.media_mbps * 125_000 if args.media_mbps else None
            ) as tikwm,
            TelegramApiEmulator(
                token=TOKEN, bot_username=BOT_USERNAME, auto_chats=True
            ) as emulator,
        ):
            library = Library(tikwm, video_size)
            batch_posts = [BATCH_POST + i for i in range(args.links)]
            fresh_posts = [FRESH_POST + i for i in range(sample)]
            started = time.perf_counter()
            library.add(batch_posts + fresh_posts)
            probe = video_bytes(batch_posts[0], video_size)
            log(
                f"{len(library.sha256):,} videos of {video_size:,} bytes generated in "
                f"{time.perf_counter() - started:.1f} s (zlib level 6 keeps "
                f"{len(zlib.compress(probe, 6)) / len(probe):.1%} of the bytes)"
            )

            session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))
            settings = bench_settings(emulator, tikwm, db_url, folder)
            log(
                f"settings: MEDIA_CONCURRENCY={settings.media_concurrency}, TIKTOK_TIMEOUT="
                f"{settings.tiktok_timeout:g} s, TIKTOK_RETRIES={settings.tiktok_retries}, "
                f"upload limit {settings.upload_limit_bytes // 1024 // 1024} MB; "
                "runtime links_per_minute=1000, links_in_flight=50"
            )
            metrics = Metrics()
            bot = create_bot(settings, metrics, session)
            inflight = InFlight()
            services = create_services(settings, metrics)
            dp = create_dispatcher(Locales(), settings, services, inflight)
            t = Locales().translator("en")
            polling: asyncio.Task | None = None
            try:
                polling = await start_polling(dp, bot, emulator)
                h = Harness(emulator, tikwm, library, polling, inflight, {t("media-working")})
                await warm_up(h, args.warmup)

                result = await batch(h, batch_posts)

                step = max(1, args.links // sample)
                repeats = batch_posts[::step][:sample]
                sent = videos_by_chat(emulator, {BATCH_USER + (p - BATCH_POST) for p in repeats})
                file_ids = {
                    p: sent[BATCH_USER + (p - BATCH_POST)][0].result["video"]["file_id"]
                    for p in repeats
                }
                profiler = Profiler()
                profiler.install(dp, services, session)
                try:
                    speedup = await sequential(h, repeats, fresh_posts, file_ids, profiler)
                finally:
                    profiler.uninstall()
            finally:
                if polling is not None:
                    await stop_polling(dp, polling)
                await services.close()
                await session.close()

    return {
        "db": args.db,
        "links": args.links,
        "links_per_s": round(result.links_per_s, 1),
        "p50_ms": round(percentile(result.latencies_ms, 50), 1),
        "p95_ms": round(percentile(result.latencies_ms, 95), 1),
        "cache_speedup": round(speedup, 2),
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--links", type=int, default=200, help="links in the batch, one per user (default 200)"
    )
    parser.add_argument(
        "--video-kb", type=int, default=3000, help="size of each video in KiB (default 3,000)"
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=20,
        help="cache hits and first fetches measured one at a time (default 20, at most --links)",
    )
    parser.add_argument(
        "--media-mbps",
        type=float,
        default=100.0,
        help="serve TikTok media at this many megabits/s, like a CDN link; 0: loopback speed "
        "(default 100)",
    )
    parser.add_argument(
        "--warmup", type=int, default=2, help="uncounted first fetches before the batch (default 2)"
    )
    args = parser.parse_args(argv)
    if args.links < 1 or args.sample < 1 or args.warmup < 0:
        parser.error("--links and --sample must be positive and --warmup not negative")
    if not 1 <= args.video_kb <= 49 * 1024:
        parser.error("--video-kb must be from 1 to 50,176 (the Bot API's 50 MB multipart limit)")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    setup_logging("WARNING", secrets=[TOKEN])
    log(
        f"{args.db}: {args.links:,} links of {args.video_kb:,} KiB at once, then "
        f"{min(args.sample, args.links)} "
        "cache hits and first fetches one at a time"
    )
    with database_factory(args.db, log) as (new_db_url, folder):
        result = asyncio.run(run(args, new_db_url("media_bench"), folder))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
