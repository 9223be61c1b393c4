"""Benchmark: link → reply with the primary TikTok backend dead, against the secondary alone.

What it measures
    The whole bot, as ``bench/media_bench.py`` runs it (production ``create_services`` /
    ``create_dispatcher`` / ``create_bot`` long-polling an in-process Telegram Bot API emulator;
    a tikwm stand-in on 127.0.0.1; one fresh migrated database, SQLite unless ``--db postgres``),
    with the backend chain built from settings by ``create_resolver``. Three scenarios, each its
    own bot (own breakers, own Telegram emulator and stand-ins; distinct users and posts), all
    running at once:

    * ``secondary``: ``TIKTOK_BACKENDS=tikwm``, the secondary alone (the baseline);
    * ``refused``: ``TIKTOK_BACKENDS=primary,tikwm`` where ``primary`` is a tikwm backend on a
      loopback port that refuses connections (``devservers.refused``);
    * ``timeout``: the same, ``primary`` on a tikwm stand-in that never answers its API (it
      waits longer than ``TIKTOK_TIMEOUT``, ``--timeout`` s).

    ``primary`` is registered in ``TIKTOK_BACKEND_REGISTRY`` (the real ``TikwmResolver``) the
    way a backend registers; the chain, its no-retries-before-the-last rule and the breakers
    are the production ones, with the default ``BREAKER_FAILURES`` (3) and ``BREAKER_COOLDOWN``
    (30 s), ``TIKTOK_RETRIES`` 2.

    Each scenario: (1) opening: ``--burst`` links sent at once by distinct users while the
    breaker is still closed; every one must be delivered; the primary's API requests are
    counted (target: at most one per link) and the slowest delivery reported. (2) measured:
    ``--links`` links per scenario, one at a time (the bots idle in between), the three bots
    taking turns in a rotating order so that a change of the machine's load falls on each alike;
    each a fresh post of a distinct user; latency from the ``getUpdates`` answer carrying the
    update to the recorded ``sendVideo`` (media_bench's definition); p50/p95. The measured
    phase is shorter than the 30 s cool-down on an ordinary run, so it runs with the breakers
    open (requests reaching a primary meanwhile, half-open probes, are reported).

    Videos are ``--video-kb`` KiB served at ``--media-mbps`` (default 300 KiB at 100 Mbit/s,
    about 25 ms), so the fixed costs of a link are not drowned by the download.

    The chain's own cost (``--calls`` resolves of one post, loopback HTTP to the tikwm
    stand-in, alternating in blocks): the tikwm backend called directly vs through a chain of
    that one backend (``resolve_direct_us``, ``resolve_chain_us``: medians, the order of the two
    alternating block by block); and, since loopback HTTP varies by tens of µs, the chain's own
    work alone: a backend answering from memory, directly and through the chain, best of five
    rounds (``chain_own_us``: the difference per resolve).

How to run (from the repository root)
    python bench/fallback_bench.py              # 100 measured links per scenario
    python bench/fallback_bench.py --links 20   # smoke check

Target (P10): ``refused_ratio`` and ``timeout_ratio`` (p95 of the scenario / p95 of the
secondary alone) <= 1.2; ``*_primary_per_link`` <= 1 in the opening burst.

Progress goes to stderr; the last line of stdout is one JSON object:
    {"links", "secondary_p95_ms", "refused_p95_ms", "refused_ratio", "timeout_p95_ms",
     "timeout_ratio", "refused_primary_per_link", "timeout_primary_per_link",
     "timeout_opening_max_ms", "resolve_direct_us", "resolve_chain_us", "chain_own_us"}
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # runnable as `python bench/fallback_bench.py`

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bench.common import (
    UNLIMITED_SENDS,
    database_factory,
    migrated_database,
    progress,
    settings_without_files,
)
from bench.media_bench import (
    BOT_USERNAME,
    TOKEN,
    Harness,
    Library,
    link_of,
    percentile,
    start_polling,
    stop_polling,
)
from bot.app import create_bot, create_dispatcher, create_services
from bot.i18n import Locales
from bot.inflight import InFlight
from bot.logging_setup import setup_logging
from bot.metrics import Metrics
from bot.sources import Post, PostKind, ResolverChain, create_http_session
from bot.sources.http import proxy_from_settings
from bot.sources.resolver import TIKTOK_BACKEND_REGISTRY, BackendSpec
from bot.sources.tikwm import TikwmResolver
from data import db_service
from data.config import Settings
from data.runtime_settings import Setting
from devservers.refused import refused_port
from devservers.telegram_api import TelegramApiEmulator
from devservers.tikwm import TikwmEmulator

log = progress("fallback_bench")

SCENARIOS = ("secondary", "refused", "timeout")
FIRST_POST = 7_340_000_000_000_000_000
FIRST_USER = 500_000_000
TARGET_RATIO = 1.2


def register_primary(url: str) -> None:
    """``primary``: the tikwm backend on ``url`` (registered as any backend is)."""

    def factory(settings: Settings, session, backoff_base: float) -> TikwmResolver:
        return TikwmResolver(
            session,
            base_url=url,
            timeout=settings.tiktok_timeout,
            retries=settings.tiktok_retries,
            proxy=proxy_from_settings(settings),
            backoff_base=backoff_base,
        )

    TIKTOK_BACKEND_REGISTRY["primary"] = BackendSpec(factory)


class PrimaryCounter:
    """Requests that reached the primary's API: the stand-in's count, or (refused) the chain's
    own count of requests made to it."""

    def __init__(self, stand_in: TikwmEmulator | None, chain: ResolverChain) -> None:
        self.stand_in, self.chain = stand_in, chain

    def __call__(self) -> int:
        if self.stand_in is not None:
            return self.stand_in.count("/api/")
        backend = next((b for b in self.chain.backends if b.name == "primary"), None)
        return 0 if backend is None else sum(backend.requests.values())


@contextlib.asynccontextmanager
async def primary_for(scenario: str, timeout: float) -> AsyncIterator[TikwmEmulator | None]:
    """Set up (and register) the scenario's primary; yields its stand-in when it has one."""
    if scenario == "refused":
        with refused_port() as port:
            register_primary(f"http://127.0.0.1:{port}")
            yield None
    elif scenario == "timeout":
        async with TikwmEmulator() as slow:
            slow.delay("/api/", timeout * 100)
            register_primary(slow.base_url)
            yield slow
    else:
        yield None


