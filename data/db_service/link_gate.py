"""Each chat's link limits shared by several processes (``chat_link_gate``).

The state of ``bot.media.limits.ChatGate`` per chat: the admission time of every link of the
last ``window`` seconds (``link_times``) and the chat's posts in flight as *leases* (token →
expiry, Unix seconds of the database server's clock), so a process that dies mid-work cannot
leave the chat busy for longer than a lease. An admission is one statement that prunes, checks
and records under the row's lock; a refused one writes the pruned state only. Rows whose
``idle_at`` has passed hold nothing that still counts and are deleted by
:func:`prune_link_gate`. PostgreSQL only, like the shared send budget.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from data.database import session_scope
from data.db_service.common import is_postgres

# One time for the whole statement: the server's clock, unless a test pins it (``now``).
_CLOCK = (
    "clock AS (SELECT coalesce(CAST(:now AS float8), "
    "extract(epoch FROM clock_timestamp())::float8) AS now)"
)
_NOW = "(SELECT now FROM clock)"
_LIVE_TIMES = f"""(SELECT coalesce(jsonb_agg(t.v ORDER BY t.v::float8), '[]'::jsonb)
    FROM jsonb_array_elements(g.link_times) AS t(v)
    WHERE t.v::float8 > {_NOW} - CAST(:window AS float8))"""
_LIVE_LEASES = f"""(SELECT coalesce(jsonb_object_agg(l.key, l.value), '{{}}'::jsonb)
    FROM jsonb_each(g.leases) AS l WHERE l.value::float8 > {_NOW})"""
_ADMITTED = f"""((SELECT count(*) FROM jsonb_array_elements(g.link_times) AS t(v)
        WHERE t.v::float8 > {_NOW} - CAST(:window AS float8)) + CAST(:links AS int)
        <= CAST(:per_minute AS int)
    AND (SELECT count(*) FROM jsonb_each(g.leases) AS l WHERE l.value::float8 > {_NOW})
        < CAST(:in_flight AS int))"""
_NEW_TIMES = f"to_jsonb(array_fill({_NOW}, ARRAY[CAST(:links AS int)]))"
_NEW_LEASE = f"jsonb_build_object(CAST(:token AS text), {_NOW} + CAST(:lease AS float8))"
_IDLE_AT = f"{_NOW} + greatest(CAST(:window AS float8), CAST(:lease AS float8))"

# The row is always written (pruned, and the admission added when it fits), so RETURNING shows
# the newest state and says exactly whether this token got in and how many links count.
_ADMIT = text(f"""
WITH {_CLOCK}
INSERT INTO chat_link_gate AS g (name, chat_id, link_times, leases, idle_at)
SELECT :name, :chat_id,
    CASE WHEN CAST(:fresh_fits AS boolean) THEN {_NEW_TIMES} ELSE '[]'::jsonb END,
    CASE WHEN CAST(:fresh_fits AS boolean) THEN {_NEW_LEASE} ELSE '{{}}'::jsonb END,
    CASE WHEN CAST(:fresh_fits AS boolean) THEN {_IDLE_AT} ELSE {_NOW} END
ON CONFLICT (name, chat_id) DO UPDATE
    SET link_times = CASE WHEN {_ADMITTED} THEN {_LIVE_TIMES} || {_NEW_TIMES}
            ELSE {_LIVE_TIMES} END,
        leases = CASE WHEN {_ADMITTED} THEN {_LIVE_LEASES} || {_NEW_LEASE}
            ELSE {_LIVE_LEASES} END,
        idle_at = CASE WHEN {_ADMITTED} THEN greatest(g.idle_at, {_IDLE_AT}) ELSE g.idle_at END
RETURNING leases -> CAST(:token AS text) IS NOT NULL AS admitted,
    jsonb_array_length(link_times) AS recent
""")

_RELEASE = text("""
UPDATE chat_link_gate SET leases = leases - CAST(:token AS text)
WHERE name = :name AND chat_id = :chat_id
""")

_PRUNE = text(f"""
WITH {_CLOCK}
DELETE FROM chat_link_gate WHERE idle_at < {_NOW}
""")


def _require_postgres(session: AsyncSession) -> None:
    if not is_postgres(session):
        raise NotImplementedError(
            "a shared link gate needs PostgreSQL (or REDIS_URL); on SQLite tokdrop runs as one "
            "process with its in-process gate"
        )


async def admit_chat_links(
    name: str,
    chat_id: int,
    links: int,
    token: str,
    *,
    per_minute: int,
    in_flight: int,
    lease: float,
    window: float = 60.0,
    now: float | None = None,
    session: AsyncSession | None = None,
) -> tuple[bool, int]:
    """Admit ``links`` links of ``chat_id`` (gate set ``name``) as lease ``token`` for ``lease``
    seconds if the window would hold at most ``per_minute`` links and fewer than
    ``in_flight`` leases are live. Answers (admitted, links counted in the window now)."""
    params = {
        "name": name,
        "chat_id": chat_id,
        "links": links,
        "token": token,
        "per_minute": per_minute,
        "in_flight": in_flight,
        "fresh_fits": links <= per_minute and in_flight > 0,
        "lease": lease,
        "window": window,
        "now": now,
    }
    async with session_scope(session) as s:
        _require_postgres(s)
        admitted, recent = (await s.execute(_ADMIT, params)).one()
    return bool(admitted), int(recent)


async def release_chat_links(
    name: str, chat_id: int, token: str, *, session: AsyncSession | None = None
) -> None:
    """End the lease ``token`` of ``chat_id`` (nothing if it expired or is unknown)."""
    async with session_scope(session) as s:
        _require_postgres(s)
        await s.execute(_RELEASE, {"name": name, "chat_id": chat_id, "token": token})


async def prune_link_gate(*, now: float | None = None, session: AsyncSession | None = None) -> int:
    """Delete the rows (of every set) whose links and leases have all expired; how many."""
    async with session_scope(session) as s:
        _require_postgres(s)
        result = await s.execute(_PRUNE, {"now": now})
        return result.rowcount
