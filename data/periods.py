"""Periods, audiences and buckets for statistics, and the shapes stats come back in."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from data.clock import unix_now
from data.errors import InvalidPeriod

HOUR = 3600
DAY = 86400


class Audience(enum.StrEnum):
    """Which chats a statistic covers: private chats have positive ids, groups negative."""

    ALL = "all"
    USERS = "users"
    GROUPS = "groups"


class Bucket(enum.IntEnum):
    """Width of a time-series bucket in seconds (UTC-aligned)."""

    HOUR = HOUR
    DAY = DAY


@dataclass(frozen=True)
class Period:
    """Half-open interval ``[start, end)`` of Unix seconds; ``start=None`` means all time."""

    start: int | None
    end: int

    def __post_init__(self) -> None:
        if self.start is not None and self.start > self.end:
            raise InvalidPeriod(f"period starts ({self.start}) after it ends ({self.end})")
        if self.start is not None and self.start < 0:
            raise InvalidPeriod("period start must not be negative")

    @classmethod
    def last(cls, seconds: int, now: int | None = None) -> Period:
        """The ``seconds`` before ``now`` (default: the current time)."""
        if seconds <= 0:
            raise InvalidPeriod("a period must be longer than zero seconds")
        end = unix_now() + 1 if now is None else now
        return cls(max(end - seconds, 0), end)

    @classmethod
    def all_time(cls, now: int | None = None) -> Period:
        """Everything up to ``now``."""
        return cls(None, unix_now() + 1 if now is None else now)

    @classmethod
    def named(cls, name: str, now: int | None = None) -> Period:
        """``24h``, ``7d``, ``30d`` or ``all``."""
        lengths = {"24h": DAY, "7d": 7 * DAY, "30d": 30 * DAY}
        if name == "all":
            return cls.all_time(now)
        if name not in lengths:
            raise InvalidPeriod(f"unknown period {name!r}; use 24h, 7d, 30d or all")
        return cls.last(lengths[name], now)


@dataclass
class Counts:
    """Event counts for a bucket or a whole period."""

    downloads: int = 0
    slideshows: int = 0
    inline: int = 0
    via_subscription: int = 0
    music: int = 0
    new_users: int = 0

    def add(self, other: Counts) -> None:
        """Add another count set into this one."""
        for name in COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


COUNT_FIELDS = ("downloads", "slideshows", "inline", "via_subscription", "music", "new_users")


@dataclass
class PeriodStats:
    """Totals for a period and its zero-filled time series, oldest bucket first."""

    period: Period
    audience: Audience
    bucket: Bucket
    totals: Counts = field(default_factory=Counts)
    series: list[tuple[int, Counts]] = field(default_factory=list)
