"""Which addresses media may be fetched from: the media host rule.

Media URLs come from a third-party resolver, so a URL (or a redirect) may point anywhere. The
rule: public (globally routable) addresses are allowed, and so are the configured services'
own ``host:port`` (the resolver's base URL, the Bot API server's, the proxy's, any other
extraction service) even when they sit on a private or loopback address; every other private,
loopback, link-local, multicast or reserved address is refused.

It is enforced twice, because names and literal addresses take different paths in aiohttp:

* :class:`GuardedResolver` sits in the HTTP session's connector and filters what a host name
  resolves to, so the check applies to the address actually connected to (a name that resolves
  to 127.0.0.1 is refused, whatever the name says);
* :meth:`MediaHostRule.check_url` is called on the first URL and on every redirect hop (the
  downloader follows redirects itself), for literal IP addresses, which aiohttp connects to
  without asking the resolver, and for schemes other than http(s).

With a proxy configured the proxy makes the connection, so only the name and literal addresses
can be checked here, not what the proxy resolves.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from yarl import URL

from .errors import MediaHostRefused

if TYPE_CHECKING:
    from data.config import Settings

__all__ = [
    "GuardedResolver",
    "HostRefusedError",
    "MediaHostRule",
    "is_public",
    "refusal_in",
    "service_urls",
]

_DEFAULT_PORTS = {"http": 80, "https": 443}


class HostRefusedError(OSError):
    """Raised inside the connector when every address of a name is refused (aiohttp wraps it in
    a ClientConnectorError; :func:`refusal_in` finds it again)."""


def service_urls(settings: Settings) -> list[str]:
    """The base URLs of the services the bot is configured to talk to (other extraction
    services add theirs here)."""
    urls = [settings.tikwm_url, settings.tg_server, settings.cobalt_url]
    proxy = settings.tiktok_proxy.get()
    if proxy:
        urls.append(proxy)
    return [url for url in urls if url]


def _endpoint(url: URL) -> tuple[str, int] | None:
    host = (url.host or "").lower().rstrip(".")
    port = url.port or _DEFAULT_PORTS.get(url.scheme)
    return (host, port) if host and port else None


def is_public(address: str) -> bool:
    """Whether ``address`` (an IP literal) is globally routable: not private, loopback,
    link-local, multicast, reserved or unspecified (IPv4-mapped IPv6 judged as IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


@dataclass(frozen=True)
class MediaHostRule:
    """The rule itself: ``services`` are the ``(host, port)`` pairs always allowed."""

    services: frozenset[tuple[str, int]] = frozenset()

    @classmethod
    def for_services(cls, urls: Iterable[str]) -> MediaHostRule:
        """Public addresses plus the ``host:port`` of each of ``urls``."""
        endpoints = set()
        for raw in urls:
            try:
                endpoint = _endpoint(URL(raw))
            except ValueError:
                continue
            if endpoint is not None:
                endpoints.add(endpoint)
        return cls(frozenset(endpoints))

    @classmethod
    def from_settings(cls, settings: Settings) -> MediaHostRule:
        """The rule for the services ``settings`` configure (see :func:`service_urls`)."""
        return cls.for_services(service_urls(settings))

    def is_service(self, host: str, port: int) -> bool:
        """Whether ``host:port`` is one of the configured services."""
        return (host.lower().rstrip("."), port) in self.services

    def allows(self, address: str, port: int, *, name: str | None = None) -> bool:
        """Whether a connection to ``address:port`` (reached through host ``name``) may go."""
        if self.is_service(address, port) or (name is not None and self.is_service(name, port)):
            return True
        return is_public(address)

    def check_url(self, url: str | URL) -> URL:
        """The parsed ``url`` if it may be fetched as far as can be told before connecting;
        MediaHostRefused for a scheme other than http(s), a missing host, or a literal IP
        address the rule refuses. Host names are checked when they are resolved."""
        try:
            parsed = url if isinstance(url, URL) else URL(url)
        except ValueError:
            raise MediaHostRefused("the media URL is not a valid URL") from None
        endpoint = _endpoint(parsed) if parsed.scheme in _DEFAULT_PORTS else None
        if endpoint is None:
            raise MediaHostRefused(f"media URL scheme {parsed.scheme!r} is not http(s)")
        host, port = endpoint
        if _is_ip_literal(host) and not self.allows(host.strip("[]"), port):
            raise MediaHostRefused(f"media host {host}:{port} is not a public address")
        return parsed


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


def refusal_in(error: BaseException) -> HostRefusedError | None:
    """The :class:`HostRefusedError` behind an aiohttp connection error, if that is its cause."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, HostRefusedError):
            return error
        error = getattr(error, "os_error", None) or error.__cause__
        seen += 1
    return None


class GuardedResolver(AbstractResolver):
    """An aiohttp resolver that resolves with ``inner`` (the default one) and drops the
    addresses :class:`MediaHostRule` refuses; HostRefusedError when none is left."""

    def __init__(self, rule: MediaHostRule, inner: AbstractResolver | None = None) -> None:
        self.rule = rule
        self._inner = inner or DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """The addresses of ``host`` the rule allows for ``port``."""
        found = await self._inner.resolve(host, port, family)
        allowed = [entry for entry in found if self.rule.allows(entry["host"], port, name=host)]
        if not allowed:
            raise HostRefusedError(f"{host} resolves only to addresses that are not public")
        return allowed

    async def close(self) -> None:
        """Close the wrapped resolver."""
        await self._inner.close()
