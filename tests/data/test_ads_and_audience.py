"""Ad counters under concurrency, the ad decision, and audience counts for broadcasts."""

import asyncio

from data import db_service as db
from data.periods import Audience
from data.runtime_settings import Setting

NOW = 1_750_000_000


async def test_500_concurrent_increments_add_exactly_500(store):
    await db.create_chat(1, now=NOW)
    results = await asyncio.gather(*(db.increment_ad_count(1) for _ in range(500)))
    assert (await db.get_chat(1)).ad_count == 500
    assert sorted(results) == list(range(1, 501))


async def test_increment_for_unknown_chat_returns_none(store):
    assert await db.increment_ad_count(12345) is None


async def test_ad_is_due_after_threshold_and_outside_cooldown(store):
    await db.set_setting(Setting.AD_THRESHOLD, 3)
    await db.set_setting(Setting.AD_COOLDOWN_HOURS, 2)
    await db.create_chat(1, now=NOW)
    assert await db.claim_ad(1, now=NOW) is False
    for _ in range(2):
        await db.increment_ad_count(1)
    assert await db.claim_ad(1, now=NOW) is False  # below the threshold
    await db.increment_ad_count(1)
    assert await db.claim_ad(1, now=NOW) is True
    user = await db.get_chat(1)
    assert (user.ad_count, user.ad_cooldown) == (0, NOW + 2 * 3600)
    for _ in range(5):
        await db.increment_ad_count(1)
    assert await db.claim_ad(1, now=NOW + 3600) is False  # still cooling down
    assert (await db.get_chat(1)).ad_count == 5  # a refused claim changes nothing
    assert await db.claim_ad(1, now=NOW + 2 * 3600) is True


async def test_unknown_chat_is_never_due_an_ad(store):
    assert await db.claim_ad(777, now=NOW) is False


async def test_claim_ad_lets_exactly_one_of_many_concurrent_workers_show_it(store):
    await db.set_setting(Setting.AD_THRESHOLD, 1)
    await db.create_chat(1, now=NOW)
    await db.increment_ad_count(1)
    claims = await asyncio.gather(*(db.claim_ad(1, now=NOW) for _ in range(20)))
    assert claims.count(True) == 1
    assert (await db.get_chat(1)).ad_count == 0


async def test_audience_counts_follow_the_filters(store):
    chats = list(range(1, 24)) + [-i for i in range(100, 107)]
    for uid in chats:
        await db.create_chat(uid, "ru" if uid % 3 == 0 else "en", now=NOW)
    for blocked in (2, 4, -101):
        await db.set_blocked(blocked, True, now=NOW)

    assert await db.count_audience() == len(set(chats) - {2, 4, -101})
    users = [u for u in range(1, 24) if u not in (2, 4)]
    assert await db.count_audience(Audience.USERS) == len(users)
    assert await db.count_audience(Audience.GROUPS) == len([i for i in range(100, 107) if i != 101])
    russian = [u for u in chats if u % 3 == 0 and u not in (2, 4, -101)]
    assert await db.count_audience(lang="ru") == len(russian)
    assert await db.count_audience(include_blocked=True) == len(chats)
    assert await db.count_audience(Audience.GROUPS, include_blocked=True) == 7


async def test_audience_of_empty_database_is_empty(store):
    assert await db.count_audience() == 0
