"""Links, inline queries and 🎵 Music presses share one gate: the per-chat limits (inline by the
querying user) and the MEDIA_CONCURRENCY work slots; refusals get the same localized answers."""

from __future__ import annotations

import hashlib

import pytest

from data import db_service as db
from data.runtime_settings import Setting

ALICE, BOB = 2101, 2102
STORAGE = -1009100
VIDEO_ID, OTHER_ID, THIRD_ID = "7300000000000000031", "7300000000000000032", "7300000000000000033"
SLOW_DOWN, BUSY = "wait a minute", "still working"
HOLD_SECONDS = 3.0  # a slow resolver keeps a link in flight (or holding the work slot) this long


def link(post_id: str) -> str:
    return f"https://www.tiktok.com/@gate/video/{post_id}"


def blob(size: int, seed: int) -> bytes:
    return hashlib.sha256(str(seed).encode()).digest() * (size // 32)


@pytest.fixture
def posts(tikwm):
    for seed, post_id in enumerate((VIDEO_ID, OTHER_ID, THIRD_ID)):
        tikwm.add_video(post_id, author="gate", video=blob(5000, seed), sound=blob(3000, seed))


@pytest.fixture
async def storage_bot(start_bot):
    """The bot with a storage channel for inline uploads."""
    app = await start_bot(STORAGE_CHAT_ID=str(STORAGE))
    app.emulator.add_chat(STORAGE, "channel", title="storage")
    return app


async def ask_inline(app, user_id: int, text: str) -> dict:
    """Send an inline query and return the parameters of its answer."""
    update = app.emulator.inline_query(user_id, text)
    query_id = update["inline_query"]["id"]
    call = await app.emulator.wait_for_call(
        "answerInlineQuery", lambda c: c.params["inline_query_id"] == query_id, timeout=15
    )
    return call.params


async def press_music(app, chat_id: int, video) -> dict:
    """Press the 🎵 Music button under ``video`` and return the callback query's answer."""
    button = video.params["reply_markup"]["inline_keyboard"][0][0]
    update = app.emulator.callback(
        chat_id, video.result["message_id"], button["callback_data"], user_id=chat_id
    )
    query_id = update["callback_query"]["id"]
    call = await app.emulator.wait_for_call(
        "answerCallbackQuery", lambda c: c.params["callback_query_id"] == query_id, timeout=15
    )
    return call.params


def article_text(answer: dict) -> str:
    [result] = answer["results"]
    assert result["type"] == "article"
    return result["input_message_content"]["message_text"]


async def test_inline_queries_over_the_limit_are_told_to_slow_down(storage_bot, posts):
    await db.set_setting(Setting.LINKS_PER_MINUTE, 2)
    for post_id in (VIDEO_ID, OTHER_ID):
        answer = await ask_inline(storage_bot, ALICE, link(post_id))
        assert answer["results"][0]["type"] == "video"
    refused = await ask_inline(storage_bot, ALICE, link(THIRD_ID))
    assert SLOW_DOWN in article_text(refused)
    assert refused["is_personal"] and refused["cache_time"] <= 10
    assert len(storage_bot.sent_to(STORAGE, "sendVideo")) == 2  # nothing fetched for it
    served = await ask_inline(storage_bot, BOB, link(THIRD_ID))  # others are not held back
    assert served["results"][0]["type"] == "video"


async def test_inline_queries_count_with_the_users_links(storage_bot, posts):
    await db.set_setting(Setting.LINKS_PER_MINUTE, 2)
    await storage_bot.say(ALICE, link(VIDEO_ID), method="sendVideo")
    await storage_bot.say(ALICE, link(OTHER_ID), method="sendVideo")
    await storage_bot.settle()
    assert SLOW_DOWN in article_text(await ask_inline(storage_bot, ALICE, link(THIRD_ID)))


@pytest.fixture
async def patient_bot(start_bot):
    """A storage channel, and a resolver timeout long enough for a slow resolver to hold a link
    in flight for seconds (the time the test has to ask while the chat is busy)."""
    app = await start_bot(STORAGE_CHAT_ID=str(STORAGE), TIKTOK_TIMEOUT="8")
    app.emulator.add_chat(STORAGE, "channel", title="storage")
    return app


async def test_inline_query_while_the_user_is_busy_is_told_so(patient_bot, posts, tikwm):
    await db.set_setting(Setting.LINKS_IN_FLIGHT, 1)
    tikwm.delay("/api", HOLD_SECONDS)
    patient_bot.emulator.send_message(ALICE, link(VIDEO_ID))
    await tikwm.wait_until(lambda: tikwm.count("/api") >= 1)
    assert BUSY in article_text(await ask_inline(patient_bot, ALICE, link(OTHER_ID)))
    await patient_bot.emulator.wait_for_call("sendVideo", lambda c: c.chat_id == ALICE, timeout=15)


async def test_music_presses_over_the_limit_are_told_to_slow_down(running_bot, posts):
    await db.set_setting(Setting.LINKS_PER_MINUTE, 3)
    video = await running_bot.say(ALICE, link(VIDEO_ID), method="sendVideo")
    for _ in range(2):
        answer = await press_music(running_bot, ALICE, video)
        assert not answer.get("show_alert")
    refused = await press_music(running_bot, ALICE, video)
    assert SLOW_DOWN in refused["text"] and refused["show_alert"]
    await running_bot.settle()
    assert len(running_bot.sent_to(ALICE, "sendAudio")) == 2
    assert (await db.get_chat_stats(ALICE)).music == 2


async def test_music_press_while_the_chat_is_busy_is_told_so(patient_bot, posts, tikwm):
    await db.set_setting(Setting.LINKS_IN_FLIGHT, 1)
    video = await patient_bot.say(ALICE, link(VIDEO_ID), method="sendVideo")
    await patient_bot.settle()
    tikwm.delay("/api", HOLD_SECONDS)
    patient_bot.emulator.send_message(ALICE, link(OTHER_ID))
    await tikwm.wait_until(lambda: tikwm.count("/api") >= 2)
    refused = await press_music(patient_bot, ALICE, video)
    assert BUSY in refused["text"] and refused["show_alert"]
    await patient_bot.settle(timeout=15)
    assert patient_bot.sent_to(ALICE, "sendAudio") == []


@pytest.fixture
async def one_slot_bot(start_bot):
    """MEDIA_CONCURRENCY=1, with a storage channel for inline uploads."""
    app = await start_bot(STORAGE_CHAT_ID=str(STORAGE), MEDIA_CONCURRENCY="1")
    app.emulator.add_chat(STORAGE, "channel", title="storage")
    return app


async def test_an_inline_query_waits_for_the_work_slot(one_slot_bot, posts, tikwm):
    app = one_slot_bot
    tikwm.delay("/api", 1.5)  # the resolver is slow: BOB's link holds the only slot a while
    app.emulator.send_message(BOB, link(VIDEO_ID))
    await tikwm.wait_until(lambda: tikwm.count("/api") >= 1)
    app.emulator.inline_query(ALICE, link(OTHER_ID))
    await tikwm.wait_until(lambda: tikwm.count("/api") >= 2, timeout=15)
    # ALICE's query reached the resolver only once BOB's delivery had let the slot go
    assert app.emulator.calls_to("sendVideo", chat_id=BOB)
    await app.emulator.wait_for_call("answerInlineQuery", timeout=15)


async def test_a_music_press_waits_for_the_work_slot(one_slot_bot, posts, tikwm):
    app = one_slot_bot
    video = await app.say(ALICE, link(VIDEO_ID), method="sendVideo")
    await app.settle()
    tikwm.delay("/api", 1.5)
    app.emulator.send_message(BOB, link(OTHER_ID))
    await tikwm.wait_until(lambda: tikwm.count("/api") >= 2)
    button = video.params["reply_markup"]["inline_keyboard"][0][0]
    app.emulator.callback(ALICE, video.result["message_id"], button["callback_data"], user_id=ALICE)
    await tikwm.wait_until(lambda: tikwm.count("/api") >= 3, timeout=15)
    assert app.emulator.calls_to("sendVideo", chat_id=BOB)
    await app.emulator.wait_for_call("sendAudio", lambda c: c.chat_id == ALICE, timeout=15)
