"""The circuit breaker's states on a fake clock: closed, open after N transient failures in a
row, half-open after the cool-down with one probe deciding."""

from __future__ import annotations

import pytest

from bot.sources.breaker import BreakerState, CircuitBreaker


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def fail(breaker: CircuitBreaker, times: int = 1) -> None:
    for _ in range(times):
        breaker.failed(breaker.acquire())


def test_opens_after_n_consecutive_failures_only(clock):
    breaker = CircuitBreaker(failures=3, cooldown=30, clock=clock)
    fail(breaker, 2)
    breaker.succeeded(breaker.acquire())  # a success in between starts the count again
    fail(breaker, 2)
    assert breaker.state is BreakerState.CLOSED and breaker.consecutive_failures == 2
    fail(breaker)
    assert breaker.state is BreakerState.OPEN and breaker.opened == 1
    assert breaker.acquire() is None


def test_half_open_after_the_cooldown_lets_exactly_one_probe_through(clock):
    breaker = CircuitBreaker(failures=1, cooldown=30, clock=clock)
    fail(breaker)
    clock.advance(29.9)
    assert breaker.acquire() is None and breaker.state is BreakerState.OPEN
    clock.advance(0.1)
    assert breaker.state is BreakerState.HALF_OPEN
    probe = breaker.acquire()
    assert probe is not None and probe.probe
    assert breaker.acquire() is None  # the probe is out: everyone else skips
    breaker.succeeded(probe)
    assert breaker.state is BreakerState.CLOSED
    assert breaker.acquire() is not None


def test_a_failed_probe_opens_it_for_another_cooldown(clock):
    breaker = CircuitBreaker(failures=2, cooldown=10, clock=clock)
    fail(breaker, 2)
    clock.advance(10)
    probe = breaker.acquire()
    breaker.failed(probe)
    assert breaker.state is BreakerState.OPEN and breaker.opened == 2
    assert breaker.reopens_at() == clock.now + 10
    clock.advance(9)
    assert breaker.acquire() is None
    clock.advance(1)
    assert breaker.acquire() is not None


def test_a_released_probe_frees_the_slot_without_deciding(clock):
    breaker = CircuitBreaker(failures=1, cooldown=5, clock=clock)
    fail(breaker)
    clock.advance(5)
    probe = breaker.acquire()
    breaker.released(probe)  # e.g. cancelled, or a kind of request the backend cannot do
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.acquire() is not None


def test_late_failures_of_requests_started_before_it_opened_do_not_extend_the_cooldown(clock):
    breaker = CircuitBreaker(failures=2, cooldown=30, clock=clock)
    early = [breaker.acquire() for _ in range(4)]  # four requests under way at once
    breaker.failed(early[0])
    breaker.failed(early[1])
    opened_until = breaker.reopens_at()
    clock.advance(20)
    breaker.failed(early[2])
    breaker.failed(early[3])
    assert breaker.reopens_at() == opened_until and breaker.opened == 1


def test_a_late_success_closes_an_open_breaker(clock):
    breaker = CircuitBreaker(failures=1, cooldown=30, clock=clock)
    slow = breaker.acquire()
    fail(breaker)
    breaker.succeeded(slow)  # the backend did answer
    assert breaker.state is BreakerState.CLOSED and breaker.consecutive_failures == 0


def test_a_forced_request_decides_like_a_probe(clock):
    breaker = CircuitBreaker(failures=1, cooldown=30, clock=clock)
    fail(breaker)
    clock.advance(10)
    forced = breaker.force()
    breaker.failed(forced)  # still open, cool-down restarted, not counted as a new opening
    assert breaker.state is BreakerState.OPEN and breaker.opened == 1
    assert breaker.reopens_at() == clock.now + 30
    breaker.succeeded(breaker.force())
    assert breaker.state is BreakerState.CLOSED


def test_a_stale_probe_permit_does_not_free_the_new_probe_slot(clock):
    breaker = CircuitBreaker(failures=1, cooldown=5, clock=clock)
    fail(breaker)
    clock.advance(5)
    first = breaker.acquire()
    breaker.failed(breaker.force())  # a forced try re-opened it meanwhile
    clock.advance(5)
    second = breaker.acquire()
    breaker.released(first)  # the first probe comes back late: it must not free the slot
    assert second is not None and breaker.acquire() is None


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        CircuitBreaker(failures=0)
    with pytest.raises(ValueError):
        CircuitBreaker(cooldown=-1)
