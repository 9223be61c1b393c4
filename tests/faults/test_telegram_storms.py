"""Telegram answering 5xx bursts and 429 storms while a broadcast to 200 chats flows.

5xx answers are an outage of Telegram, not of the recipient: the recipient waits for a retry
and the worker pauses (growing pauses while it lasts); 429s pause every send for
``retry_after``. Nobody may be lost (failed) and nobody may get the message twice.
"""

from __future__ import annotations

import asyncio

import pytest
from aiogram.client.telegram import TelegramAPIServer

from bot.app import create_bot
from bot.background import Backoff
from bot.broadcast import start_broadcast_worker
from data import db_service as db
from data.models import BroadcastStatus, RecipientState
from data.periods import Audience
from tests.e2e.harness import BorrowedSession, settings_for
from tests.faults.conftest import ADMIN, copies, eventually, load_chats

RECIPIENTS = 200
BRIEF_PAUSES = Backoff(0.1, 0.5, doublings=3)  # the worker's pauses while Telegram fails
# 5xx bursts: (code, description, seconds). The first outlasts a recipient's retry schedule
# (three tries within 4 s), so a sender that blames the recipient gives some up.
SERVER_ERRORS = [
    (502, "Bad Gateway", 4.0),
    (500, "Internal Server Error: restart", 1.5),
    (503, "Service Unavailable", 1.5),
]


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"])
async def test_5xx_bursts_and_429_storms_lose_nobody_and_send_nobody_twice(
    store, db_url, emulator, e2e_session, tmp_path
):
    settings = settings_for(emulator, db_url, tmp_path, BROADCAST_RATE="100")
    api = TelegramAPIServer.from_base(settings.tg_server)
    bot = create_bot(settings, None, BorrowedSession(e2e_session, api))
    chats = list(range(80_001, 80_001 + RECIPIENTS))
    await load_chats(chats)
    source = emulator.send_message(ADMIN, "📰 Big news")["message"]["message_id"]
    job = await db.create_broadcast(ADMIN, ADMIN, source, Audience.USERS)
    worker = start_broadcast_worker(
        bot,
        settings,
        poll_interval=0.2,
        progress_interval=0.3,
        retry_backoff=(0.5, 1.0),
        outage_backoff=BRIEF_PAUSES,
    )

    def delivered() -> int:
        return sum(copies(emulator).values())

    def answered(code) -> int:
        return sum(
            1 for c in emulator.calls_to("copyMessage") if c.error and code(c.error["error_code"])
        )

    async def progress(copied: int) -> None:
        """Until ``copied`` copies went out (or the broadcast ended short of them)."""

        async def reached() -> bool:
            return delivered() >= copied or await _done(job.id) is not None

        await eventually(reached, 30, what=f"{copied} copies")

    try:
        for round_, (code, description, seconds) in enumerate(SERVER_ERRORS):
            await progress(30 + 50 * round_)
            # A 5xx burst: every copy fails for ``seconds`` (the fault's length, not a wait).
            emulator.fail_next("copyMessage", code, description, count=1_000_000)
            await asyncio.sleep(seconds)
            emulator.clear_failures()
            # Then a 429 storm: Telegram allows 15 sends a second for a while (the worker
            # sends at 100), and answers a few 429s of its own.
            emulator.fail_next(
                "copyMessage", 429, "Too Many Requests: retry after 1", retry_after=1, count=3
            )
            emulator.set_rate_limit(15)
            await progress(delivered() + 20)
            emulator.set_rate_limit(None)
        job = await eventually(lambda: _done(job.id), 45, every=0.1, what="the broadcast done")
    finally:
        await worker.stop()

    server_errors, floods = answered(lambda c: c >= 500), answered(lambda c: c == 429)
    lost = [chat for chat in chats if not copies(emulator)[chat]]
    assert lost == [] and max(copies(emulator).values()) == 1  # nobody lost, nobody twice
    assert (job.status, job.sent, job.failed, job.blocked) == (
        BroadcastStatus.DONE,
        RECIPIENTS,
        0,
        0,
    )
    assert (await db.recipient_counts(job.id))[RecipientState.SENT] == RECIPIENTS
    assert server_errors >= 2 * len(SERVER_ERRORS) and floods >= 3 * len(SERVER_ERRORS)
    print(
        f"FIGURES telegram storms: recipients={RECIPIENTS} 5xx_answers={server_errors} "
        f"429_answers={floods} outage_pauses={worker.outage_pauses} lost=0 duplicates=0"
    )


async def _done(broadcast_id: int):
    job = await db.get_broadcast(broadcast_id)
    return job if job.status is BroadcastStatus.DONE else None
