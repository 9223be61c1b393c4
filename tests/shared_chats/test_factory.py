"""create_shared_chats / create_shared_gate follow create_global_budget's rule: Redis when
configured, PostgreSQL in webhook mode, else None (the in-process objects stay)."""

from __future__ import annotations

import logging

import pytest

from bot.media.gate_fallback import FallbackChatGate
from bot.media.limits import Admission, ChatGate
from bot.media.shared_limits import DatabaseChatGate, RedisChatGate
from bot.outbox import LimiterConfig, create_global_budget
from bot.outbox.chat_fallback import FallbackChatBuckets
from bot.outbox.shared import DatabaseChatBuckets, RedisChatBuckets
from bot.outbox.shared.chat_factory import close_shared, create_shared_chats, create_shared_gate
from data.config import load_settings
from devservers.redis import RedisServer

TOKEN = "424247:AAH-tokdrop-chats-factory-token-01234"
PG = "postgresql://tokdrop:pg-secret@127.0.0.1:5432/tokdrop"
WEBHOOK = "https://bot.example.org/tg"


@pytest.fixture
def settings(tmp_path):
    empty = tmp_path / "empty.ini"
    empty.touch()

    def make(**environ: str):
        return load_settings({"BOT_TOKEN": TOKEN, **environ}, ini_path=empty, dotenv_path=empty)

    return make


@pytest.mark.parametrize(
    "environ", [{}, {"DB_URL": PG}, {"WEBHOOK_URL": WEBHOOK}], ids=["sqlite", "pg", "webhook"]
)
def test_one_process_keeps_the_in_process_objects(settings, environ):
    made = settings(**environ)
    assert create_shared_chats(made, LimiterConfig()) is None
    assert create_shared_gate(made, ChatGate(2)) is None
    assert create_global_budget(made, LimiterConfig()) is None  # the same rule


async def test_webhook_on_postgres_shares_through_the_database(settings):
    made = settings(WEBHOOK_URL=WEBHOOK, DB_URL=PG)
    config = LimiterConfig(chat_rate=2.0, group_rate_per_minute=30.0, budget_retry_interval=7.0)
    chats = create_shared_chats(made, config)
    assert isinstance(chats, FallbackChatBuckets) and chats.probe_interval == 7.0
    assert isinstance(chats.shared, DatabaseChatBuckets) and chats.store == "postgresql"
    assert (chats.shared.name, chats.shared.chat_rate, chats.shared.group_rate) == (
        "bot424247",
        2.0,
        0.5,
    )
    local = ChatGate(2)
    gate = create_shared_gate(made, local)
    assert isinstance(gate, FallbackChatGate) and isinstance(gate.shared, DatabaseChatGate)
    assert gate.local is local and gate.work_slots is local.work_slots
    await close_shared(chats)
    await close_shared(gate)
    await close_shared(None)


async def test_redis_url_wins_and_is_never_logged(settings, caplog):
    caplog.set_level(logging.DEBUG)
    with RedisServer(password="r3dis-secret") as server:
        made = settings(REDIS_URL=server.url, WEBHOOK_URL=WEBHOOK, DB_URL=PG)
        chats = create_shared_chats(made, LimiterConfig())
        gate = create_shared_gate(made, ChatGate(2))
        try:
            assert isinstance(chats.shared, RedisChatBuckets)
            assert chats.shared.key(-7) == "tokdrop:chat_sends:bot424247:-7"
            assert isinstance(gate.shared, RedisChatGate)
            assert await chats.take(-7, 1) == 0.0
            assert await gate.admit(7, 1, per_minute=5, in_flight=1) is Admission.OK
            await gate.release(7)
            assert not (chats.degraded or gate.degraded)
        finally:
            await close_shared(chats)
            await close_shared(gate)
    assert "shared through Redis" in caplog.text
    assert "r3dis-secret" not in caplog.text and str(server.port) not in caplog.text


async def test_the_in_process_gate_behind_the_same_async_interface():
    from bot.media.gate_fallback import LocalChatGate

    local = ChatGate(3)
    gate = LocalChatGate(local)
    assert await gate.admit(1, 1, per_minute=5, in_flight=1) is Admission.OK
    assert await gate.admit(1, 1, per_minute=5, in_flight=1) is Admission.BUSY
    await gate.release(1)
    assert await gate.admit(1, 4, per_minute=5, in_flight=1) is Admission.OK
    assert gate.work_slots is local.work_slots and gate.tracked_chats() == 1
    assert not gate.degraded
    await close_shared(gate)
