"""Secrets never reach log output; shutdown waits for handlers in flight."""

import asyncio
import io
import logging

from bot.inflight import InFlight
from bot.logging_setup import RedactSecrets

TOKEN = "424242:AAH-very-secret-part-of-the-token-xyz"


def test_token_and_password_are_redacted_from_messages_and_tracebacks():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets([TOKEN, "pg-pass-123"]))
    logger = logging.getLogger("tokdrop.test.redact")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("GET https://api.telegram.org/bot%s/getMe failed", TOKEN)
        logger.warning("password %s and half %s", "pg-pass-123", TOKEN.split(":")[1])
        try:
            raise RuntimeError(f"request to /bot{TOKEN}/sendMessage timed out")
        except RuntimeError:
            logger.exception("boom")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "very-secret" not in output and "pg-pass-123" not in output
    assert output.count("***") >= 4 and "RuntimeError" in output


async def test_inflight_waits_until_idle_and_reports_timeouts():
    inflight = InFlight()
    assert await inflight.wait_idle(0.01) is True
    inflight.enter()
    inflight.enter()
    waiter = asyncio.create_task(inflight.wait_idle(5))
    inflight.leave()
    await asyncio.sleep(0)
    assert not waiter.done()
    inflight.leave()
    assert await waiter is True
    inflight.enter()
    assert await inflight.wait_idle(0.01) is False
