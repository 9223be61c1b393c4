"""Calls waiting for budget: one queue per chat, chats served round-robin."""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from .bucket import ChatKey
from .lanes import Lane


@dataclass(eq=False)
class Waiter:
    """One call waiting for its grant; ``granted`` resolves when it may go out."""

    lane: Lane
    chat: ChatKey
    cost: int
    since: float
    epoch: int
    granted: asyncio.Future[None] = field(repr=False)
    shared_taken: bool = False  # the shared chat store was charged (or skipped: it failed)


class FairQueue:
    """Waiting calls of one lane grouped per chat, FIFO within a chat.

    :meth:`heads` yields each chat's oldest call, least recently served chat first; serving
    a chat (:meth:`pop`) moves it to the back, so one busy chat cannot starve the others.
    """

    def __init__(self) -> None:
        self._chats: OrderedDict[ChatKey, deque[Waiter]] = OrderedDict()
        self._size = 0

    def push(self, waiter: Waiter, *, front: bool = False) -> None:
        """Queue ``waiter``; ``front`` puts it (and its chat) first, for a retry."""
        calls = self._chats.get(waiter.chat)
        if calls is None:
            calls = self._chats[waiter.chat] = deque()
        if front:
            calls.appendleft(waiter)
            self._chats.move_to_end(waiter.chat, last=False)
        else:
            calls.append(waiter)
        self._size += 1

    def heads(self) -> Iterator[Waiter]:
        """The oldest call of every chat, in round-robin order."""
        for calls in self._chats.values():
            yield calls[0]

    def pop(self, waiter: Waiter) -> None:
        """Remove ``waiter`` after serving it; its chat goes to the back."""
        calls = self._chats[waiter.chat]
        if calls[0] is waiter:
            calls.popleft()
        else:
            calls.remove(waiter)
        self._size -= 1
        if calls:
            self._chats.move_to_end(waiter.chat)
        else:
            del self._chats[waiter.chat]

    def discard(self, waiter: Waiter) -> None:
        """Remove ``waiter`` wherever it is (its caller gave up); no-op if absent."""
        calls = self._chats.get(waiter.chat)
        if calls is None or waiter not in calls:
            return
        calls.remove(waiter)
        self._size -= 1
        if not calls:
            del self._chats[waiter.chat]

    def chats(self) -> int:
        """How many chats have calls waiting."""
        return len(self._chats)

    def __len__(self) -> int:
        return self._size
