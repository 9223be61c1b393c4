"""What the bot's background jobs (broadcast worker, subscription poller) share."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket

log = logging.getLogger(__name__)


def new_worker_id() -> str:
    """``host:pid:random``: unique per process start, readable in the database's lease columns."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


async def finish_or_cancel(task: asyncio.Task | None, timeout: float, label: str) -> None:
    """Let a stopping job's task end by itself within ``timeout`` seconds, else cancel it."""
    if task is None:
        return
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout)
    except TimeoutError:
        log.warning("%s did not stop within %.0f s; cancelling it", label, timeout)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    except Exception as exc:  # noqa: BLE001 - stopping anyway
        log.debug("%s ended with %r", label, exc)
