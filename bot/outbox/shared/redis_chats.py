"""Each chat's send buckets as one Redis hash per chat, advanced by a Lua script."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis

from ..bucket import EPSILON, ChatKey
from ..clock import Clock
from .base import DEFAULT_TIMEOUT
from .chats_base import SharedChats
from .redis_budget import redis_client

# The server's clock (TIME) unless a test pins it, and the hash's state: a missing field is a
# full bucket or no pause. Written back with 17 digits (a float survives the text round trip);
# the key expires once both buckets are full and the pause is over, when no key means the same.
_HEAD = """
if redis.replicate_commands then redis.replicate_commands() end
local now
if ARGV[1] ~= '' then
    now = tonumber(ARGV[1])
else
    local t = redis.call('TIME')
    now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local state = redis.call('HMGET', KEYS[1], 'full_at', 'group_full_at', 'paused_until')
local full_at = tonumber(state[1]) or -math.huge
local group_full_at = tonumber(state[2]) or -math.huge
local paused_until = tonumber(state[3]) or -math.huge
local function expire()
    local idle = math.max(full_at, group_full_at, paused_until, now) - now
    redis.call('PEXPIRE', KEYS[1], math.ceil(idle * 1000) + 1000)
end
local function text(value) return string.format('%.17g', value) end
"""

# ARGV: now ('' for TIME), is_group ('1' or '0'), chat step, chat offset, group step, group
# offset, epsilon. Both buckets borrow: the offsets already cap the cost at the capacity.
# Answers {1, '0'} when charged, else {0, seconds to wait} (text: Lua numbers become integers).
_TAKE = (
    _HEAD
    + """
local group = ARGV[2] == '1'
local epsilon = tonumber(ARGV[7])
local ready = math.max(paused_until, full_at + tonumber(ARGV[4]))
if group then ready = math.max(ready, group_full_at + tonumber(ARGV[6])) end
if ready > now + epsilon then
    return {0, text(ready - now)}
end
full_at = math.max(full_at, now) + tonumber(ARGV[3])
if group then
    group_full_at = math.max(group_full_at, now) + tonumber(ARGV[5])
    redis.call('HSET', KEYS[1], 'full_at', text(full_at), 'group_full_at', text(group_full_at))
else
    redis.call('HSET', KEYS[1], 'full_at', text(full_at))
end
expire()
return {1, '0'}
"""
)

# ARGV: now ('' for TIME), seconds.
_PAUSE = (
    _HEAD
    + """
paused_until = math.max(paused_until, now + tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], 'paused_until', text(paused_until))
expire()
return 1
"""
)


class RedisChatBuckets(SharedChats):
    """Per-chat send buckets in the Redis hashes ``{key_prefix}:{name}:{chat}``.

    Each take or pause is one script call (EVALSHA) that checks and charges the chat's bucket
    and, for a group, its group budget atomically, by the Redis server's clock; a chat's key
    expires once it is idle. The client is closed by :meth:`aclose` only if ``owns_client``.
    """

    store = "redis"

    def __init__(
        self,
        redis: Redis,
        chat_rate: float,
        chat_burst: float,
        group_rate: float,
        group_burst: float,
        key_prefix: str = "tokdrop:chat_sends",
        *,
        name: str = "telegram",
        owns_client: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(
            chat_rate, chat_burst, group_rate, group_burst, timeout=timeout, clock=clock
        )
        self.redis = redis
        self.prefix = f"{key_prefix}:{name}"
        self.owns_client = owns_client
        self._take_script = redis.register_script(_TAKE)
        self._pause_script = redis.register_script(_PAUSE)

    @classmethod
    def from_url(
        cls,
        url: str,
        chat_rate: float,
        chat_burst: float,
        group_rate: float,
        group_burst: float,
        **options: Any,
    ) -> RedisChatBuckets:
        """Buckets with their own client for ``url`` (closed by :meth:`aclose`)."""
        client = redis_client(url, timeout=options.get("timeout", DEFAULT_TIMEOUT))
        numbers = (chat_rate, chat_burst, group_rate, group_burst)
        return cls(client, *numbers, owns_client=True, **options)

    def key(self, chat: ChatKey) -> str:
        """The hash of ``chat``."""
        return f"{self.prefix}:{chat}"

    async def aclose(self) -> None:
        """Close the client if these buckets made it."""
        if self.owns_client:
            await self.redis.aclose()

    async def _take(self, chat: ChatKey, cost: float, now: float | None) -> float:
        group = "1" if self.is_group(chat) else "0"
        args = [_arg(now), group, *self._steps(cost), EPSILON]
        granted, wait = await self._take_script(keys=[self.key(chat)], args=args)
        return 0.0 if granted else float(wait)

    async def _pause(self, chat: ChatKey, seconds: float, now: float | None) -> None:
        await self._pause_script(keys=[self.key(chat)], args=[_arg(now), seconds])


def _arg(now: float | None) -> str:
    return "" if now is None else repr(now)
