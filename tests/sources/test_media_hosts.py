"""The media host rule: public addresses and the configured services only, on every redirect
hop and on the address a name resolves to."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from bot.sources import MediaHostRefused, MediaHostRule, MediaUnavailable, download_to_file
from bot.sources.download import MAX_REDIRECTS
from bot.sources.media_hosts import GuardedResolver, HostRefusedError, is_public, refusal_in

SECRET = b"internal admin page"


class Site:
    """A web server on its own loopback port: ``/secret`` (what SSRF would leak), ``/go?to=URL``
    (a redirect), ``/loop`` (redirects to itself), ``/file`` (a small body)."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.base_url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> Site:
        app = web.Application()
        app.router.add_get("/secret", self._secret)
        app.router.add_get("/go", self._go)
        app.router.add_get("/loop", self._loop)
        app.router.add_get("/file", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base_url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def stop(self) -> None:
        await self._runner.cleanup()

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1])

    async def _secret(self, request: web.Request) -> web.Response:
        self.hits.append(request.path)
        return web.Response(body=SECRET)

    async def _go(self, request: web.Request) -> web.Response:
        self.hits.append(request.path)
        raise web.HTTPFound(request.query["to"])

    async def _loop(self, request: web.Request) -> web.Response:
        self.hits.append(request.path)
        raise web.HTTPFound("/loop")

    async def _file(self, request: web.Request) -> web.Response:
        self.hits.append(request.path)
        return web.Response(body=b"media bytes")


@pytest.fixture
async def service() -> AsyncIterator[Site]:
    """Stands for a configured service (the resolver): allowed although on loopback."""
    site = await Site().start()
    yield site
    await site.stop()


@pytest.fixture
async def private() -> AsyncIterator[Site]:
    """Another service on loopback that is not configured: must never be reached."""
    site = await Site().start()
    yield site
    await site.stop()


@pytest.fixture
def rule(service: Site) -> MediaHostRule:
    return MediaHostRule.for_services([service.base_url])


@pytest.fixture
def fetch(http, tmp_path, rule):
    target = tmp_path / "media"

    async def run(url: str) -> bytes:
        await download_to_file(
            http, url, target, hosts=rule, max_bytes=10_000, timeout=5, deadline=10
        )
        return target.read_bytes()

    return run


@pytest.fixture
def settings(settings_for, service):
    """The shared session's rule allows the stand-in service (as TIKWM_URL)."""
    return settings_for(TIKWM_URL=service.base_url)


async def test_the_configured_service_may_serve_media(fetch, service):
    assert await fetch(f"{service.base_url}/file") == b"media bytes"


async def test_a_redirect_within_the_service_is_followed(fetch, service):
    assert await fetch(f"{service.base_url}/go?to=/file") == b"media bytes"
    assert service.hits == ["/go", "/file"]


async def test_a_redirect_to_another_loopback_port_is_refused(fetch, service, private, tmp_path):
    with pytest.raises(MediaHostRefused) as caught:
        await fetch(f"{service.base_url}/go?to={private.base_url}/secret")
    assert caught.value.reason == "host_refused"
    assert private.hits == [] and not (tmp_path / "media").exists()


async def test_a_redirect_to_a_name_resolving_to_loopback_is_refused(fetch, service, private):
    """``localhost`` is a name: the resolved address is what the check sees."""
    with pytest.raises(MediaHostRefused):
        await fetch(f"{service.base_url}/go?to=http://localhost:{private.port}/secret")
    assert private.hits == []


async def test_a_media_url_on_another_loopback_port_is_refused(fetch, private):
    with pytest.raises(MediaHostRefused):
        await fetch(f"{private.base_url}/secret")
    assert private.hits == []


async def test_the_service_port_does_not_open_other_ports_of_its_host(fetch, service):
    with pytest.raises(MediaHostRefused):
        await fetch(f"http://127.0.0.1:{service.port + 1 if service.port < 65535 else 1}/x")


@pytest.mark.parametrize(
    "target",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:80/",
        "http://[::ffff:127.0.0.1]/",
        "http://10.0.0.1/",
        "http://0.0.0.0/",
    ],
)
async def test_redirects_to_other_schemes_and_private_literals_are_refused(fetch, service, target):
    with pytest.raises(MediaHostRefused):
        await fetch(f"{service.base_url}/go?to={target}")


async def test_redirects_are_capped(fetch, service):
    with pytest.raises(MediaUnavailable) as caught:
        await fetch(f"{service.base_url}/loop")
    assert "redirected more than" in str(caught.value)
    assert len(service.hits) == MAX_REDIRECTS + 1


@pytest.mark.parametrize(
    "address, public",
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("100.64.0.1", False),
        ("169.254.169.254", False),
        ("224.0.0.1", False),
        ("239.255.255.250", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:93.184.216.34", True),
        ("not an address", False),
    ],
)
def test_public_addresses(address, public):
    assert is_public(address) is public


def test_services_are_matched_by_host_and_port():
    rule = MediaHostRule.for_services(
        ["http://127.0.0.1:8081", "https://botapi.internal", "http://user:pw@Proxy.LAN:3128/"]
    )
    assert rule.allows("127.0.0.1", 8081)
    assert not rule.allows("127.0.0.1", 8082)
    assert rule.allows("10.0.0.7", 443, name="botapi.internal")
    assert not rule.allows("10.0.0.7", 80, name="botapi.internal")
    assert rule.allows("192.168.0.2", 3128, name="proxy.lan.")
    assert rule.allows("93.184.216.34", 80, name="example.org")


class FixedAnswers:
    """Stands in for DNS: answers every name with ``addresses``."""

    def __init__(self, *addresses: str) -> None:
        self.addresses = addresses

    async def resolve(self, host, port=0, family=socket.AF_INET):
        return [
            {"hostname": host, "host": a, "port": port, "family": family, "proto": 0, "flags": 0}
            for a in self.addresses
        ]

    async def close(self) -> None:
        pass


async def test_the_resolver_drops_refused_addresses_of_a_name():
    guard = GuardedResolver(MediaHostRule(), FixedAnswers("127.0.0.1", "93.184.216.34"))
    found = await guard.resolve("cdn.example", 443)
    assert [entry["host"] for entry in found] == ["93.184.216.34"]
    with pytest.raises(HostRefusedError):
        await GuardedResolver(MediaHostRule(), FixedAnswers("10.0.0.1", "::1")).resolve("x", 80)


async def test_the_shared_session_refuses_names_that_resolve_to_loopback(http, private):
    """Every request of the bot's session goes through the guard, not only media downloads."""
    with pytest.raises(aiohttp.ClientConnectorError) as caught:
        async with http.get(f"http://localhost:{private.port}/secret"):
            pass
    assert isinstance(refusal_in(caught.value), HostRefusedError)
    assert private.hits == []
