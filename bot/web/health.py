"""Running the health probes together and shaping the ``/healthz`` answer."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from bot.web.probes import Probe, ProbeResult

PROBE_TIMEOUT_SECONDS = 5.0
DETAIL_LENGTH = 80


async def run_probe(probe: Probe, timeout: float = PROBE_TIMEOUT_SECONDS) -> ProbeResult:
    """``probe()`` within ``timeout`` seconds; a timeout or an exception is a failed check."""
    try:
        async with asyncio.timeout(timeout):
            result = await probe()
    except TimeoutError:
        return ProbeResult(False, "timeout")
    except Exception as exc:  # noqa: BLE001 - a broken probe is a failed check, not a 500
        return ProbeResult(False, type(exc).__name__)
    return ProbeResult(bool(result.ok), " ".join(str(result.detail).split())[:DETAIL_LENGTH])


async def check_health(
    probes: Mapping[str, Probe],
    *,
    timeout: float = PROBE_TIMEOUT_SECONDS,
) -> tuple[bool, dict[str, Any]]:
    """Run every probe at once; ``(all ok, {"status": "ok"|"fail", "checks": {name: {...}}})``."""
    names = list(probes)
    results = await asyncio.gather(*(run_probe(probes[name], timeout) for name in names))
    healthy = all(result.ok for result in results)
    checks = {
        name: {"ok": result.ok, "detail": result.detail}
        for name, result in zip(names, results, strict=True)
    }
    return healthy, {"status": "ok" if healthy else "fail", "checks": checks}
