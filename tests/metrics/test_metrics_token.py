"""METRICS_TOKEN: with it set, /metrics answers only a matching bearer token (401 otherwise);
/healthz stays open. Through the production wiring: bot.app's web app for a running bot."""

from __future__ import annotations

import aiohttp
import pytest

from bot.app import bot_web_app
from bot.web import HEALTH_PATH, METRICS_PATH, WebServer, polling_probe
from tests.e2e import conftest as e2e_fixtures

e2e_session, emulator, tikwm = e2e_fixtures.e2e_session, e2e_fixtures.emulator, e2e_fixtures.tikwm
start_bot = e2e_fixtures.start_bot

TOKEN = "scrape-Token_0123456789abcdef"


@pytest.fixture
async def web_for(start_bot):
    """Start a bot with these settings and serve its production web app; yields the base URL."""
    servers: list[WebServer] = []

    async def start(**extra: str) -> str:
        app = await start_bot(**extra)
        web_app = bot_web_app(
            app.bot, app.dp, app.settings, app.metrics, "polling", polling_probe(app.metrics)
        )
        server = WebServer(web_app, "127.0.0.1", 0)
        await server.start()
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        await server.stop()


async def _get(url: str, **headers: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as answer:
        return answer.status, await answer.text()


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_metrics_need_the_bearer_token_when_one_is_set(web_for):
    base = await web_for(METRICS_TOKEN=TOKEN)
    for headers in (
        {},
        {"Authorization": "Bearer wrong-token-0123456789abc"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
    ):
        status, body = await _get(base + METRICS_PATH, **headers)
        assert status == 401 and "tokdrop_" not in body, headers
    status, body = await _get(base + METRICS_PATH, Authorization=f"Bearer {TOKEN}")
    assert status == 200 and "tokdrop_updates_total" in body
    status, _ = await _get(base + HEALTH_PATH)  # health checks stay open
    assert status in (200, 503)


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_metrics_are_open_without_a_token(web_for):
    base = await web_for()
    status, body = await _get(base + METRICS_PATH)
    assert status == 200 and "tokdrop_updates_total" in body
