"""Fixtures for the TikTok layer: a fresh tikwm emulator, settings pointing at it, the shared
HTTP session, and a tiny forward proxy on 127.0.0.1 that counts what passes through it."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from yarl import URL

from bot.sources import create_http_session
from bot.sources.tikwm import TikwmResolver
from data.config import Settings, load_settings
from devservers.tikwm import TikwmEmulator

TIMEOUT = 0.3  # seconds per attempt (Settings allow >= 1 s; tests replace the value)
RETRIES = 2
BACKOFF = 0.01


def make_settings(tmp_path: Path, *, timeout: float = TIMEOUT, **env: str) -> Settings:
    """Settings from ``env`` only (empty config.ini and .env), with ``timeout`` patched in."""
    ini, dotenv = tmp_path / "empty.ini", tmp_path / "empty.env"
    ini.touch()
    dotenv.touch()
    settings = load_settings(environ=env, ini_path=ini, dotenv_path=dotenv)
    return dataclasses.replace(settings, tiktok_timeout=timeout)


@pytest.fixture
async def tikwm() -> AsyncIterator[TikwmEmulator]:
    async with TikwmEmulator() as emulator:
        yield emulator


@pytest.fixture
def settings_for(tmp_path: Path, tikwm: TikwmEmulator) -> Callable[..., Settings]:
    """``settings_for(timeout=.., TIKTOK_RETRIES="1", ...)``: settings aimed at the emulator."""

    def build(*, timeout: float = TIMEOUT, **env: str) -> Settings:
        env = {"TIKWM_URL": tikwm.base_url, "TIKTOK_RETRIES": str(RETRIES), **env}
        return make_settings(tmp_path, timeout=timeout, **env)

    return build


@pytest.fixture
def settings(settings_for: Callable[..., Settings]) -> Settings:
    return settings_for()


@pytest.fixture
async def http(settings: Settings) -> AsyncIterator[aiohttp.ClientSession]:
    session = create_http_session(settings)
    yield session
    await session.close()


@pytest.fixture
def resolver(settings: Settings, http: aiohttp.ClientSession) -> TikwmResolver:
    """The tikwm backend itself (``create_resolver`` wraps it in a chain)."""
    return TikwmResolver.from_settings(settings, http, backoff_base=BACKOFF)


class ForwardProxy:
    """An HTTP forward proxy on 127.0.0.1: forwards absolute-form requests (``GET http://..``)
    to their target and answers ``CONNECT`` with 403. Records every request it sees."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str | None]] = []  # method, target, Proxy-Authorization
        self.port = 0
        self._server = None
        self._upstream: aiohttp.ClientSession | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url_with(self, user: str, password: str) -> str:
        return f"http://{user}:{password}@127.0.0.1:{self.port}"

    async def start(self) -> ForwardProxy:
        self._upstream = aiohttp.ClientSession(trust_env=False, auto_decompress=False)
        self._server = await asyncio.get_running_loop().create_server(
            web.Server(self._handle), "127.0.0.1", 0
        )
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self._server.close()
        await self._server.wait_closed()
        await self._upstream.close()

    async def _handle(self, request: web.BaseRequest) -> web.StreamResponse:
        target = request.raw_path
        self.seen.append((request.method, target, request.headers.get("Proxy-Authorization")))
        if request.method == "CONNECT" or not target.startswith("http://"):
            return web.Response(status=403, text="tunnelling refused")
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() not in ("host", "proxy-authorization", "proxy-connection", "connection")
        }
        async with self._upstream.request(
            request.method,
            URL(target, encoded=True),
            headers=headers,
            data=await request.read(),
            allow_redirects=False,
        ) as upstream:
            body = await upstream.read()
            return web.Response(
                body=body,
                status=upstream.status,
                headers={"Content-Type": upstream.headers.get("Content-Type", "text/plain")},
            )


@pytest.fixture
async def proxy() -> AsyncIterator[ForwardProxy]:
    server = await ForwardProxy().start()
    yield server
    await server.stop()
