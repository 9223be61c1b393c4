"""A circuit breaker per backend: closed, open after N consecutive transient failures, half-open
once a cool-down has passed (one probe request then decides).

The breaker only keeps state; the caller asks for a :class:`Permit` before a request and
reports what became of it::

    permit = breaker.acquire()          # None: skip this backend for now
    if permit is not None:
        try:
            answer = await backend.call()
        except Transient:
            breaker.failed(permit)
        else:
            breaker.succeeded(permit)

State lives in the process (one breaker per backend and process); the clock is injectable
(``time.monotonic`` by default) so tests drive the cool-down with a fake one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple

__all__ = ["DEFAULT_COOLDOWN", "DEFAULT_FAILURES", "BreakerState", "CircuitBreaker", "Permit"]

DEFAULT_FAILURES = 3
DEFAULT_COOLDOWN = 30.0


class BreakerState(StrEnum):
    """Closed: requests go through. Open: skipped until the cool-down ends. Half-open: one
    probe request is out (or may go) to see whether the backend is back."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class Permit(NamedTuple):
    """Leave to make one request. ``probe``: it is the half-open probe (or a forced request,
    see :meth:`CircuitBreaker.force`), whose outcome decides the state."""

    probe: bool
    epoch: int


class CircuitBreaker:
    """Counts consecutive transient failures of one backend and opens after ``failures`` of
    them for ``cooldown`` seconds; then the next request is the single half-open probe: a
    success closes the breaker, a failure opens it for another cool-down.

    A success of any request closes the breaker (the backend answered). A failure counts only
    while closed (or for the probe): requests already under way when it opened do not
    lengthen the cool-down. :meth:`released` hands back a permit whose request proved nothing
    (cancelled, or the backend could not handle that kind of request).
    """

    def __init__(
        self,
        *,
        failures: int = DEFAULT_FAILURES,
        cooldown: float = DEFAULT_COOLDOWN,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failures < 1 or cooldown < 0:
            raise ValueError("failures must be >= 1 and cooldown >= 0")
        self.threshold = failures
        self.cooldown = cooldown
        self.clock = clock
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._probing = False
        self._epoch = 0  # bumped on every state change: stale probe permits are ignored
        self.opened = 0  # how many times it opened, for /metrics

    # -- reading

    @property
    def state(self) -> BreakerState:
        """The state now; an open breaker whose cool-down has ended reads as half-open."""
        if self._state is BreakerState.OPEN and self.clock() >= self.reopens_at():
            return BreakerState.HALF_OPEN
        return self._state

    @property
    def consecutive_failures(self) -> int:
        """Transient failures since the last success."""
        return self._failures

    def reopens_at(self) -> float:
        """When (on the breaker's clock) a request may go: now unless open or probing."""
        if self._state is BreakerState.OPEN:
            return self._opened_at + self.cooldown
        if self._state is BreakerState.HALF_OPEN and self._probing:
            return self._opened_at + self.cooldown  # already passed: "as soon as possible"
        return self.clock()

    # -- asking

    def acquire(self) -> Permit | None:
        """A permit for one request, or None when the backend is to be skipped (open and
        cooling down, or half-open with its probe already out)."""
        if self._state is BreakerState.CLOSED:
            return Permit(False, self._epoch)
        if self._state is BreakerState.OPEN:
            if self.clock() < self._opened_at + self.cooldown:
                return None
            self._change(BreakerState.HALF_OPEN)
        if self._probing:
            return None
        self._probing = True
        return Permit(True, self._epoch)

    def force(self) -> Permit:
        """A permit although :meth:`acquire` would refuse one: when every backend is skipped,
        the caller tries one anyway rather than fail without a request. It counts as a probe:
        a success closes the breaker, a failure starts a new cool-down."""
        return Permit(True, self._epoch)

    # -- reporting

    def succeeded(self, permit: Permit) -> None:
        """The request got an answer (a post, or a definitive "not found"): closed."""
        self._failures = 0
        if self._state is not BreakerState.CLOSED:
            self._change(BreakerState.CLOSED)
        elif permit.probe and permit.epoch == self._epoch:
            self._probing = False

    def failed(self, permit: Permit) -> None:
        """The request failed transiently (timeout, 5xx, connection error, unreadable)."""
        if self._state is BreakerState.CLOSED:
            self._failures += 1
            if self._failures >= self.threshold:
                self._open()
        elif permit.probe and permit.epoch == self._epoch:
            self._failures += 1
            self._open()

    def released(self, permit: Permit) -> None:
        """The request proved nothing either way; a probe permit's slot is free again."""
        if permit.probe and permit.epoch == self._epoch:
            self._probing = False

    # -- transitions

    def _open(self) -> None:
        self._opened_at = self.clock()
        if self._state is not BreakerState.OPEN:  # a forced try failing only restarts the wait
            self.opened += 1
        self._change(BreakerState.OPEN)

    def _change(self, state: BreakerState) -> None:
        self._state = state
        self._probing = False
        self._epoch += 1
