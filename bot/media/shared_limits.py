"""The per-chat link limits of :class:`~bot.media.limits.ChatGate` shared by several processes:
a Redis pair of sorted sets or a PostgreSQL row per chat.

Same rules as ChatGate: FLOOD when the links admitted for the chat in the last
:data:`~bot.media.limits.WINDOW_SECONDS` plus this message's would exceed ``per_minute``,
else BUSY when ``in_flight`` of its posts are already in flight. A post in flight is a
*lease* that expires after ``lease`` seconds (default :data:`LEASE_SECONDS`, longer than any
message's links take), so a process that dies mid-work frees its slots by then. Each admit
is one script call or one statement, by the store's clock. ``admit`` and ``release`` are
async; a store that fails or is silent for ``timeout`` makes them raise
:class:`~bot.outbox.shared.SharedBudgetUnavailable` (``FallbackChatGate`` never does).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.media.limits import WINDOW_SECONDS, Admission
from bot.outbox.shared import DEFAULT_TIMEOUT, redis_client
from bot.outbox.shared.chats_base import guarded
from bot.outbox.shared.pruning import Pruner
from data import db_service

LEASE_SECONDS = 600.0  # a post in flight longer than this no longer counts
PRUNE_INTERVAL = 60.0  # seconds between one process's deletions of idle rows


class SharedChatGate:
    """ChatGate's per-chat limits in a shared store; subclasses implement ``_admit`` and
    ``_release`` as one atomic operation each.

    The lease tokens this process holds are kept here, so :meth:`release` needs only the
    chat, as ChatGate's. ``clock`` (Unix seconds) pins the store's time: tests only.
    """

    store = "shared"

    def __init__(
        self,
        *,
        lease: float = LEASE_SECONDS,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if lease <= 0 or timeout <= 0:
            raise ValueError("lease and timeout must be positive")
        self.lease, self.timeout, self.clock = lease, timeout, clock
        self._held: dict[int, list[str]] = {}

    async def admit(
        self, chat_id: int, links: int, *, per_minute: int, in_flight: int
    ) -> Admission:
        """Take a slot for ``links`` links of ``chat_id``, or say why not (nothing is taken
        then); see :meth:`ChatGate.admit`."""
        admission, token = await self.admit_lease(
            chat_id, links, per_minute=per_minute, in_flight=in_flight
        )
        if token is not None:
            self._held.setdefault(chat_id, []).append(token)
        return admission

    async def release(self, chat_id: int) -> None:
        """The chat's message is done: end one of this process's leases of it."""
        held = self._held.get(chat_id)
        if not held:
            return
        token = held.pop()
        if not held:
            del self._held[chat_id]
        await self.release_lease(chat_id, token)

    async def admit_lease(
        self, chat_id: int, links: int, *, per_minute: int, in_flight: int
    ) -> tuple[Admission, str | None]:
        """:meth:`admit` answering the new lease's token too (None unless OK); the caller
        ends it with :meth:`release_lease`."""
        token = secrets.token_hex(8)
        call = self._admit(chat_id, links, per_minute, in_flight, token, self._now())
        admission = await guarded(call, self._what(), self.timeout)
        return admission, token if admission is Admission.OK else None

    async def release_lease(self, chat_id: int, token: str) -> None:
        """End the lease ``token`` of ``chat_id`` (nothing if it already expired)."""
        await guarded(self._release(chat_id, token), self._what(), self.timeout)

    async def aclose(self) -> None:
        """Release what the store holds (nothing unless a subclass says otherwise)."""

    def _what(self) -> str:
        return f"shared link gate ({self.store})"

    def _now(self) -> float | None:
        return None if self.clock is None else self.clock()

    async def _admit(
        self,
        chat_id: int,
        links: int,
        per_minute: int,
        in_flight: int,
        token: str,
        now: float | None,
    ) -> Admission:
        raise NotImplementedError

    async def _release(self, chat_id: int, token: str) -> None:
        raise NotImplementedError


# KEYS: the chat's links (one member per link, scored by its time) and its leases (scored by
# expiry). ARGV: now ('' for TIME), links, per_minute, in_flight, token, lease, window. Each
# key expires once nothing in it counts any more.
_ADMIT = """
if redis.replicate_commands then redis.replicate_commands() end
local now
if ARGV[1] ~= '' then
    now = tonumber(ARGV[1])
else
    local t = redis.call('TIME')
    now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local function text(value) return string.format('%.17g', value) end
