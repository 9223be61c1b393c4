"""Real ``python main.py`` processes in webhook mode behind one URL, for tests and benchmarks.

They share one port (the bot opens it with SO_REUSEPORT; the kernel spreads connections over
the processes) and one database, and talk to a Telegram emulator; each writes its output to
``bot<n>.log`` in a folder. By default every process runs in that folder; with
``own_folders=True`` process n runs in ``<folder>/bot<n>`` (its cwd, HOME and TMPDIR), as
processes on separate machines would: nothing on disk is shared between them.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_HANDLED = re.compile(r"webhook: (\d+) update\(s\) handled")
# The emulator enforces no send rate unless asked to; the bots' limiters are opened up to match.
UNLIMITED_SENDS = {"TG_GLOBAL_RATE": "1000", "TG_CHAT_RATE": "100", "TG_GROUP_RATE": "1000"}


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BotProcesses:
    """Bot processes serving one webhook URL on ``emulator`` and the database ``db_url``.

    ``env`` adds or overrides settings (env names). ``sends``: the send-rate settings, by default
    :data:`UNLIMITED_SENDS`; pass only ``TG_GLOBAL_RATE`` (say) to keep the bot's own per-chat
    and per-group defaults. ``own_folders``: each process gets its own folder as cwd, HOME and
    TMPDIR (see the module's docstring).
    """

    def __init__(
        self,
        emulator,
        token: str,
        db_url: str,
        folder: Path,
        *,
        sends: Mapping[str, str] = UNLIMITED_SENDS,
        own_folders: bool = False,
        **env: str,
    ) -> None:
        port = free_port()
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(folder),
            "BOT_TOKEN": token,
            "TG_SERVER": emulator.base_url,
            "DB_URL": db_url,
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
            "WEB_PORT": str(port),
            **sends,
            **env,
        }
        self.base_url = f"http://127.0.0.1:{port}"
        self.emulator, self.folder, self.own_folders = emulator, folder, own_folders
        self.processes: list[asyncio.subprocess.Process] = []

    async def start(self, count: int, timeout: float = 90) -> None:
        """Start ``count`` more processes; return once each has registered the webhook."""
        registered = self._registered() + count
        for _ in range(count):
            cwd, env = self._place(len(self.processes))
            log = (self.folder / f"bot{len(self.processes)}.log").open("wb")
            self.processes.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    str(ROOT / "main.py"),
                    cwd=cwd,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            log.close()
        await self.emulator.wait_until(
            lambda: (
                self._registered() >= registered
                or any(p.returncode is not None for p in self.processes)
            ),
            timeout=timeout,
        )
        if any(p.returncode is not None for p in self.processes):
            raise RuntimeError(f"a bot process ended while starting:\n{self.logs()}")

    def _place(self, n: int) -> tuple[Path, dict[str, str]]:
        """Process ``n``'s working directory and environment."""
        if not self.own_folders:
            return self.folder, self.env
        home = self.folder / f"bot{n}"
        (home / "tmp").mkdir(parents=True, exist_ok=True)
        return home, {**self.env, "HOME": str(home), "TMPDIR": str(home / "tmp")}

    def _registered(self) -> int:
        return len([call for call in self.emulator.calls_to("setWebhook") if call.ok])

    async def stop(self, timeout: float = 30) -> list[int]:
        """SIGTERM the live processes (SIGKILL past ``timeout``); exit codes in start order."""
        for process in self.processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                await asyncio.wait_for(process.wait(), timeout)
            except TimeoutError:
                process.kill()
                await process.wait()
        return [process.returncode for process in self.processes]

    def logs(self, tail: int = 3000) -> str:
        """The end of every process's output."""
        return "\n".join(
            f"--- bot{n}\n{(self.folder / f'bot{n}.log').read_text()[-tail:]}"
            for n in range(len(self.processes))
        )

    def handled(self) -> list[int]:
        """How many updates each stopped process says it handled."""
        counts = []
        for n in range(len(self.processes)):
            found = _HANDLED.findall((self.folder / f"bot{n}.log").read_text())
            counts.append(int(found[-1]) if found else 0)
        return counts
