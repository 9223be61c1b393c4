"""/metrics and /healthz of the production bot polling the emulator, on both databases: after a
known mix of traffic, every counter equals what was sent; health is 200, then 503 with no
secret in the body when a check fails."""

from __future__ import annotations

import hashlib
import json

import aiohttp
import pytest
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.parser import text_string_to_metric_families

from bot.web import BotApiProbe, WebServer, create_web_app, database_probe
from data import database
from tests.e2e import conftest as e2e_fixtures
from tests.e2e.harness import TOKEN

# The end-to-end fixtures (the emulator, the tikwm stand-in and the running bot), shared.
e2e_session, emulator, tikwm = e2e_fixtures.e2e_session, e2e_fixtures.emulator, e2e_fixtures.tikwm
start_bot = e2e_fixtures.start_bot

ANN, BEN, CAT = 3001, 3002, 3003
STORAGE = -1009001
VIDEO_ID, SLIDES_ID, PRIVATE_ID = (f"73000000000000001{n:02d}" for n in (1, 2, 3))
VIDEO = f"https://www.tiktok.com/@nasa/video/{VIDEO_ID}"
SLIDES = f"https://www.tiktok.com/@artist/photo/{SLIDES_ID}"
PRIVATE = f"https://www.tiktok.com/@shy/video/{PRIVATE_ID}"
UNKNOWN_SHORT = "https://vm.tiktok.com/ZMnotthere/"
DB_PASSWORD = "S3cret-db-pw"


