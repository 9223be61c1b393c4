"""Hostile and oversized media end to end: the media host rule, temp files, slideshow caps.

The bot's configured services are the tikwm stand-in (TIKWM_URL) and the Telegram emulator
(TG_SERVER), both on 127.0.0.1: media they serve is allowed; a service on any other loopback
port stands for an internal service the bot must never fetch from.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.i18n import Locales
from data import db_service as db
from data.preferences import DEFAULT_PREFERENCES

ALICE = 3001
VIDEO_ID = "7300000000000000071"
SLIDES_ID = "7300000000000000072"
LINK = f"https://www.tiktok.com/@nasa/video/{VIDEO_ID}"
SLIDES = f"https://www.tiktok.com/@artist/photo/{SLIDES_ID}"
VIDEO = hashlib.sha256(b"video").digest() * 10_000  # 320 kB
SECRET = b"internal metadata: do not leak" * 1000
REFUSED = "not allowed to download"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class PrivateService:
    """A web server on its own loopback port that is no configured service."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.base_url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> PrivateService:
        app = web.Application()
        app.router.add_get("/{tail:.*}", self._serve)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.base_url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def _serve(self, request: web.Request) -> web.Response:
        self.hits.append(request.path)
        return web.Response(body=SECRET, content_type="video/mp4")


@pytest.fixture
async def private() -> AsyncIterator[PrivateService]:
    service = await PrivateService().start()
    yield service
    await service._runner.cleanup()


@pytest.fixture
def media(tikwm):
    tikwm.add_video(VIDEO_ID, author="nasa", video=VIDEO, sound=b"ID3" + bytes(5000))
    images = [hashlib.sha256(bytes([i])).digest() * 3200 for i in range(13)]  # ~100 kB each
    tikwm.add_slideshow(SLIDES_ID, author="artist", images=images)
    return images


@pytest.fixture
def temp_dir(tmp_path):
    folder = tmp_path / "media-tmp"
    folder.mkdir()
    return folder


def refused_count(app) -> float:
    return app.metrics.registry.get_sample_value(
        "tokdrop_resolver_errors_total", {"reason": "host_refused"}
    )


async def test_a_redirect_to_another_loopback_port_is_refused(running_bot, tikwm, media, private):
    tikwm.fail_next(
        f"/media/{VIDEO_ID}/", 302, count=3, headers={"Location": f"{private.base_url}/secret"}
    )
    reply = await running_bot.say(ALICE, LINK)
    assert REFUSED in reply.params["text"]
    await running_bot.settle()
    assert private.hits == []
    assert running_bot.sent_to(ALICE, "sendVideo") == []
    assert refused_count(running_bot) == 1
    assert await db.download_history(ALICE) == []


async def test_a_media_url_on_another_loopback_port_is_refused(running_bot, tikwm, media, private):
    data = tikwm.post_data(VIDEO_ID)
    data.update(hdplay=f"{private.base_url}/video.mp4", play=f"{private.base_url}/video.mp4")
    tikwm.answer_next("/api", {"code": 0, "msg": "success", "data": data})
    reply = await running_bot.say(ALICE, LINK)
    assert REFUSED in reply.params["text"]
    await running_bot.settle()
    assert private.hits == [] and running_bot.sent_to(ALICE, "sendVideo") == []
    assert refused_count(running_bot) == 1


async def test_the_refusal_is_localized(running_bot, tikwm, media, private):
    tikwm.fail_next(f"/media/{VIDEO_ID}/", 302, headers={"Location": f"{private.base_url}/"})
    reply = await running_bot.say(ALICE, LINK, language_code="es")
    assert reply.params["text"] == Locales().translator("es")("media-host-refused")
    assert private.hits == []


async def test_a_redirect_on_the_resolver_host_is_followed(running_bot, tikwm, media):
    tikwm.fail_next(
        f"/media/{VIDEO_ID}/hdplay", 302, headers={"Location": f"/media/{VIDEO_ID}/play.mp4"}
    )
    call = await running_bot.say(ALICE, LINK, method="sendVideo")
    assert [f.sha256 for f in call.files] == [sha(VIDEO)]


# ------------------------------------------------------------ temp files


async def test_no_temp_file_is_left_after_success_failure_and_too_large(
    start_bot, tikwm, media, temp_dir
):
    app = await start_bot(MEDIA_TEMP_DIR=str(temp_dir), MAX_UPLOAD_MB="1", MEDIA_MAX_POST_MB="1")
    call = await app.say(ALICE, LINK, method="sendVideo")  # success
    assert [f.sha256 for f in call.files] == [sha(VIDEO)]
    await app.settle()
    assert list(temp_dir.iterdir()) == []

    tikwm.add_video("7300000000000000073", author="nasa", video=VIDEO)
    tikwm.break_media("7300000000000000073")  # failure: the media answers 404
    reply = await app.say(ALICE, "https://www.tiktok.com/@nasa/video/7300000000000000073")
    assert "didn't give me the media" in reply.params["text"]
    await app.settle()
    assert list(temp_dir.iterdir()) == []

    # Too large while streaming: the resolver does not say the size, the body has no
    # Content-Length, so only the bytes counted stop it.
    big = "7300000000000000074"
    tikwm.add_video(big, author="nasa", video=VIDEO * 4, content_length=False)
    data = tikwm.post_data(big)
    data.update(size=0, hd_size=0)
    tikwm.answer_next("/api", {"code": 0, "msg": "success", "data": data})
    reply = await app.say(ALICE, f"https://www.tiktok.com/@nasa/video/{big}")
    assert "too big for Telegram" in reply.params["text"]
    await app.settle()
    assert list(temp_dir.iterdir()) == []

    # A slideshow over MEDIA_MAX_POST_MB in all (13 images of 100 kB; the cap is 1 MB).
    reply = await app.say(ALICE, SLIDES)
    assert "too big for Telegram" in reply.params["text"]
    await app.settle()
    assert app.sent_to(ALICE, "sendMediaGroup") == []
    assert list(temp_dir.iterdir()) == []


async def test_a_cancelled_delivery_leaves_no_temp_file(start_bot, tikwm, media, temp_dir):
    app = await start_bot(MEDIA_TEMP_DIR=str(temp_dir))
    tikwm.chunk_size = 4096
    tikwm.pace(f"/media/{VIDEO_ID}/", 100_000)  # about 3 s for the video
    translator = Locales().translator("en")
    delivery = asyncio.create_task(
        app.services.media.deliver(
            app.bot, ALICE, LINK, preferences=DEFAULT_PREFERENCES, t=translator
        )
    )
    # The download is under way: its folder and partial file exist in MEDIA_TEMP_DIR.
    for _ in range(500):
        if any(folder.iterdir() for folder in temp_dir.iterdir()):
            break
        await asyncio.sleep(0.01)
    else:
        raise AssertionError("the download never started writing into MEDIA_TEMP_DIR")
    delivery.cancel()
    with pytest.raises(asyncio.CancelledError):
        await delivery
    assert list(temp_dir.iterdir()) == []
    assert app.sent_to(ALICE, "sendVideo") == []


# ------------------------------------------------------------ slideshow caps


async def test_a_slideshow_sends_at_most_max_images(start_bot, tikwm, media):
    app = await start_bot(MEDIA_MAX_IMAGES="5")
    app.emulator.send_message(ALICE, SLIDES)
    await app.settle(timeout=20)
    [group] = app.sent_to(ALICE, "sendMediaGroup")
    assert [f.sha256 for f in group.files] == [sha(image) for image in media[:5]]
    assert tikwm.media_fetches(SLIDES_ID) == 5 + 0  # the sound is only fetched on request
