"""Broadcasts end to end: the real bot and worker against the emulator, on both databases.

Rates are ten times Telegram's so the suite stays fast; ``bench/broadcast_bench.py`` runs the
30 messages/s case. The last test kills a real ``python main.py`` mid-broadcast.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

import bot.app
from bot.background import Backoff
from bot.broadcast import JOB_NAME, start_broadcast_worker
from bot.outbox import install_limiter
from data import db_service as db
from data.db_service import ChatVisit
from data.models import BroadcastStatus, RecipientState
from data.periods import Audience
from devservers.bot_processes import UNLIMITED_SENDS
from handlers import broadcast as broadcast_handlers
from tests.e2e import conftest as e2e_fixtures
from tests.e2e.harness import TOKEN, settings_for

# The end-to-end fixtures (the emulator, the tikwm stand-in and the running bot), shared.
e2e_session, emulator, tikwm = e2e_fixtures.e2e_session, e2e_fixtures.emulator, e2e_fixtures.tikwm
start_bot = e2e_fixtures.start_bot

ROOT = Path(__file__).resolve().parents[2]
ADMIN, OTHER = 4040, 5050
UNKNOWN = "I don't know that command"
BRIEF_PAUSES = Backoff(0.05, 0.2, doublings=2)  # the worker's pauses for outages, in tests


@pytest.fixture(autouse=True)
def broadcast_routes(monkeypatch):
    """The bot's routers with the broadcast router before ``stats`` (as handlers/__init__ has
    it)."""
    original = bot.app.routers

    def routers():
        found = original()
        if any(r.name == "broadcast" for r in found):
            return found
        at = next(i for i, r in enumerate(found) if r.name == "stats")
        return [*found[:at], broadcast_handlers.router(), *found[at:]]

    monkeypatch.setattr(bot.app, "routers", routers)


@pytest.fixture
async def worker_for(start_bot):
    """Replace the bot's own worker by one with test timings; stopped after the test."""
    started = []

    async def start(app, **tuning):
        own = app.dp.workflow_data.pop("background_jobs", None)
        if own is not None:
            await own.stop()
        worker = start_broadcast_worker(
            app.bot, app.settings, progress_interval=0.3, poll_interval=0.2, **tuning
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        await worker.stop()


async def _chats(ids, lang="en"):
    await db.load_chats([ChatVisit(chat_id, lang) for chat_id in ids])


def _copies(emu, ok=True) -> Counter:
    return Counter(c.chat_id for c in emu.calls_to("copyMessage") if c.ok == ok)


async def _confirm(app, args: str, text: str = "📰 Big news") -> tuple[int, dict]:
    """The admin writes the message, replies /broadcast <args>; returns (source id, confirmation
    call)."""
    await app.say(ADMIN, text)  # answered with the link hint
    source = app.emulator.messages(ADMIN)[-2]["message_id"]
    confirm = await app.say(ADMIN, f"/broadcast {args}".strip(), reply_to=source)
    return source, confirm


def _press(app, confirm, index: int) -> None:
    button = confirm.params["reply_markup"]["inline_keyboard"][0][index]
    app.emulator.callback(
        ADMIN, confirm.result["message_id"], button["callback_data"], user_id=ADMIN
    )


async def _done(app, timeout: float = 60.0):
    return await app.emulator.wait_for_call(
        "sendMessage",
        lambda c: c.chat_id == ADMIN and "finished" in c.params["text"],
        timeout=timeout,
    )


async def test_500_chats_get_exactly_one_copy_and_50_blocked_are_marked(start_bot, worker_for):
    app = await start_bot(ADMIN_IDS=str(ADMIN), BROADCAST_RATE="190")
    emu = app.emulator
    chats = list(range(10_001, 10_501))
    blocked = chats[::10]
    await _chats(chats)
    for chat_id in blocked:
        emu.block_chat(chat_id)
    emu.set_rate_limit(200)
    await worker_for(app)
    source, confirm = await _confirm(app, "users")
    assert "<b>501</b> chats (private chats)" in confirm.params["text"]  # the admin's own chat too
    emu.fail_next("copyMessage", 429, "Too Many Requests: retry after 1", retry_after=1, count=3)
    _press(app, confirm, 0)
    summary = await _done(app)
    assert "Sent: 451 · Blocked: 50 · Failed: 0 (of 501)" in summary.params["text"]

    copies, refused = _copies(emu), _copies(emu, ok=False)
    unblocked = [c for c in chats if c not in set(blocked)] + [ADMIN]
    assert {c: copies[c] for c in unblocked} == dict.fromkeys(unblocked, 1)
    assert not any(copies[c] for c in blocked)
    assert all(refused[c] == 1 for c in blocked)  # one 403 each, never retried
    assert all(
        c.params["from_chat_id"] == ADMIN and c.params["message_id"] == source
        for c in emu.calls_to("copyMessage")
    )
    floods = [c for c in emu.calls_to("copyMessage") if c.error and c.error["error_code"] == 429]
    assert len(floods) >= 3
    later = [c for c in emu.calls_to("copyMessage") if c.at > floods[0].at]
    assert later[0].at - floods[0].at >= 0.95  # the whole sender paused for retry_after

    [job] = await db.recent_broadcasts()
    assert (job.status, job.total, job.sent, job.blocked, job.failed) == (
        BroadcastStatus.DONE,
        501,
        451,
        50,
        0,
    )
    assert (await db.recipient_counts(job.id))[RecipientState.BLOCKED] == 50
    assert all([(await db.get_chat(c)).blocked_at is not None for c in blocked])
    assert (await db.get_chat(chats[1])).blocked_at is None
    edits = [
        c
        for c in emu.calls_to("editMessageText", chat_id=ADMIN)
        if c.params["message_id"] == confirm.result["message_id"]
    ]
    assert any("Processed:" in c.params["text"] for c in edits)
    assert "finished" in edits[-1].params["text"]


async def test_flood_control_pauses_the_sender_and_nobody_gets_two(start_bot, worker_for):
    app = await start_bot(ADMIN_IDS=str(ADMIN), BROADCAST_RATE="25")
    emu = app.emulator
    groups = list(range(-1_000_030, -1_000_000))
    await _chats(groups)
    await worker_for(app)
    _, confirm = await _confirm(app, "groups")
    emu.set_rate_limit(10)  # less than the sender's rate: the emulator answers 429s
    _press(app, confirm, 0)
    await _done(app)
    assert _copies(emu) == Counter(dict.fromkeys(groups, 1))
    sends = [c for c in emu.calls if c.method in ("copyMessage", "editMessageText", "sendMessage")]
    floods = [i for i, c in enumerate(sends) if c.error and c.error["error_code"] == 429]
    assert floods
    for i in floods:
        flooded = sends[i]
        wait = flooded.error["parameters"]["retry_after"] - 0.05
        # A broadcast copy's 429 pauses every send; the progress message's (a reply to the
        # admin) pauses the admin's chat only (bot.outbox.Limiter.flood).
        later = [
            c
            for c in sends[i + 1 :]
            if flooded.method == "copyMessage" or c.chat_id == flooded.chat_id
        ]
        if later:
            assert later[0].at - flooded.at >= wait, flooded


async def test_transient_errors_are_retried_with_backoff_then_counted_as_failed(
    start_bot, worker_for
):
    app = await start_bot(ADMIN_IDS=str(ADMIN), BROADCAST_RATE="50")
    emu = app.emulator
    first, second = 7001, 7002
    await _chats([first, second], "es")
    # 5xx answers are an outage of Telegram: up to max_unavailable_attempts each, the worker
    # pausing (briefly here) after each one.
    await worker_for(
        app, retry_backoff=(0.5, 0.5), max_unavailable_attempts=3, outage_backoff=BRIEF_PAUSES
    )
    _, confirm = await _confirm(app, "lang=es")
    assert "<b>2</b> chats (all chats, language es)" in confirm.params["text"]
    emu.fail_next("copyMessage", 500, "Internal Server Error", count=5)
    _press(app, confirm, 0)
    await _done(app)
    job = (await db.recent_broadcasts())[0]
    assert (job.sent, job.blocked, job.failed) == (1, 0, 1)
    failed, sent = await db.get_recipient(job.id, first), await db.get_recipient(job.id, second)
    assert (failed.state, failed.attempts) == (RecipientState.FAILED, 3)
    assert failed.error == "TelegramServerError: Internal Server Error"
    assert (sent.state, sent.attempts) == (RecipientState.SENT, 3)
    assert _copies(emu) == Counter({second: 1})
    for chat_id in (first, second):
        times = [c.at for c in emu.calls_to("copyMessage", chat_id=chat_id)]
        assert len(times) == 3 and all(
            b - a >= 1.0 for a, b in itertools.pairwise(times)
        )  # 1 message/s per chat


async def test_cancel_stops_the_running_broadcast_and_the_list_shows_it(start_bot, worker_for):
    app = await start_bot(ADMIN_IDS=str(ADMIN), BROADCAST_RATE="20")
    emu = app.emulator
    chats = list(range(30_001, 30_301))
    await _chats(chats)
    await worker_for(app)
    assert (await app.say(ADMIN, "/broadcasts")).params["text"] == "No broadcasts yet."
    _, confirm = await _confirm(app, "users")
    _press(app, confirm, 0)
    await emu.wait_until(lambda: sum(_copies(emu).values()) >= 10, timeout=30)
    reply = await app.say(ADMIN, "/broadcast_cancel")
    assert "cancelled" in reply.params["text"] and "Not sent:" in reply.params["text"]
    await asyncio.sleep(0.5)
    assert (
        len([c for c in emu.calls_to("copyMessage") if c.at > reply.at]) <= 1
    )  # at most the one under way
    assert max(_copies(emu).values()) == 1
    job = (await db.recent_broadcasts())[0]
    counts = await db.recipient_counts(job.id)
    assert job.status is BroadcastStatus.CANCELLED
    assert counts[RecipientState.PENDING] == job.total - job.sent - job.blocked - job.failed > 200
    assert counts[RecipientState.CLAIMED] == counts[RecipientState.SENDING] == 0
    assert (await app.say(ADMIN, "/broadcast_cancel")).params["text"] == "No broadcast is running."
    listed = (await app.say(ADMIN, "/broadcasts")).params["text"]
    assert (
        f"#{job.id} · " in listed and f"cancelled · private chats: sent {job.sent} of 301" in listed
    )


async def test_admin_usage_confirmation_and_dismissal(start_bot, worker_for):
    app = await start_bot(ADMIN_IDS=str(ADMIN), BROADCAST_RATE="50")
    emu = app.emulator
    await _chats([801, 802, -803])
    await worker_for(app)
    assert "reply to the message" in (await app.say(ADMIN, "/broadcast")).params["text"]
    source, bad = await _confirm(app, "everyone please")
    assert "reply to the message" in bad.params["text"]
    nobody = await app.say(ADMIN, "/broadcast lang=de", reply_to=source)
    assert nobody.params["text"] == "Nobody to send to: no chat matches (all chats, language de)."

    confirm = await app.say(ADMIN, "/broadcast groups", reply_to=source)
    assert "<b>1</b> chat (groups)" in confirm.params["text"]
    _press(app, confirm, 1)
    dismissed = await emu.wait_for_call("editMessageText", lambda c: c.chat_id == ADMIN)
    assert dismissed.params["text"] == "Broadcast cancelled: nothing was sent."
    assert await db.recent_broadcasts() == []

    confirm = await app.say(ADMIN, "/broadcast groups", reply_to=source)
    _press(app, confirm, 0)
    _press(app, confirm, 0)  # pressed twice: still one broadcast
    await _done(app)
    await app.settle()
    assert len(await db.recent_broadcasts()) == 1
    assert _copies(emu) == Counter({-803: 1})
    answers = [
        emu.callback_answer(c.params["callback_query_id"])
        for c in emu.calls_to("answerCallbackQuery")
    ]
    assert any(a and a.get("text") == "This broadcast has already started." for a in answers)


async def test_non_admins_get_the_unknown_command_answer_and_nothing_happens(start_bot, worker_for):
    app = await start_bot(ADMIN_IDS=str(ADMIN))
    emu = app.emulator
    await worker_for(app)
    await app.say(OTHER, "hello")
    source = emu.messages(OTHER)[-2]["message_id"]
    for command in ("/broadcast", "/broadcast all", "/broadcast_cancel", "/broadcasts"):
        reply = await app.say(OTHER, command, reply_to=source)
        assert reply.params["text"].startswith(UNKNOWN), command
    emu.send_message(-9009, "/broadcast", user_id=ADMIN)  # an admin, but not in their private chat
    await app.settle()
    assert app.sent_to(-9009) == []
    assert await db.recent_broadcasts() == []


async def test_a_stopped_worker_hands_back_its_claims_and_two_workers_share_a_broadcast(
    start_bot, worker_for
):
    app = await start_bot(ADMIN_IDS=str(ADMIN), BROADCAST_RATE="60")
    emu = app.emulator
    chats = list(range(40_001, 40_241))
    await _chats(chats)
    first = await worker_for(app, batch_size=20)
    _, confirm = await _confirm(app, "users")
    _press(app, confirm, 0)
    await emu.wait_until(lambda: sum(_copies(emu).values()) >= 30, timeout=30)
    await first.stop()
    job = (await db.recent_broadcasts())[0]
    counts = await db.recipient_counts(job.id)
    assert (
        counts[RecipientState.CLAIMED] == counts[RecipientState.SENDING] == 0
    )  # a clean stop leaves none
    stopped_at = sum(_copies(emu).values())

    second = start_broadcast_worker(
        app.bot, app.settings, progress_interval=0.3, poll_interval=0.2, batch_size=20
    )
    third = start_broadcast_worker(
        app.bot, app.settings, progress_interval=0.3, poll_interval=0.2, batch_size=20
    )
    try:
        await _done(app)
    finally:
        await second.stop()
        await third.stop()
    assert _copies(emu) == Counter(dict.fromkeys([*chats, ADMIN], 1))
    assert second.delivered > 0 and third.delivered > 0
    assert second.delivered + third.delivered == len(chats) + 1 - stopped_at
    job = await db.get_broadcast(job.id)
    assert (job.status, job.sent, job.failed) == (BroadcastStatus.DONE, len(chats) + 1, 0)


async def test_queuing_wakes_the_leaders_worker_through_the_background_jobs(start_bot, monkeypatch):
    # The bot's own worker looks for broadcasts once a minute: only the handler's wake-up,
    # through the dispatcher's background_jobs, gets this one going within the timeout.
    idle_worker = functools.partial(start_broadcast_worker, progress_interval=0.3, poll_interval=60)
    monkeypatch.setattr(bot.app, "start_broadcast_worker", idle_worker)
    app = await start_bot(ADMIN_IDS=str(ADMIN), BROADCAST_RATE="50")
    jobs = app.dp.workflow_data["background_jobs"]
    assert jobs.leading and jobs.jobs[JOB_NAME].running
    await _chats([901, 902])
    _, confirm = await _confirm(app, "users")
    _press(app, confirm, 0)
    await _done(app, timeout=20)
    assert _copies(app.emulator) == Counter({901: 1, 902: 1, ADMIN: 1})


# ---------------------------------------------------------------- a real process, killed


def _process_env(tmp_path, emulator, db_url) -> dict:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "BOT_TOKEN": TOKEN,
        "TG_SERVER": emulator.base_url,
        "DB_URL": db_url,
        "ADMIN_IDS": str(ADMIN),
        "BROADCAST_RATE": "60",
        # The send limiter opened up, as the in-process harness does; BROADCAST_RATE caps its
        # bulk lane.
        **UNLIMITED_SENDS,
    }


