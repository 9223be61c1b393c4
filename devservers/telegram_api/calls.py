"""The record of every request the emulator answered (and every webhook push it made), and
helpers to wait on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .sync import Changes

RECENT_IN_ERRORS = 15


@dataclass(frozen=True)
class UploadedFile:
    """One multipart file part of a request (the bytes themselves are not kept)."""

    field: str
    filename: str | None
    size: int
    sha256: str
    content_type: str | None = None


@dataclass
class Call:
    """One Bot API request: decoded params, uploaded files, and what was answered."""

    method: str
    params: dict[str, Any]
    files: list[UploadedFile]
    token: str
    at: float
    result: Any = None
    error: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    def describe(self) -> str:
        outcome = "ok" if self.ok else f"{self.error['error_code']} {self.error['description']}"
        shown = {key: value for key, value in self.params.items() if key != "media"}
        text = f"{self.method}({shown}"
        if self.files:
            text += f", files={[f.field for f in self.files]}"
        return f"{text}) -> {outcome}"


@dataclass(frozen=True)
class Delivery:
    """One webhook push attempt of one update (``at`` and ``duration`` in monotonic seconds)."""

    bot_id: int
    update_id: int
    at: float
    duration: float
    status: int | None = None  # the HTTP status, None when no response came back
    error: str | None = None  # what getWebhookInfo's last_error_message became; None on a 2xx

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class CallLog:
    calls: list[Call] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)
    _claimed: set[int] = field(default_factory=set)

    def record(self, call: Call) -> None:
        self.calls.append(call)
        self.changes.notify()

    def clear(self) -> None:
        self.calls.clear()
        self._claimed.clear()

    def calls_to(self, method: str, chat_id: int | str | None = None) -> list[Call]:
        wanted = method.lower()
        return [
            call
            for call in self.calls
            if call.method.lower() == wanted and (chat_id is None or call.chat_id == chat_id)
        ]

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,
    ) -> Call:
        """Return the earliest matching call not already returned by an earlier wait."""
        wanted = method.lower()

        def find() -> Call | None:
            for index, call in enumerate(self.calls):
                if index in self._claimed or call.method.lower() != wanted:
                    continue
                if predicate is None or predicate(call):
                    self._claimed.add(index)
                    return call
            return None

        try:
            return await self.changes.wait_for(find, timeout)
        except TimeoutError:
            raise TimeoutError(
                f"no {method} call matching the predicate within {timeout} s; "
                + self.recent_summary()
            ) from None

    async def wait_until(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        try:
            return await self.changes.wait_for(predicate, timeout)
        except TimeoutError:
            raise TimeoutError(
                f"condition not met within {timeout} s; " + self.recent_summary()
            ) from None

    def recent_summary(self) -> str:
        polls = sum(1 for call in self.calls if call.method == "getUpdates")
        others = [call for call in self.calls if call.method != "getUpdates"]
        if not others:
            return f"no calls recorded besides {polls} getUpdates"
        lines = [call.describe() for call in others[-RECENT_IN_ERRORS:]]
        return f"recent calls ({polls} getUpdates not shown):\n  " + "\n  ".join(lines)
