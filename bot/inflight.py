"""Counts updates being handled, so shutdown can wait for them (with a bound)."""

import asyncio


class InFlight:
    """A counter of running handlers with an awaitable 'idle' state."""

    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def enter(self) -> None:
        """One more update is being handled."""
        self.count += 1
        self._idle.clear()

    def leave(self) -> None:
        """An update finished."""
        self.count -= 1
        if self.count == 0:
            self._idle.set()

    async def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing is being handled; False if ``timeout`` seconds passed first."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
            return True
        except TimeoutError:
            return False
