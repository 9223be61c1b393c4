"""Batches written by several connections at once, committed in the order they were read.

Each batch is one transaction holding its rows and the checkpoint that says "everything up to
here is in". Written one at a time, the target's server works on one core; written by two
connections, index maintenance of two batches runs side by side. Their commits still go in
reading order — a batch writes its rows, then waits for the batch before it to commit, then
writes its checkpoint and commits — so the committed checkpoint always names a prefix of the
source, and an import killed at any moment resumes exactly after it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

__all__ = ["InOrder", "Writers"]


class InOrder:
    """Turns for batches numbered 0, 1, 2, …: :meth:`wait` returns once every earlier batch
    has called :meth:`done`."""

    def __init__(self) -> None:
        self._next = 0
        self._changed = asyncio.Condition()

    async def wait(self, seq: int) -> None:
        """Until batch ``seq`` is the next one to commit."""
        async with self._changed:
            await self._changed.wait_for(lambda: self._next == seq)

    async def done(self, seq: int) -> None:
        """Batch ``seq`` committed: the next one may."""
        async with self._changed:
            if seq != self._next:
                raise RuntimeError(f"batch {seq} committed out of turn (expected {self._next})")
            self._next = seq + 1
            self._changed.notify_all()


class Writers:
    """At most ``size`` batches in flight; :meth:`submit` waits for a free place, and every
    finished batch's result goes to ``on_done`` (its exception is raised by the next call)."""

    def __init__(self, size: int, on_done: Callable[[int], None]) -> None:
        self.size, self._on_done = size, on_done
        self.turns = InOrder()
        self._seq = 0
        self._running: dict[asyncio.Task, int] = {}  # task -> its batch number

    async def submit(self, write: Callable[[int], Awaitable[int]]) -> None:
        """Start ``write(seq)`` once fewer than ``size`` batches are in flight."""
        while len(self._running) >= self.size:
            await self._settle_one()
        self._running[asyncio.ensure_future(write(self._seq))] = self._seq
        self._seq += 1

    async def drain(self) -> None:
        """Wait for every batch in flight (the first failure is raised)."""
        while self._running:
            await self._settle_one()

    async def cancel(self) -> None:
        """Abandon the batches in flight (their transactions roll back)."""
        for task in self._running:
            task.cancel()
        await asyncio.gather(*self._running, return_exceptions=True)
        self._running.clear()

    async def _settle_one(self) -> None:
        done, _ = await asyncio.wait(self._running, return_when=asyncio.FIRST_COMPLETED)
        ordered = sorted(done, key=self._running.pop)
        failed = [task for task in ordered if task.exception() is not None]
        for task in ordered:
            if task not in failed:
                self._on_done(task.result())
        if failed:
            raise failed[0].exception()