async def _start_process(env, tmp_path, name: str):
    log = (tmp_path / f"{name}.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "main.py"),
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, log


async def test_a_killed_process_resumes_and_nobody_gets_the_message_twice(
    store, db_url, emulator, tmp_path
):
    chats = list(range(20_001, 20_301))
    await _chats(chats)
    source = emulator.send_message(ADMIN, "📰 Big news")["message"]["message_id"]
    job = await db.create_broadcast(ADMIN, ADMIN, source, Audience.USERS)
    assert job.total == 300
    env = _process_env(tmp_path, emulator, db_url)
    first, first_log = await _start_process(env, tmp_path, "first")
    try:
        await emulator.wait_until(lambda: sum(_copies(emulator).values()) >= 60, timeout=60)
        first.send_signal(signal.SIGKILL)
        await asyncio.wait_for(first.wait(), 10)
    finally:
        if first.returncode is None:
            first.kill()
            await first.wait()
        first_log.close()
    assert first.returncode == -signal.SIGKILL
    counts = await db.recipient_counts(job.id)
    assert counts[RecipientState.SENDING] <= 1 and counts[RecipientState.SENT] >= 50

    second, second_log = await _start_process(env, tmp_path, "second")
    try:
        for _ in range(600):
            if (await db.get_broadcast(job.id)).status is BroadcastStatus.DONE:
                break
            await asyncio.sleep(0.1)
        second.send_signal(signal.SIGTERM)
        await asyncio.wait_for(second.wait(), 30)
    finally:
        if second.returncode is None:
            second.kill()
            await second.wait()
        second_log.close()
    log = (tmp_path / "second.log").read_text()
    assert second.returncode == 0, log[-3000:]

    job = await db.get_broadcast(job.id)
    copies = _copies(emulator)
    assert job.status is BroadcastStatus.DONE, log[-3000:]
    assert max(copies.values()) == 1  # nobody got it twice
    states = {c: (await db.get_recipient(job.id, c)) for c in chats}
    unknown = [c for c, row in states.items() if row.state is RecipientState.FAILED]
    assert len(unknown) <= 1  # at most the one send the kill interrupted
    assert all(states[c].error == db.UNKNOWN_OUTCOME for c in unknown)
    assert all(
        row.state is RecipientState.SENT and copies[c] == 1
        for c, row in states.items()
        if c not in unknown
    )
    assert (job.sent, job.failed, job.blocked) == (300 - len(unknown), len(unknown), 0)
    assert sum(copies[c] for c in chats) in (job.sent, job.sent + len(unknown))


def test_benchmark_smoke_run_prints_its_json_line():
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "broadcast_bench.py"),
            "--recipients",
            "150",
            "--rate",
            "150",
            "--emulator-rate",
            "160",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(figures) == {
        "db",
        "recipients",
        "configured_rate",
        "achieved_rate",
        "ratio",
        "flood_errors",
        "duplicates",
        "missed",
    }
    assert (figures["db"], figures["recipients"], figures["duplicates"], figures["missed"]) == (
        "sqlite",
        150,
        0,
        0,
    )


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"])
async def test_a_process_killed_while_waiting_for_the_limiter_leaves_its_recipient_pending(
    store, db_url, emulator, tmp_path
):
    """SIGKILL in the middle of the limiter's wait (BROADCAST_RATE 0.4: 2.5 s between copies):
    the recipient waiting for its grant was never requested, so it must not be "unknown"; the
    next process sends it, and everybody gets exactly one copy."""
    chats = list(range(21_001, 21_011))
    await _chats(chats)
    source = emulator.send_message(ADMIN, "📰 Big news")["message"]["message_id"]
    job = await db.create_broadcast(ADMIN, ADMIN, source, Audience.USERS)
    env = _process_env(tmp_path, emulator, db_url)
    first, first_log = await _start_process({**env, "BROADCAST_RATE": "0.4"}, tmp_path, "slow")
    try:
        await emulator.wait_until(lambda: sum(_copies(emulator).values()) >= 2, timeout=60)
        last = emulator.calls_to("copyMessage")[-1]
        # Aim at the middle of the 2.5 s wait for the next grant (its outcome is recorded by
        # then), well away from any request.
        while time.monotonic() < last.at + 1.0:  # Call.at is time.monotonic()
            await asyncio.sleep(0.02)
        before_kill = len(emulator.calls_to("copyMessage"))
        first.send_signal(signal.SIGKILL)
        await asyncio.wait_for(first.wait(), 10)
    finally:
        if first.returncode is None:
            first.kill()
            await first.wait()
        first_log.close()
    assert len(emulator.calls_to("copyMessage")) == before_kill  # killed between two requests
    counts = await db.recipient_counts(job.id)
    assert counts[RecipientState.SENDING] == 0  # nobody marked while waiting for the limiter

    # The restart: a worker in this process (a new one, as the next process would start) takes
    # over the dead process's claims at once and finishes the broadcast.
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url)))
    settings = settings_for(emulator, db_url, tmp_path, BROADCAST_RATE="60")
    install_limiter(bot, settings)
    worker = start_broadcast_worker(bot, settings, poll_interval=0.2, progress_interval=0.3)
    try:
        for _ in range(300):
            if (await db.get_broadcast(job.id)).status is BroadcastStatus.DONE:
                break
            await asyncio.sleep(0.1)
    finally:
        await worker.stop()
        await bot.session.close()
    job = await db.get_broadcast(job.id)
    assert (job.status, job.sent, job.failed) == (BroadcastStatus.DONE, len(chats), 0)
    assert _copies(emulator) == Counter(dict.fromkeys(chats, 1))
