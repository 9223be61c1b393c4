"""install_limiter, settings and lanes as a caller sees them."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot

from bot.outbox import (
    Lane,
    LimiterConfig,
    OutboxMiddleware,
    bulk_lane,
    current_lane,
    install_limiter,
    interactive_lane,
)
from data.config import load_settings

TOKEN = "424242:AAH-tokdrop-outbox-test-token-01234567"


def settings(tmp_path, **environ: str):
    """Settings from ``environ`` only (no config files)."""
    empty = tmp_path / "empty.ini"
    empty.touch()
    return load_settings({"BOT_TOKEN": TOKEN, **environ}, ini_path=empty, dotenv_path=empty)


async def test_install_reads_the_three_rates_and_registers_once(tmp_path):
    bot = Bot(TOKEN)
    try:
        config = settings(tmp_path, TG_GLOBAL_RATE="28", TG_CHAT_RATE="0.5", TG_GROUP_RATE="15")
        limiter = install_limiter(bot, config, global_burst=4)
        assert limiter.config == LimiterConfig(
            global_rate=28.0,
            chat_rate=0.5,
            group_rate_per_minute=15.0,
            global_burst=4.0,
            bulk_rate=25.0,
        )
        assert install_limiter(bot, config) is limiter
        assert [type(m) for m in bot.session.middleware] == [OutboxMiddleware]
    finally:
        await bot.session.close()


def test_default_settings_match_telegrams_figures(tmp_path):
    config = LimiterConfig.from_settings(settings(tmp_path))
    assert (config.global_rate, config.chat_rate, config.group_rate_per_minute) == (30, 1, 20)


@pytest.mark.parametrize(
    "bad",
    [
        {"global_rate": 0},
        {"chat_burst": 0.5},
        {"interactive_reserve": 3.0},
        {"interactive_reserve": -1},
        {"bot_pause_chats": 0},
        {"bot_pause_window": 0},
    ],
)
def test_config_rejects_nonsense(bad):
    with pytest.raises(ValueError):
        LimiterConfig(**bad)


async def test_lanes_nest_and_tasks_inherit_them():
    assert current_lane() is Lane.INTERACTIVE
    with bulk_lane():
        assert current_lane() is Lane.BULK
        inherited = asyncio.create_task(_lane_in_task())
        with interactive_lane():
            assert current_lane() is Lane.INTERACTIVE
        assert current_lane() is Lane.BULK
    assert current_lane() is Lane.INTERACTIVE
    assert await inherited is Lane.BULK


async def _lane_in_task() -> Lane:
    return current_lane()
