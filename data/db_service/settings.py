"""The runtime settings store (``system_config``) and its per-process cache.

Keys, types, defaults and validation live in :mod:`data.runtime_settings`; this module reads
and writes the stored values.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from data import runtime_settings
from data.database import get_engine, session_scope
from data.db_service.common import insert_for, unix_now
from data.errors import InvalidSetting
from data.models import SystemConfig
from data.runtime_settings import Setting

log = logging.getLogger(__name__)

SETTINGS_MAX_AGE = 2.0


@dataclass
class _Read:
    """One read of every setting under way: concurrent cache misses wait for it together."""

    loop: asyncio.AbstractEventLoop
    engine: object
    version: int
    task: asyncio.Task


# (engine, read at, values)
_settings_cache: tuple[object, float, dict[Setting, object]] | None = None
_settings_version = 0  # bumped by every set_setting, so a read that overlapped it is not cached
_settings_read: _Read | None = None


def _checked(key: Setting, stored: object) -> object:
    try:
        return runtime_settings.validate(key, stored)
    except InvalidSetting as exc:
        log.warning("stored runtime setting ignored, using its default: %s", exc)
        return runtime_settings.default_of(key)


async def get_settings(
    keys: Iterable[Setting] | None = None,
    *,
    session: AsyncSession | None = None,
) -> dict[Setting, object]:
    """Current values of ``keys`` (default: all), defaults filled in, in one query."""
    wanted = [Setting(k) for k in (keys if keys is not None else Setting)]
    async with session_scope(session) as s:
        stored = dict(
            (
                await s.execute(
                    select(SystemConfig.key, SystemConfig.value).where(
                        SystemConfig.key.in_([k.value for k in wanted])
                    )
                )
            ).all()
        )
    return {
        key: _checked(key, stored[key.value])
        if key.value in stored
        else runtime_settings.default_of(key)
        for key in wanted
    }


async def get_settings_cached(max_age: float = SETTINGS_MAX_AGE) -> dict[Setting, object]:
    """All runtime settings, re-read at most every ``max_age`` seconds (for per-update checks).

    A change made in this process is seen at once; other processes see it within ``max_age``.
    Updates that miss the cache together share one read (a burst of updates after a quiet spell
    would otherwise each open a session for the same row set).
    """
    global _settings_cache, _settings_read
    now, engine = time.monotonic(), get_engine()
    cached = _settings_cache
    if cached is not None and cached[0] is engine and now - cached[1] <= max_age:
        return cached[2]
    loop = asyncio.get_running_loop()
    read = _settings_read
    if (
        read is None
        or read.loop is not loop
        or read.engine is not engine
        or read.version != _settings_version
        or read.task.done()
    ):
        read = _settings_read = _Read(
            loop, engine, _settings_version, loop.create_task(get_settings())
        )
        read.task.add_done_callback(_finish_read)
    values = await asyncio.shield(read.task)  # one waiter cancelled leaves the read to the rest
    if read.version == _settings_version:  # no set_setting meanwhile: these values are not stale
        _settings_cache = (engine, now, values)
    return values


def _finish_read(task: asyncio.Task) -> None:
    global _settings_read
    if _settings_read is not None and _settings_read.task is task:
        _settings_read = None
    if not task.cancelled():
        task.exception()  # retrieved here too, in case every waiter was cancelled


async def set_setting(
    key: Setting,
    value: object,
    *,
    now: int | None = None,
    session: AsyncSession | None = None,
) -> None:
    """Validate and store a runtime setting; raises InvalidSetting for a bad value."""
    global _settings_cache, _settings_version
    key = Setting(key)
    value = runtime_settings.validate(key, value)
    async with session_scope(session) as s:
        stmt = insert_for(s, SystemConfig).values(
            key=key.value,
            value=value,
            updated_at=unix_now(now),
        )
        await s.execute(
            stmt.on_conflict_do_update(
                index_elements=["key"],
                set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at},
            )
        )
    _settings_version += 1
    _settings_cache = None
