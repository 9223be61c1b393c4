"""TikTok through the cobalt backend end to end: the cobalt stand-in and its tunnels, the
Telegram emulator, real databases.

The bot starts with its configured backend and COBALT_URL set (so the media host rule allows the
stand-in); each test then puts a CobaltResolver in place of the configured one, as a chain would.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

import pytest

from bot.i18n import Locales
from bot.sources.cobalt import CobaltResolver
from data import db_service as db
from data.models.platform import Platform
from devservers.cobalt import CobaltEmulator

ALICE = 4001
VIDEO_ID = "7300000000000000081"
SLIDES_ID = "7300000000000000082"
VIDEO_LINK = f"https://www.tiktok.com/@nasa/video/{VIDEO_ID}"
SLIDES_LINK = f"https://www.tiktok.com/@artist/photo/{SLIDES_ID}"
API_KEY = "9b2f7c1e-3a4d-4e5f-8a6b-0c1d2e3f4a5b"


def blob(size: int, seed: int) -> bytes:
    return hashlib.sha256(str(seed).encode()).digest() * (size // 32)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


VIDEO = blob(200_000, 1)
SOUND = blob(30_000, 2)
IMAGES = [blob(8_000 + i, 100 + i) for i in range(12)]


@pytest.fixture
async def cobalt() -> AsyncIterator[CobaltEmulator]:
    async with CobaltEmulator(api_key=API_KEY) as emulator:
        emulator.add_video(VIDEO_ID, author="nasa", video=VIDEO, short_code="ZMcob1")
        emulator.add_slideshow(SLIDES_ID, author="artist", images=IMAGES, sound=SOUND)
        yield emulator


@pytest.fixture
def start_cobalt_bot(start_bot, cobalt, tikwm):
    async def start(**extra: str):
        app = await start_bot(COBALT_URL=cobalt.base_url, COBALT_API_KEY=API_KEY, **extra)
        app.services.media.resolvers[Platform.TIKTOK] = CobaltResolver.from_settings(
            app.settings, app.services.http, backoff_base=0.01
        )
        return app

    return start


async def test_a_video_through_cobalt(start_cobalt_bot, cobalt, tikwm):
    app = await start_cobalt_bot()
    call = await app.say(ALICE, "https://vm.tiktok.com/ZMcob1/", method="sendVideo")
    assert [f.sha256 for f in call.files] == [sha(VIDEO)]
    assert f"tiktok.com/@nasa/video/{VIDEO_ID}" in call.params["caption"]
    assert "reply_markup" not in call.params or not call.params["reply_markup"]  # no sound
    assert cobalt.requests[0].headers["Authorization"] == f"Api-Key {API_KEY}"
    assert tikwm.requests == []  # the configured backend was not asked
    await app.settle()
    assert (await db.get_chat_stats(ALICE)).downloads == 1


async def test_a_slideshow_and_its_sound_through_cobalt(start_cobalt_bot, cobalt):
    app = await start_cobalt_bot()
    app.emulator.send_message(ALICE, SLIDES_LINK)
    await app.settle(timeout=20)
    groups = app.sent_to(ALICE, "sendMediaGroup")
    assert [len(g.params["media"]) for g in groups] == [10, 2]
    assert [f.sha256 for g in groups for f in g.files] == [sha(i) for i in IMAGES]
    assert "photos" not in groups[0].params["media"][0]["caption"]  # nothing was left out
    [music] = [c for c in app.sent_to(ALICE) if c.params.get("reply_markup")]
    button = music.params["reply_markup"]["inline_keyboard"][0][0]
    app.emulator.callback(ALICE, music.result["message_id"], button["callback_data"], user_id=ALICE)
    audio = await app.emulator.wait_for_call("sendAudio", lambda c: c.chat_id == ALICE)
    assert [f.sha256 for f in audio.files] == [sha(SOUND)]
    await app.settle()
    stats = await db.get_chat_stats(ALICE)
    assert (stats.slideshows, stats.music) == (1, 1)


async def test_a_picker_of_forty_is_cut_to_max_images_and_says_so(start_cobalt_bot, cobalt):
    many = [blob(2_000 + i, 500 + i) for i in range(40)]
    cobalt.add_slideshow("7300000000000000083", author="many", images=many, sound=SOUND)
    app = await start_cobalt_bot(MEDIA_MAX_IMAGES="10")
    app.emulator.send_message(ALICE, "https://www.tiktok.com/@many/photo/7300000000000000083")
    await app.settle(timeout=20)
    [group] = app.sent_to(ALICE, "sendMediaGroup")
    assert [f.sha256 for f in group.files] == [sha(i) for i in many[:10]]
    expected = Locales().translator("en")("media-images-capped", sent=10, total=40)
    assert expected in group.params["media"][0]["caption"]
    assert cobalt.tunnel_fetches() == 10
    # again, from the cached file ids: still said
    app.emulator.send_message(ALICE, "https://www.tiktok.com/@many/photo/7300000000000000083")
    await app.settle(timeout=20)
    again = app.sent_to(ALICE, "sendMediaGroup")[-1]
    assert again.files == [] and expected in again.params["media"][0]["caption"]
    assert cobalt.tunnel_fetches() == 10


async def test_private_and_refused_answers_get_their_messages(start_cobalt_bot, cobalt):
    app = await start_cobalt_bot()
    t = Locales().translator("en")
    cobalt.make_private(VIDEO_ID)
    reply = await app.say(ALICE, VIDEO_LINK)
    assert reply.params["text"] == t("media-private", platform="TikTok")
    cobalt.answer_next({"status": "local-processing", "type": "merge", "tunnel": []})
    reply = await app.say(ALICE, SLIDES_LINK)
    assert reply.params["text"] == t("media-unsupported")
    await app.settle()
    assert (await db.get_chat_stats(ALICE)).downloads == 0
