"""The ``/healthz`` checks of the resolver chains: one per platform, listing each backend as
up, degraded or open (``bot.sources.chain.BackendHealth``).

A platform's check never fails: it is degraded while any of its backends is open. With one still
taking requests links are served by fallback; with none, the process still answers everything
else, and restarting it (what a failed health check leads to) would not bring an outside service
back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.sources.chain import BackendHealth
from bot.web.probes import Probe, ProbeResult

if TYPE_CHECKING:
    from bot.metrics import Metrics
    from bot.sources.chain import ResolverChain

__all__ = ["backend_probes", "chain_probe"]


def chain_probe(chain: ResolverChain) -> Probe:
    """``tikwm up, ytdlp open``: each backend of ``chain`` in order; degraded when one is open."""

    async def probe() -> ProbeResult:
        states = [(backend.name, backend.health) for backend in chain.backends]
        detail = ", ".join(f"{name} {health}" for name, health in states)
        degraded = any(health is BackendHealth.OPEN for _, health in states)
        return ProbeResult(True, detail, degraded=degraded)

    return probe


def backend_probes(metrics: Metrics) -> dict[str, Probe]:
    """``{"<platform>_backends": probe}`` for every chain ``metrics`` watches."""
    return {
        f"{platform}_backends": chain_probe(chain)
        for platform, chain in metrics.backends.chains.items()
    }
