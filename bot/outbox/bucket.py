"""Token buckets kept as the time each one is full again (GCRA), and the per-chat set of them."""

from __future__ import annotations

import math

ChatKey = int | str | None
EPSILON = 1e-9  # seconds: a time this close to "now" counts as now (float rounding)


class TokenBucket:
    """``rate`` tokens per second up to ``capacity``; taking ``cost`` tokens may wait.

    The state is only ``full_at``: the moment the bucket is full again. A cost above the
    capacity is served once the bucket has been full long enough to have refilled ``cost``
    (strict, the default), so no window of ``1 / rate`` seconds ever sees more than
    ``capacity + rate`` units; with ``borrow`` it goes out as soon as the bucket is full and
    the excess becomes debt that later calls wait off.
    """

    __slots__ = ("borrow", "capacity", "full_at", "rate")

    def __init__(self, rate: float, capacity: float, *, borrow: bool = False) -> None:
        if rate <= 0 or capacity <= 0:
            raise ValueError("rate and capacity must be positive")
        self.rate = rate
        self.capacity = capacity
        self.borrow = borrow
        self.full_at = -math.inf

    def level(self, now: float) -> float:
        """Tokens available at ``now`` (negative while in debt)."""
        return self.capacity - max(0.0, self.full_at - now) * self.rate

    def ready_at(self, cost: float, keep: float = 0.0) -> float:
        """The earliest time ``cost`` can be taken with ``keep`` tokens left over."""
        needed = cost + keep
        if self.borrow:
            needed = min(needed, self.capacity)
        return self.full_at + (needed - self.capacity) / self.rate

    def take(self, cost: float, now: float) -> None:
        """Take ``cost`` tokens at ``now`` (the caller checked :meth:`ready_at`)."""
        self.full_at = max(self.full_at, now) + cost / self.rate

    def is_full(self, now: float) -> bool:
        """True once the bucket has refilled completely."""
        return self.full_at <= now


class ChatBuckets:
    """One bucket per chat, plus one per group (negative id or ``@username``) per minute.

    Both borrow, so an album goes out at once and later sends to that chat wait it off.
    A chat can also be held until a given time (:meth:`pause`: a 429 for it, or a shared
    store's answer). Buckets that have refilled and holds that have ended are dropped now and
    then, so memory follows active chats.
    """

    PRUNE_EVERY = 1024

    def __init__(
        self, chat_rate: float, chat_burst: float, group_rate: float, group_burst: float
    ) -> None:
        self.chat_rate, self.chat_burst = chat_rate, chat_burst
        self.group_rate, self.group_burst = group_rate, group_burst
        self._chats: dict[ChatKey, TokenBucket] = {}
        self._groups: dict[ChatKey, TokenBucket] = {}
        self._holds: dict[ChatKey, float] = {}  # chat -> time it may send again
        self._takes = 0

    @staticmethod
    def is_group(chat: ChatKey) -> bool:
        """Groups, supergroups and channels: negative ids, or a public ``@username``."""
        return isinstance(chat, str) or (isinstance(chat, int) and chat < 0)

    def ready_at(self, chat: ChatKey, cost: float) -> float:
        """When ``chat`` can take ``cost`` (``-inf`` for no chat: inline message edits)."""
        ready = self._holds.get(chat, -math.inf)
        for buckets in (self._chats, self._groups):
            bucket = buckets.get(chat)
            if bucket is not None:
                ready = max(ready, bucket.ready_at(cost))
        return ready

    def take(self, chat: ChatKey, cost: float, now: float) -> None:
        """Charge ``cost`` to the chat (and its group budget)."""
        if chat is None:
            return
        self._chat(chat).take(cost, now)
        if self.is_group(chat):
            self._group(chat).take(cost, now)
        self._takes += 1
        if self._takes % self.PRUNE_EVERY == 0:
            self.prune(now)

    def pause(self, chat: ChatKey, until: float) -> None:
        """Hold ``chat`` (and its group budget) until ``until``: :meth:`ready_at` answers no
        earlier. A longer hold stays; no chat (None) cannot be held."""
        if chat is not None:
            self._holds[chat] = max(self._holds.get(chat, -math.inf), until)

    def held_until(self, chat: ChatKey) -> float:
        """When ``chat``'s hold ends (``-inf``: never held, or the hold was pruned)."""
        return self._holds.get(chat, -math.inf)

    def prune(self, now: float) -> None:
        """Forget buckets that are full (a fresh bucket behaves the same) and ended holds."""
        for buckets in (self._chats, self._groups):
            for chat in [chat for chat, bucket in buckets.items() if bucket.is_full(now)]:
                del buckets[chat]
        for chat in [chat for chat, until in self._holds.items() if until <= now]:
            del self._holds[chat]

    def __len__(self) -> int:
        return len(self._chats.keys() | self._holds.keys()) + len(self._groups)

    def _chat(self, chat: ChatKey) -> TokenBucket:
        bucket = self._chats.get(chat)
        if bucket is None:
            bucket = self._chats[chat] = TokenBucket(self.chat_rate, self.chat_burst, borrow=True)
        return bucket

    def _group(self, chat: ChatKey) -> TokenBucket:
        bucket = self._groups.get(chat)
        if bucket is None:
            bucket = TokenBucket(self.group_rate, self.group_burst, borrow=True)
            self._groups[chat] = bucket
        return bucket
