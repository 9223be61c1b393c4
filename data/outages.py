"""Which failures of a database call mean "the database is away for now" (try again later), as
opposed to a write that can never succeed (a constraint, an unknown chat, a bug)."""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

from data.errors import DatabaseUnavailable

# PostgreSQL error classes of an outage: connection exception, insufficient resources (too many
# connections), operator intervention (shutting down, starting up); and the two a retry resolves.
OUTAGE_SQLSTATE_CLASSES = ("08", "53", "57")
RETRYABLE_SQLSTATES = ("40001", "40P01")  # serialization failure, deadlock


def is_database_outage(error: BaseException) -> bool:
    """True when ``error`` says the database could not be reached or could not take the call
    now (refused or lost connection, server shutting down or starting up, SQLite file locked,
    pool exhausted); False for errors a retry cannot fix."""
    if isinstance(error, DatabaseUnavailable | OSError | TimeoutError | sa_exc.TimeoutError):
        return True  # OSError: asyncpg's refused connect arrives unwrapped
    if isinstance(error, sa_exc.DisconnectionError):
        return True
    if not isinstance(error, sa_exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError):
        return True  # SQLite's "database is locked" / "unable to open", a closed connection
    state = str(getattr(error.orig, "sqlstate", None) or "")
    return state[:2] in OUTAGE_SQLSTATE_CLASSES or state in RETRYABLE_SQLSTATES
