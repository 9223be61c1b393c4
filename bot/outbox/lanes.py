"""Which lane a call travels in, chosen by the caller through a context variable."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from enum import StrEnum


class Lane(StrEnum):
    """Interactive (answers to a user's own update: the default) goes before bulk."""

    INTERACTIVE = "interactive"
    BULK = "bulk"


LANES = (Lane.INTERACTIVE, Lane.BULK)
_current: ContextVar[Lane] = ContextVar("tokdrop_outbox_lane", default=Lane.INTERACTIVE)


def current_lane() -> Lane:
    """The lane calls made here travel in."""
    return _current.get()


@contextmanager
def use_lane(lane: Lane) -> Iterator[None]:
    """Send in ``lane`` inside the block (and in tasks created inside it)."""
    token = _current.set(Lane(lane))
    try:
        yield
    finally:
        _current.reset(token)


def bulk_lane() -> AbstractContextManager[None]:
    """``with bulk_lane(): await bot.send_message(...)``: broadcasts, subscription deliveries.

    Bulk calls only use the capacity interactive calls leave. Tasks created inside the
    block inherit the lane (asyncio copies the context when a task is created).
    """
    return use_lane(Lane.BULK)


def interactive_lane() -> AbstractContextManager[None]:
    """Back to the default lane inside a bulk block (e.g. answering the admin who started it)."""
    return use_lane(Lane.INTERACTIVE)
