"""The bot-wide budget as one Redis hash, advanced by a Lua script, shared by every process."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from ..bucket import EPSILON
from ..clock import Clock
from .base import DEFAULT_TIMEOUT, SharedBudget

# Shared head of both scripts: the server's clock (TIME; Redis 7 replicates scripts by their
# effects, older servers are asked to), the hash's state (a missing field: a full, unpaused
# bucket), and how it is written back: 17 digits so a float survives the text round trip, and
# an expiry once the bucket would be full and unpaused again, when no key means the same.
_HEAD = """
if redis.replicate_commands then redis.replicate_commands() end
local now
if ARGV[1] ~= '' then
    now = tonumber(ARGV[1])
else
    local t = redis.call('TIME')
    now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local state = redis.call('HMGET', KEYS[1], 'full_at', 'paused_until')
local full_at = tonumber(state[1]) or -math.huge
local paused_until = tonumber(state[2]) or -math.huge
local function save(field, value)
    redis.call('HSET', KEYS[1], field, string.format('%.17g', value))
    local idle = math.max(full_at, paused_until, now) - now
    redis.call('PEXPIRE', KEYS[1], math.ceil(idle * 1000) + 1000)
end
"""

# ARGV: now ('' for TIME), cost / rate, (cost + keep - capacity) / rate, epsilon.
# Answers {1, '0'} when granted, else {0, seconds to wait} (text: Lua numbers become integers).
_TAKE = (
    _HEAD
    + """
local step, offset, epsilon = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local ready = math.max(paused_until, full_at + offset)
if ready > now + epsilon then
    return {0, string.format('%.17g', ready - now)}
end
full_at = math.max(full_at, now) + step
save('full_at', full_at)
return {1, '0'}
"""
)

# ARGV: now ('' for TIME), seconds.
_PAUSE = (
    _HEAD
    + """
paused_until = math.max(paused_until, now + tonumber(ARGV[2]))
save('paused_until', paused_until)
return 1
"""
)


def redis_client(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> Redis:
    """A ``redis.asyncio`` client for ``url`` that fails fast: socket timeouts of ``timeout``
    and one retry (a pooled connection the server dropped), no backoff."""
    return Redis.from_url(
        url,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 1),
        client_name="tokdrop",
    )


class RedisBudget(SharedBudget):
    """A :class:`~bot.outbox.GlobalBudget` in the Redis hash ``{key_prefix}:{name}``.

    Each take or pause is one script call (EVALSHA) that reads and writes the hash
    atomically, by the Redis server's clock; the key expires once it is idle. The client is
    closed by :meth:`aclose` only if ``owns_client``.
    """

    store = "redis"

    def __init__(
        self,
        redis: Redis,
        rate: float,
        burst: float,
        key_prefix: str = "tokdrop:send_budget",
        *,
        name: str = "telegram",
        owns_client: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(rate, burst, timeout=timeout, clock=clock)
        self.redis = redis
        self.key = f"{key_prefix}:{name}"
        self.owns_client = owns_client
        self._take_script = redis.register_script(_TAKE)
        self._pause_script = redis.register_script(_PAUSE)

    @classmethod
    def from_url(cls, url: str, rate: float, burst: float, **options: Any) -> RedisBudget:
        """A budget with its own client for ``url`` (closed by :meth:`aclose`)."""
        timeout = options.get("timeout", DEFAULT_TIMEOUT)
        return cls(redis_client(url, timeout=timeout), rate, burst, owns_client=True, **options)

    async def aclose(self) -> None:
        """Close the client if this budget made it."""
        if self.owns_client:
            await self.redis.aclose()

    async def _take(self, cost: int, keep: float, now: float | None) -> float:
        args = [_arg(now), cost / self.rate, (cost + keep - self.capacity) / self.rate, EPSILON]
        granted, wait = await self._take_script(keys=[self.key], args=args)
        return 0.0 if granted else float(wait)

    async def _pause(self, seconds: float, now: float | None) -> None:
        await self._pause_script(keys=[self.key], args=[_arg(now), seconds])


def _arg(now: float | None) -> str:
    return "" if now is None else repr(now)
