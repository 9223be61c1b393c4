"""Starting and stopping the web server on (host, port)."""

from __future__ import annotations

from typing import Self

from aiohttp import web

SHUTDOWN_TIMEOUT_SECONDS = 5.0
WILDCARD_HOSTS = {"", "0.0.0.0", "::"}


class WebServer:
    """Serves ``app`` on ``host``:``port`` with ``SO_REUSEPORT``, so several bot processes on one
    machine share the port (the kernel spreads connections). Port 0 picks a free port."""

    def __init__(
        self,
        app: web.Application,
        host: str,
        port: int,
        *,
        shutdown_timeout: float = SHUTDOWN_TIMEOUT_SECONDS,
    ) -> None:
        self.app, self.host, self.requested_port = app, host, port
        self.shutdown_timeout = shutdown_timeout
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    async def start(self) -> None:
        """Bind and start answering (inside the running event loop)."""
        if self._runner is not None:
            return
        # No access log: scrapes would flood it, and webhook paths are not for logs.
        runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=self.shutdown_timeout)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.requested_port, reuse_port=True).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner, self._port = runner, runner.addresses[0][1]

    async def stop_accepting(self) -> None:
        """Close the listening socket; connections already open are still served."""
        if self._runner is not None:
            for site in list(self._runner.sites):
                await site.stop()

    async def stop(self) -> None:
        """Stop accepting, let requests under way finish (up to ``shutdown_timeout``), close."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    @property
    def running(self) -> bool:
        """Whether the server was started and not stopped."""
        return self._runner is not None

    @property
    def port(self) -> int:
        """The bound port (the real one when 0 was asked for)."""
        if self._port is None:
            raise RuntimeError("the web server was never started")
        return self._port

    @property
    def url(self) -> str:
        """``http://host:port`` to reach the server from this machine."""
        host = "127.0.0.1" if self.host in WILDCARD_HOSTS else self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()
