"""Two limiters (two processes' worth) on one DatabaseBudget, over real HTTP to the emulator.

The emulator answers 429 past ``EMULATOR_RATE`` sends in any sliding second. Each limiter
alone runs at ``LIMITER_RATE``: shared, the pair stays under the emulator's rate; multiplied,
they would send twice as fast and meet 429s.
"""

from __future__ import annotations

import asyncio

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy import text

from bot.outbox import DatabaseBudget, Limiter, bulk_lane, install_limiter
from data import database
from data.config import load_settings
from devservers.telegram_api import TelegramApiEmulator

TOKEN = "424243:AAH-tokdrop-shared-budget-token-01234567"
EMULATOR_RATE = 20
LIMITER_RATE, BURST = 15.0, 2.5
CHATS = (range(600_000, 600_040), range(700_000, 700_040))


def two_bots(emulator: TelegramApiEmulator, tmp_path, budgets) -> tuple[list[Bot], list[Limiter]]:
    """Two Bots for one token, each with its own limiter on its own budget instance."""
    empty = tmp_path / "empty.ini"
    empty.touch()
    settings = load_settings(
        {"BOT_TOKEN": TOKEN, "TG_SERVER": emulator.base_url, "TG_GLOBAL_RATE": str(LIMITER_RATE)},
        ini_path=empty,
        dotenv_path=empty,
    )
    server = TelegramAPIServer.from_base(emulator.base_url)
    bots = [Bot(TOKEN, session=AiohttpSession(api=server)) for _ in budgets]
    limiters = [
        install_limiter(bot, settings, budget=budget, global_burst=BURST)
        for bot, budget in zip(bots, budgets, strict=True)
    ]
    return bots, limiters


def budgets(name: str, engine) -> list[DatabaseBudget]:
    """One on the process-wide engine (as the bot runs), one on another engine."""
    return [
        DatabaseBudget(LIMITER_RATE, BURST, name),
        DatabaseBudget(LIMITER_RATE, BURST, name, engine=engine),
    ]


async def test_two_limiters_share_one_rate(pg_global, budget_name, tmp_path):
    engine = database.build_engine(pg_global, pool_size=2)
    async with TelegramApiEmulator(token=TOKEN, auto_chats=True) as emulator:
        emulator.set_rate_limit(EMULATOR_RATE)
        bots, limiters = two_bots(emulator, tmp_path, budgets(budget_name, engine))

        async def send_all(bot: Bot, chats: range) -> None:
            with bulk_lane():
                await asyncio.gather(*(bot.send_message(chat, "news") for chat in chats))

        try:
            await asyncio.wait_for(
                asyncio.gather(
                    *(send_all(bot, chats) for bot, chats in zip(bots, CHATS, strict=True))
                ),
                60,
            )
        finally:
            for bot in bots:
                await bot.session.close()
            await engine.dispose()

    sends = emulator.calls_to("sendMessage")
    assert [call for call in sends if not call.ok] == []
    assert sorted(call.chat_id for call in sends) == [*CHATS[0], *CHATS[1]]
    assert [limiter.stats()["bulk"]["sends"] for limiter in limiters] == [40, 40]
    span = sends[-1].at - sends[0].at
    assert len(sends) <= LIMITER_RATE * span + BURST + 1  # + 1: HTTP jitter at the edges
    # Both went out together, not one after the other.
    last_of = [max(c.at for c in sends if c.chat_id in chats) for chats in CHATS]
    first_of = [min(c.at for c in sends if c.chat_id in chats) for chats in CHATS]
    assert max(first_of) < min(last_of)


async def test_a_429_seen_by_one_limiter_pauses_the_other(pg_global, budget_name, tmp_path):
    engine = database.build_engine(pg_global, pool_size=2)
    async with TelegramApiEmulator(token=TOKEN, auto_chats=True) as emulator:
        (first, second), (limiter, _) = two_bots(emulator, tmp_path, budgets(budget_name, engine))
        try:
            emulator.fail_next(
                "sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1
            )
            with bulk_lane():  # a bulk 429 pauses the whole bot (an interactive one: its chat)
                retried = asyncio.create_task(first.send_message(1, "hello"))
            refused = await emulator.wait_for_call("sendMessage", lambda call: not call.ok)
            await emulator.wait_until(lambda: limiter.stats()["bulk"]["bot_pauses"])
            await asyncio.wait_for(_paused(budget_name), 5)
            await second.send_message(2, "hi")
            await asyncio.wait_for(retried, 10)
        finally:
            for bot in (first, second):
                await bot.session.close()
            await engine.dispose()

    delivered = {call.chat_id: call.at for call in emulator.calls_to("sendMessage") if call.ok}
    assert delivered.keys() == {1, 2}
    assert min(delivered.values()) - refused.at >= 0.8  # retry_after 1 s, held by both


async def _paused(name: str) -> None:
    """Until the pause is in the shared row."""
    query = text("SELECT paused_until FROM send_budget WHERE name = :name")
    while True:
        async with database.session_scope() as session:
            if (await session.execute(query, {"name": name})).scalar():
                return
        await asyncio.sleep(0.01)