@dataclass
class ScenarioBot:
    """One scenario's bot, its stand-ins and what it measured."""

    name: str
    harness: Harness
    chain: ResolverChain
    primary: PrimaryCounter
    burst_posts: list[int]
    measured_posts: list[int]
    user: int
    latencies_ms: list[float] = field(default_factory=list)
    opening_max_ms: float = 0.0
    primary_opening: int = 0


@contextlib.asynccontextmanager
async def scenario_bot(
    scenario: str, args: argparse.Namespace, db_url: str, folder: Path, offset: int
) -> AsyncIterator[ScenarioBot]:
    """The bot of ``scenario`` polling its own Telegram emulator, with its own tikwm stand-in
    (the secondary) and primary; stopped on exit."""
    backends = "tikwm" if scenario == "secondary" else "primary,tikwm"
    async with (
        TikwmEmulator(media_bytes_per_second=args.media_mbps * 125_000 or None) as tikwm,
        TelegramApiEmulator(token=TOKEN, bot_username=BOT_USERNAME, auto_chats=True) as emulator,
        primary_for(scenario, args.timeout) as stand_in,
    ):
        environ = {
            "BOT_TOKEN": TOKEN,
            "TG_SERVER": emulator.base_url,
            "DB_URL": db_url,
            "TIKWM_URL": tikwm.base_url,
            "TIKTOK_BACKENDS": backends,
            "TIKTOK_TIMEOUT": f"{args.timeout:g}",
            "LOG_LEVEL": "WARNING",
            **UNLIMITED_SENDS,
        }
        settings = settings_without_files(environ, folder)
        library = Library(tikwm, args.video_kb * 1024)
        first = FIRST_POST + offset
        burst_posts = [first + i for i in range(args.burst)]
        measured_posts = [first + args.burst + i for i in range(args.links)]
        library.add(burst_posts + measured_posts)

        session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))
        metrics = Metrics()
        bot = create_bot(settings, metrics, session)
        inflight = InFlight()
        services = create_services(settings, metrics)  # builds the chain: primary registered
        chain = services.media.resolver
        dp = create_dispatcher(Locales(), settings, services, inflight)
        notices = {Locales().translator("en")("media-working")}
        polling = None
        try:
            polling = await start_polling(dp, bot, emulator)
            yield ScenarioBot(
                scenario,
                Harness(emulator, tikwm, library, polling, inflight, notices),
                chain,
                PrimaryCounter(stand_in, chain),
                burst_posts,
                measured_posts,
                FIRST_USER + offset,
            )
        finally:
            if polling is not None:
                await stop_polling(dp, polling)
            await services.close()
            await session.close()


