"""Chats: registration, settings, blocking, per-chat numbers."""

import asyncio

import pytest

from data import db_service as db
from data.errors import UnknownChat
from data.periods import Counts, Period

NOW = 1_750_000_000


async def test_unknown_chat_reads_as_none(store):
    assert await db.get_chat(42) is None
    assert await db.get_chat_stats(42) is None
    assert await db.update_lang(42, "ru") is False
    assert await db.update_file_mode(42, True) is False
    assert await db.set_blocked(42, True) is False


async def test_create_user_is_idempotent_and_keeps_first_referral(store):
    assert await db.create_chat(7, "en", "first", now=NOW) is True
    assert await db.create_chat(7, "ru", "second", now=NOW + 50) is False
    user = await db.get_chat(7)
    assert (user.lang, user.referral, user.registered_at, user.last_seen_at) == (
        "en",
        "first",
        NOW,
        NOW,
    )
    assert (user.file_mode, user.ad_count, user.ad_cooldown, user.blocked_at) == (False, 0, 0, None)


async def _load(chat_id: int, lang: str, referral: str | None, now: int) -> db.Chat:
    return (await db.load_chats([db.ChatVisit(chat_id, lang, referral)], now=now))[chat_id]


async def test_load_returns_the_chat_and_whether_it_was_new(store):
    chat = await _load(-1001, "es", None, now=NOW)
    assert chat.created and chat.chat_id == -1001 and chat.is_group and chat.lang == "es"
    again = await _load(-1001, "en", "late-link", now=NOW + 1)
    assert not again.created and again.lang == "es" and again.referral is None


async def test_concurrent_first_contacts_register_once(store):
    results = await asyncio.gather(*(_load(99, "en", f"l{i}", now=NOW) for i in range(20)))
    assert sum(chat.created for chat in results) == 1
    assert len({chat.referral for chat in results}) == 1
    stats = await db.period_stats(Period(NOW - 10, NOW + 10))
    assert stats.totals.new_users == 1


async def test_settings_update_and_read_in_one_call(store):
    await db.create_chat(5, "en", now=NOW)
    assert await db.update_lang(5, "uk") is True
    assert await db.update_file_mode(5, True) is True
    chat = await db.get_chat(5)
    assert (chat.lang, chat.file_mode) == ("uk", True)
    await db.update_file_mode(5, False)
    chat = await db.get_chat(5)
    assert (chat.lang, chat.file_mode) == ("uk", False)


async def test_block_unblock(store):
    await db.create_chat(5, now=NOW)
    await db.set_blocked(5, True, now=NOW + 10)
    assert (await db.get_chat(5)).blocked_at == NOW + 10
    await db.set_blocked(5, False)
    assert (await db.get_chat(5)).blocked_at is None


async def test_user_stats_counts_only_that_chat(store):
    await db.create_chat(1, now=NOW)
    await db.create_chat(2, now=NOW)
    for i in range(3):
        await db.add_download(1, f"https://t/{i}", str(i), now=NOW + i)
    await db.add_download(1, "https://t/s", "s", is_slideshow=True, now=NOW)
    await db.add_download(2, "https://t/x", "x", now=NOW)
    await db.add_music(1, "0", now=NOW)
    assert await db.get_chat_stats(1) == db.ChatStats(NOW, 4, 1, 1)
    assert await db.get_chat_stats(2) == db.ChatStats(NOW, 1, 0, 0)


async def test_recording_for_unknown_chat_raises_and_writes_nothing(store):
    with pytest.raises(UnknownChat):
        await db.add_download(404, "https://t/1", "1", now=NOW)
    with pytest.raises(UnknownChat):
        await db.add_music(404, "1", now=NOW)
    stats = await db.period_stats(Period.all_time(NOW + 10))
    assert stats.totals == Counts()


async def test_download_history_pages_newest_first(store):
    await db.create_chat(3, now=NOW)
    ids = [await db.add_download(3, f"https://t/{i}", str(i), now=NOW + i) for i in range(25)]
    first = await db.download_history(3, limit=10)
    assert [d.id for d in first] == ids[::-1][:10]
    second = await db.download_history(3, limit=10, before_id=first[-1].id)
    assert [d.id for d in second] == ids[::-1][10:20]
    third = await db.download_history(3, limit=10, before_id=second[-1].id)
    assert [d.post_id for d in third] == [str(i) for i in range(4, -1, -1)]
    assert await db.download_history(4) == []


async def test_operator_views(store):
    for uid, lang, referral in [
        (1, "en", "ads"),
        (2, "en", "ads"),
        (3, "ru", "blog"),
        (4, "es", None),
        (-5, "en", "ads"),
    ]:
        await db.create_chat(uid, lang, referral, now=NOW)
    await db.update_file_mode(3, True)
    await db.set_blocked(4, True)
    for uid, n in [(1, 3), (3, 1), (-5, 5)]:
        for i in range(n):
            await db.add_download(uid, "https://t", str(i), now=NOW)
    assert await db.referral_stats() == [db.ReferralRow("ads", 3, 2), db.ReferralRow("blog", 1, 1)]
    assert await db.referral_stats(limit=1) == [db.ReferralRow("ads", 3, 2)]
    assert await db.top_languages() == [("en", 3), ("es", 1), ("ru", 1)]
    assert await db.file_mode_count() == 1
    assert await db.top_chats(limit=2) == [(-5, 5), (1, 3)]
    assert await db.chat_counts() == db.ChatCounts(users=4, groups=1, blocked=1)
