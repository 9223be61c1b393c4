"""Per-chat flood control (private chats, groups) and the per-chat traffic counters, over HTTP
with a manual emulator clock: no test waits for a limit to pass."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramRetryAfter
from aiogram.types import InputMediaPhoto

from bot.outbox import ManualClock as LimiterClock
from bot.outbox import install_limiter
from data.config import load_settings
from devservers.telegram_api import ApiError, ChatTraffic, TelegramApiEmulator
from devservers.telegram_api.limits import ChatBudget, ChatLimiter

from .conftest import TOKEN, USER, make_bot

OTHER = 778
GROUP = -1001234567890
REAL_TOKEN = "424242:AAH-tokdrop-chat-limits-token-0123456789"  # one the bot's settings accept
PHOTO = InputMediaPhoto(media="https://example.com/a.jpg")


class ManualClock:
    """The emulator's flood-control time, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def emulator(clock: ManualClock) -> AsyncIterator[TelegramApiEmulator]:
    async with TelegramApiEmulator(token=TOKEN, clock=clock, chat_limits=True) as emu:
        emu.add_chat(USER, first_name="Alice")
        emu.add_chat(OTHER, first_name="Bob")
        emu.add_chat(GROUP, "supergroup", username="news")
        yield emu


@pytest.fixture
def bot(emulator: TelegramApiEmulator, shared_session: AiohttpSession) -> Bot:
    return make_bot(emulator, shared_session)


def counts(emulator: TelegramApiEmulator, chat: int | str) -> dict[str, int]:
    return dict(emulator.chat_traffic(chat).flood_429s)


async def test_private_burst_then_429_then_ok_after_retry_after(
    emulator: TelegramApiEmulator, bot: Bot, clock: ManualClock
) -> None:
    for n in range(3):  # the burst
        await bot.send_message(USER, f"#{n}")
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(USER, "one too many")
    assert caught.value.retry_after == 1
    assert "Too Many Requests: retry after 1" in caught.value.message
    clock.advance(caught.value.retry_after)
    await bot.send_message(USER, "after the wait")
    with pytest.raises(TelegramRetryAfter):  # the bucket refills at one message per second
        await bot.send_message(USER, "too soon again")
    traffic = emulator.chat_traffic(USER)
    assert len(traffic.sends) == 4
    assert counts(emulator, USER) == {"global": 0, "chat": 2, "group": 0}
    assert emulator.flood_429s("chat") == 2 and emulator.flood_429s() == 2


async def test_sustained_one_per_second_never_trips(
    emulator: TelegramApiEmulator, bot: Bot, clock: ManualClock
) -> None:
    for n in range(8):
        await bot.send_message(USER, f"#{n}")
        clock.advance(1.0)
    traffic = emulator.chat_traffic(USER)
    assert emulator.flood_429s() == 0
    assert traffic.per_second() == pytest.approx(1.0)
    assert traffic.most_in(1.0) == 1


async def test_group_gets_20_per_minute(
    emulator: TelegramApiEmulator, bot: Bot, clock: ManualClock
) -> None:
    for n in range(3):
        await bot.send_message(GROUP, f"#{n}")
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(GROUP, "one too many")
    assert caught.value.retry_after == 3  # 20 per minute: one slot every 3 s
    clock.advance(2.0)  # more than a private chat needs, less than a group does
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message("@news", "through the username: the same chat")
    for n in range(20):
        clock.advance(3.0)
        await bot.send_message(GROUP if n % 2 else "@news", f"paced #{n}")
    traffic = emulator.chat_traffic(GROUP)
    assert emulator.chat_traffic("@news") == traffic
    assert len(traffic.sends) == 23 and traffic.most_in(60.0) <= 3 + 20
    assert counts(emulator, GROUP) == {"global": 0, "chat": 0, "group": 2}


async def test_chats_do_not_affect_each_other(emulator: TelegramApiEmulator, bot: Bot) -> None:
    for n in range(3):
        await bot.send_message(USER, f"#{n}")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(USER, "over")
    for chat in (OTHER, GROUP):
        for n in range(3):
            await bot.send_message(chat, f"#{n}")
    assert {chat: len(t.sends) for chat, t in emulator.traffic().items()} == {
        USER: 3,
        OTHER: 3,
        GROUP: 3,
    }
    assert (
        counts(emulator, OTHER)
        == counts(emulator, GROUP)
        == dict.fromkeys(("global", "chat", "group"), 0)
    )


async def test_album_counts_its_items_and_is_waited_off(
    emulator: TelegramApiEmulator, bot: Bot, clock: ManualClock
) -> None:
    await bot.send_media_group(USER, [PHOTO] * 5)  # a full bucket lets an album through
    assert len(emulator.chat_traffic(USER).sends) == 5
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(USER, "right after")
    assert caught.value.retry_after == 3  # 5 taken from 3: two seconds of debt, then a slot
    clock.advance(3.0)
    await bot.send_message(USER, "waited off")


