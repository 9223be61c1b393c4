"""The aiohttp application serving ``GET /healthz`` and ``GET /metrics`` (webhook routes are
added to it by the caller)."""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from aiohttp import web

from bot.metrics import CONTENT_TYPE_LATEST, Metrics, render_metrics
from bot.web.health import PROBE_TIMEOUT_SECONDS, check_health
from bot.web.probes import Probe

HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"


def create_web_app(
    metrics: Metrics | None = None,
    probes: Mapping[str, Probe] | None = None,
    *,
    probe_timeout: float = PROBE_TIMEOUT_SECONDS,
    metrics_token: str = "",
) -> web.Application:
    """An app answering ``/healthz`` (200 when every probe passes, else 503; JSON) and, when
    ``metrics`` is given, ``/metrics`` (Prometheus text format; with ``metrics_token``, only to
    requests carrying ``Authorization: Bearer <metrics_token>``, else 401)."""
    checks = dict(probes or {})

    async def healthz(_request: web.Request) -> web.Response:
        healthy, body = await check_health(checks, timeout=probe_timeout)
        return web.json_response(
            body, status=200 if healthy else 503, headers={"Cache-Control": "no-store"}
        )

    app = web.Application()
    app.router.add_get(HEALTH_PATH, healthz)
    if metrics is not None:

        async def metrics_page(request: web.Request) -> web.Response:
            if metrics_token and not bearer_matches(request, metrics_token):
                return web.Response(
                    status=401, text="401: Unauthorized", headers={"WWW-Authenticate": "Bearer"}
                )
            return web.Response(
                body=await render_metrics(metrics), headers={"Content-Type": CONTENT_TYPE_LATEST}
            )

        app.router.add_get(METRICS_PATH, metrics_page)
    return app


def bearer_matches(request: web.Request, token: str) -> bool:
    """Whether the request's ``Authorization`` header is ``Bearer <token>`` (compared in
    constant time, as bytes: a header that is not UTF-8 simply does not match)."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    raw = given.strip().encode("utf-8", "surrogateescape")
    return hmac.compare_digest(raw, token.encode())
