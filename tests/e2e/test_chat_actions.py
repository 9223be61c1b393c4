"""Chat actions show what is coming from the moment work starts: before the resolver is asked,
before any download, on every path (video, file mode, slideshow, music, from cache)."""

from __future__ import annotations

import hashlib

import pytest

ALICE = 2201
VIDEO_ID, SLIDES_ID = "7300000000000000041", "7300000000000000042"
VIDEO_LINK = f"https://www.tiktok.com/@acts/video/{VIDEO_ID}"
SLIDES_LINK = f"https://www.tiktok.com/@acts/photo/{SLIDES_ID}"


def blob(size: int, seed: int) -> bytes:
    return hashlib.sha256(str(seed).encode()).digest() * (size // 32)


@pytest.fixture
def posts(tikwm):
    tikwm.add_video(VIDEO_ID, author="acts", video=blob(5000, 1), sound=blob(3000, 2))
    images = [blob(2000 + i, 10 + i) for i in range(3)]
    tikwm.add_slideshow(SLIDES_ID, author="acts", images=images, sound=blob(3000, 3))


def actions(app, chat_id: int = ALICE) -> list[str]:
    """The chat actions sent to ``chat_id`` so far, in order."""
    return [c.params["action"] for c in app.emulator.calls_to("sendChatAction", chat_id=chat_id)]


def methods(app, chat_id: int = ALICE) -> list[str]:
    """The Bot API methods called for ``chat_id`` so far, in order."""
    return [c.method for c in app.emulator.calls if c.chat_id == chat_id]


async def actions_when_asked(app, tikwm, path: str, before: int = 0) -> list[str]:
    """The chat actions sent by the time request number ``before + 1`` to ``path`` arrived."""
    await tikwm.wait_until(lambda: tikwm.count(path) > before, timeout=15)
    return actions(app)


@pytest.mark.parametrize(
    "file_mode, expected", [(False, "upload_video"), (True, "upload_document")]
)
async def test_a_link_shows_the_modes_action_before_resolving_and_downloading(
    running_bot, posts, tikwm, file_mode, expected
):
    if file_mode:
        await running_bot.say(ALICE, "/mode")
    tikwm.delay("/api", 0.7)
    tikwm.delay("/media", 0.7)
    running_bot.emulator.send_message(ALICE, VIDEO_LINK)
    assert await actions_when_asked(running_bot, tikwm, "/api") == [expected]
    assert (await actions_when_asked(running_bot, tikwm, "/media"))[-1] == expected
    await running_bot.settle(timeout=15)
    assert set(actions(running_bot)) == {expected}


async def test_a_slideshow_switches_to_upload_photo_before_its_images_download(
    running_bot, posts, tikwm
):
    tikwm.delay("/api", 0.7)
    tikwm.delay("/media", 0.7)
    running_bot.emulator.send_message(ALICE, SLIDES_LINK)
    assert await actions_when_asked(running_bot, tikwm, "/api") == ["upload_video"]
    assert (await actions_when_asked(running_bot, tikwm, "/media"))[-1] == "upload_photo"
    await running_bot.settle(timeout=15)
    assert set(actions(running_bot)) == {"upload_video", "upload_photo"}


async def test_a_slideshow_in_file_mode_stays_upload_document(running_bot, posts, tikwm):
    await running_bot.say(ALICE, "/mode")
    tikwm.delay("/media", 0.5)
    running_bot.emulator.send_message(ALICE, SLIDES_LINK)
    assert (await actions_when_asked(running_bot, tikwm, "/media"))[-1] == "upload_document"
    await running_bot.settle(timeout=15)
    assert set(actions(running_bot)) == {"upload_document"}


async def test_a_cached_post_shows_the_action_before_it_is_sent(running_bot, posts):
    await running_bot.say(ALICE, VIDEO_LINK, method="sendVideo")
    await running_bot.settle()
    running_bot.emulator.clear_calls()
    await running_bot.say(ALICE, VIDEO_LINK, method="sendVideo")
    await running_bot.settle()
    assert methods(running_bot) == ["sendChatAction", "sendVideo"]
    assert actions(running_bot) == ["upload_video"]


async def test_music_shows_upload_document_before_resolving_and_from_cache(
    running_bot, posts, tikwm
):
    video = await running_bot.say(ALICE, VIDEO_LINK, method="sendVideo")
    await running_bot.settle()
    before, asked = len(actions(running_bot)), tikwm.count("/api")
    tikwm.delay("/api", 0.7)
    button = video.params["reply_markup"]["inline_keyboard"][0][0]
    press = (ALICE, video.result["message_id"], button["callback_data"])
    running_bot.emulator.callback(*press, user_id=ALICE)
    shown = await actions_when_asked(running_bot, tikwm, "/api", before=asked)
    assert shown[before:] == ["upload_document"]
    await running_bot.emulator.wait_for_call("sendAudio", lambda c: c.chat_id == ALICE, timeout=15)
    await running_bot.settle()
    running_bot.emulator.clear_calls()
    running_bot.emulator.callback(*press, user_id=ALICE)  # the sound's file id is cached now
    await running_bot.emulator.wait_for_call("sendAudio", lambda c: c.chat_id == ALICE)
    await running_bot.settle()
    assert methods(running_bot) == ["sendChatAction", "sendAudio"]
    assert actions(running_bot) == ["upload_document"]
