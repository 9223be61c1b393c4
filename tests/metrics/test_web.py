"""The web server: /healthz and /metrics over real HTTP, port sharing, clean stop; the broadcast
gauges read from each database at scrape time."""

from __future__ import annotations

import aiohttp
import pytest
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import Metrics, render_metrics
from bot.metrics.broadcasts import BroadcastCollector
from bot.web import HEALTH_PATH, METRICS_PATH, ProbeResult, WebServer, create_web_app
from data import db_service as db
from data.models import RecipientState

WORKER = "test-worker"


async def fine() -> ProbeResult:
    return ProbeResult(True, "fine")


async def down() -> ProbeResult:
    return ProbeResult(False, "unreachable")


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


def parse(text: str) -> dict:
    return {family.name: family for family in text_string_to_metric_families(text)}


async def test_healthz_is_200_when_every_probe_passes_and_503_otherwise(http):
    async with (
        WebServer(create_web_app(probes={"a": fine}), "127.0.0.1", 0) as ok_server,
        WebServer(create_web_app(probes={"a": fine, "b": down}), "127.0.0.1", 0) as bad_server,
    ):
        async with http.get(ok_server.url + HEALTH_PATH) as response:
            assert response.status == 200
            assert await response.json() == {
                "status": "ok",
                "checks": {"a": {"ok": True, "detail": "fine"}},
            }
        async with http.get(bad_server.url + HEALTH_PATH) as response:
            assert response.status == 503
            body = await response.json()
            assert body["status"] == "fail"
            assert body["checks"]["b"] == {"ok": False, "detail": "unreachable"}
        async with http.get(ok_server.url + METRICS_PATH) as response:
            assert response.status == 404  # no metrics given: no route


async def test_metrics_page_parses_and_has_the_prometheus_content_type(http):
    metrics = Metrics()
    metrics.updates.labels("message", "ok").inc(3)
    async with (
        WebServer(create_web_app(metrics), "127.0.0.1", 0) as server,
        http.get(server.url + METRICS_PATH) as response,
    ):
        assert response.status == 200
        assert response.headers["Content-Type"] == CONTENT_TYPE_LATEST
        found = parse(await response.text())
    assert found["tokdrop_updates"].type == "counter"
    [sample] = [s for s in found["tokdrop_updates"].samples if s.name == "tokdrop_updates_total"]
    assert sample.labels == {"kind": "message", "outcome": "ok"} and sample.value == 3


async def test_two_servers_share_one_port_and_stop_cleanly(http):
    first = WebServer(create_web_app(probes={"a": fine}), "127.0.0.1", 0)
    await first.start()
    second = WebServer(create_web_app(probes={"b": fine}), "127.0.0.1", first.port)
    try:
        await second.start()  # SO_REUSEPORT: no "address already in use"
        assert second.port == first.port
        seen = set()
        for _ in range(10):
            fresh_connection = {"Connection": "close"}
            async with http.get(first.url + HEALTH_PATH, headers=fresh_connection) as response:
                seen |= set((await response.json())["checks"])
        assert seen <= {"a", "b"} and seen
    finally:
        await second.stop()
        await first.stop()
    assert not first.running
    with pytest.raises(aiohttp.ClientConnectionError):
        async with http.get(first.url + HEALTH_PATH):
            pass


async def test_stop_accepting_closes_the_port_before_stop(http):
    server = WebServer(create_web_app(probes={}), "127.0.0.1", 0)
    await server.start()
    await server.stop_accepting()
    with pytest.raises(aiohttp.ClientConnectionError):
        async with http.get(server.url + HEALTH_PATH):
            pass
    await server.stop()


# ------------------------------------------------------------------ broadcast progress


async def test_broadcast_gauges_sum_the_active_broadcasts(store):
    for chat_id in range(1, 6):
        await db.create_chat(chat_id)
    running = await db.create_broadcast(99, 99, 1, progress_chat_id=99, progress_message_id=1)
    queued = await db.create_broadcast(99, 99, 2, progress_chat_id=99, progress_message_id=2)
    finished = await db.create_broadcast(99, 99, 3, progress_chat_id=99, progress_message_id=3)
    await db.cancel_broadcast(finished.id)
    assert await db.mark_broadcast_running(running.id)
    claimed = await db.claim_recipients(running.id, WORKER, limit=3)
    outcomes = (RecipientState.SENT, RecipientState.SENT, RecipientState.BLOCKED)
    for chat_id, outcome in zip(claimed, outcomes, strict=True):
        assert await db.begin_send(running.id, chat_id, WORKER)
        assert await db.finish_recipient(running.id, chat_id, WORKER, outcome)
    assert queued is not None

    found = parse((await render_metrics(Metrics())).decode())
    assert found["tokdrop_broadcasts_active"].samples[0].value == 2
    recipients = {s.labels["state"]: s.value for s in found["tokdrop_broadcast_recipients"].samples}
    assert recipients == {"total": 10, "sent": 2, "blocked": 1, "failed": 0, "pending": 7}


async def test_broadcast_gauges_vanish_while_the_database_cannot_be_read(store):
    from data import database

    collector = BroadcastCollector(max_age=0)
    await collector.refresh()
    assert [m.name for m in collector.collect()] == [
        "tokdrop_broadcasts_active",
        "tokdrop_broadcast_recipients",
    ]
    await database.dispose_database()
    await collector.refresh()
    assert list(collector.collect()) == []
