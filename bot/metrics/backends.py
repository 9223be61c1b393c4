"""The resolver chains' backends (``bot.sources.chain``), read at scrape time: requests by
outcome, transient failures, fallbacks, breaker states and openings, per platform and backend.

The same collector is what ``/healthz`` reads the chains from (``bot.web.backends``)."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.sources.breaker import BreakerState
from bot.sources.chain import FALLBACK_REASONS, OPERATIONS, OUTCOMES, Outcome, ResolverChain

_FAILURES = (Outcome.TIMEOUT, Outcome.DOWN, Outcome.ERROR)


class BackendCollector(Collector):
    """Exposes every watched chain (one per platform)."""

    def __init__(self) -> None:
        self.chains: dict[str, ResolverChain] = {}

    def watch(self, chain: ResolverChain) -> None:
        """Report this chain from now on (replacing an earlier one of the same platform)."""
        self.chains[chain.platform] = chain

    def collect(self) -> Iterator[Metric]:
        if not self.chains:
            return
        labels = ["platform", "backend"]
        requests = CounterMetricFamily(
            "tokdrop_backend_requests",
            "Requests to each resolver backend, by operation (post, creator) and outcome (ok, "
            "answer: a definitive no, timeout, resolver_down, error, unsupported, cancelled).",
            labels=[*labels, "operation", "outcome"],
        )
        failures = CounterMetricFamily(
            "tokdrop_backend_failures",
            "Transient failures of each backend (what its circuit breaker counts), by reason.",
            labels=[*labels, "reason"],
        )
        fallbacks = CounterMetricFamily(
            "tokdrop_backend_fallbacks",
            "Requests passed on from a backend to the next one, by reason (timeout, "
            "resolver_down, error, unsupported, open: skipped by its breaker).",
            labels=[*labels, "reason"],
        )
        opened = CounterMetricFamily(
            "tokdrop_backend_breaker_opened",
            "Times each backend's circuit breaker opened.",
            labels=labels,
        )
        state = GaugeMetricFamily(
            "tokdrop_backend_breaker_state",
            "Each backend's circuit breaker state: 1 for the current one.",
            labels=[*labels, "state"],
        )
        for platform, chain in self.chains.items():
            for backend in chain.backends:
                names = [platform, backend.name]
                for operation in OPERATIONS:
                    for outcome in OUTCOMES:
                        count = backend.requests.get((operation, outcome.value), 0)
                        requests.add_metric([*names, operation, outcome.value], count)
                for outcome in _FAILURES:
                    total = sum(backend.requests.get((op, outcome.value), 0) for op in OPERATIONS)
                    failures.add_metric([*names, outcome.value], total)
                for reason in FALLBACK_REASONS:
                    fallbacks.add_metric([*names, reason], backend.fallbacks.get(reason, 0))
                opened.add_metric(names, backend.breaker.opened)
                current = backend.breaker.state
                for each in BreakerState:
                    state.add_metric([*names, each.value], 1 if each is current else 0)
        yield from (requests, failures, fallbacks, opened, state)
