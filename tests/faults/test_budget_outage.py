# ruff: noqa: F811 - the fixtures imported from the conftest are used as test arguments
"""Redis (the shared send budget) stopped mid-traffic, then started again.

A budget that cannot be taken means "certainly not sent": broadcast recipients go back to
pending and the worker pauses, subscription posts wait for the next poll, replies to users
use the process's own budget (``/healthz`` says degraded) until Redis answers again.
"""

from __future__ import annotations

import time

import aiohttp
import pytest

from bot.background import Backoff
from bot.broadcast import start_broadcast_worker
from bot.i18n import Locales
from bot.subscriptions import Poller
from bot.web import standard_probes
from data import db_service as db
from data.models import BroadcastStatus, RecipientState
from data.periods import Audience
from tests.e2e.harness import settings_for
from tests.faults.conftest import ADMIN, copies, eventually, limiter_of, load_chats
from tests.subscriptions.test_subscriptions_e2e import new_post, videos

RECIPIENTS = 200
BRIEF_PAUSES = Backoff(0.1, 0.5, doublings=3)  # the worker's pauses while the outage lasts


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["postgres"])
async def test_redis_stopped_mid_broadcast_fails_nobody_and_the_broadcast_completes(
    store, db_url, emulator, redis, shared_bot, tmp_path
):
    settings = settings_for(emulator, db_url, tmp_path, REDIS_URL=redis.url, BROADCAST_RATE="100")
    bot = shared_bot(settings)
    limiter = limiter_of(bot)
    chats = list(range(50_001, 50_001 + RECIPIENTS))
    await load_chats(chats)
    source = emulator.send_message(ADMIN, "📰 Big news")["message"]["message_id"]
    job = await db.create_broadcast(ADMIN, ADMIN, source, Audience.USERS)
    assert job.total == RECIPIENTS
    worker = start_broadcast_worker(
        bot, settings, poll_interval=0.2, progress_interval=0.3, outage_backoff=BRIEF_PAUSES
    )
    try:
        await emulator.wait_until(lambda: sum(copies(emulator).values()) >= 40, timeout=30)
        redis.kill()
        # The outage reaches the worker: it pauses again and again, sending nothing.
        await eventually(lambda: worker.outage_pauses >= 5, 30, what="five outage pauses")
        assert limiter.budget_state()["degraded"]
        during = await db.recipient_counts(job.id)
        sent_during = sum(copies(emulator).values())
        assert during[RecipientState.FAILED] == during[RecipientState.SENDING] == 0
        assert during[RecipientState.CLAIMED] == 0  # handed back to pending
        assert 40 <= sent_during < RECIPIENTS
        outage_pauses = worker.outage_pauses
        revived_at = time.monotonic()
        redis.revive()
        await emulator.wait_until(lambda: sum(copies(emulator).values()) == RECIPIENTS, timeout=40)
        job = await eventually(lambda: _done(job.id), 30, what="the broadcast done")
        recovered = time.monotonic() - revived_at
    finally:
        await worker.stop()

    assert not limiter.budget_state()["degraded"]
    assert limiter.budget_state()["outages"] == 1
    assert copies(emulator) == dict.fromkeys(chats, 1)  # every recipient once, nobody twice
    assert (job.status, job.sent, job.failed, job.blocked) == (
        BroadcastStatus.DONE,
        RECIPIENTS,
        0,
        0,
    )
    counts = await db.recipient_counts(job.id)
    assert counts[RecipientState.SENT] == RECIPIENTS
    # The figures of the fault-injection suite.
    print(
        f"FIGURES redis outage: recipients={RECIPIENTS} sent_before_outage={sent_during} "
        f"outage_pauses={outage_pauses} recovered_in={recovered:.1f}s failed=0 duplicates=0"
    )


async def _done(broadcast_id: int):
    job = await db.get_broadcast(broadcast_id)
    return job if job.status is BroadcastStatus.DONE else None


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_redis_stopped_while_posts_arrive_defers_them_to_the_next_poll(
    start_shared_bot, tikwm, redis
):
    app = await start_shared_bot()
    chats = [6201, 6202, 6203]
    await load_chats(chats)
    subscriptions = [(await db.add_subscription(c, "star", limit=10)).id for c in chats]
    tikwm.add_creator("star")
    poller = Poller(app.bot, app.services.media, Locales(), interval=0, jitter=0)
    try:
        redis.kill()
        post = new_post(tikwm, "star", seconds_ahead=10)
        report = await poller.poll_once()
        assert (report.delivered, report.failed) == (0, 0) and report.retried >= 1
        assert all(videos(app, chat) == [] for chat in chats)
        assert await db.delivered_pairs(subscriptions, [post]) == set()  # nothing kept
        redis.revive()
        delivered = 0

        async def polled_all() -> bool:
            nonlocal delivered
            delivered += (await poller.poll_once()).delivered
            return delivered == len(chats)

        await eventually(polled_all, 30, every=0.1, what="the post delivered to every chat")
        assert (await poller.poll_once()).delivered == 0  # nothing twice
    finally:
        await poller.stop()
    assert all(videos(app, chat) == [post] for chat in chats)


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_replies_go_on_while_redis_is_down_and_healthz_says_degraded(
    start_shared_bot, redis, tikwm
):
    app = await start_shared_bot()
    gate = app.dp.workflow_data["gate"]
    base = await app.start_web(standard_probes(app.bot, gate))
    tikwm.add_video(7301, author="nasa")
    async with aiohttp.ClientSession() as http:
        status, body = await _health(http, base, full=True)
        assert (status, body["status"]) == (200, "ok")
        assert {"send_budget", "chat_sends", "chat_links"} <= set(body["checks"])
        redis.kill()
        reply = await app.say(6301, "/start")
        assert reply.ok  # answered from this process's own budget and chat buckets
        # A link: admitted by this process's own gate, its video sent.
        video = await app.say(6301, "https://www.tiktok.com/@nasa/video/7301", method="sendVideo")
        assert video.ok
        status, body = await _health(http, base, full=True)
        assert (status, body["status"]) == (200, "degraded")
        for check in ("send_budget", "chat_sends", "chat_links"):
            assert body["checks"][check]["degraded"] is True, check
            assert "redis unavailable" in body["checks"][check]["detail"], check
        metrics = await (await http.get(f"{base}/metrics")).text()
        assert "tokdrop_send_budget_degraded 1.0" in metrics
        assert "tokdrop_send_budget_outages_total 1.0" in metrics
        redis.revive()

        async def back() -> bool:
            assert (await app.say(6301, "/help")).ok
            return not app.limiter.budget_state()["degraded"] and not app.shared_chats.degraded

        await eventually(back, 20, every=0.1, what="the shared budget and chat buckets back")
        video = await app.say(6301, "https://www.tiktok.com/@nasa/video/7301", method="sendVideo")
        assert video.ok and not gate.degraded  # the shared link gate answers again
        assert (await _health(http, base)) == (200, "ok")
        metrics = await (await http.get(f"{base}/metrics")).text()
        assert "tokdrop_send_budget_degraded 0.0" in metrics
    assert app.limiter.budget_state()["fallback_units"] >= 1


async def _health(http, base: str, *, full: bool = False):
    async with http.get(f"{base}/healthz") as response:
        body = await response.json()
        return (response.status, body) if full else (response.status, body["status"])
