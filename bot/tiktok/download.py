"""Streaming media downloads with a size cap: never more than ``max_bytes`` in memory."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

from .errors import MediaTooLarge, MediaUnavailable, ResolverTimeout
from .http import describe_exception

__all__ = ["CHUNK_SIZE", "download", "download_to_file", "probe_size"]

CHUNK_SIZE = 64 * 1024


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or "media server"
    except ValueError:
        return "media server"


def _timeouts(timeout: float, total: float | None) -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(total=total, connect=timeout, sock_read=timeout)


def _content_length(response: aiohttp.ClientResponse) -> int | None:
    raw = response.headers.get("Content-Length", "")
    return int(raw) if raw.isdigit() else None


async def _fetch(
    session: aiohttp.ClientSession,
    url: str,
    sink: Callable[[bytes], object],
    *,
    max_bytes: int,
    timeout: float,
    proxy: str | None,
    total_timeout: float | None,
) -> int:
    host = _host(url)
    received = 0
    try:
        async with session.get(
            url, proxy=proxy or None, timeout=_timeouts(timeout, total_timeout)
        ) as response:
            if response.status >= 400:
                raise MediaUnavailable(
                    f"{host} answered HTTP {response.status}", status=response.status
                )
            declared = _content_length(response)
            if declared is not None and declared > max_bytes:
                raise MediaTooLarge(size=declared, limit=max_bytes)
            async for chunk in response.content.iter_chunked(CHUNK_SIZE):
                received += len(chunk)
                if received > max_bytes:
                    raise MediaTooLarge(size=None, limit=max_bytes)
                sink(chunk)
    except TimeoutError:
        raise ResolverTimeout(f"{host} did not send the media within {timeout:g} s") from None
    except aiohttp.ClientError as exc:
        raise MediaUnavailable(f"{host} failed: {describe_exception(exc, proxy)}") from None
    return received


async def download(
    session: aiohttp.ClientSession,
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    proxy: str | None = None,
    total_timeout: float | None = None,
) -> bytes:
    """The body at ``url``, streamed in chunks.

    MediaTooLarge as soon as Content-Length or the bytes received exceed ``max_bytes``;
    MediaUnavailable for 4xx/5xx answers, connection failures and truncated bodies;
    ResolverTimeout when connecting or any read stalls for ``timeout`` s (or the whole download
    exceeds ``total_timeout`` s, if given).
    """
    body = bytearray()
    await _fetch(
        session,
        url,
        body.extend,
        max_bytes=max_bytes,
        timeout=timeout,
        proxy=proxy,
        total_timeout=total_timeout,
    )
    return bytes(body)


async def download_to_file(
    session: aiohttp.ClientSession,
    url: str,
    path: str | Path,
    *,
    max_bytes: int,
    timeout: float,
    proxy: str | None = None,
    total_timeout: float | None = None,
) -> int:
    """Like :func:`download` but writes to ``path`` (removed on failure); returns the size.

    For uploads too big to hold in memory (a self-hosted Bot API takes up to 2000 MB).
    """
    target = Path(path)
    stream = await asyncio.to_thread(target.open, "wb")
    try:
        size = await _fetch(
            session,
            url,
            stream.write,
            max_bytes=max_bytes,
            timeout=timeout,
            proxy=proxy,
            total_timeout=total_timeout,
        )
    except BaseException:
        stream.close()
        target.unlink(missing_ok=True)
        raise
    await asyncio.to_thread(stream.close)
    return size


async def probe_size(
    session: aiohttp.ClientSession, url: str, *, timeout: float, proxy: str | None = None
) -> int | None:
    """The size a HEAD request reports (Content-Length), or None when the server does not say.

    Errors as for :func:`download`.
    """
    host = _host(url)
    try:
        async with session.head(
            url, proxy=proxy or None, timeout=_timeouts(timeout, None), allow_redirects=True
        ) as response:
            if response.status >= 400:
                raise MediaUnavailable(
                    f"{host} answered HTTP {response.status}", status=response.status
                )
            return _content_length(response)
    except TimeoutError:
        raise ResolverTimeout(f"{host} did not answer within {timeout:g} s") from None
    except aiohttp.ClientError as exc:
        raise MediaUnavailable(f"{host} failed: {describe_exception(exc, proxy)}") from None