def blob(size: int, seed: int) -> bytes:
    return hashlib.sha256(str(seed).encode()).digest() * (size // 32)


@pytest.fixture
def posts(tikwm):
    tikwm.add_video(VIDEO_ID, author="nasa", video=blob(50_000, 1), sound=blob(5_000, 2))
    images = [blob(3_000 + i, 10 + i) for i in range(3)]
    tikwm.add_slideshow(SLIDES_ID, author="artist", images=images)
    tikwm.add_video(PRIVATE_ID, author="shy", video=blob(1_000, 3))
    tikwm.make_private(PRIVATE_ID)


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


async def scrape(http: aiohttp.ClientSession, base_url: str) -> dict:
    async with http.get(f"{base_url}/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == CONTENT_TYPE_LATEST
        text = await response.text()
    return {family.name: family for family in text_string_to_metric_families(text)}


def nonzero(found: dict, sample: str, *labels: str) -> dict:
    """``{label values: value}`` of one sample (``…_total``, ``…_count``), zeros left out."""
    family = sample.removesuffix("_total").removesuffix("_count")
    return {
        tuple(s.labels[name] for name in labels): s.value
        for s in found[family].samples
        if s.name == sample and s.value
    }


async def press_language_button(app, chat_id: int) -> None:
    menu = await app.say(chat_id, "/lang")
    button = menu.params["reply_markup"]["inline_keyboard"][0][0]
    app.emulator.callback(
        chat_id, menu.result["message_id"], button["callback_data"], user_id=chat_id
    )
    await app.emulator.wait_for_call("answerCallbackQuery")


async def test_metrics_count_exactly_the_traffic_sent(start_bot, posts, http):
    app = await start_bot(STORAGE_CHAT_ID=str(STORAGE))
    emu = app.emulator
    emu.add_chat(STORAGE, "channel", title="storage")
    base_url = await app.start_web()
    limiter = app.metrics.outbox.limiter
    floods_before = limiter.stats()["interactive"]["flood_429"]

    for chat_id in (ANN, BEN, CAT):  # 3 messages
        await app.say(chat_id, "/start")
    for chat_id in (ANN, BEN):  # 2 messages, 2 button presses
        await press_language_button(app, chat_id)
    video = await app.say(ANN, VIDEO, method="sendVideo")  # 5 messages with links
    await app.settle()
    await app.say(BEN, VIDEO, method="sendVideo")  # from the file-id cache
    emu.send_message(CAT, SLIDES)
    await app.emulator.wait_for_call("sendMediaGroup", lambda c: c.chat_id == CAT)
    await app.say(ANN, PRIVATE)  # resolver error: unavailable
    await app.say(BEN, UNKNOWN_SHORT)  # resolver error: invalid link
    music = video.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    emu.callback(ANN, video.result["message_id"], music, user_id=ANN)  # 1 button press
    await emu.wait_for_call("sendAudio", lambda c: c.chat_id == ANN)
    emu.inline_query(CAT, VIDEO)  # 1 inline query, answered from the cache
    await emu.wait_for_call("answerInlineQuery")
    await app.settle()

    emu.fail_next("sendMessage", 500, "Internal Server Error")  # a message that fails: 5xx
    emu.send_message(ANN, "/help")
    await app.settle()
    emu.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    await app.say(BEN, "/help")  # flood control: paused, retried, answered
    await app.settle()
    emu.block_chat(CAT)
    emu.send_message(CAT, "/help")  # a message that fails: 403
    await app.settle()

    found = await scrape(http, base_url)
    assert nonzero(found, "tokdrop_updates_total", "kind", "outcome") == {
        ("message", "ok"): 3 + 2 + 5 + 1,
        ("message", "error"): 2,
        ("callback_query", "ok"): 3,
        ("inline_query", "ok"): 1,
    }
    assert nonzero(found, "tokdrop_update_duration_seconds_count", "kind") == {
        ("message",): 13,
        ("callback_query",): 3,
        ("inline_query",): 1,
    }
    assert nonzero(found, "tokdrop_downloads_total", "kind", "inline", "cached") == {
        ("video", "false", "false"): 1,
        ("video", "false", "true"): 1,
        ("slideshow", "false", "false"): 1,
        ("music", "false", "false"): 1,
        ("video", "true", "true"): 1,
    }
    assert nonzero(found, "tokdrop_resolver_errors_total", "reason") == {
        ("unavailable",): 1,
        ("invalid_link",): 1,
    }
    assert nonzero(found, "tokdrop_telegram_errors_total", "method", "code") == {
        ("sendMessage", "5xx"): 1,
        ("sendMessage", "429"): 1,
        ("sendMessage", "403"): 1,
    }
    stats = limiter.stats()
    assert stats["interactive"]["flood_429"] == floods_before + 1
    sends = nonzero(found, "tokdrop_outbox_sends_total", "lane")
    for lane in ("interactive", "bulk"):
        assert sends.get((lane,), 0) == stats[lane]["sends"]
    assert found["tokdrop_outbox_passthrough"].samples[0].value == stats["passthrough"]
    assert found["tokdrop_broadcasts_active"].samples[0].value == 0
    assert {s.labels["state"]: s.value for s in found["tokdrop_broadcast_recipients"].samples} == {
        "total": 0,
        "sent": 0,
        "blocked": 0,
        "failed": 0,
        "pending": 0,
    }


async def test_healthz_is_200_when_all_is_well_and_503_without_secrets_when_not(start_bot, http):
    app = await start_bot()
    base_url = await app.start_web()
    async with http.get(f"{base_url}/healthz") as response:
        body = await response.json()
        assert response.status == 200, body
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "bot_api": True,
        "polling": True,
        "background": True,
    }

    broken = database.build_engine(f"postgresql://tokdrop:{DB_PASSWORD}@127.0.0.1:1/tokdrop")
    app.emulator.fail_next("getMe", 500, "Internal Server Error")
    probes = {
        **app.health_probes(),
        "database": database_probe(lambda: broken),
        "bot_api": BotApiProbe(app.bot),
    }
    try:
        web_app = create_web_app(app.metrics, probes)
        async with (
            WebServer(web_app, "127.0.0.1", 0) as server,
            http.get(f"{server.url}/healthz") as response,
        ):
            assert response.status == 503
            text = await response.text()
    finally:
        await broken.dispose()
    checks = json.loads(text)["checks"]
    assert checks["database"] == {"ok": False, "detail": "unreachable"}
    assert checks["bot_api"] == {"ok": False, "detail": "TelegramServerError"}
    assert checks["polling"]["ok"] and checks["background"]["ok"]
    for secret in (DB_PASSWORD, TOKEN, TOKEN.split(":")[1], "127.0.0.1:1"):
        assert secret not in text


async def test_healthz_is_503_once_the_database_is_gone(start_bot, http):
    app = await start_bot()
    base_url = await app.start_web()
    await database.dispose_database()  # the store fixture's teardown copes with this
    async with http.get(f"{base_url}/healthz") as response:
        assert response.status == 503
        body = await response.json()
    assert body["checks"]["database"] == {"ok": False, "detail": "not initialised"}
    async with http.get(f"{base_url}/metrics") as response:
        assert response.status == 200  # still served, without the database gauges
        assert "tokdrop_broadcasts_active" not in await response.text()
