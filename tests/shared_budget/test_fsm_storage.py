"""With REDIS_URL, FSM state lives in Redis, so every bot process sees the same state."""

from __future__ import annotations

from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisStorage

from bot.app import fsm_storage
from data.config import load_settings

TOKEN = "424246:AAH-tokdrop-fsm-token-0123456789abc"


def _settings(tmp_path, **environ: str):
    empty = tmp_path / "empty.ini"
    empty.touch()
    return load_settings({"BOT_TOKEN": TOKEN, **environ}, ini_path=empty, dotenv_path=empty)


def test_without_redis_each_dispatcher_keeps_its_own(tmp_path):
    assert fsm_storage(_settings(tmp_path)) is None


async def test_two_processes_share_state_through_redis(tmp_path, redis_url):
    settings = _settings(tmp_path, REDIS_URL=redis_url)
    first, second = fsm_storage(settings), fsm_storage(settings)  # as two processes would
    assert isinstance(first, RedisStorage) and first is not second
    key = StorageKey(bot_id=424246, chat_id=77, user_id=77)
    try:
        await first.set_state(key, "subscribe:creator")
        await first.set_data(key, {"creator": "someone"})
        assert await second.get_state(key) == "subscribe:creator"
        assert await second.get_data(key) == {"creator": "someone"}
        await second.set_state(key, None)
        assert await first.get_state(key) is None
    finally:
        await first.close()
        await second.close()
