"""Audiences: the chats a broadcast goes to, by kind (private chats or groups) and language."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.common import audience_filter, kept
from data.models import User
from data.periods import Audience


def audience_conditions(
    audience: Audience,
    lang: str | None = None,
    include_blocked: bool = False,
) -> list:
    """The conditions on ``users`` that select ``audience`` in ``lang`` (any when None),
    without the chats that blocked the bot unless ``include_blocked``."""
    return kept(
        audience_filter(User.user_id, audience),
        None if lang is None else User.lang == lang,
        None if include_blocked else User.blocked_at.is_(None),
    )


async def count_audience(
    audience: Audience = Audience.ALL,
    *,
    lang: str | None = None,
    include_blocked: bool = False,
    session: AsyncSession | None = None,
) -> int:
    """How many chats a broadcast to ``audience`` in ``lang`` would go to."""
    conditions = audience_conditions(audience, lang, include_blocked)
    stmt = select(func.count()).select_from(User).where(*conditions)
    async with session_scope(session) as s:
        return (await s.execute(stmt)).scalar_one()
