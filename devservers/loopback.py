"""What every stand-in service has in common: an aiohttp app served on loopback, started and
stopped once, usable as ``async with``."""

from __future__ import annotations

from typing import Self

from aiohttp import web


class LoopbackService:
    """Serves the app :meth:`build_app` makes on ``host:port`` (0: a free port); subclasses
    add the routes and keep ``host``, ``port`` and ``base_url`` as set here."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self.base_url = ""
        self._runner: web.AppRunner | None = None

    def build_app(self) -> web.Application:
        """The application to serve (called once per start)."""
        raise NotImplementedError

    async def start(self) -> str:
        """Start serving (idempotent); returns the base URL ``http://127.0.0.1:<port>``."""
        if self._runner is not None:
            return self.base_url
        self._runner = web.AppRunner(
            self.build_app(), handler_cancellation=True, access_log=None, shutdown_timeout=0.5
        )
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.base_url = f"http://{self.host}:{self._runner.addresses[0][1]}"
        return self.base_url

    async def stop(self) -> None:
        """Stop serving; requests in progress (delayed ones too) are cut off."""
        if self._runner is None:
            return
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()
