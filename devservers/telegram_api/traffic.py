"""What each chat received: the times of its accepted sends and the flood 429s by reason."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .limits import ChatKey

FLOOD_GLOBAL = "global"  # the bot-wide window (set_rate_limit)
FLOOD_CHAT = "chat"  # a private chat's budget
FLOOD_GROUP = "group"  # a group's, supergroup's or channel's budget
FLOOD_KINDS = (FLOOD_GLOBAL, FLOOD_CHAT, FLOOD_GROUP)


@dataclass(frozen=True)
class ChatTraffic:
    """One chat's record: ``sends`` are the emulator-clock times of its successful sends
    (one per unit: an album's items each count, edits count as the flood limits do),
    ``flood_429s`` the 429s it was answered, by reason (``"global"``, ``"chat"``,
    ``"group"``; every reason is present)."""

    chat: ChatKey
    sends: tuple[float, ...]
    flood_429s: Mapping[str, int]

    def most_in(self, seconds: float) -> int:
        """The most sends in any window of ``seconds`` (closed at its start, open at its end)."""
        most = 0
        for start, at in enumerate(self.sends):
            most = max(most, bisect.bisect_left(self.sends, at + seconds) - start)
        return most

    def per_second(self) -> float:
        """The mean rate between the first and the last send (0.0 for fewer than two)."""
        if len(self.sends) < 2 or self.sends[-1] == self.sends[0]:
            return 0.0
        return (len(self.sends) - 1) / (self.sends[-1] - self.sends[0])


@dataclass
class _Record:
    sends: list[float] = field(default_factory=list)
    flood_429s: Counter[str] = field(default_factory=Counter)


class TrafficLog:
    """Per-chat sends and flood 429s, kept for every chat that got either."""

    def __init__(self) -> None:
        self._chats: dict[ChatKey, _Record] = {}

    def sent(self, chat: ChatKey, units: int, at: float) -> None:
        sends = self._record(chat).sends
        # Requests are timed when they arrive, so one that read a long body may finish last.
        for _ in range(units):
            bisect.insort(sends, at)

    def rejected(self, chat: ChatKey, kind: str) -> None:
        self._record(chat).flood_429s[kind] += 1

    def of(self, chat: ChatKey) -> ChatTraffic:
        record = self._chats.get(chat, _Record())
        counts = {kind: record.flood_429s[kind] for kind in FLOOD_KINDS}
        return ChatTraffic(chat, tuple(record.sends), MappingProxyType(counts))

    def chats(self) -> list[ChatKey]:
        return list(self._chats)

    def total_429s(self, kind: str | None = None) -> int:
        return sum(
            count
            for record in self._chats.values()
            for reason, count in record.flood_429s.items()
            if kind is None or reason == kind
        )

    def clear(self) -> None:
        self._chats.clear()

    def _record(self, chat: ChatKey) -> _Record:
        record = self._chats.get(chat)
        if record is None:
            record = self._chats[chat] = _Record()
        return record
