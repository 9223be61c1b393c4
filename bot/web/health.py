"""Running the health probes together and shaping the ``/healthz`` answer.

``status`` is ``ok`` when every check passed, ``degraded`` when every check passed but some
work in a reduced way (the shared send budget is down: replies use this process's own budget,
broadcasts and subscription deliveries wait), and ``fail`` when a check failed. The HTTP status
is 200 for ``ok`` and ``degraded`` (the process serves users; restarting it would not bring the
shared store back) and 503 for ``fail``. A degraded check carries ``"degraded": true``.
"""

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
    detail = " ".join(str(result.detail).split())[:DETAIL_LENGTH]
    return ProbeResult(bool(result.ok), detail, bool(getattr(result, "degraded", False)))


async def check_health(
    probes: Mapping[str, Probe],
    *,
    timeout: float = PROBE_TIMEOUT_SECONDS,
) -> tuple[bool, dict[str, Any]]:
    """Run every probe at once; ``(all ok, {"status": "ok"|"degraded"|"fail", "checks":
    {name: {"ok", "detail"[, "degraded"]}}})``."""
    names = list(probes)
    results = await asyncio.gather(*(run_probe(probes[name], timeout) for name in names))
    healthy = all(result.ok for result in results)
    checks: dict[str, dict[str, Any]] = {}
    for name, result in zip(names, results, strict=True):
        checks[name] = {"ok": result.ok, "detail": result.detail}
        if result.degraded:
            checks[name]["degraded"] = True
    status = "fail" if not healthy else "degraded" if any(r.degraded for r in results) else "ok"
    return healthy, {"status": status, "checks": checks}
