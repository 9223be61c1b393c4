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


def dead_local_workers(holders: list[str], *, me: str | None = None) -> list[str]:
    """Of these worker ids, those of processes on this host that no longer exist (a crashed or
    killed bot): their leases need not run out before their work is taken over."""
    host, dead = socket.gethostname()[:40], []
    for holder in holders:
        parts = holder.split(":")
        if holder == me or len(parts) != 3 or parts[0] != host or not parts[1].isdigit():
            continue
        pid = int(parts[1])
        if pid != os.getpid() and not _process_exists(pid):
            dead.append(holder)
    return dead


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process: it exists
        return True
    return True


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
