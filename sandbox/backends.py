"""The sandbox's backends: the tikwm and cobalt stand-ins the bot's TikTok chain falls back
between (cobalt is the whole Instagram chain), made to fail or recover on request, and the
chains' health read as ``/healthz`` does."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from bot.web.backends import backend_probes
from bot.web.health import run_probe

if TYPE_CHECKING:
    from collections.abc import Iterable

    from bot.sources.chain import Backend
    from sandbox.world import World

NAMES = ("tikwm", "cobalt")  # TIKTOK_BACKENDS, in chain order
INSTAGRAM_NAMES = ("cobalt",)  # INSTAGRAM_BACKENDS
DOWN_STATUS = 503  # what a stand-in that is down answers every request with
FOREVER = sys.maxsize  # "the next N requests fail": until brought up again


def set_down(world: World, name: str, down: bool) -> None:
    """Make the stand-in ``name`` answer every API request with 503 (``down``), or serve
    again. Through the stand-ins' own fault injection; the bot's breaker is left alone."""
    if name == "tikwm":
        world.tikwm.clear_faults()
        if down:
            world.tikwm.fail_next("/", DOWN_STATUS, count=FOREVER)
    elif name == "cobalt":
        world.cobalt.clear_faults()
        if down:
            world.cobalt.fail_next(DOWN_STATUS, count=FOREVER)
    else:
        raise ValueError(f"no backend {name!r} in the sandbox")


async def health_lines(world: World) -> list[str]:
    """What ``/healthz``'s backend checks say, one per platform (``tiktok_backends: tikwm open,
    cobalt up``, ``instagram_backends: cobalt up``), each followed by a line per backend of
    that chain: its breaker and what its requests came to."""
    lines = []
    backends = world.metrics.backends
    # backend_probes makes one check per watched chain, in the chains' order
    checks = zip(backend_probes(world.metrics).items(), backends.chains.values(), strict=True)
    for (check, probe), chain in checks:
        result = await run_probe(probe)
        degraded = " (degraded)" if result.degraded else ""
        lines.append(f"{check}: {result.detail}{degraded}")
        lines.extend(f"  {backend_line(backend)}" for backend in chain.backends)
    return lines


def backend_line(backend: Backend) -> str:
    """``tikwm open, 2 failures in a row, cool-down ends in 2.5 s; requests: ok 3, …``."""
    breaker = backend.breaker
    parts = [f"{backend.name} {backend.health}"]
    if failures := breaker.consecutive_failures:
        parts.append(f"{failures} failure{'s' if failures > 1 else ''} in a row")
    wait = breaker.reopens_at() - breaker.clock()
    if wait > 0:
        parts.append(f"cool-down ends in {wait:.1f} s")
    line = ", ".join(parts)
    requests = _counts(
        (outcome if operation == "post" else f"{operation} {outcome}", count)
        for (operation, outcome), count in backend.requests.items()
    )
    line += f"; requests: {requests or 'none'}"
    if backend.fallbacks:
        line += f"; passed on: {_counts(backend.fallbacks.items())}"
    return line


def _counts(pairs: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{what} {count}" for what, count in pairs)
