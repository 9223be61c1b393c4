"""The shared HTTP plumbing of the TikTok backends: one client session, retries with
exponential backoff, bounded JSON reads and redaction of proxy details from messages."""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import aiohttp
from yarl import URL

from .errors import ResolverDown, ResolverTimeout
from .media_hosts import GuardedResolver, MediaHostRule

if TYPE_CHECKING:
    from data.config import Settings

__all__ = [
    "USER_AGENT",
    "RetryPolicy",
    "create_http_session",
    "describe_exception",
    "get_json",
    "post_json",
    "proxy_from_settings",
    "redact",
]

logger = logging.getLogger("bot.sources")

USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)
MAX_JSON_BYTES = 8 * 1024 * 1024
_REDACTED = "<proxy>"


def create_http_session(settings: Settings) -> aiohttp.ClientSession:
    """The one HTTP session the bot shares for resolver API calls and media downloads.

    Pooled connections (100 in all, 20 per host), environment proxies ignored
    (``trust_env=False``: the proxy comes from settings and is passed per request), a browser
    User-Agent, and connect/read timeouts of ``settings.tiktok_timeout``. Host names resolve
    through :class:`GuardedResolver`: an address the media host rule refuses is never connected
    to. Call it from a running event loop; close it once at shutdown.
    """
    connector = aiohttp.TCPConnector(
        limit=100,
        limit_per_host=20,
        ttl_dns_cache=300,
        resolver=GuardedResolver(MediaHostRule.from_settings(settings)),
    )
    timeout = aiohttp.ClientTimeout(
        total=None, sock_connect=settings.tiktok_timeout, sock_read=settings.tiktok_timeout
    )
    return aiohttp.ClientSession(
        connector=connector,
        timeout=timeout,
        headers={"User-Agent": USER_AGENT, "Accept": "*/*"},
        trust_env=False,
    )


def proxy_from_settings(settings: Settings) -> str | None:
    """The proxy URL to pass to every request, or None for a direct connection."""
    return settings.tiktok_proxy.get() or None


def redact(text: str, proxy: str | None) -> str:
    """``text`` with the proxy URL and its parts (credentials, host) replaced by ``<proxy>``."""
    if not proxy:
        return text
    secrets = {proxy, proxy.rstrip("/")}
    try:
        parts = urlsplit(proxy)
        netloc = parts.netloc
        secrets.add(netloc)
        userinfo, _, hostport = netloc.rpartition("@")
        secrets.update({userinfo, hostport, unquote(userinfo)})
        if parts.password:
            secrets.update({parts.password, unquote(parts.password)})
        if parts.hostname:
            secrets.add(parts.hostname)
    except ValueError:
        pass
    for secret in sorted((s for s in secrets if len(s) >= 4), key=len, reverse=True):
        text = text.replace(secret, _REDACTED)
    return text


def describe_exception(exc: BaseException, proxy: str | None) -> str:
    """``ExceptionType: message`` (or just the type), with proxy details redacted."""
    name = type(exc).__name__
    if isinstance(exc, aiohttp.ClientProxyConnectionError):
        return f"{name}: cannot connect to the proxy"
    detail = redact(str(exc), proxy).strip()
    return f"{name}: {detail}" if detail else name


@dataclass(frozen=True)
class RetryPolicy:
    """Per-attempt ``timeout`` (s), ``retries`` extra attempts, exponential backoff with jitter
    starting at ``backoff_base`` s and doubling up to ``backoff_cap`` s."""

    timeout: float
    retries: int
    backoff_base: float = 0.5
    backoff_cap: float = 8.0

    @property
    def attempts(self) -> int:
        """How many requests are made at most (1 + retries)."""
        return self.retries + 1

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after the failed attempt number ``attempt`` (0-based)."""
        delay = min(self.backoff_cap, self.backoff_base * 2**attempt)
        return delay * random.uniform(0.5, 1.0)


class _Retry(Exception):
    """A transient failure: try again, and if no attempt is left raise ``final``."""

    def __init__(self, final: Exception) -> None:
        super().__init__(str(final))
        self.final = final


def _target(response: aiohttp.ClientResponse, proxy: str | None) -> str:
    """`` to <scheme://host:port>`` of a redirect's Location (never its path or query)."""
    location = response.headers.get("Location", "")
    try:
        target = response.url.join(URL(location)) if location else None
    except ValueError:
        target = None
    if target is None or not target.host:
        return ""
    return f" to {redact(str(target.origin()), proxy)}"


async def _read_capped(response: aiohttp.ClientResponse, cap: int) -> bytes:
    body = bytearray()
    async for chunk in response.content.iter_chunked(64 * 1024):
        body += chunk
        if len(body) > cap:
            raise ResolverDown(f"answer larger than {cap} bytes")
    return bytes(body)


