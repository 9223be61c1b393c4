"""A confirmation's Cancel is a decision kept in the database: a Send pressed after it (a double
tap, a second client still showing the buttons, a restarted bot) queues nothing, and of Send and
Cancel pressed at once exactly one takes effect. Both databases, through the emulator."""

from __future__ import annotations

from data import db_service as db
from data.models import BroadcastStatus
from tests.broadcast import test_broadcast_e2e as broadcast_e2e

# The end-to-end fixtures and the broadcast router, shared with the broadcast tests.
e2e_session, emulator, tikwm = (
    broadcast_e2e.e2e_session,
    broadcast_e2e.emulator,
    broadcast_e2e.tikwm,
)
start_bot, worker_for = broadcast_e2e.start_bot, broadcast_e2e.worker_for
broadcast_routes = broadcast_e2e.broadcast_routes

ADMIN = broadcast_e2e.ADMIN
CHATS = [601, 602, 603]
SEND, CANCEL = 0, 1
WAS_CANCELLED = "This broadcast was cancelled."
ALREADY = "This broadcast has already started."


def _answers(emu) -> list[str | None]:
    """The text of every callback answer Telegram took, in the order the bot gave them."""
    found = []
    for call in _answer_calls(emu):
        answer = emu.callback_answer(call.params["callback_query_id"]) or {}
        found.append(answer.get("text"))
    return found


def _answer_calls(emu) -> list:
    return [c for c in emu.calls_to("answerCallbackQuery") if c.ok]


async def _start(start_bot, worker_for):
    app = await start_bot(ADMIN_IDS=str(ADMIN), BROADCAST_RATE="50")
    await worker_for(app)
    await db.load_chats([db.ChatVisit(chat_id, "en") for chat_id in CHATS])
    return app


async def _answered(app, count: int) -> list[str | None]:
    await app.emulator.wait_until(lambda: len(_answer_calls(app.emulator)) >= count, timeout=10)
    await app.settle()
    return _answers(app.emulator)


async def test_send_after_cancel_queues_nothing_even_after_a_restart(start_bot, worker_for):
    app = await _start(start_bot, worker_for)
    emu = app.emulator
    _, confirm = await broadcast_e2e._confirm(app, "users")
    message_id = confirm.result["message_id"]
    # The edit that would remove the buttons is lost: they stay, as on a second client.
    emu.fail_next("editMessageText", 502, "Bad Gateway")
    broadcast_e2e._press(app, confirm, CANCEL)
    assert await _answered(app, 1) == [None]
    broadcast_e2e._press(app, confirm, SEND)
    assert await _answered(app, 2) == [None, WAS_CANCELLED]

    await app.stop()  # a restarted bot knows it too
    app = await start_bot(ADMIN_IDS=str(ADMIN), BROADCAST_RATE="50")
    broadcast_e2e._press(app, confirm, SEND)
    assert (await _answered(app, 3))[-1] == WAS_CANCELLED

    assert emu.calls_to("copyMessage") == []
    assert await db.recent_broadcasts() == []  # a dismissed confirmation is no broadcast
    row = await db.broadcast_for_message(ADMIN, message_id)
    assert (row.status, row.total) == (BroadcastStatus.DISMISSED, 0)


async def test_send_and_cancel_pressed_together_have_exactly_one_outcome(start_bot, worker_for):
    app = await _start(start_bot, worker_for)
    emu = app.emulator
    _, confirm = await broadcast_e2e._confirm(app, "users")
    broadcast_e2e._press(app, confirm, SEND)  # both in the bot's next batch, handled at once
    broadcast_e2e._press(app, confirm, CANCEL)
    answers = await _answered(app, 2)
    row = await db.broadcast_for_message(ADMIN, confirm.result["message_id"])
    assert await db.next_broadcast() is None  # nothing left queued or running
    if row.status is BroadcastStatus.DISMISSED:  # Cancel won: Send was told, nothing went out
        assert sorted(answers, key=str) == [None, WAS_CANCELLED]
        assert emu.calls_to("copyMessage") == []
    else:  # Send won: Cancel stopped what it had queued, as /broadcast_cancel does
        assert row.status is BroadcastStatus.CANCELLED and answers == [None, None]
        edits = [c for c in emu.calls_to("editMessageText", chat_id=ADMIN) if c.ok]
        assert any("cancelled" in c.params["text"] for c in edits)  # Cancel showed the outcome
        assert len(emu.calls_to("copyMessage")) <= row.sent + row.failed + row.blocked


async def test_send_pressed_twice_at_once_queues_one_broadcast(start_bot, worker_for):
    app = await _start(start_bot, worker_for)
    emu = app.emulator
    _, confirm = await broadcast_e2e._confirm(app, "users")
    broadcast_e2e._press(app, confirm, SEND)
    broadcast_e2e._press(app, confirm, SEND)
    assert sorted(await _answered(app, 2), key=str) == [None, ALREADY]
    await broadcast_e2e._done(app)
    [job] = await db.recent_broadcasts()
    assert (job.status, job.total, job.sent) == (BroadcastStatus.DONE, 4, 4)  # with the admin
    copies = broadcast_e2e._copies(emu)
    assert set(copies.values()) == {1} and set(copies) == {*CHATS, ADMIN}


async def test_cancel_after_send_cancels_what_was_queued(start_bot):
    app = await start_bot(ADMIN_IDS=str(ADMIN), BROADCAST_RATE="50")
    await app.dp.workflow_data.pop("background_jobs").stop()  # no worker: it stays queued
    await db.load_chats([db.ChatVisit(chat_id, "en") for chat_id in CHATS])
    emu = app.emulator
    _, confirm = await broadcast_e2e._confirm(app, "users")
    emu.fail_next("editMessageText", 502, "Bad Gateway")  # the buttons stay, as on a 2nd client
    broadcast_e2e._press(app, confirm, SEND)
    assert await _answered(app, 1) == [None]
    [queued] = await db.recent_broadcasts()
    assert queued.status is BroadcastStatus.QUEUED
    broadcast_e2e._press(app, confirm, CANCEL)
    assert await _answered(app, 2) == [None, None]
    job = await db.get_broadcast(queued.id)
    assert (job.status, job.total, job.sent) == (BroadcastStatus.CANCELLED, 4, 0)
    shown = emu.message(ADMIN, confirm.result["message_id"])
    assert f"Broadcast #{job.id} cancelled" in shown["text"] and "Not sent: 4" in shown["text"]
    assert emu.calls_to("copyMessage") == []
