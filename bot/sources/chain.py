"""The backends of one platform in an ordered chain, with automatic fallback and a circuit
breaker per backend; the chain is itself a :class:`~bot.sources.resolver.Resolver`, so callers
(the media service, the subscription poller) do not know how many backends stand behind it.

How a request travels (a post link, or a creator's post list):

- It goes to the first backend whose breaker lets it through (closed, or half-open with its
  probe slot free). A **transient** failure (:class:`ResolverTimeout`, :class:`ResolverDown`:
  timeouts, 5xx, connection errors, rate limiting, an answer that cannot be parsed; or an
  unexpected exception of the backend, logged) counts against that backend's breaker and
  falls through to the next one.
- A **definitive** answer (:class:`PostUnavailable`, :class:`InvalidLink`,
  :class:`CreatorNotFound`, ...) is the answer: it is raised at once, and counts as the backend
  working.
- A backend that **cannot handle** the request (:class:`SlideshowUnsupported` from yt-dlp,
  :class:`Unsupported` — e.g. cobalt's ``CreatorListingUnsupported`` — or ``NotImplementedError``
  from one that cannot list creators) is passed over without touching
  its breaker.
- A backend whose breaker is open is skipped. When no backend could be tried at all (all open,
  or the only ones left cannot handle the request), the skipped one whose cool-down ends first
  is tried anyway: the chain never fails without a request.
- When nothing answered, the last transient error is raised (a capable backend was failing:
  worth trying again later); when every backend tried could not handle the request, the first
  such error (for creator lists: :class:`ResolverDown` naming the backends).

Every backend but the last should be built without retries of its own (the next backend is
the retry), so a dead primary costs each link at most one of its timeouts; see
:func:`bot.sources.resolver.create_resolver`. State (breakers, counts) is per process.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from .breaker import DEFAULT_COOLDOWN, DEFAULT_FAILURES, BreakerState, CircuitBreaker, Permit
from .errors import ResolveError, ResolverDown, ResolverTimeout, SlideshowUnsupported, Unsupported
from .models import CreatorPage, Post

if TYPE_CHECKING:
    from .resolver import Resolver

__all__ = [
    "FALLBACK_REASONS",
    "OPERATIONS",
    "OUTCOMES",
    "Backend",
    "BackendHealth",
    "Outcome",
    "ResolverChain",
]

log = logging.getLogger("bot.sources.chain")

T = TypeVar("T")
OPERATIONS = ("post", "creator")  # resolve(link), creator_posts(unique_id)


class Outcome(StrEnum):
    """What became of one request to one backend."""

    OK = "ok"  # a post or a page
    ANSWER = "answer"  # a definitive "no": private, removed, not found, not a link
    TIMEOUT = "timeout"  # transient
    DOWN = "resolver_down"  # transient: 5xx, connection error, rate limit, unreadable
    UNSUPPORTED = "unsupported"  # the backend cannot handle this kind of request
    ERROR = "error"  # an unexpected exception of the backend (treated as transient)
    CANCELLED = "cancelled"  # the caller gave up while the request was under way


OUTCOMES = tuple(Outcome)
# Why a request moved on from a backend to the next one.
FALLBACK_REASONS = ("timeout", "resolver_down", "error", "unsupported", "open")
_TRANSIENT = frozenset({Outcome.TIMEOUT, Outcome.DOWN, Outcome.ERROR})


class BackendHealth(StrEnum):
    """What ``/healthz`` shows of a backend."""

    UP = "up"  # closed, last request fine
    DEGRADED = "degraded"  # closed with recent transient failures, or half-open (probing)
    OPEN = "open"  # skipped until its cool-down ends


@dataclass
class Backend:
    """One link of a chain: a named resolver, its breaker, and what it did (for /metrics)."""

    name: str
    resolver: Resolver
    breaker: CircuitBreaker
    requests: dict[tuple[str, str], int] = field(default_factory=dict)  # (operation, outcome)
    fallbacks: dict[str, int] = field(default_factory=dict)  # reason -> count

    @property
    def health(self) -> BackendHealth:
        """Up, degraded or open (see :class:`BackendHealth`)."""
        state = self.breaker.state
        if state is BreakerState.OPEN:
            return BackendHealth.OPEN
        if state is BreakerState.HALF_OPEN or self.breaker.consecutive_failures:
            return BackendHealth.DEGRADED
        return BackendHealth.UP

    def count(self, operation: str, outcome: Outcome) -> None:
        key = (operation, outcome.value)
        self.requests[key] = self.requests.get(key, 0) + 1

    def passed_over(self, reason: str) -> None:
        self.fallbacks[reason] = self.fallbacks.get(reason, 0) + 1


class _Attempts:
    """What the backends tried so far said, to pick the error when none answered."""

    __slots__ = ("capable_tried", "skipped", "transient", "unsupported")

    def __init__(self) -> None:
        self.transient: Exception | None = None
        self.unsupported: Exception | None = None
        self.capable_tried = False
        self.skipped: list[Backend] = []


class ResolverChain:
    """The :class:`~bot.sources.resolver.Resolver` of one platform: its backends in order, with
    fallback and a breaker each (see the module docstring for the rules)."""

    def __init__(self, platform: str, backends: Sequence[Backend]) -> None:
        if not backends:
            raise ValueError(f"a {platform} chain needs at least one backend")
        names = [backend.name for backend in backends]
        if len(set(names)) != len(names):
            raise ValueError(f"backend names repeat in the {platform} chain: {names}")
        self.platform = platform
        self.backends = tuple(backends)

    @classmethod
    def of(
        cls,
        platform: str,
        resolvers: Sequence[tuple[str, Resolver]],
        *,
        failures: int = DEFAULT_FAILURES,
        cooldown: float = DEFAULT_COOLDOWN,
        clock: Callable[[], float] = time.monotonic,
    ) -> ResolverChain:
        """A chain of ``(name, resolver)`` pairs in order, each with a breaker opening after
        ``failures`` consecutive transient failures for ``cooldown`` seconds on ``clock``."""

        def breaker() -> CircuitBreaker:
            return CircuitBreaker(failures=failures, cooldown=cooldown, clock=clock)

        return cls(platform, [Backend(name, resolver, breaker()) for name, resolver in resolvers])

    @property
    def names(self) -> tuple[str, ...]:
        """The backends' names, in order."""
        return tuple(backend.name for backend in self.backends)

    async def resolve(self, link: str) -> Post:
        """The post behind ``link``, from the first healthy backend that answers."""
        return await self._first_answer("post", lambda resolver: resolver.resolve(link))

    async def creator_posts(
        self,
        unique_id: str,
        *,
        since: int | None = None,
        count: int = 20,
        cursor: str | None = None,
    ) -> CreatorPage:
        """A page of the creator's posts from the first healthy backend that can list them.

        A cursor is the answering backend's own; if another backend answers the next page
        (a fallback in between), it may not understand it: pagination starts over there.
        """
        return await self._first_answer(
            "creator",
            lambda resolver: resolver.creator_posts(
                unique_id, since=since, count=count, cursor=cursor
            ),
        )

    async def close(self) -> None:
        """Close every backend (never the shared HTTP session)."""
        for backend in self.backends:
            await backend.resolver.close()

    # -- the walk down the chain

    async def _first_answer(self, operation: str, call: Callable[[Resolver], Awaitable[T]]) -> T:
        attempts = _Attempts()
        last = len(self.backends) - 1
        for index, backend in enumerate(self.backends):
            permit = backend.breaker.acquire()
            if permit is None:
                attempts.skipped.append(backend)
                if index < last:
                    backend.passed_over("open")
                continue
            outcome, value = await self._attempt(backend, permit, operation, call, attempts)
            if outcome is Outcome.OK:
                return value
            if index < last:
                backend.passed_over(outcome.value)
                if outcome is not Outcome.UNSUPPORTED:
                    log.warning(
                        "%s backend %s: %s; trying the next one",
                        self.platform,
                        backend.name,
                        value,
                    )
        if not attempts.capable_tried and attempts.skipped:
            # Every capable backend is open: try the one whose cool-down ends first.
            backend = min(attempts.skipped, key=lambda b: b.breaker.reopens_at())
            outcome, value = await self._attempt(
                backend, backend.breaker.force(), operation, call, attempts
            )
            if outcome is Outcome.OK:
                return value
        raise self._final_error(operation, attempts)

    async def _attempt(
        self,
        backend: Backend,
        permit: Permit,
        operation: str,
        call: Callable[[Resolver], Awaitable[Any]],
        attempts: _Attempts,
    ) -> tuple[Outcome, Any]:
        """One request: ``(OK, value)``, or ``(outcome, error)`` to fall through; raises a
        definitive answer (and cancellation)."""
        breaker = backend.breaker
        before = breaker.state
        try:
            value = await call(backend.resolver)
        except (SlideshowUnsupported, Unsupported, NotImplementedError) as exc:
            breaker.released(permit)
            backend.count(operation, Outcome.UNSUPPORTED)
            attempts.unsupported = attempts.unsupported or exc
            return Outcome.UNSUPPORTED, exc
        except ResolverTimeout as exc:
            outcome, error = Outcome.TIMEOUT, exc
        except ResolverDown as exc:
            outcome, error = Outcome.DOWN, exc
        except ResolveError:
            breaker.succeeded(permit)
            backend.count(operation, Outcome.ANSWER)
            self._log_change(backend, before)
            raise
        except asyncio.CancelledError:
            breaker.released(permit)
            backend.count(operation, Outcome.CANCELLED)
            raise
        except Exception as exc:  # noqa: BLE001 - a backend's bug must not stop the fallback
            log.exception("%s backend %s failed unexpectedly", self.platform, backend.name)
            outcome = Outcome.ERROR
            error = ResolverDown(f"{backend.name} failed ({type(exc).__name__})")
        else:
            breaker.succeeded(permit)
            backend.count(operation, Outcome.OK)
            self._log_change(backend, before)
            return Outcome.OK, value
        breaker.failed(permit)
        backend.count(operation, outcome)
        attempts.capable_tried = True
        attempts.transient = error
        self._log_change(backend, before)
        return outcome, error

    def _final_error(self, operation: str, attempts: _Attempts) -> Exception:
        if attempts.transient is not None:
            return attempts.transient
        if isinstance(attempts.unsupported, ResolveError):
            return attempts.unsupported
        what = "list a creator's posts" if operation == "creator" else "fetch this post"
        names = ", ".join(self.names)
        return ResolverDown(f"none of the {self.platform} backends ({names}) can {what}")

    def _log_change(self, backend: Backend, before: BreakerState) -> None:
        after = backend.breaker.state
        if after is before:
            return
        if after is BreakerState.OPEN:
            log.warning(
                "%s backend %s is skipped for %g s after %d transient failure(s) in a row",
                self.platform,
                backend.name,
                backend.breaker.cooldown,
                backend.breaker.consecutive_failures,
            )
        elif after is BreakerState.CLOSED:
            log.info("%s backend %s answers again", self.platform, backend.name)