local links, per_minute, in_flight = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local token, lease, window = ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', text(now - window))
if redis.call('ZCARD', KEYS[1]) + links > per_minute then return 'flood' end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', text(now))
if redis.call('ZCARD', KEYS[2]) >= in_flight then return 'busy' end
if links > 0 then
    local members = {}
    for i = 1, links do
        members[#members + 1] = text(now)
        members[#members + 1] = token .. ':' .. i
    end
    redis.call('ZADD', KEYS[1], unpack(members))
    redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000) + 1000)
end
redis.call('ZADD', KEYS[2], text(now + lease), token)
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIRE', KEYS[2], math.ceil((tonumber(last[2]) - now) * 1000) + 1000)
return 'ok'
"""

_ANSWERS = {b"ok": Admission.OK, b"busy": Admission.BUSY, b"flood": Admission.FLOOD}


class RedisChatGate(SharedChatGate):
    """Link limits in the Redis sorted sets ``{key_prefix}:{{{name}:{chat}}}:links`` and
    ``…:leases`` (one hash slot per chat). The client is closed by :meth:`aclose` only if
    ``owns_client``."""

    store = "redis"

    def __init__(
        self,
        redis: Redis,
        key_prefix: str = "tokdrop:chat_gate",
        *,
        name: str = "telegram",
        owns_client: bool = False,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.redis = redis
        self.key_prefix, self.name = key_prefix, name
        self.owns_client = owns_client
        self._admit_script = redis.register_script(_ADMIT)

    @classmethod
    def from_url(cls, url: str, **options: Any) -> RedisChatGate:
        """A gate with its own client for ``url`` (closed by :meth:`aclose`)."""
        client = redis_client(url, timeout=options.get("timeout", DEFAULT_TIMEOUT))
        return cls(client, owns_client=True, **options)

    def keys(self, chat_id: int) -> list[str]:
        """The chat's links and leases keys."""
        base = f"{self.key_prefix}:{{{self.name}:{chat_id}}}"
        return [f"{base}:links", f"{base}:leases"]

    async def aclose(self) -> None:
        """Close the client if this gate made it."""
        if self.owns_client:
            await self.redis.aclose()

    async def _admit(self, chat_id, links, per_minute, in_flight, token, now) -> Admission:
        args = ["" if now is None else repr(now), links, per_minute, in_flight, token]
        answer = await self._admit_script(
            keys=self.keys(chat_id), args=[*args, self.lease, WINDOW_SECONDS]
        )
        return _ANSWERS[answer]

    async def _release(self, chat_id: int, token: str) -> None:
        await self.redis.zrem(self.keys(chat_id)[1], token)


class DatabaseChatGate(SharedChatGate):
    """Link limits in the ``chat_link_gate`` rows of set ``name`` (PostgreSQL only), on the
    process-wide engine or ``engine``; at most every ``prune_interval`` seconds an admit also
    starts, in the background, one DELETE of the rows whose links and leases all expired."""

    store = "postgresql"

    def __init__(
        self,
        name: str = "telegram",
        *,
        engine: AsyncEngine | None = None,
        prune_interval: float = PRUNE_INTERVAL,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.name = name
        self._sessions = None if engine is None else async_sessionmaker(engine)
        self._pruner = Pruner(self.prune, prune_interval, "chat_link_gate")

    async def prune(self) -> int:
        """Delete the idle rows now; how many (raises like admit)."""
        call = self._run(db_service.prune_link_gate, now=self._now())
        return await guarded(call, self._what(), self.timeout)

    async def aclose(self) -> None:
        """Wait for a prune under way."""
        await self._pruner.aclose()

    async def _admit(self, chat_id, links, per_minute, in_flight, token, now) -> Admission:
        admitted, recent = await self._run(
            db_service.admit_chat_links,
            self.name,
            chat_id,
            links,
            token,
            per_minute=per_minute,
            in_flight=in_flight,
            lease=self.lease,
            window=WINDOW_SECONDS,
            now=now,
        )
        self._pruner.due()
        if admitted:
            return Admission.OK
        return Admission.FLOOD if recent + links > per_minute else Admission.BUSY

    async def _release(self, chat_id: int, token: str) -> None:
        await self._run(db_service.release_chat_links, self.name, chat_id, token)

    async def _run(self, function, *args, **kwargs):
        if self._sessions is None:
            return await function(*args, **kwargs)
        async with self._sessions.begin() as session:
            return await function(*args, **kwargs, session=session)