async def test_global_limit_still_works_and_is_counted_apart(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    emulator.set_rate_limit(4)
    for n in range(3):
        await bot.send_message(USER, f"#{n}")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(USER, "chat 429: takes no global slot")
    await bot.send_message(OTHER, "the fourth global slot")
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(OTHER, "global 429")
    assert caught.value.retry_after == 1
    assert counts(emulator, USER) == {"global": 0, "chat": 1, "group": 0}
    assert counts(emulator, OTHER) == {"global": 1, "chat": 0, "group": 0}
    assert emulator.flood_429s("global") == 1 and emulator.flood_429s("chat") == 1


async def test_edits_count_chat_actions_and_inline_edits_do_not(
    emulator: TelegramApiEmulator, bot: Bot, clock: ManualClock
) -> None:
    sent = await bot.send_message(USER, "v1")
    await bot.edit_message_text("v2", chat_id=USER, message_id=sent.message_id)
    for _ in range(3):
        await bot.send_chat_action(USER, "typing")
    emulator.callback(data="x", inline_message_id="AAE-inline", user_id=USER)
    for n in range(5):
        await bot.edit_message_text(f"inline {n}", inline_message_id="AAE-inline")
    assert len(emulator.chat_traffic(USER).sends) == 2
    await bot.send_message(USER, "the third of the burst")
    with pytest.raises(TelegramRetryAfter):
        await bot.edit_message_text("v3", chat_id=USER, message_id=sent.message_id)


async def test_limits_can_be_turned_off_and_reconfigured(
    emulator: TelegramApiEmulator, bot: Bot, clock: ManualClock
) -> None:
    emulator.set_chat_rate_limit(None)
    for n in range(10):
        await bot.send_message(USER, f"#{n}")
    emulator.set_chat_rate_limit(2, burst=1, tolerance=0)
    await bot.send_message(USER, "one")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(USER, "two at once")
    clock.advance(0.5)
    await bot.send_message(USER, "half a second later")
    emulator.set_group_rate_limit(None)
    for n in range(6):
        await bot.send_message(GROUP, f"#{n}")
    traffic = emulator.chat_traffic(USER)
    assert len(traffic.sends) == 12 and traffic.flood_429s["chat"] == 1
    emulator.clear_traffic()
    assert emulator.traffic() == {} and emulator.chat_traffic(USER).sends == ()


async def test_off_by_default(shared_session: AiohttpSession) -> None:
    async with TelegramApiEmulator(token=TOKEN, auto_chats=True) as emulator:
        bot = make_bot(emulator, shared_session)
        for n in range(6):
            await bot.send_message(USER, f"#{n}")
            await bot.send_message(GROUP, f"#{n}")
        assert emulator.flood_429s() == 0
        assert len(emulator.chat_traffic(GROUP).sends) == 6  # counted even when not limited


async def test_bots_default_limiter_never_trips_the_defaults(
    tmp_path: Path, shared_session: AiohttpSession
) -> None:
    """The bot's limiter at its defaults against the emulator's, on one manual clock and with
    no tolerance: the two budgets are the same, so not one 429."""
    clock = LimiterClock()
    empty = tmp_path / "empty.ini"
    empty.touch()
    async with TelegramApiEmulator(token=REAL_TOKEN, clock=clock.now, auto_chats=True) as emulator:
        emulator.set_chat_rate_limit(tolerance=0)
        emulator.set_group_rate_limit(tolerance=0)
        settings = load_settings(
            {"BOT_TOKEN": REAL_TOKEN, "TG_SERVER": emulator.base_url},
            ini_path=empty,
            dotenv_path=empty,
        )
        bot = make_bot(emulator, AiohttpSession(), REAL_TOKEN)
        try:
            limiter = install_limiter(bot, settings, clock=clock)
            sends = [bot.send_message(USER, f"#{n}") for n in range(6)]
            sends += [bot.send_message(GROUP, f"#{n}") for n in range(5)]
            sends.append(bot.send_media_group(OTHER, [PHOTO] * 4))
            sends.append(bot.send_message(OTHER, "after the album"))
            tasks = [asyncio.ensure_future(send) for send in sends]

            def answered() -> bool:
                granted = sum(limiter.stats()[lane]["sends"] for lane in ("interactive", "bulk"))
                return granted == sum(
                    len(emulator.calls_to(method)) for method in ("sendMessage", "sendMediaGroup")
                )

            while not all(task.done() for task in tasks):
                await clock.settle()
                await emulator.wait_until(answered, timeout=10)  # time stands still meanwhile
                await clock.advance(0.25)
            await asyncio.gather(*tasks)
        finally:
            await bot.session.close()
        assert emulator.flood_429s() == 0
        assert emulator.chat_traffic(USER).most_in(1.0) == 3  # the burst
        assert len(emulator.chat_traffic(GROUP).sends) == 5
        assert len(emulator.chat_traffic(OTHER).sends) == 5


def test_tolerance_and_retry_after() -> None:
    limiter = ChatLimiter()
    limiter.configure(private=ChatBudget(1.0, 3.0), group=None)
    for _ in range(3):
        limiter.take(USER, 1, now=0.0)
    limiter.check(USER, 1, now=0.75)  # the slot opens at 1.0; 0.25 s early is let through
    with pytest.raises(ApiError) as caught:
        limiter.check(USER, 1, now=0.7)
    assert caught.value.parameters == {"retry_after": 1}
    limiter.take(GROUP, 50, now=0.0)  # groups are not limited here
    limiter.check(GROUP, 50, now=0.0)


def test_full_buckets_are_pruned() -> None:
    limiter = ChatLimiter()
    limiter.configure(private=ChatBudget(1.0, 3.0), group=ChatBudget(1 / 3, 3.0))
    for chat in range(1, 512):
        limiter.take(chat, 1, now=0.0)
        limiter.take(-chat, 1, now=0.0)
    assert len(limiter) == 1022
    limiter.take(1, 1, now=2.0)
    limiter.take(2, 1, now=2.0)  # the 1024th take prunes
    assert len(limiter) == 2 + 511  # private buckets are full after 1 s, group ones after 3
    limiter.prune(now=10.0)
    assert len(limiter) == 0


def test_chat_traffic_windows() -> None:
    traffic = ChatTraffic(1, (0.0, 0.5, 1.0, 1.2, 3.0), {})
    assert traffic.most_in(1.0) == 3  # 0.5, 1.0, 1.2
    assert traffic.per_second() == pytest.approx(4 / 3.0)
    assert ChatTraffic(1, (5.0,), {}).per_second() == 0.0
