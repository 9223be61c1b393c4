"""Benchmark: one full subscription poll-and-deliver cycle — many chats, many creators, one new
post each.

What it measures
    A fresh, migrated database holds ``--subscriptions`` subscriptions over ``--creators``
    creators, seeded in bulk (multi-row INSERTs, not the repository one by one): each chat
    follows ``min(10, creators)`` consecutive creators (10 is the default
    ``subscription_limit``), so every creator has about subscriptions / creators followers. Each
    subscription began an hour ago. The tikwm stand-in (``devservers.tikwm``, real HTTP on
    127.0.0.1) knows every creator, with one old post (from before the subscriptions: the back
    catalogue, never delivered) and one new post (a ``--video-kb`` KiB video with a sound).

    The production pieces do the work: ``create_bot`` (with its send budget raised out of the way,
    ``TG_*_RATE`` at their maxima, as the other benchmarks do) talking to the in-process Telegram
    Bot API emulator (``devservers.telegram_api``, real HTTP, flood control off),
    ``create_services`` (resolver, media service with the file-id cache), and
    :class:`bot.subscriptions.Poller` with its default concurrency (``MEDIA_CONCURRENCY`` = 8
    creators, 16 sends) and no jitter, interval 0 (every creator due).

    ``cycle_s``: wall time of one ``poll_once()``: lease every creator, list each creator's
    posts once, deliver each new post to each follower (the first follower gets an upload, the
    rest the cached file id), record every delivery (claim row and ``via_subscription``
    download). ``resolver_calls``: ``/api/user/posts`` requests tikwm received (must equal
    ``creators``); ``media_downloads``: media GETs it served (must equal ``new_posts``: each
    video downloaded once); ``deliveries``: successful ``sendVideo`` calls (must equal
    ``subscriptions``). The run fails (AssertionError) if any chat misses a post, gets one
    twice, gets the back catalogue, or the database's counts disagree.

How to run (from the repository root)
    # 10,000 over 1,000 on SQLite
    python bench/subscriptions_bench.py
    # same on a throwaway PostgreSQL
    python bench/subscriptions_bench.py --db postgres
    # smoke check, a few seconds
    python bench/subscriptions_bench.py --subscriptions 200 --creators 20

Progress goes to stderr; the last line of stdout is one JSON object:
    {"db", "subscriptions", "creators", "new_posts", "cycle_s", "resolver_calls", "media_downloads",
     "deliveries"}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(
        0, str(REPO_ROOT)
    )  # runnable as `python bench/subscriptions_bench.py`, no PYTHONPATH

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy import func, insert, select

from bench.common import (
    UNLIMITED_SENDS,
    database_factory,
    migrated_database,
    progress,
    settings_without_files,
)
from bot.app import create_bot, create_services
from bot.i18n import Locales
from bot.logging_setup import setup_logging
from bot.metrics import Metrics
from bot.subscriptions import Poller
from data.config import Settings
from data.database import session_scope
from data.models import Download, Subscription, SubscriptionDelivery, User
from devservers.telegram_api import TelegramApiEmulator
from devservers.tikwm import TikwmEmulator

TOKEN = "424242:AAH-tokdrop-subscriptions-bench-0123"
FIRST_CHAT = 500_000_000
FIRST_POST = 7_500_000_000_000_000_000
OLD_POST = 7_100_000_000_000_000_000
PER_CHAT = 10  # the default subscription_limit
INSERT_BATCH = 2000
MP4_HEADER = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"

log = progress("subscriptions_bench")


def bench_settings(
    emulator: TelegramApiEmulator, tikwm: TikwmEmulator, db_url: str, folder: Path
) -> Settings:
    """Settings pointing at the emulators, no config files read, send budget out of the way."""
    environ = {
        "BOT_TOKEN": TOKEN,
        "TG_SERVER": emulator.base_url,
        "DB_URL": db_url,
        "TIKWM_URL": tikwm.base_url,
        "LOG_LEVEL": "WARNING",
        **UNLIMITED_SENDS,
    }
    return settings_without_files(environ, folder)


def creator_name(index: int) -> str:
    """The unique id of the creator with this index."""
    return f"creator{index:05d}"


def plan(subscriptions: int, creators: int) -> list[tuple[int, int]]:
    """(chat id, creator index) of every subscription: each chat follows PER_CHAT consecutive
    creators."""
    per_chat = min(PER_CHAT, creators)
    return [(FIRST_CHAT + j // per_chat, j % creators) for j in range(subscriptions)]


async def seed_database(pairs: list[tuple[int, int]], since: int) -> None:
    """Chats and subscriptions in multi-row INSERTs (set-up, not measured)."""
    chats = sorted({chat for chat, _ in pairs})
    async with session_scope() as s:
        for start in range(0, len(chats), INSERT_BATCH):
            await s.execute(
                insert(User),
                [
                    {"user_id": chat, "registered_at": since, "lang": "en", "last_seen_at": since}
                    for chat in chats[start : start + INSERT_BATCH]
                ],
            )
        for start in range(0, len(pairs), INSERT_BATCH):
            await s.execute(
                insert(Subscription),
                [
                    {
                        "user_id": chat,
                        "creator": creator_name(index),
                        "created_at": since,
                        "active": True,
                    }
                    for chat, index in pairs[start : start + INSERT_BATCH]
                ],
            )


def seed_tikwm(tikwm: TikwmEmulator, creators: int, since: int, video_size: int) -> dict[str, str]:
    """Every creator with an old post and a new one; returns creator -> new post id."""
    sound = random.Random(0).randbytes(16 * 1024)
    new_posts = {}
    for index in range(creators):
        name = creator_name(index)
        tikwm.add_creator(name)
        tikwm.add_video(OLD_POST + index, author=name, video=MP4_HEADER, created_at=since - 86_400)
        post_id = FIRST_POST + index
        video = MP4_HEADER + random.Random(post_id).randbytes(video_size - len(MP4_HEADER))
        tikwm.add_video(
            post_id,
            author=name,
            video=video,
            sound=sound,
            created_at=since + 60 + index % 600,
            width=1080,
            height=1920,
            duration=15,
        )
        new_posts[name] = str(post_id)
    return new_posts


def check(
    emulator: TelegramApiEmulator, pairs: list[tuple[int, int]], new_posts: dict[str, str]
) -> int:
    """Every subscription got its creator's new post exactly once, and nothing else; returns
    deliveries."""
    got: Counter[tuple[int, str]] = Counter()
    failed = 0
    for call in emulator.calls_to("sendVideo"):
        if not call.ok:
            failed += 1
            continue
        post_id = call.params["caption"].split("/video/")[1].split('"')[0]
        got[(call.chat_id, post_id)] += 1
    expected = Counter((chat, new_posts[creator_name(index)]) for chat, index in pairs)
    if failed:
        raise AssertionError(f"{failed} sendVideo call(s) failed")
    if got != expected:
        missing = sum((expected - got).values())
        extra = sum((got - expected).values())
        raise AssertionError(
            f"deliveries differ from the subscriptions: {missing} missing, {extra} extra"
        )
    return sum(got.values())


async def database_counts() -> tuple[int, int]:
    """Delivery rows and ``via_subscription`` downloads in the database."""
    async with session_scope() as s:
        claims = (
            await s.execute(select(func.count()).select_from(SubscriptionDelivery))
        ).scalar_one()
        downloads = (
            await s.execute(
                select(func.count())
                .select_from(Download)
                .where(Download.via_subscription.is_(True))
            )
        ).scalar_one()
    return claims, downloads


async def run(args: argparse.Namespace, db_url: str, folder: Path) -> dict:
    """Seed, run one cycle, check it; the JSON figures."""
    pairs = plan(args.subscriptions, args.creators)
    since = int(time.time()) - 3600
    async with migrated_database(db_url):
        started = time.perf_counter()
        await seed_database(pairs, since)
        chats = len({chat for chat, _ in pairs})
        log(
            f"seeded {chats:,} chats and {len(pairs):,} subscriptions over "
            f"{args.creators:,} creators "
            f"in {time.perf_counter() - started:.1f} s"
        )
        async with (
            TikwmEmulator() as tikwm,
            TelegramApiEmulator(token=TOKEN, auto_chats=True) as emulator,
        ):
            emulator.set_rate_limit(None)
            new_posts = seed_tikwm(tikwm, args.creators, since, args.video_kb * 1024)
            settings = bench_settings(emulator, tikwm, db_url, folder)
            session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))
            metrics = Metrics()
            bot = create_bot(settings, metrics, session)
            services = create_services(settings, metrics)
            poller = Poller(
                bot,
                services.media,
                Locales(),
                interval=0,
                jitter=0,
                concurrency=settings.media_concurrency,
            )
            try:
                started = time.perf_counter()
                report = await poller.poll_once()
                cycle = time.perf_counter() - started
            finally:
                await poller.stop()
                await services.close()
                await session.close()
            log(
                f"cycle: {cycle:.2f} s for {report.creators:,} creators, "
                f"{report.posts:,} new posts, "
                f"{report.delivered:,} deliveries ({report.delivered / cycle:.0f}/s); "
                f"retried {report.retried}, failed {report.failed}"
            )
            deliveries = check(emulator, pairs, new_posts)
            resolver_calls = tikwm.count("/api/user/posts")
            media_downloads = tikwm.media_fetches()
            uploads = sum(1 for c in emulator.calls_to("sendVideo") if c.files)
            log(
                f"tikwm: {resolver_calls:,} creator listings, "
                f"{tikwm.count('/api/') - resolver_calls:,} post "
                f"resolves, {media_downloads:,} media downloads; Telegram: {uploads:,} uploads"
            )
            if resolver_calls != args.creators:
                raise AssertionError(
                    f"{resolver_calls} creator listings for {args.creators} creators"
                )
            if media_downloads != len(new_posts) or uploads != len(new_posts):
                raise AssertionError(
                    f"{media_downloads} downloads and {uploads} uploads for {len(new_posts)} posts"
                )
            claims, downloads = await database_counts()
            if claims != len(pairs) or downloads != len(pairs):
                raise AssertionError(
                    f"database: {claims} delivery rows, {downloads} downloads for {len(pairs)}"
                )
    return {
        "db": args.db,
        "subscriptions": len(pairs),
        "creators": args.creators,
        "new_posts": len(new_posts),
        "cycle_s": round(cycle, 2),
        "resolver_calls": resolver_calls,
        "media_downloads": media_downloads,
        "deliveries": deliveries,
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--subscriptions", type=int, default=10_000, help="subscriptions (default 10,000)"
    )
    parser.add_argument(
        "--creators", type=int, default=1_000, help="followed creators (default 1,000)"
    )
    parser.add_argument(
        "--video-kb", type=int, default=256, help="size of each new video in KiB (default 256)"
    )
    args = parser.parse_args(argv)
    if args.creators < 1 or args.subscriptions < args.creators:
        parser.error("--creators must be positive and --subscriptions at least --creators")
    if not 1 <= args.video_kb <= 49 * 1024:
        parser.error("--video-kb must be from 1 to 50,176")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and print its JSON line."""
    args = parse_args(argv)
    setup_logging("WARNING", secrets=[TOKEN])
    log(
        f"{args.db}: {args.subscriptions:,} subscriptions over {args.creators:,} creators, "
        "one new post each"
    )
    with database_factory(args.db, log) as (new_db_url, folder):
        result = asyncio.run(run(args, new_db_url("subscriptions_bench"), folder))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