async def opening_burst(bot: ScenarioBot, timeout: float) -> None:
    """Every burst link at once, while the breaker is closed; all must be delivered."""
    h = bot.harness
    tracker = h.tracker()
    for i, post_id in enumerate(bot.burst_posts):
        chat = bot.user + i
        tracker.expect(chat, h.emulator.send_message(chat, link_of(post_id)))
    opening = await tracker.wait(h.emulator, timeout=60 + 3 * timeout)
    await h.settle()
    bot.primary_opening = bot.primary()
    bot.opening_max_ms = max(d.latency for d in opening) * 1000
    states = ", ".join(f"{b.name} {b.health}" for b in bot.chain.backends)
    log(
        f"{bot.name}: opening burst of {len(bot.burst_posts)} links: the primary saw "
        f"{bot.primary_opening} request(s), slowest delivery {bot.opening_max_ms:.0f} ms; "
        f"now [{states}]"
    )


async def measure(bots: Sequence[ScenarioBot], links: int) -> None:
    """``links`` links per bot, one at a time, the bots taking turns (their order rotating),
    so a change of the machine's load falls on every scenario alike."""
    for i in range(links):
        turn = i % len(bots)
        for bot in [*bots[turn:], *bots[:turn]]:
            user = bot.user + len(bot.burst_posts) + i
            delivery = await bot.harness.one_link(user, bot.measured_posts[i])
            bot.latencies_ms.append(delivery.latency * 1000)
    for bot in bots:
        values = bot.latencies_ms
        log(
            f"{bot.name}: {links} links one at a time: p50 {percentile(values, 50):.1f} ms, "
            f"p95 {percentile(values, 95):.1f} ms, max {max(values):.1f} ms; the primary saw "
            f"{bot.primary() - bot.primary_opening} request(s) meanwhile"
        )


def sample_post() -> Post:
    return Post(
        id=str(FIRST_POST),
        author="benchcreator",
        author_name="Bench Creator",
        caption="",
        kind=PostKind.VIDEO,
        video_url="https://media.example/video.mp4",
        image_urls=(),
        sound=None,
        duration=None,
        width=None,
        height=None,
        cover_url=None,
        size=None,
        created_at=None,
    )


async def chain_overhead(calls: int, folder: Path) -> tuple[float, float]:
    """Median µs of one resolve: the tikwm backend directly, and through a chain of it alone."""
    async with TikwmEmulator() as tikwm:
        tikwm.add_video(FIRST_POST, author="benchcreator")
        settings = settings_without_files({"TIKWM_URL": tikwm.base_url}, folder)
        http = create_http_session(settings)
        try:
            direct = TikwmResolver.from_settings(settings, http)
            chain = ResolverChain.of("tiktok", [("tikwm", direct)])
            link = link_of(FIRST_POST)
            times: dict[str, list[float]] = {"direct": [], "chain": []}
            for _ in range(20):  # warm the connection pool
                await chain.resolve(link)
            block = 50
            sides = [("direct", direct), ("chain", chain)]
            for start in range(0, calls, block):
                for name, resolver in sides if start // block % 2 else sides[::-1]:
                    for _ in range(min(block, calls - start)):
                        began = time.perf_counter()
                        await resolver.resolve(link)
                        times[name].append((time.perf_counter() - began) * 1e6)
        finally:
            await http.close()
    direct_us, chain_us = (statistics.median(times[n]) for n in ("direct", "chain"))
    log(
        f"resolve over loopback, {calls} calls each: direct median {direct_us:.0f} µs, through "
        f"a chain of one {chain_us:.0f} µs ({chain_us - direct_us:+.0f} µs)"
    )
    return direct_us, chain_us


