"""A 2,000-chat broadcast and 50 users' /stats through one limiter, over real HTTP.

The emulator answers 429 past ``EMULATOR_RATE`` sends in any second, Telegram's 30/s; the
limiter runs a little under it with its default burst. The run takes about 75 s; the figures
live in ``bench/limiter_bench.py``.
"""

from __future__ import annotations

import asyncio
import math
import time

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import Command
from aiogram.types import Message

from bot.outbox import bulk_lane, install_limiter
from data.config import load_settings
from devservers.telegram_api import Call, TelegramApiEmulator

TOKEN = "424242:AAH-tokdrop-outbox-e2e-token-012345678"
EMULATOR_RATE = 30
LIMITER_RATE = 28
BULK_CHATS = range(500_000, 502_000)
USERS = range(900_001, 900_051)
CONCURRENCY = 50


def stats_dispatcher() -> Dispatcher:
    """A Dispatcher whose only handler answers /stats (an interactive reply)."""
    dp, router = Dispatcher(), Router(name="stats")

    @router.message(Command("stats"))
    async def stats(message: Message) -> None:
        await message.answer("stats")

    dp.include_router(router)
    return dp


async def broadcast(bot: Bot, sent: list[int]) -> None:
    """Bounded-concurrency bulk send: one message to every chat of ``BULK_CHATS``."""
    chats = iter(BULK_CHATS)

    async def worker() -> None:
        for chat in chats:
            await bot.send_message(chat, "news")
            sent[0] += 1

    with bulk_lane():
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


async def test_broadcast_and_replies_share_one_budget(tmp_path):
    empty = tmp_path / "empty.ini"
    empty.touch()
    async with TelegramApiEmulator(token=TOKEN, auto_chats=True) as emulator:
        emulator.set_rate_limit(EMULATOR_RATE)
        settings = load_settings(
            {
                "BOT_TOKEN": TOKEN,
                "TG_SERVER": emulator.base_url,
                "TG_GLOBAL_RATE": str(LIMITER_RATE),
            },
            ini_path=empty,
            dotenv_path=empty,
        )
        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url)))
        limiter = install_limiter(bot, settings)
        dp = stats_dispatcher()
        polling = asyncio.create_task(
            dp.start_polling(
                bot,
                handle_signals=False,
                close_bot_session=False,
                polling_timeout=1,
            )
        )
        try:
            await emulator.wait_until(lambda: emulator.waiting_polls() > 0, timeout=10)
            sent = [0]
            bulk = asyncio.create_task(broadcast(bot, sent))
            pushed: dict[int, float] = {}
            step = len(BULK_CHATS) // (len(USERS) + 1)
            for k, user in enumerate(USERS, start=1):
                await emulator.wait_until(
                    lambda k=k: sent[0] >= k * step or bulk.done(), timeout=30
                )
                pushed[user] = time.monotonic()
                emulator.send_message(user, "/stats")
            await asyncio.wait_for(bulk, 120)

            def answered() -> dict[int, Call] | None:
                found = {
                    call.chat_id: call
                    for call in emulator.calls_to("sendMessage")
                    if call.chat_id in pushed
                }
                return found if len(found) == len(pushed) else None

            replies = await emulator.wait_until(answered, timeout=30)
        finally:
            await dp.stop_polling()
            await asyncio.wait_for(polling, 10)
            await bot.session.close()

        sends = emulator.calls_to("sendMessage")
        floods = [call for call in emulator.calls if call.error and call.error["error_code"] == 429]
        assert floods == []
        per_user = [call for call in sends if call.chat_id in pushed]
        assert sorted(call.chat_id for call in per_user) == sorted(USERS)
        assert all(call.ok for call in per_user)
        per_bulk_chat = [call.chat_id for call in sends if call.chat_id in BULK_CHATS and call.ok]
        assert sorted(per_bulk_chat) == list(BULK_CHATS)

        latencies = sorted(replies[user].at - pushed[user] for user in USERS)
        p95 = latencies[math.ceil(0.95 * len(latencies)) - 1]
        assert p95 < 3.0, f"interactive p95 {p95:.3f} s"

        stats = limiter.stats()
        assert stats["bulk"]["sends"] == len(BULK_CHATS)
        assert stats["interactive"]["sends"] == len(USERS)
        assert stats["bulk"]["flood_429"] == stats["interactive"]["flood_429"] == 0
        assert stats["queued"] == {"interactive": 0, "bulk": 0}
        assert stats["passthrough"] > 0  # getMe and getUpdates went straight through
