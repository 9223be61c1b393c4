"""A send gate: mark a delivery "sending" only once its request may leave, not before the wait.

A sender that records "this delivery may have reached the chat" (a broadcast recipient in
``sending``, a subscription delivery claim) must not record it before the limiter's wait: a
process killed while waiting would leave a delivery marked although no request ever left, and
it would never be sent. So the sender arms a gate around its Bot API calls::

    gate = SendGate(mark=begin_send, unmark=undo_send)
    with bulk_lane(), gate.armed():
        await bot.copy_message(...)

and the limiter middleware (:mod:`.middleware`) runs :meth:`SendGate.before_request` after the
limiter granted a costing call and right before it leaves: the first time, ``mark()`` commits
the mark (answering False withholds the request: :class:`SendWithheld`, nothing sent). When
Telegram answers 429 and the middleware waits to retry, :meth:`SendGate.refused` runs
``unmark()`` if no other request of the gate left, so that wait is unmarked too. Calls that
cost no budget (chat actions) never open the gate. One gate serves one delivery, however many
requests it takes (a slideshow's albums): it marks once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

log = logging.getLogger(__name__)

_current: ContextVar[SendGate | None] = ContextVar("tokdrop_outbox_gate", default=None)


class SendWithheld(Exception):
    """The gate's ``mark()`` answered False (the claim is no longer the sender's, or its job
    stopped): the request did not leave."""


class SendGate:
    """Marks a delivery on its first granted request (see the module doc).

    ``marked``: the mark is in place now; ``requests``: requests let out and not refused since
    (0 after :meth:`refused` unmarked). A ``mark`` that raises leaves the gate closed and the
    error goes to the sender (nothing was sent).
    """

    def __init__(
        self,
        mark: Callable[[], Awaitable[bool]],
        unmark: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self._mark = mark
        self._unmark = unmark
        self._lock = asyncio.Lock()
        self.marked = False
        self.requests = 0

    @contextmanager
    def armed(self) -> Iterator[SendGate]:
        """Costing calls inside the block (and in tasks created inside it) pass this gate."""
        token = _current.set(self)
        try:
            yield self
        finally:
            _current.reset(token)

    @property
    def opened(self) -> bool:
        """Whether the delivery was ever marked (some request may have left)."""
        return self.marked or self.requests > 0

    async def before_request(self) -> None:
        """The limiter granted a request of this delivery; mark it (once) before it leaves."""
        async with self._lock:
            if not self.marked:
                if not await self._mark():
                    raise SendWithheld("the delivery is no longer this sender's to make")
                self.marked = True
            self.requests += 1

    async def refused(self) -> None:
        """Telegram refused the request just let out (a 429) and it will be retried after a
        wait: unmark the delivery if no other request of it left. An unmark that fails keeps
        the mark (the safe side: "may have been sent")."""
        async with self._lock:
            self.requests = max(0, self.requests - 1)
            if self.requests or not self.marked or self._unmark is None:
                return
            try:
                await self._unmark()
            except Exception as exc:  # noqa: BLE001 - keeping the mark is safe
                log.warning("could not unmark a delivery refused with 429: %r", exc)
                return
            self.marked = False


def current_gate() -> SendGate | None:
    """The gate costing calls made here pass, if a sender armed one."""
    return _current.get()
