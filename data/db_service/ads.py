"""Ads: each chat counts downloads since its last ad, and an ad is due past a threshold and
out of a cooldown (both runtime settings)."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.common import unix_now
from data.db_service.settings import get_settings
from data.models import User
from data.periods import HOUR
from data.runtime_settings import Setting


async def increment_ad_count(chat_id: int, *, session: AsyncSession | None = None) -> int | None:
    """Count one more download since the last ad, atomically; the new count, or None if unknown."""
    async with session_scope(session) as s:
        return (
            await s.execute(
                update(User)
                .where(User.user_id == chat_id)
                .values(ad_count=User.ad_count + 1)
                .returning(User.ad_count)
            )
        ).scalar_one_or_none()


async def claim_ad(
    chat_id: int,
    *,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> bool:
    """Atomically check that an ad is due (enough downloads since the last one, out of cooldown)
    and record it as shown, so two workers never both show one; an unknown chat is never due."""
    at = unix_now(now)
    async with session_scope(session) as s:
        settings = await get_settings([Setting.AD_THRESHOLD, Setting.AD_COOLDOWN_HOURS], session=s)
        claimed = await s.execute(
            update(User)
            .where(
                User.user_id == chat_id,
                User.ad_count >= settings[Setting.AD_THRESHOLD],
                User.ad_cooldown <= at,
            )
            .values(ad_count=0, ad_cooldown=at + settings[Setting.AD_COOLDOWN_HOURS] * HOUR)
        )
        return claimed.rowcount > 0