class AnswerAtOnce:
    """A backend answering from memory: what is left to time is the chain's own work."""

    def __init__(self, post: Post) -> None:
        self.post = post

    async def resolve(self, link: str) -> Post:
        return self.post

    async def creator_posts(self, unique_id, **_kwargs):
        raise NotImplementedError

    async def close(self) -> None:
        pass


async def chain_cost(post: Post, calls: int = 200_000) -> float:
    """µs the chain adds to one resolve (its bookkeeping: breaker, counts, the walk)."""
    backend = AnswerAtOnce(post)
    chain = ResolverChain.of("tiktok", [("memory", backend)])
    best = {"direct": float("inf"), "chain": float("inf")}
    for _ in range(5):  # best of five rounds each, alternating
        for name, resolver in (("direct", backend), ("chain", chain)):
            began = time.perf_counter()
            for _ in range(calls // 5):
                await resolver.resolve("link")
            best[name] = min(best[name], (time.perf_counter() - began) / (calls // 5) * 1e6)
    cost = best["chain"] - best["direct"]
    log(f"the chain's own cost per resolve (a backend answering from memory): {cost:.2f} µs")
    return cost


async def run(args: argparse.Namespace, db_url: str, folder: Path) -> dict:
    async with migrated_database(db_url), contextlib.AsyncExitStack() as stack:
        await db_service.set_setting(Setting.LINKS_PER_MINUTE, 1000)
        await db_service.set_setting(Setting.LINKS_IN_FLIGHT, 50)
        bots = []
        for index, scenario in enumerate(SCENARIOS):
            bot = await stack.enter_async_context(
                scenario_bot(scenario, args, db_url, folder, index * 100_000)
            )
            await opening_burst(bot, args.timeout)
            bots.append(bot)
        await measure(bots, args.links)
        results = {bot.name: bot for bot in bots}
    direct_us, chain_us = await chain_overhead(args.calls, folder)
    own_us = await chain_cost(sample_post())
    base = percentile(results["secondary"].latencies_ms, 95)
    out: dict = {"links": args.links, "secondary_p95_ms": round(base, 1)}
    for scenario in ("refused", "timeout"):
        p95 = percentile(results[scenario].latencies_ms, 95)
        out[f"{scenario}_p95_ms"] = round(p95, 1)
        out[f"{scenario}_ratio"] = round(p95 / base, 3)
    for scenario in ("refused", "timeout"):
        bot = results[scenario]
        out[f"{scenario}_primary_per_link"] = round(bot.primary_opening / len(bot.burst_posts), 2)
    out["timeout_opening_max_ms"] = round(results["timeout"].opening_max_ms, 1)
    out["resolve_direct_us"] = round(direct_us, 1)
    out["resolve_chain_us"] = round(chain_us, 1)
    out["chain_own_us"] = round(own_us, 2)
    worst = max(out["refused_ratio"], out["timeout_ratio"])
    verdict = "met" if worst <= TARGET_RATIO else "NOT met"
    log(f"worst ratio {worst:.3f} (target <= {TARGET_RATIO}): {verdict}")
    return out


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--links", type=int, default=100, help="measured links per scenario")
    parser.add_argument(
        "--burst", type=int, default=10, help="links sent at once before measuring (default 10)"
    )
    parser.add_argument("--video-kb", type=int, default=300, help="video size, KiB (default 300)")
    parser.add_argument(
        "--media-mbps", type=float, default=100.0, help="media pace, Mbit/s; 0: loopback speed"
    )
    parser.add_argument(
        "--timeout", type=float, default=2.0, help="TIKTOK_TIMEOUT, seconds (default 2)"
    )
    parser.add_argument(
        "--calls", type=int, default=2000, help="resolves per side in the overhead part"
    )
    args = parser.parse_args(argv)
    if args.links < 2 or args.burst < 1 or args.calls < 1 or args.timeout < 1:
        parser.error("--links >= 2, --burst >= 1, --calls >= 1 and --timeout >= 1 please")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    setup_logging("ERROR", secrets=[TOKEN])  # the fallback warnings would flood stderr
    log(
        f"{args.links} measured links per scenario ({', '.join(SCENARIOS)}), "
        f"{args.video_kb} KiB videos at {args.media_mbps:g} Mbit/s, TIKTOK_TIMEOUT={args.timeout:g}"
    )
    with database_factory(args.db, log) as (new_db_url, folder):
        result = asyncio.run(run(args, new_db_url("fallback_bench"), folder))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
