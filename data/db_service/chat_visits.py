"""Chat visits that arrive together, loaded with one repository call per batch.

Updates of one getUpdates batch are handled concurrently; registering each chat in its own
transaction costs a commit apiece, while one transaction for the whole batch costs one.
:class:`ChatVisits` is owned by whoever handles updates (one per dispatcher), so no state
lives at module level.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Generic, TypeVar

from data.db_service.chats import Chat, ChatVisit, load_chats

MAX_BATCH = 500
K = TypeVar("K")
V = TypeVar("V")


class Batcher(Generic[K, V]):
    """Coalesces concurrent ``submit(item)`` calls into ``load(items) -> {key: value}`` calls."""

    def __init__(
        self,
        load: Callable[[list], Awaitable[dict[K, V]]],
        key: Callable[[object], K],
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._load, self._key, self._max = load, key, max_batch
        self._pending: list[tuple[object, asyncio.Future]] = []
        self._worker: asyncio.Task | None = None

    async def submit(self, item) -> V:
        """Wait for ``item``'s value; raises what the batch's ``load`` raised."""
        future = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        await asyncio.sleep(0)  # one loop turn: let the rest of this batch's handlers submit
        while self._pending:
            batch, self._pending = self._pending[: self._max], self._pending[self._max :]
            live = [(item, future) for item, future in batch if not future.done()]
            if not live:
                continue
            try:
                values = await self._load([item for item, _ in live])
            except Exception as exc:  # noqa: BLE001 - handed to every waiter of the batch
                _settle(live, error=exc)
            else:
                _settle(live, values=values, key=self._key)


def _settle(
    batch: Iterable[tuple[object, asyncio.Future]],
    *,
    values: dict | None = None,
    key: Callable | None = None,
    error: BaseException | None = None,
) -> None:
    for item, future in batch:
        if future.done():
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(values[key(item)])


class ChatVisits:
    """Loads (registering if new) the chats updates come from; concurrent visits share one
    :func:`load_chats` transaction."""

    def __init__(self, max_batch: int = MAX_BATCH) -> None:
        self._batcher: Batcher[int, Chat] = Batcher(
            load_chats,
            key=lambda v: v.chat_id,
            max_batch=max_batch,
        )

    async def visit(self, visit: ChatVisit) -> Chat:
        """The chat of ``visit``, as :func:`load_chats` returns it."""
        return await self._batcher.submit(visit)
