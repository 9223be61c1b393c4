"""Secrets never reach an admin's chat or the database: a network error whose message quotes
the request URL (bot token included) is masked in ``/msg``'s reply and in a broadcast
recipient's stored error."""

import asyncio

from bot.broadcast import start_broadcast_worker
from data import db_service as db
from data.db_service import ChatVisit
from data.models import RecipientState
from tests.e2e.harness import TOKEN

ADMIN, TARGET = 9101, 9102
SECRET = TOKEN.split(":", 1)[1]
# aiohttp gives up after 10 redirected requests with TooManyRedirects, whose message holds
# the URL http://…/bot<token>/<method>.
REDIRECT_LOOP = 10


async def test_msg_reply_masks_the_token_in_a_network_error(start_bot):
    app = await start_bot(ADMIN_IDS=str(ADMIN))
    app.emulator.redirect_next("sendMessage", REDIRECT_LOOP)
    reply = await app.say(ADMIN, f"/msg {TARGET} hello")
    text = reply.params["text"]
    assert text.startswith(f"❌ Not delivered to {TARGET}:") and "TooManyRedirects" in text, text
    assert SECRET not in text and "/bot424242:***/sendMessage" in text, text
    assert app.sent_to(TARGET) == []


async def _until(check, timeout: float = 30.0):
    """Await ``check()`` until it returns something truthy (or fail after ``timeout`` s)."""
    async with asyncio.timeout(timeout):
        while not (found := await check()):
            await asyncio.sleep(0.05)
    return found


async def test_broadcast_stores_the_network_error_with_the_token_masked(start_bot):
    app = await start_bot(ADMIN_IDS=str(ADMIN))
    own = app.dp.workflow_data.pop("background_jobs", None)
    if own is not None:  # a worker of its own, polling often
        await own.stop()
    await db.load_chats([ChatVisit(TARGET, "es")])
    await app.say(ADMIN, "📰 news")  # a message of the admin's to copy
    source = app.emulator.messages(ADMIN)[0]["message_id"]
    job = await db.create_broadcast(ADMIN, ADMIN, source, lang="es")  # TARGET alone
    assert job.total == 1
    app.emulator.redirect_next("copyMessage", REDIRECT_LOOP)
    worker = start_broadcast_worker(app.bot, app.settings, poll_interval=0.2)
    try:

        async def finished():
            found = await db.get_recipient(job.id, TARGET)
            return found if found.state is not RecipientState.PENDING and found.error else None

        recipient = await _until(finished)
    finally:
        await worker.stop()
    assert recipient.state is RecipientState.FAILED
    assert "TooManyRedirects" in recipient.error and SECRET not in recipient.error
    assert "/bot424242:***/copyMessage" in recipient.error, recipient.error
