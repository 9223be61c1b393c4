"""Fault injection: PostgreSQL restarted while links flow through the bot (the real Dispatcher,
the Telegram emulator and the tikwm stand-in). Deliveries whose download row could not be written
because the database went away are written once it is back; the bot answers again within
seconds; every delivered post has exactly one download row (nothing acknowledged lost, no
duplicate).

The server is this test's own (stopped and started again), not the session's ``pg_server``.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections import Counter

import pytest

from data import database
from data import db_service as db
from data.migrate import upgrade_to_head
from devservers.postgres import PostgresServer
from tests.e2e import conftest as e2e_fixtures
from tests.e2e.harness import RunningBot, settings_for

e2e_session, emulator, tikwm = e2e_fixtures.e2e_session, e2e_fixtures.emulator, e2e_fixtures.tikwm

pytestmark = pytest.mark.slow

CHATS = list(range(3001, 3009))  # chats with links under way when the server stops
LATE = list(range(3101, 3105))  # chats that write while it is down
MEDIA_DELAY = 1.5  # seconds each media download takes while the server is stopped
POSTED = re.compile(r"/video/(\d+)")


def _post(n: int) -> str:
    return str(7_400_000_000_000_000_000 + n)


def _link(n: int) -> str:
    return f"https://www.tiktok.com/@load/video/{_post(n)}"


def _delivered(emu) -> Counter:
    """(chat, post) of every video Telegram accepted."""
    return Counter(
        (call.chat_id, POSTED.search(call.params["caption"]).group(1))
        for call in emu.calls_to("sendVideo")
        if call.ok
    )


async def _recorded(chats) -> Counter:
    rows = Counter()
    for chat_id in chats:
        for row in await db.download_history(chat_id, limit=1000):
            rows[(chat_id, row.post_id)] += 1
    return rows


@pytest.fixture
async def own_pg():
    """A PostgreSQL server of this test's own, migrated; yields (server, url)."""
    server = PostgresServer()
    await asyncio.to_thread(server.start)
    try:
        url = await asyncio.to_thread(server.create_database, "faults")
        engine = database.build_engine(url, pool_size=1)
        try:
            await upgrade_to_head(engine)
        finally:
            await engine.dispose()
        yield server, url
    finally:
        await asyncio.to_thread(server.stop)


async def test_postgres_restarted_mid_traffic_loses_no_download_and_duplicates_none(
    own_pg, emulator, tikwm, e2e_session, tmp_path
):
    server, url = own_pg
    for n in range(40):
        tikwm.add_video(_post(n), author="load", video=f"video {n}".encode() * 100)
    await database.init_database(url)
    settings = settings_for(
        emulator, url, tmp_path, TIKWM_URL=tikwm.base_url, TIKTOK_TIMEOUT="10", TIKTOK_RETRIES="1"
    )
    app = RunningBot(emulator, settings, e2e_session)
    await app.start()
    writes = app.services.writes
    sent = 0

    def say(chat_id: int) -> int:
        nonlocal sent
        emulator.send_message(chat_id, _link(sent))
        sent += 1
        return sent

    try:
        async with asyncio.timeout(120):
            for chat_id in CHATS:  # the database is up
                say(chat_id)
            await emulator.wait_until(lambda: len(_delivered(emulator)) == len(CHATS), 20)

            tikwm.delay("/media/", MEDIA_DELAY)
            fetched = tikwm.media_fetches()
            for chat_id in CHATS:
                say(chat_id)
            # Every chat's second post is downloading (its chat and cache were read): stop it.
            await tikwm.wait_until(lambda: tikwm.media_fetches() == fetched + len(CHATS), 20)
            await asyncio.to_thread(server.halt)
            stopped = time.monotonic()
            await emulator.wait_until(lambda: sum(_delivered(emulator).values()) == 16, 20)
            await emulator.wait_until(lambda: writes.depth == len(CHATS), 20)
            for chat_id in LATE:  # not served while it is down (their chats cannot be read)
                say(chat_id)
            await app.settle(20)
            assert writes.depth == len(CHATS)

            tikwm.delay("/media/", 0)
            await asyncio.to_thread(server.resume)
            back = time.monotonic()
            probe = say(CHATS[0])
            await emulator.wait_for_call(
                "sendVideo",
                lambda c: c.chat_id == CHATS[0] and _post(probe - 1) in c.params["caption"],
                timeout=15,
            )
            recovery = time.monotonic() - back
            await emulator.wait_until(lambda: writes.depth == 0, 15)
            flushed = time.monotonic() - back
            for chat_id in LATE:  # asked again, now answered
                say(chat_id)
            await emulator.wait_until(lambda: sum(_delivered(emulator).values()) == 21, 20)
            await app.settle(20)
    finally:
        await app.stop()
    delivered = _delivered(emulator)
    recorded = await _recorded(CHATS + LATE)
    await database.dispose_database()

    lost = sum((delivered - recorded).values())
    duplicates = sum((recorded - delivered).values()) + sum(
        n - 1 for n in recorded.values() if n > 1
    )
    print(
        json.dumps(
            {
                "links_sent": sent,
                "deliveries": sum(delivered.values()),
                "written_after_restart": writes.recovered,
                "rows_lost": lost,
                "duplicates": duplicates,
                "outage_seconds": round(back - stopped, 2),
                "recovery_seconds": round(recovery, 2),
                "queue_flushed_seconds": round(flushed, 2),
            }
        )
    )
    assert sum(delivered.values()) == 21 and max(delivered.values()) == 1
    assert recorded == delivered  # every delivered post has exactly one row, no other row
    # The writes owed when it stopped, and any made while they waited (the probe's).
    assert writes.recovered >= len(CHATS) and writes.dropped == writes.failed == 0
