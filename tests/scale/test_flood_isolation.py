"""A flooded chat and a flooded group, served by several bot processes behind one webhook:
together the processes keep to Telegram's per-chat and per-group limits (the emulator enforcing
them at Telegram's defaults answers no per-chat 429), and everyone else is answered about as
fast as without the flood.

The bots run with their own per-chat defaults (TG_CHAT_RATE, TG_GROUP_RATE unset); only the
bot-wide rate is opened up. Each process has its own working directory, HOME and TMPDIR.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import random
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from devservers.bot_processes import BotProcesses
from devservers.flooding import CHAT_LIMIT, GROUP_LIMIT, ChatLimit, attempts, flood
from devservers.redis import RedisServer
from devservers.telegram_api import TelegramApiEmulator
from devservers.tikwm import TikwmEmulator
from tests.e2e.harness import TOKEN

CALM_SECONDS = 8.0  # the same users, no flood: the latency baseline
FLOOD_SECONDS = 20.0
USERS = range(830_001, 830_051)  # chatting normally: a command every 1 to 2 s each
FLOODED_CHAT = 840_001
FLOODED_GROUP, GROUP_MEMBER = -1_000_840_001, 840_002
CHAT_FLOOD_RATE = 3.0  # updates/s into the flooded chat (Telegram lets the bot answer 1/s)
GROUP_FLOOD_RATE = 1.0  # updates/s into the flooded group (the bot may answer 20/min)
WINDOWS = (1.0, 5.0, FLOOD_SECONDS)  # seconds: sliding windows checked against the limits
# The loaded 2-core machine: the flooded phase's p95 may exceed twice the calm one by this much.
LATENCY_SLACK = 0.25
POSTS = ("7300000000000008401", "7300000000000008402", "7300000000000008403")


def link(post_id: str) -> str:
    return f"https://www.tiktok.com/@flood/video/{post_id}"


# Every message gets exactly one send back: a text, a video, or a refusal (too many links,
# still working); links are served by the tikwm stand-in, from cache after the first.
FLOOD_TEXTS = ["/start", link(POSTS[0]), "/help", link(POSTS[1]), link(POSTS[2]), "/help"]


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    """A redis-server for this module's Redis case, started on first use."""
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def tikwm() -> AsyncIterator[TikwmEmulator]:
    """The tikwm stand-in serving the flood's posts."""
    async with TikwmEmulator() as server:
        for post_id in POSTS:
            blob = hashlib.sha256(post_id.encode()).digest() * 160  # 5 KB
            server.add_video(post_id, author="flood", video=blob, sound=blob[:3000])
        yield server


class Users:
    """The normal users: each says a command every 1 to 2 s; push times kept per user (every
    command gets one reply, so the n-th send to a user answers their n-th push)."""

    def __init__(self, emulator: TelegramApiEmulator) -> None:
        self.emulator = emulator
        self.pushed: dict[int, list[float]] = {user: [] for user in USERS}
        self._random = random.Random(17)

    def say(self, user: int, text: str) -> None:
        self.emulator.send_message(user, text, language_code="en")
        self.pushed[user].append(time.monotonic())

    async def chat(self, until: float) -> None:
        """Every user chats until the monotonic time ``until``."""

        async def one(user: int, pause: float) -> None:
            while time.monotonic() + pause < until:
                await asyncio.sleep(pause)
                self.say(user, "/help" if len(self.pushed[user]) % 2 else "/start")
                pause = self._random.uniform(1.0, 2.0)

        await asyncio.gather(*(one(user, self._random.uniform(0, 1.0)) for user in USERS))

    def answered(self) -> bool:
        return all(
            len(self.emulator.chat_traffic(user).sends) >= len(pushes)
            for user, pushes in self.pushed.items()
        )

    def latencies(self, start: float, end: float) -> list[float]:
        """Seconds from push to reply, for the pushes in ``[start, end)``."""
        found = []
        for user, pushes in self.pushed.items():
            replies = self.emulator.chat_traffic(user).sends
            found += [
                reply - pushed
                for pushed, reply in zip(pushes, replies, strict=False)
                if start <= pushed < end
            ]
        return found


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def chat_report(emulator: TelegramApiEmulator, chat: int, limit: ChatLimit, start: float) -> dict:
    traffic, asked = emulator.chat_traffic(chat), attempts(emulator, chat)
    return {
        "sent": len(traffic.sends),
        "429s": dict(traffic.flood_429s),
        "compliance": round(limit.compliance(traffic, start, FLOOD_SECONDS), 2),
        "attempted_compliance": round(limit.compliance(asked, start, FLOOD_SECONDS), 2),
        "compliance_goal": round(limit.compliance_goal(FLOOD_SECONDS), 2),
        "windows": {
            f"{w:g}s": {
                "most": traffic.most_in(w),
                "attempted": asked.most_in(w),
                "allowed": limit.allowed_in(w),
            }
            for w in WINDOWS
        },
    }