async def get_json(
    session: aiohttp.ClientSession,
    url: str,
    *,
    params: Mapping[str, str],
    policy: RetryPolicy,
    proxy: str | None,
    service: str,
    retry_payload: Callable[[Any], str | None] | None = None,
) -> Any:
    """GET ``url`` and decode its JSON answer, retrying transient failures.

    Timeouts, connection errors, 5xx and 429 answers (and payloads for which ``retry_payload``
    returns a reason) are retried ``policy.retries`` times with backoff, then raise
    ResolverTimeout (when the last attempt timed out) or ResolverDown. Other 4xx answers and
    bodies that are not JSON raise ResolverDown at once. ``service`` names the API in messages.
    """
    request = _Request("GET", url, params=params)
    return await _with_retries(session, request, policy, proxy, service, retry_payload)


async def post_json(
    session: aiohttp.ClientSession,
    url: str,
    *,
    body: Mapping[str, Any],
    headers: Mapping[str, str],
    policy: RetryPolicy,
    proxy: str | None,
    service: str,
    retry_payload: Callable[[Any], str | None] | None = None,
) -> Any:
    """POST ``body`` as JSON to ``url`` with ``headers`` and decode the JSON answer.

    Like :func:`get_json`, except that an answer whose content type is JSON is decoded and
    returned whatever its HTTP status (APIs such as cobalt's explain their 4xx/5xx in the body;
    ``retry_payload`` decides which of those are retried). Non-JSON 5xx/429 answers are retried,
    other non-JSON 4xx raise ResolverDown at once. Redirects are not followed (a redirected
    POST would lose its body or carry ``headers`` elsewhere): a 3xx answer raises ResolverDown
    at once, naming where it pointed (its origin only). Nothing of ``headers`` is ever logged.
    """
    request = _Request(
        "POST", url, json_body=body, headers=headers, json_errors=True, follow_redirects=False
    )
    return await _with_retries(session, request, policy, proxy, service, retry_payload)


@dataclass(frozen=True)
class _Request:
    method: str
    url: str
    params: Mapping[str, str] | None = None
    json_body: Mapping[str, Any] | None = None
    headers: Mapping[str, str] | None = None
    json_errors: bool = False  # decode JSON answers of any status
    follow_redirects: bool = True


async def _with_retries(
    session: aiohttp.ClientSession,
    request: _Request,
    policy: RetryPolicy,
    proxy: str | None,
    service: str,
    retry_payload: Callable[[Any], str | None] | None,
) -> Any:
    for attempt in range(policy.attempts):
        try:
            return await _attempt(session, request, policy, proxy, service, retry_payload)
        except _Retry as retry:
            if attempt + 1 >= policy.attempts:
                raise retry.final from None
            delay = policy.backoff(attempt)
            logger.warning(
                "%s attempt %d/%d failed (%s); retrying in %.2f s",
                service,
                attempt + 1,
                policy.attempts,
                retry.final,
                delay,
            )
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


async def _attempt(
    session: aiohttp.ClientSession,
    request: _Request,
    policy: RetryPolicy,
    proxy: str | None,
    service: str,
    retry_payload: Callable[[Any], str | None] | None,
) -> Any:
    timeout = aiohttp.ClientTimeout(total=policy.timeout)
    try:
        async with session.request(
            request.method,
            request.url,
            params=request.params,
            json=request.json_body,
            headers=request.headers,
            proxy=proxy,
            timeout=timeout,
            allow_redirects=request.follow_redirects,
        ) as response:
            status = response.status
            if 300 <= status < 400 and not request.follow_redirects:
                raise ResolverDown(
                    f"{service} answered HTTP {status}, a redirect{_target(response, proxy)}; "
                    "its API is not followed across redirects (is the configured URL its own?)"
                )
            explained = request.json_errors and response.content_type == "application/json"
            if status >= 400 and not explained:
                failure = ResolverDown(f"{service} answered HTTP {status}")
                if status >= 500 or status == 429:
                    raise _Retry(failure)
                raise failure
            body = await _read_capped(response, MAX_JSON_BYTES)
            content_type = response.content_type
    except TimeoutError:
        raise _Retry(
            ResolverTimeout(f"{service} did not answer within {policy.timeout:g} s")
        ) from None
    except aiohttp.ClientError as exc:
        raise _Retry(
            ResolverDown(f"{service} request failed ({describe_exception(exc, proxy)})")
        ) from None
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        preview = redact(body[:60].decode("utf-8", "replace").replace("\n", " "), proxy)
        raise ResolverDown(
            f"{service} answered something that is not JSON "
            f"(HTTP {status}, {content_type or 'no content type'}: {preview!r})"
        ) from None
    if retry_payload is not None:
        reason = retry_payload(payload)
        if reason is not None:
            raise _Retry(ResolverDown(f"{service}: {reason}"))
    return payload
