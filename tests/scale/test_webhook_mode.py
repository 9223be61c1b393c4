"""Webhook mode in this process: the emulator pushes updates, the secret is enforced, and the
web server answers /healthz and /metrics beside the webhook (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from yarl import URL

from bot.app import create_bot, create_dispatcher, create_services, serve_webhook
from bot.i18n import Locales
from bot.metrics import Metrics
from bot.webhook import SECRET_HEADER
from data import db_service as db
from devservers.bot_processes import free_port
from tests.e2e.harness import settings_for

SECRET = "the-webhook-secret_42"


def _forged(update_id: int, chat_id: int) -> dict:
    """A well-formed update a stranger might post to the webhook URL."""
    user = {"id": chat_id, "is_bot": False, "first_name": "Mallory"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": chat_id, "type": "private"},
            "from": user,
            "text": "/start",
        },
    }


@pytest.fixture
async def webhook_bot(store, db_url, emulator, tmp_path):
    """The production bot serving a webhook on a free port until the test ends."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/updates"
    settings = settings_for(
        emulator, db_url, tmp_path, WEBHOOK_URL=url, WEB_PORT=str(port), WEBHOOK_SECRET=SECRET
    )
    metrics = Metrics()
    services = create_services(settings, metrics)
    dp = create_dispatcher(Locales(), settings, services)
    stop = asyncio.Event()
    bot = create_bot(settings, metrics)
    task = asyncio.create_task(serve_webhook(bot, dp, settings, stop, metrics))
    try:
        await emulator.wait_for_call("setWebhook", timeout=15)
        yield url, f"http://127.0.0.1:{port}"
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)
        await services.close()


async def _status_with_raw_secret(url: str, secret: bytes) -> int:
    """POST an empty update with the secret header's bytes as given (aiohttp's client would
    refuse to send bytes that are not text); the answer's status code."""
    parsed = URL(url)
    reader, writer = await asyncio.open_connection(parsed.host, parsed.port)
    try:
        writer.write(
            b"POST "
            + parsed.raw_path.encode()
            + b" HTTP/1.1\r\nHost: "
            + parsed.host.encode()
            + b"\r\n"
            + SECRET_HEADER.encode()
            + b": "
            + secret
            + b"\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
            b"Connection: close\r\n\r\n{}"
        )
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 10)
    finally:
        writer.close()
    return int(status_line.split()[1])


async def test_updates_arrive_by_webhook_and_the_secret_is_enforced(webhook_bot, emulator):
    url, base = webhook_bot
    registered = emulator.calls_to("setWebhook")[-1].params
    assert registered["url"] == url and registered["secret_token"] == SECRET
    emulator.send_message(5001, "/start")
    reply = await emulator.wait_for_call("sendMessage", lambda c: c.chat_id == 5001, timeout=10)
    assert "TikTok" in reply.params["text"]

    async with aiohttp.ClientSession() as http:
        for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + "x"}):
            async with http.post(url, json=_forged(900, 6666), headers=headers) as answer:
                assert answer.status == 401
        assert await _status_with_raw_secret(url, b"\xff\xfe" + SECRET.encode()) == 401
        async with http.post(url, data=b"{not json", headers={SECRET_HEADER: SECRET}) as answer:
            assert answer.status == 400
        async with http.post(
            url, json={"update_id": "x"}, headers={SECRET_HEADER: SECRET}
        ) as answer:
            assert answer.status == 200  # unparseable: acknowledged and dropped, never redelivered

        emulator.send_message(5001, "/help")  # pushed after the forged ones, in the same process
        await emulator.wait_for_call("sendMessage", lambda c: c.chat_id == 5001 and c is not reply)
        await emulator.wait_until_delivered(timeout=10)
        assert emulator.calls_to("sendMessage", 6666) == []
        assert await db.get_chat(6666) is None

        async with http.get(f"{base}/healthz") as answer:
            health = await answer.json()
            assert answer.status == 200, health
            assert SECRET not in str(health)
        async with http.get(f"{base}/metrics") as answer:
            assert answer.status == 200
            page = await answer.text()
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(page)
        for s in family.samples
    }
    handled = samples[("tokdrop_updates_total", (("kind", "message"), ("outcome", "ok")))]
    assert handled == 2  # the two pushed by Telegram; none of the forged ones
