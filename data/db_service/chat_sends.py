"""Each chat's send buckets shared by several processes (``chat_send_buckets``).

The state of ``bot.outbox.ChatBuckets`` per chat: a GCRA bucket's ``full_at`` (chat_rate up to
chat_burst), for groups and channels also ``group_full_at`` (the per-minute group budget), and
a 429 ``paused_until``, in Unix seconds of the *database server's* clock. Both buckets borrow:
a cost above the capacity goes once the bucket is full, the debt is waited off by later takes.
A take is one statement that checks and charges both buckets under the row's lock; a missing
row is full, unpaused buckets, so :func:`prune_chat_sends` may delete rows that are full and
unpaused again. PostgreSQL only, like the bot-wide send budget (``coordination``).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.common import is_postgres
from data.db_service.coordination import EPSILON, RETRY_SOON

_NOW = "coalesce(CAST(:now AS float8), extract(epoch FROM clock_timestamp())::float8)"
_GROUP = "CAST(:is_group AS boolean)"
_READY = (
    "greatest(b.paused_until, b.full_at + CAST(:chat_offset AS float8), "
    f"CASE WHEN {_GROUP} THEN b.group_full_at + CAST(:group_offset AS float8) ELSE 0 END)"
)

# As coordination's send budget take: ON CONFLICT locks the row and evaluates WHERE and SET on
# its newest version; a refused take reads its wait from the statement's snapshot, which can
# only make the wait too short (the times never go back), so the caller asks again sooner.
_TAKE = text(f"""
WITH took AS (
    INSERT INTO chat_send_buckets AS b (name, chat, full_at, group_full_at, paused_until)
    VALUES (
        :name, :chat, {_NOW} + CAST(:chat_step AS float8),
        CASE WHEN {_GROUP} THEN {_NOW} + CAST(:group_step AS float8) ELSE 0 END, 0
    )
    ON CONFLICT (name, chat) DO UPDATE
        SET full_at = greatest(b.full_at, {_NOW}) + CAST(:chat_step AS float8),
            group_full_at = CASE WHEN {_GROUP}
                THEN greatest(b.group_full_at, {_NOW}) + CAST(:group_step AS float8)
                ELSE b.group_full_at END
        WHERE {_READY} <= {_NOW} + CAST(:epsilon AS float8)
    RETURNING true AS granted, 0.0::float8 AS wait
)
SELECT granted, wait FROM took
UNION ALL
SELECT false, {_READY} - {_NOW}
FROM chat_send_buckets AS b
WHERE name = :name AND chat = :chat AND NOT EXISTS (SELECT FROM took)
""")

_PAUSE = text(f"""
INSERT INTO chat_send_buckets AS b (name, chat, full_at, group_full_at, paused_until)
VALUES (:name, :chat, 0, 0, {_NOW} + CAST(:seconds AS float8))
ON CONFLICT (name, chat) DO UPDATE
    SET paused_until = greatest(b.paused_until, {_NOW} + CAST(:seconds AS float8))
""")

_PRUNE = text(f"""
DELETE FROM chat_send_buckets
WHERE greatest(full_at, group_full_at, paused_until) < {_NOW} - CAST(:idle AS float8)
""")


def _require_postgres(session: AsyncSession) -> None:
    if not is_postgres(session):
        raise NotImplementedError(
            "shared chat send buckets need PostgreSQL (or REDIS_URL); on SQLite tokdrop runs "
            "as one process with its in-process buckets"
        )


async def take_chat_send(
    name: str,
    chat: str,
    cost: float,
    *,
    chat_rate: float,
    chat_burst: float,
    group_rate: float | None = None,
    group_burst: float | None = None,
    now: float | None = None,
    session: AsyncSession | None = None,
) -> float:
    """Charge ``cost`` to ``chat``'s bucket (and its group budget when ``group_rate`` is given)
    of the set ``name`` and answer 0.0 if it may go now; else charge nothing and answer the
    seconds to wait (paused, or in debt). ``now`` pins the clock (tests)."""
    is_group = group_rate is not None and group_burst is not None
    group_rate = group_rate if is_group else 1.0
    group_burst = group_burst if is_group else 1.0
    params = {
        "name": name,
        "chat": chat,
        "is_group": is_group,
        "chat_step": cost / chat_rate,
        "chat_offset": (min(cost, chat_burst) - chat_burst) / chat_rate,
        "group_step": cost / group_rate,
        "group_offset": (min(cost, group_burst) - group_burst) / group_rate,
        "epsilon": EPSILON,
        "now": now,
    }
    async with session_scope(session) as s:
        _require_postgres(s)
        row = (await s.execute(_TAKE, params)).first()
    if row is None:  # the row was created concurrently, after this statement's snapshot
        return RETRY_SOON
    granted, wait = row
    if granted:
        return 0.0
    return wait if wait > EPSILON else RETRY_SOON


async def pause_chat_send(
    name: str,
    chat: str,
    seconds: float,
    *,
    now: float | None = None,
    session: AsyncSession | None = None,
) -> None:
    """Let nothing go to ``chat`` of the set ``name`` for ``seconds`` (a longer pause stays)."""
    async with session_scope(session) as s:
        _require_postgres(s)
        await s.execute(_PAUSE, {"name": name, "chat": chat, "seconds": seconds, "now": now})


async def prune_chat_sends(
    idle: float, *, now: float | None = None, session: AsyncSession | None = None
) -> int:
    """Delete the rows (of every set) full and unpaused for ``idle`` seconds; how many."""
    async with session_scope(session) as s:
        _require_postgres(s)
        result = await s.execute(_PRUNE, {"idle": idle, "now": now})
        return result.rowcount
