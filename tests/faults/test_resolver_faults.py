"""Fault injection: the resolver answering 500s, timing out, and media dripping a byte at a time,
while links keep coming. Every user gets an answer (their video or a localized error), and the
``MEDIA_CONCURRENCY`` work slots are free afterwards (a follow-up burst is delivered promptly).

The bot is the production Dispatcher polling the Telegram emulator (tests/e2e/harness.py); the
resolver and media server is the tikwm stand-in. The database backend plays no part here, so
this runs on SQLite only.
"""

from __future__ import annotations

import hashlib
import time

import pytest

from bot.i18n import Locales
from tests.e2e import conftest as e2e_fixtures

e2e_session, emulator, tikwm = e2e_fixtures.e2e_session, e2e_fixtures.emulator, e2e_fixtures.tikwm
start_bot = e2e_fixtures.start_bot

SLOTS = 2  # MEDIA_CONCURRENCY
DEADLINE = 2  # MEDIA_DOWNLOAD_DEADLINE, seconds
EN = Locales().translator("en")
RESOLVER_DOWN = EN("media-resolver-down", platform="TikTok")
TOO_SLOW = EN("media-timeout", platform="TikTok")
PROMPTLY = 8.0  # seconds for the follow-up burst on a loaded machine (a slot held by a drip
# would need DEADLINE at least; one never freed would never answer)

pytestmark = pytest.mark.slow


@pytest.fixture
def backend() -> str:
    return "sqlite"


class Traffic:
    """Posts on the stand-in and users sending them, one fresh post and user per link (no
    file-id cache hits, no per-chat limits in the way)."""

    def __init__(self, app, tikwm) -> None:
        self.app, self.tikwm = app, tikwm
        self.next_id = 7_350_000_000_000_000_000
        self.next_user = 5_000_000

    def post(self, size: int = 50_000) -> str:
        self.next_id += 1
        post_id = str(self.next_id)
        body = hashlib.sha256(post_id.encode()).digest() * (size // 32)
        self.tikwm.add_video(post_id, author="fault", video=body)
        return post_id

    def send(self, post_id: str) -> int:
        self.next_user += 1
        self.app.emulator.send_message(
            self.next_user, f"https://www.tiktok.com/@fault/video/{post_id}"
        )
        return self.next_user

    def answer(self, user: int) -> str | None:
        """ "video", or the text the user got, or None while nothing came."""
        emu = self.app.emulator
        if any(c.ok for c in emu.calls_to("sendVideo", chat_id=user)):
            return "video"
        texts = [c.params["text"] for c in emu.calls_to("sendMessage", chat_id=user)]
        return texts[0] if texts else None

    async def answers(self, users: list[int], timeout: float) -> list[str]:
        await self.app.emulator.wait_until(
            lambda: all(self.answer(u) is not None for u in users), timeout=timeout
        )
        await self.app.settle(timeout=timeout)
        return [self.answer(u) for u in users]


async def test_resolver_faults_answer_every_user_and_free_the_work_slots(
    start_bot, tikwm, tmp_path
):
    temp_dir = tmp_path / "media-tmp"
    temp_dir.mkdir()
    app = await start_bot(
        TIKTOK_TIMEOUT="1",
        TIKTOK_RETRIES="0",
        MEDIA_CONCURRENCY=str(SLOTS),
        MEDIA_DOWNLOAD_DEADLINE=str(DEADLINE),
        MEDIA_TEMP_DIR=str(temp_dir),
    )
    traffic = Traffic(app, tikwm)
    tikwm.chunk_size = 512  # a drip: one small write at a time, each well within the read timeout

    # 1. The resolver answers 500 to four of eight requests (no retries configured).
    tikwm.fail_next("/api", 500, count=4)
    users = [traffic.send(traffic.post()) for _ in range(8)]
    got = await traffic.answers(users, timeout=30)
    assert sorted(got) == sorted([RESOLVER_DOWN] * 4 + ["video"] * 4), got

    # 2. The resolver stalls past TIKTOK_TIMEOUT on every request.
    tikwm.delay("/api", 3)
    users = [traffic.send(traffic.post()) for _ in range(4)]
    assert await traffic.answers(users, timeout=30) == [TOO_SLOW] * 4
    tikwm.delay("/api", 0)

    # 3. Media of four posts drips (2 kB/s, a 512-byte write every 0.25 s: never a read
    #    timeout, 25 s for the body) among four posts served normally.
    dripping = [traffic.post() for _ in range(4)]
    for post_id in dripping:
        tikwm.pace(f"/media/{post_id}/", 2_000)
    users = []
    for post_id in dripping:
        users += [traffic.send(post_id), traffic.send(traffic.post())]
    got = await traffic.answers(users, timeout=40)
    assert got == [TOO_SLOW, "video"] * 4, got

    # 4. Faults gone: a burst of SLOTS links is delivered promptly, so every slot is free.
    tikwm.clear_faults()
    started = time.monotonic()
    users = [traffic.send(traffic.post()) for _ in range(SLOTS)]
    assert await traffic.answers(users, timeout=PROMPTLY) == ["video"] * SLOTS
    elapsed = time.monotonic() - started
    assert elapsed < PROMPTLY
    assert list(temp_dir.iterdir()) == []
    registry = app.metrics.registry
    failures = {
        reason: registry.get_sample_value("tokdrop_resolver_errors_total", {"reason": reason})
        for reason in ("resolver_down", "timeout")
    }
    assert failures == {"resolver_down": 4.0, "timeout": 8.0}
