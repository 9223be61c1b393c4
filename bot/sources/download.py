"""Streaming media downloads to files: size caps, an overall deadline, and the media host rule
checked on every redirect hop.

A body is never held in memory: chunks go straight to a file, which is removed again when the
download fails (or is cancelled). Redirects are followed here, not by aiohttp, so that each hop's
URL passes :meth:`MediaHostRule.check_url`; the session's :class:`GuardedResolver` checks the
addresses the names resolve to.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
from yarl import URL

from .errors import MediaHostRefused, MediaTooLarge, MediaUnavailable, ResolverTimeout
from .http import describe_exception
from .media_hosts import MediaHostRule, refusal_in

__all__ = [
    "CHUNK_SIZE",
    "MAX_REDIRECTS",
    "ByteBudget",
    "download_to_file",
    "probe_size",
]

CHUNK_SIZE = 256 * 1024
MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class ByteBudget:
    """The bytes several downloads may take together (a slideshow's images): MediaTooLarge once
    ``limit`` is passed."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self, size: int) -> None:
        """Count ``size`` more bytes; MediaTooLarge when the total passes the limit."""
        self.used += size
        if self.used > self.limit:
            raise MediaTooLarge(size=None, limit=self.limit)


def _host(url: str | URL) -> str:
    try:
        return (url if isinstance(url, URL) else URL(url)).host or "media server"
    except ValueError:
        return "media server"


def _content_length(response: aiohttp.ClientResponse) -> int | None:
    raw = response.headers.get("Content-Length", "")
    return int(raw) if raw.isdigit() else None


@asynccontextmanager
async def _final_response(
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    *,
    hosts: MediaHostRule,
    proxy: str | None,
    timeout: float,
) -> AsyncIterator[aiohttp.ClientResponse]:
    """The response at the end of ``url``'s redirects (at most MAX_REDIRECTS), each hop checked
    by ``hosts``; 4xx/5xx raise MediaUnavailable."""
    target = hosts.check_url(url)
    timeouts = aiohttp.ClientTimeout(total=None, sock_connect=timeout, sock_read=timeout)
    for _ in range(MAX_REDIRECTS + 1):
        response = await session.request(
            method, target, proxy=proxy or None, timeout=timeouts, allow_redirects=False
        )
        try:
            location = response.headers.get("Location")
            if response.status in REDIRECT_STATUSES and location:
                try:
                    next_url = target.join(URL(location))
                except ValueError:
                    raise MediaUnavailable(f"{target.host} redirected to an invalid URL") from None
                target = hosts.check_url(next_url)
                continue
            if response.status >= 400:
                raise MediaUnavailable(
                    f"{target.host} answered HTTP {response.status}", status=response.status
                )
            yield response
            return
        finally:
            response.release()
    raise MediaUnavailable(f"{_host(url)} redirected more than {MAX_REDIRECTS} times")


def _translate(error: BaseException, url: str, proxy: str | None, limits: str) -> Exception:
    """The ResolveError an aiohttp or timeout error during a download stands for."""
    host = _host(url)
    if isinstance(error, TimeoutError):
        return ResolverTimeout(f"{host} did not send the media in time ({limits})")
    refused = refusal_in(error)
    if refused is not None:
        return MediaHostRefused(f"media host refused: {refused}")
    return MediaUnavailable(f"{host} failed: {describe_exception(error, proxy)}")


async def download_to_file(
    session: aiohttp.ClientSession,
    url: str,
    path: str | Path,
    *,
    hosts: MediaHostRule,
    max_bytes: int,
    timeout: float,
    deadline: float,
    proxy: str | None = None,
    budget: ByteBudget | None = None,
) -> int:
    """Stream the body at ``url`` into ``path``; returns its size. The file is removed again
    on any failure or cancellation.

    MediaTooLarge as soon as Content-Length or the bytes received pass ``max_bytes`` (or the
    shared ``budget``); MediaHostRefused when the URL or a redirect points at an address
    ``hosts`` refuses (``session`` must come from ``create_http_session`` so that resolved
    names are checked too); MediaUnavailable for 4xx/5xx answers, connection failures,
    truncated bodies and too many redirects; ResolverTimeout when connecting or one read
    stalls for ``timeout`` s, or the whole download takes longer than ``deadline`` s.
    """
    target = Path(path)
    received = 0
    # Plain blocking writes: a chunk lands in the page cache in microseconds, and a write
    # never runs in a thread that could outlive a cancelled download.
    stream = target.open("wb")
    try:
        async with asyncio.timeout(deadline):
            async with _final_response(
                session, "GET", url, hosts=hosts, proxy=proxy, timeout=timeout
            ) as response:
                declared = _content_length(response)
                if declared is not None and declared > max_bytes:
                    raise MediaTooLarge(size=declared, limit=max_bytes)
                async for chunk in response.content.iter_chunked(CHUNK_SIZE):
                    received += len(chunk)
                    if received > max_bytes:
                        raise MediaTooLarge(size=None, limit=max_bytes)
                    if budget is not None:
                        budget.take(len(chunk))
                    stream.write(chunk)
        stream.close()
    except BaseException as exc:
        stream.close()
        target.unlink(missing_ok=True)
        if isinstance(exc, TimeoutError | aiohttp.ClientError):
            limits = f"{timeout:g} s per read, {deadline:g} s in all"
            raise _translate(exc, url, proxy, limits) from None
        raise
    return received


async def probe_size(
    session: aiohttp.ClientSession,
    url: str,
    *,
    hosts: MediaHostRule,
    timeout: float,
    proxy: str | None = None,
) -> int | None:
    """The size a HEAD request reports (Content-Length), or None when the server does not say.

    Redirects and errors as for :func:`download_to_file` (``timeout`` is also the deadline).
    """
    try:
        async with asyncio.timeout(timeout):
            async with _final_response(
                session, "HEAD", url, hosts=hosts, proxy=proxy, timeout=timeout
            ) as response:
                return _content_length(response)
    except (TimeoutError, aiohttp.ClientError) as exc:
        raise _translate(exc, url, proxy, f"{timeout:g} s") from None
