# ruff: noqa: F811 - the fixtures imported from the conftest are used as test arguments
"""Redis (the shared send budget) stopped mid-traffic, then started again.

A budget that cannot be taken means "certainly not sent": broadcast recipients go back to
pending and the worker pauses, subscription posts wait for the next poll, replies to users
use the process's own budget (``/healthz`` says degraded) until Redis answers again.
"""

from __future__ import annotations

import time

import pytest

from bot.background import Backoff
from bot.broadcast import start_broadcast_worker
from data import db_service as db
from data.models import BroadcastStatus, RecipientState
from data.periods import Audience
from tests.e2e.harness import settings_for
from tests.faults.conftest import ADMIN, copies, eventually, limiter_of, load_chats

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
