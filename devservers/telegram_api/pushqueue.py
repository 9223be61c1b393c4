"""The order of webhook pushes: which of a bot's queued updates may be pushed next.

Updates sharing an ordering key (their chat; without a chat, their sender) are pushed one at a
time, oldest first; the next one to push is the oldest update whose key has no push in flight.
:class:`PushQueue` indexes the bot's queue incrementally (per-key deques plus a heap of keys'
oldest updates), so picking an update costs O(log n) instead of a scan of the whole queue.
"""

from __future__ import annotations

import heapq
from collections import deque
from typing import Any

from .state import BotState, update_type

Key = tuple[str, Any]


def ordering_key(update: dict[str, Any]) -> Key:
    """Updates with equal keys are pushed one at a time, in order: same chat, else same user."""
    item = update.get(update_type(update))
    if isinstance(item, dict):
        message = item.get("message")
        chat = item.get("chat") or (message.get("chat") if isinstance(message, dict) else None)
        if isinstance(chat, dict) and "id" in chat:
            return ("chat", chat["id"])
        sender = item.get("from") or item.get("user")
        if isinstance(sender, dict) and "id" in sender:
            return ("user", sender["id"])
    return ("update", update["update_id"])


class PushQueue:
    """One pusher's view of ``bot.updates``: rebuilt when something else removed updates (or
    pushes of another pusher of the bot start or end), extended when updates were appended."""

    def __init__(self, bot: BotState) -> None:
        self.bot = bot
        self._version = -1  # bot.queue_version this index reflects
        self._last = 0  # the highest update_id indexed
        self._foreign: frozenset[int] = frozenset()  # in flight, pushed by someone else
        self._own: set[int] = set()  # in flight, taken from this queue
        self._by_key: dict[Key, deque[dict[str, Any]]] = {}
        self._heads: list[tuple[int, Key]] = []  # candidate (update_id, key); stale ones skipped
        self._busy: set[Key] = set()

    def ready(self) -> bool:
        """Whether :meth:`take` has an update to give right now."""
        self._sync()
        heads = self._heads
        while heads:
            update_id, key = heads[0]
            queue = self._by_key.get(key)
            if key not in self._busy and queue and queue[0]["update_id"] == update_id:
                return True
            heapq.heappop(heads)
        return False

    def take(self) -> dict[str, Any] | None:
        """The next update to push, now counted as in flight (None: nothing may go now)."""
        if not self.ready():
            return None
        _, key = heapq.heappop(self._heads)
        update = self._by_key[key][0]
        self._busy.add(key)
        self._own.add(update["update_id"])
        self.bot.in_flight.add(update["update_id"])
        return update

    def finish(self, update: dict[str, Any], delivered: bool) -> None:
        """A push taken from here ended: a delivered update leaves the bot's queue."""
        update_id, key = update["update_id"], ordering_key(update)
        self.bot.in_flight.discard(update_id)
        self._own.discard(update_id)
        self._busy.discard(key)
        queue = self._by_key.get(key)
        if delivered:
            self._discard(update_id)
            if queue and queue[0]["update_id"] == update_id:
                queue.popleft()
            if not queue:
                self._by_key.pop(key, None)
                return
        if queue:
            heapq.heappush(self._heads, (queue[0]["update_id"], key))

    def _sync(self) -> None:
        bot = self.bot
        foreign = frozenset(bot.in_flight - self._own) if bot.in_flight else frozenset()
        if bot.queue_version != self._version or foreign != self._foreign:
            self._rebuild(foreign)
            return
        if not bot.updates or bot.updates[-1]["update_id"] <= self._last:
            return
        start = len(bot.updates)
        while start > 0 and bot.updates[start - 1]["update_id"] > self._last:
            start -= 1
        for update in bot.updates[start:]:
            if bot.is_wanted(update):
                self._add(update)
            else:  # as getUpdates does: Telegram never sends it
                self._last = update["update_id"]
                self._discard(update["update_id"])

    def _discard(self, update_id: int) -> None:
        in_sync = self._version == self.bot.queue_version
        self.bot.discard(update_id)
        if in_sync:  # only this removal happened since the index was built: keep it
            self._version = self.bot.queue_version

    def _rebuild(self, foreign: frozenset[int]) -> None:
        bot = self.bot
        pending = bot.deliverable(len(bot.updates))  # drops unwanted updates
        self._version, self._foreign = bot.queue_version, foreign
        self._by_key, self._heads, self._last = {}, [], 0
        self._busy = {ordering_key(u) for u in pending if u["update_id"] in bot.in_flight}
        for update in pending:
            self._add(update)

    def _add(self, update: dict[str, Any]) -> None:
        self._last = update["update_id"]
        key = ordering_key(update)
        queue = self._by_key.setdefault(key, deque())
        queue.append(update)
        if len(queue) == 1:
            heapq.heappush(self._heads, (update["update_id"], key))