@pytest.mark.slow
@pytest.mark.parametrize(("processes", "store"), [(2, "postgres"), (3, "redis")])
async def test_a_flooded_chat_and_group_get_telegrams_rate_and_others_stay_fast(
    processes, store, pg_store, emulator, tikwm, tmp_path, request
):
    emulator.set_chat_rate_limit()  # Telegram's defaults: 1/s burst 3; groups 20/min burst 3
    emulator.set_group_rate_limit()
    extra = {"REDIS_URL": request.getfixturevalue("redis_server").url} if store == "redis" else {}
    bots = BotProcesses(
        emulator,
        TOKEN,
        pg_store,
        tmp_path,
        sends={"TG_GLOBAL_RATE": "1000"},
        own_folders=True,
        TIKWM_URL=tikwm.base_url,
        TIKTOK_TIMEOUT="5",
        TIKTOK_RETRIES="1",
        LOG_LEVEL="WARNING",
        **extra,
    )
    users = Users(emulator)
    started = time.monotonic()
    try:
        await bots.start(processes, timeout=180)
        startup = time.monotonic() - started
        folders = {os.readlink(f"/proc/{p.pid}/cwd") for p in bots.processes}
        assert len(folders) == processes  # nothing on disk shared
        for user in USERS:  # untimed: every user and process warmed up
            users.say(user, "/start")
        await emulator.wait_until(users.answered, timeout=60)

        calm_start = time.monotonic()
        flood_start = calm_start + CALM_SECONDS
        flood_end = flood_start + FLOOD_SECONDS
        chatting = asyncio.create_task(users.chat(until=flood_end))
        await asyncio.sleep(CALM_SECONDS)  # the calm phase runs for this long
        flood_start = time.monotonic()
        flooded = await asyncio.gather(
            flood(
                emulator,
                FLOODED_CHAT,
                FLOOD_TEXTS,
                per_second=CHAT_FLOOD_RATE,
                seconds=FLOOD_SECONDS,
            ),
            flood(
                emulator,
                FLOODED_GROUP,
                FLOOD_TEXTS,
                per_second=GROUP_FLOOD_RATE,
                seconds=FLOOD_SECONDS,
                user_id=GROUP_MEMBER,
                chat_type="supergroup",
            ),
        )
        flood_end = time.monotonic()
        await chatting
        await emulator.wait_until(users.answered, timeout=60)
    finally:
        await bots.stop(timeout=5)  # the flood's backlog is not waited for

    calm = users.latencies(calm_start, flood_start)
    flooded_latencies = users.latencies(flood_start, flood_end)
    report = {
        "processes": processes,
        "store": store,
        "flood_updates": {"chat": flooded[0], "group": flooded[1]},
        "chat": chat_report(emulator, FLOODED_CHAT, CHAT_LIMIT, flood_start),
        "group": chat_report(emulator, FLOODED_GROUP, GROUP_LIMIT, flood_start),
        "videos": {
            "chat": len(emulator.calls_to("sendVideo", FLOODED_CHAT)),
            "group": len(emulator.calls_to("sendVideo", FLOODED_GROUP)),
        },
        "p95_s": {"calm": round(p95(calm), 3), "flooded": round(p95(flooded_latencies), 3)},
        "replies": {"calm": len(calm), "flooded": len(flooded_latencies)},
        "429s": {"chat": emulator.flood_429s("chat"), "group": emulator.flood_429s("group")},
        "startup_s": round(startup, 1),
    }
    summary = json.dumps(report)  # a string: pytest shows it whole
    print("flood isolation:", summary)
    for name in ("chat", "group"):
        for window, seen in report[name]["windows"].items():
            assert seen["most"] <= seen["allowed"], f"{name} {window}: {summary}"
    assert report["429s"] == {"chat": 0, "group": 0}, summary
    calm_p95, flooded_p95 = report["p95_s"]["calm"], report["p95_s"]["flooded"]
    assert flooded_p95 <= max(2 * calm_p95, calm_p95 + LATENCY_SLACK), summary
